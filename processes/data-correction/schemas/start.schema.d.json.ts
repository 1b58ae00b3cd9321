// Generated from start.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/data-correction/start.json";
  readonly "title": "A person asks to correct inaccurate data of their case (Art. 16 GDPR)";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "caseId",
    "correctionRequest",
  ];
  readonly "properties": {
    readonly "caseId": {
      readonly "type": "string";
      readonly "format": "uuid";
      readonly "description": "The case whose data is wrong";
    };
    readonly "correctionRequest": {
      readonly "type": "object";
      readonly "additionalProperties": false;
      readonly "required": readonly [
        "field",
        "correctedValue",
        "reason",
      ];
      readonly "properties": {
        readonly "field": {
          readonly "type": "string";
          readonly "minLength": 1;
          readonly "maxLength": 200;
          readonly "description": "What is wrong, e.g. the date of birth";
        };
        readonly "correctedValue": {
          readonly "type": "string";
          readonly "minLength": 1;
          readonly "maxLength": 1000;
        };
        readonly "reason": {
          readonly "type": "string";
          readonly "minLength": 1;
          readonly "maxLength": 2000;
        };
      };
    };
    readonly "abhCode": {
      readonly "$ref": "https://wsa.example/schemas/residence-permit/start.json#/properties/abhCode";
      readonly "description": "The immigration office that works the correction (decision table abh-competence); without it any ABH caseworker may";
    };
  };
};
export = schema;
