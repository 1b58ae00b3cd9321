// Generated from ba-zustimmung-decision.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/ba-approval/messages/ba-zustimmung-decision.json";
  readonly "title": "BA decision on a Zustimmung request";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "outcome",
    "baReference",
  ];
  readonly "properties": {
    readonly "outcome": {
      readonly "enum": readonly [
        "APPROVED",
        "REFUSED",
      ];
    };
    readonly "baReference": {
      readonly "type": "string";
      readonly "minLength": 1;
      readonly "maxLength": 100;
      readonly "description": "BA's file number";
    };
    readonly "reasons": {
      readonly "type": "array";
      readonly "maxItems": 20;
      readonly "items": {
        readonly "type": "string";
        readonly "minLength": 1;
        readonly "maxLength": 2000;
      };
    };
    readonly "restrictions": {
      readonly "type": "string";
      readonly "maxLength": 2000;
      readonly "description": "Nebenbestimmungen, e.g. limited to this employer and occupation";
    };
    readonly "checkResults": {
      readonly "type": "object";
      readonly "additionalProperties": false;
      readonly "description": "The result of each check the BA made (see baChecks): comparable working conditions, and the priority check where one was made";
      readonly "properties": {
        readonly "workingConditions": {
          readonly "enum": readonly [
            "MET",
            "NOT_MET",
          ];
        };
        readonly "priority": {
          readonly "enum": readonly [
            "MET",
            "NOT_MET",
            "NOT_CHECKED",
          ];
        };
      };
    };
  };
};
export = schema;
