// Generated from skilled-work-offer.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/training-study/messages/skilled-work-offer.json";
  readonly "title": "A job offered to the graduate: the employer and the position, as the BA checks them";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "employer",
    "jobOffer",
  ];
  readonly "properties": {
    readonly "employer": {
      readonly "$ref": "https://wsa.example/schemas/ba-approval/start.json#/properties/employer";
    };
    readonly "jobOffer": {
      readonly "$ref": "https://wsa.example/schemas/ba-approval/start.json#/properties/jobOffer";
    };
  };
};
export = schema;
