// Generated from recognition-after-measure.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/qualification-measure/messages/recognition-after-measure.json";
  readonly "title": "The recognition body's decision after the measure (Bescheid)";
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
        "NOT_EQUIVALENT",
      ];
    };
    readonly "fileReference": {
      readonly "type": "string";
      readonly "minLength": 1;
      readonly "maxLength": 100;
    };
    readonly "route": {
      readonly "enum": readonly [
        "SKILLED_WORKER_VOCATIONAL_18A",
        "SKILLED_WORKER_DEGREE_18B",
      ];
      readonly "description": "For EQUIVALENT: the skilled-worker title the applicant changes into";
    };
  };
};
export = schema;
