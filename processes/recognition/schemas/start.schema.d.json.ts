// Generated from start.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/recognition/start.json";
  readonly "title": "Application for recognition of a foreign qualification";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "applicant",
    "qualification",
    "referenceOccupation",
    "accelerated",
  ];
  readonly "properties": {
    readonly "accelerated": {
      readonly "$ref": "https://wsa.example/schemas/ba-approval/start.json#/properties/accelerated";
    };
    readonly "applicant": {
      readonly "$ref": "https://wsa.example/schemas/shared/person.json";
    };
    readonly "qualification": {
      readonly "type": "object";
      readonly "additionalProperties": false;
      readonly "required": readonly [
        "kind",
        "title",
        "countryOfIssue",
      ];
      readonly "properties": {
        readonly "kind": {
          readonly "enum": readonly [
            "UNIVERSITY_DEGREE",
            "VOCATIONAL_TRAINING",
          ];
        };
        readonly "title": {
          readonly "type": "string";
          readonly "minLength": 1;
          readonly "maxLength": 300;
        };
        readonly "countryOfIssue": {
          readonly "type": "string";
          readonly "pattern": "^[A-Z]{3}$";
          readonly "description": "ISO 3166-1 alpha-3";
        };
        readonly "institution": {
          readonly "type": "string";
          readonly "minLength": 1;
          readonly "maxLength": 300;
        };
      };
    };
    readonly "referenceOccupation": {
      readonly "type": "string";
      readonly "minLength": 1;
      readonly "maxLength": 200;
      readonly "description": "The German reference occupation (Referenzberuf) the qualification is compared with";
    };
  };
};
export = schema;
