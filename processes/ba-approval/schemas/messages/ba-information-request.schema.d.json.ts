// Generated from ba-information-request.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/ba-approval/messages/ba-information-request.json";
  readonly "title": "BA asks the employer for more information";
  readonly "description": "§36 (2) BeschV: the BA tells the employer that the information is not sufficient for a decision.";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "baReference",
    "questions",
  ];
  readonly "properties": {
    readonly "baReference": {
      readonly "type": "string";
      readonly "minLength": 1;
      readonly "maxLength": 100;
    };
    readonly "questions": {
      readonly "type": "array";
      readonly "minItems": 1;
      readonly "maxItems": 20;
      readonly "items": {
        readonly "type": "string";
        readonly "minLength": 1;
        readonly "maxLength": 2000;
      };
    };
  };
};
export = schema;
