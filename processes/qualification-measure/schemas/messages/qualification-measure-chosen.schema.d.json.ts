// Generated from qualification-measure-chosen.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/qualification-measure/messages/qualification-measure-chosen.json";
  readonly "title": "The way chosen after the notice of deficits (§16d AufenthG)";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "path",
    "predominantlyInCompany",
  ];
  readonly "properties": {
    readonly "path": {
      readonly "enum": readonly [
        "QUALIFICATION_MEASURE",
        "RECOGNITION_PARTNERSHIP",
        "QUALIFICATION_ANALYSIS",
      ];
      readonly "description": "§16d (1) adaptation or qualification measure, §16d (3) recognition partnership with the employer, §16d (6) qualification analysis";
    };
    readonly "predominantlyInCompany": {
      readonly "type": "boolean";
      readonly "description": "The measure takes place predominantly in a company (§16d (1) sentence 2 no. 3: then the BA must approve)";
    };
    readonly "provider": {
      readonly "type": "string";
      readonly "minLength": 1;
      readonly "maxLength": 200;
      readonly "description": "Who runs the measure (school, employer, chamber)";
    };
  };
};
export = schema;
