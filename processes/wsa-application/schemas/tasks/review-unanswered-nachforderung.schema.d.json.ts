// Generated from review-unanswered-nachforderung.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/wsa-application/tasks/review-unanswered-nachforderung.json";
  readonly "title": "A caseworker's decision on an unanswered Nachforderung";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "action",
    "reason",
  ];
  readonly "properties": {
    readonly "action": {
      readonly "enum": readonly [
        "EXTEND",
        "CLOSE",
      ];
    };
    readonly "extendBy": {
      readonly "enum": readonly [
        "P7D",
        "P14D",
        "P28D",
      ];
      readonly "description": "New period for the applicant to answer (ISO 8601 duration)";
    };
    readonly "reason": {
      readonly "type": "string";
      readonly "minLength": 3;
      readonly "maxLength": 2000;
    };
  };
  readonly "if": {
    readonly "properties": {
      readonly "action": {
        readonly "const": "EXTEND";
      };
    };
  };
  readonly "then": {
    readonly "required": readonly [
      "extendBy",
    ];
  };
};
export = schema;
