// Generated from recognition-documents-requested.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/recognition/messages/recognition-documents-requested.json";
  readonly "title": "Nachforderung: the recognition body asks the applicant for documents";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "missingDocuments",
    "answerWithin",
  ];
  readonly "properties": {
    readonly "missingDocuments": {
      readonly "type": "array";
      readonly "minItems": 1;
      readonly "maxItems": 30;
      readonly "items": {
        readonly "type": "string";
        readonly "minLength": 1;
        readonly "maxLength": 500;
      };
    };
    readonly "answerWithin": {
      readonly "type": "string";
      readonly "pattern": "^P(?!$)(\\d+Y)?(\\d+M)?(\\d+D)?$";
      readonly "description": "How long the applicant has, as an ISO 8601 duration in days, months or years (e.g. P1M, P14D); weeks are not FEEL durations";
    };
    readonly "note": {
      readonly "type": "string";
      readonly "maxLength": 2000;
    };
  };
};
export = schema;
