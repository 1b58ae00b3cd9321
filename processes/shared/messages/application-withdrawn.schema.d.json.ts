// Generated from application-withdrawn.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/shared/messages/application-withdrawn.json";
  readonly "title": "The applicant (or the employer or agent acting for them) withdraws the application";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "reason",
  ];
  readonly "properties": {
    readonly "reason": {
      readonly "type": "string";
      readonly "minLength": 3;
      readonly "maxLength": 2000;
    };
  };
};
export = schema;
