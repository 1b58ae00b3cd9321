// Generated from confirm-job-change.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/job-change/tasks/confirm-job-change.json";
  readonly "title": "The immigration office confirms the change of employer";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "abhReference",
  ];
  readonly "properties": {
    readonly "abhReference": {
      readonly "type": "string";
      readonly "minLength": 1;
      readonly "maxLength": 100;
    };
    readonly "note": {
      readonly "type": "string";
      readonly "maxLength": 2000;
    };
  };
};
export = schema;
