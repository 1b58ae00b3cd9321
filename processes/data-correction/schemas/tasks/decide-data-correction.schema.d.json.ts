// Generated from decide-data-correction.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/data-correction/tasks/decide-data-correction.json";
  readonly "title": "The immigration office decides on a correction request";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "outcome",
  ];
  readonly "properties": {
    readonly "outcome": {
      readonly "enum": readonly [
        "CORRECTED",
        "REFUSED",
      ];
    };
    readonly "note": {
      readonly "type": "string";
      readonly "maxLength": 2000;
    };
  };
};
export = schema;
