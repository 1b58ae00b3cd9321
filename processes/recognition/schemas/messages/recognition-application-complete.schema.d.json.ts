// Generated from recognition-application-complete.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/recognition/messages/recognition-application-complete.json";
  readonly "title": "The recognition body confirms that the documents are complete";
  readonly "description": "From now on the decision period runs (§6 (3) BQFG).";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "fileReference",
  ];
  readonly "properties": {
    readonly "fileReference": {
      readonly "type": "string";
      readonly "minLength": 1;
      readonly "maxLength": 100;
    };
  };
};
export = schema;
