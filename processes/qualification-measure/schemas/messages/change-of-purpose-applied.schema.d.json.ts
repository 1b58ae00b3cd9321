// Generated from change-of-purpose-applied.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/qualification-measure/messages/change-of-purpose-applied.json";
  readonly "title": "After the recognition: the application to change into a skilled-worker title (§18a/§18b AufenthG)";
  readonly "description": "The person holds a §16d title in Germany; with the qualification recognised they apply at the local immigration office for the skilled-worker title. Only what the platform cannot know: the title, the office, the passport shown, and whether the employment changed.";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "route",
    "abhCode",
    "travelDocument",
    "employmentChanged",
  ];
  readonly "properties": {
    readonly "route": {
      readonly "enum": readonly [
        "SKILLED_WORKER_VOCATIONAL_18A",
        "SKILLED_WORKER_DEGREE_18B",
      ];
      readonly "description": "The skilled-worker title applied for";
    };
    readonly "abhCode": {
      readonly "$ref": "https://wsa.example/schemas/residence-permit/start.json#/properties/abhCode";
    };
    readonly "travelDocument": {
      readonly "$ref": "https://wsa.example/schemas/visa/start.json#/properties/travelDocument";
    };
    readonly "employmentChanged": {
      readonly "type": "boolean";
      readonly "description": "The employment differs from the job offer of the §16d case: the BA is asked";
    };
    readonly "employer": {
      readonly "$ref": "https://wsa.example/schemas/ba-approval/start.json#/properties/employer";
    };
    readonly "jobOffer": {
      readonly "$ref": "https://wsa.example/schemas/ba-approval/start.json#/properties/jobOffer";
    };
  };
  readonly "if": {
    readonly "properties": {
      readonly "employmentChanged": {
        readonly "const": true;
      };
    };
  };
  readonly "then": {
    readonly "required": readonly [
      "employer",
      "jobOffer",
    ];
  };
};
export = schema;
