// Generated from visa-application-lodged.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/visa/messages/visa-application-lodged.json";
  readonly "title": "The mission has the complete application, biometrics included";
  readonly "description": "From now on the decision deadline runs (§31a AufenthV in the accelerated procedure).";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "missionReference",
    "biometricsCaptured",
  ];
  readonly "properties": {
    readonly "missionReference": {
      readonly "type": "string";
      readonly "minLength": 1;
      readonly "maxLength": 100;
    };
    readonly "biometricsCaptured": {
      readonly "const": true;
    };
  };
};
export = schema;
