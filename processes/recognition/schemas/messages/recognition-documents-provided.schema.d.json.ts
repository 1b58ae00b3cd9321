// Generated from recognition-documents-provided.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/recognition/messages/recognition-documents-provided.json";
  readonly "title": "The applicant provides the requested documents";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "documents",
  ];
  readonly "properties": {
    readonly "documents": {
      readonly "type": "array";
      readonly "minItems": 1;
      readonly "maxItems": 30;
      readonly "items": {
        readonly "type": "object";
        readonly "additionalProperties": false;
        readonly "required": readonly [
          "name",
        ];
        readonly "properties": {
          readonly "name": {
            readonly "type": "string";
            readonly "minLength": 1;
            readonly "maxLength": 500;
          };
          readonly "documentId": {
            readonly "type": "string";
            readonly "minLength": 1;
            readonly "maxLength": 100;
            readonly "description": "The documentId of a document uploaded to this case (POST /api/v1/cases/{caseId}/documents); anything else is a 400 naming the field. The recognition body may read it from then on.";
          };
        };
      };
    };
    readonly "note": {
      readonly "type": "string";
      readonly "maxLength": 2000;
    };
  };
};
export = schema;
