// Generated from person.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/shared/person.json";
  readonly "title": "A person a case is about: the applicant, a family member";
  readonly "description": "Name, date of birth and nationality identify a person across procedures (the once-only evidence is keyed by them); the portal account, if there is one, links the person to the cases they may see.";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "givenName",
    "familyName",
    "dateOfBirth",
    "nationality",
  ];
  readonly "properties": {
    readonly "applicantId": {
      readonly "type": "string";
      readonly "minLength": 1;
      readonly "maxLength": 100;
      readonly "description": "Portal account of the applicant, if they have one";
    };
    readonly "givenName": {
      readonly "type": "string";
      readonly "minLength": 1;
      readonly "maxLength": 100;
    };
    readonly "familyName": {
      readonly "type": "string";
      readonly "minLength": 1;
      readonly "maxLength": 100;
    };
    readonly "dateOfBirth": {
      readonly "type": "string";
      readonly "format": "date";
    };
    readonly "nationality": {
      readonly "type": "string";
      readonly "pattern": "^[A-Z]{3}$";
      readonly "description": "ISO 3166-1 alpha-3";
    };
  };
};
export = schema;
