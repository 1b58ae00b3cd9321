// Generated from decide-follow-up-title.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/training-study/tasks/decide-follow-up-title.json";
  readonly "title": "The immigration office's decision on the title after completion: skilled work, job search or refusal";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "outcome",
    "abhReference",
  ];
  readonly "properties": {
    readonly "outcome": {
      readonly "enum": readonly [
        "SKILLED_WORK_TITLE",
        "JOB_SEARCH_TITLE",
        "REFUSED",
      ];
    };
    readonly "abhReference": {
      readonly "type": "string";
      readonly "minLength": 1;
      readonly "maxLength": 100;
    };
    readonly "validUntil": {
      readonly "type": "string";
      readonly "format": "date";
    };
    readonly "reason": {
      readonly "type": "string";
      readonly "minLength": 3;
      readonly "maxLength": 2000;
    };
  };
  readonly "allOf": readonly [
    {
      readonly "if": {
        readonly "properties": {
          readonly "outcome": {
            readonly "enum": readonly [
              "SKILLED_WORK_TITLE",
              "JOB_SEARCH_TITLE",
            ];
          };
        };
      };
      readonly "then": {
        readonly "required": readonly [
          "validUntil",
        ];
      };
    },
    {
      readonly "if": {
        readonly "properties": {
          readonly "outcome": {
            readonly "const": "REFUSED";
          };
        };
      };
      readonly "then": {
        readonly "required": readonly [
          "reason",
        ];
      };
    },
  ];
};
export = schema;
