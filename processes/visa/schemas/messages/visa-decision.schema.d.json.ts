// Generated from visa-decision.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/visa/messages/visa-decision.json";
  readonly "title": "The mission's decision on the visa";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "outcome",
    "missionReference",
  ];
  readonly "properties": {
    readonly "outcome": {
      readonly "enum": readonly [
        "GRANTED",
        "REFUSED",
      ];
    };
    readonly "missionReference": {
      readonly "type": "string";
      readonly "minLength": 1;
      readonly "maxLength": 100;
    };
    readonly "validFrom": {
      readonly "type": "string";
      readonly "format": "date";
    };
    readonly "validUntil": {
      readonly "type": "string";
      readonly "format": "date";
      readonly "description": "Last day of validity; a granted visa always has one (the application chain waits for arrival until then)";
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
  };
  readonly "if": {
    readonly "properties": {
      readonly "outcome": {
        readonly "const": "GRANTED";
      };
    };
  };
  readonly "then": {
    readonly "required": readonly [
      "validFrom",
      "validUntil",
    ];
  };
};
export = schema;
