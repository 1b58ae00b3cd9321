// Generated from intake-documents-provided.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/wsa-application/messages/intake-documents-provided.json";
  readonly "title": "Missing documents sent after a Nachforderung at intake";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "documents",
  ];
  readonly "properties": {
    readonly "documents": {
      readonly "$ref": "https://wsa.example/schemas/wsa-application/start.json#/properties/documents";
      readonly "minItems": 1;
    };
  };
};
export = schema;
