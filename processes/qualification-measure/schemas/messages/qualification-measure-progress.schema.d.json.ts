// Generated from qualification-measure-progress.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/qualification-measure/messages/qualification-measure-progress.json";
  readonly "title": "Progress of the measure, reported by the provider or the recognition body";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "state",
  ];
  readonly "properties": {
    readonly "state": {
      readonly "enum": readonly [
        "STARTED",
        "ON_TRACK",
        "DELAYED",
      ];
    };
    readonly "note": {
      readonly "type": "string";
      readonly "maxLength": 2000;
    };
  };
};
export = schema;
