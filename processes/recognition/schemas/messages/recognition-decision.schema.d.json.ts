// Generated from recognition-decision.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/recognition/messages/recognition-decision.json";
  readonly "title": "The recognition body's decision (Bescheid)";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "result",
    "fileReference",
  ];
  readonly "properties": {
    readonly "result": {
      readonly "enum": readonly [
        "EQUIVALENT",
        "PARTIALLY_EQUIVALENT",
        "NOT_EQUIVALENT",
      ];
    };
    readonly "fileReference": {
      readonly "type": "string";
      readonly "minLength": 1;
      readonly "maxLength": 100;
    };
    readonly "substantialDifferences": {
      readonly "type": "array";
      readonly "maxItems": 30;
      readonly "items": {
        readonly "type": "string";
        readonly "minLength": 1;
        readonly "maxLength": 2000;
      };
    };
    readonly "compensationMeasure": {
      readonly "type": "string";
      readonly "maxLength": 2000;
      readonly "description": "For PARTIALLY_EQUIVALENT: adaptation course or examination (§16d AufenthG, recognition partnership)";
    };
  };
};
export = schema;
