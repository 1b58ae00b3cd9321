// Generated from bva-security-result.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/visa/messages/bva-security-result.json";
  readonly "title": "Result of the BVA security consultation";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "result",
    "bvaReference",
  ];
  readonly "properties": {
    readonly "result": {
      readonly "enum": readonly [
        "NO_CONCERNS",
        "CONCERNS",
      ];
    };
    readonly "bvaReference": {
      readonly "type": "string";
      readonly "minLength": 1;
      readonly "maxLength": 100;
    };
  };
};
export = schema;
