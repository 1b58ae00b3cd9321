// Generated from start.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/job-change/start.json";
  readonly "title": "Job or employer change after entry";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "applicant",
    "employer",
    "jobOffer",
    "employmentConditionsChanged",
    "abhCode",
  ];
  readonly "properties": {
    readonly "applicant": {
      readonly "$ref": "https://wsa.example/schemas/shared/person.json";
    };
    readonly "employer": {
      readonly "$ref": "https://wsa.example/schemas/ba-approval/start.json#/properties/employer";
      readonly "description": "The new employer";
    };
    readonly "jobOffer": {
      readonly "$ref": "https://wsa.example/schemas/ba-approval/start.json#/properties/jobOffer";
      readonly "description": "The new job";
    };
    readonly "employmentConditionsChanged": {
      readonly "type": "boolean";
      readonly "description": "Different occupation, salary, hours or other conditions than the current approval covers: the BA decides again";
    };
    readonly "abhCode": {
      readonly "$ref": "https://wsa.example/schemas/residence-permit/start.json#/properties/abhCode";
    };
  };
};
export = schema;
