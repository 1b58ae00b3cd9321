// Generated from start.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/family-reunification/start.json";
  readonly "title": "Family reunification with a skilled worker";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "mainCaseId",
    "applicant",
    "familyMember",
    "mission",
    "travelDocument",
  ];
  readonly "properties": {
    readonly "mainCaseId": {
      readonly "type": "string";
      readonly "format": "uuid";
      readonly "description": "The main applicant's case; the caller must be allowed to see it";
    };
    readonly "applicant": {
      readonly "$ref": "https://wsa.example/schemas/shared/person.json";
      readonly "description": "The main applicant (the skilled worker the family member joins)";
    };
    readonly "familyMember": {
      readonly "type": "object";
      readonly "additionalProperties": false;
      readonly "required": readonly [
        "relationship",
        "person",
      ];
      readonly "properties": {
        readonly "relationship": {
          readonly "enum": readonly [
            "SPOUSE",
            "CHILD",
          ];
          readonly "description": "§30 (spouse) or §32 (child) AufenthG";
        };
        readonly "person": {
          readonly "$ref": "https://wsa.example/schemas/shared/person.json";
        };
      };
    };
    readonly "jointEntry": {
      readonly "type": "boolean";
      readonly "description": "The family member enters together with the skilled worker: then the worker's valid visa suffices; otherwise the worker must hold a residence title";
    };
    readonly "mission": {
      readonly "$ref": "https://wsa.example/schemas/visa/start.json#/properties/mission";
    };
    readonly "travelDocument": {
      readonly "$ref": "https://wsa.example/schemas/visa/start.json#/properties/travelDocument";
      readonly "description": "The family member's travel document";
    };
    readonly "abhCode": {
      readonly "$ref": "https://wsa.example/schemas/residence-permit/start.json#/properties/abhCode";
      readonly "description": "The immigration office at the family's place of residence (consent to the visa, §31 AufenthV); without it any ABH caseworker may decide";
    };
  };
};
export = schema;
