// Generated from start.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/residence-extension/start.json";
  readonly "title": "Extension of a residence title";
  readonly "description": "What the platform holds is not asked again: the current title (kind, end, since when a title is held) comes from the once-only evidence. Only what is new is asked: the office, the contract's term and whether the employment changed.";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "applicant",
    "abhCode",
    "employmentChanged",
  ];
  readonly "properties": {
    readonly "applicant": {
      readonly "$ref": "https://wsa.example/schemas/shared/person.json";
    };
    readonly "abhCode": {
      readonly "$ref": "https://wsa.example/schemas/residence-permit/start.json#/properties/abhCode";
    };
    readonly "contractFixedTermMonths": {
      readonly "type": "integer";
      readonly "minimum": 1;
      readonly "maximum": 600;
      readonly "description": "The remaining term of a fixed-term employment contract in months; absent for a permanent contract. Decides the new validity (decision table extension-validity, §18 (4) AufenthG)";
    };
    readonly "employmentChanged": {
      readonly "type": "boolean";
      readonly "description": "Employment conditions differ from those the current title was granted for: the BA is asked again (§39 AufenthG)";
    };
    readonly "employer": {
      readonly "$ref": "https://wsa.example/schemas/ba-approval/start.json#/properties/employer";
    };
    readonly "jobOffer": {
      readonly "$ref": "https://wsa.example/schemas/ba-approval/start.json#/properties/jobOffer";
    };
  };
  readonly "if": {
    readonly "properties": {
      readonly "employmentChanged": {
        readonly "const": true;
      };
    };
  };
  readonly "then": {
    readonly "required": readonly [
      "employer",
      "jobOffer",
    ];
  };
};
export = schema;
