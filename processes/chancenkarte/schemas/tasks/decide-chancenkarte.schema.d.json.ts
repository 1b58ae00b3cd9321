// Generated from decide-chancenkarte.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/chancenkarte/tasks/decide-chancenkarte.json";
  readonly "title": "The immigration office's decision on the Chancenkarte";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "outcome",
    "abhReference",
  ];
  readonly "properties": {
    readonly "outcome": {
      readonly "enum": readonly [
        "GRANTED",
        "REFUSED",
      ];
    };
    readonly "abhReference": {
      readonly "type": "string";
      readonly "minLength": 1;
      readonly "maxLength": 100;
    };
    readonly "validUntil": {
      readonly "type": "string";
      readonly "format": "date";
      readonly "description": "End of the card; the model keeps it within the longest validity of decision chancenkarte-eligibility";
    };
    readonly "reason": {
      readonly "type": "string";
      readonly "minLength": 3;
      readonly "maxLength": 2000;
    };
  };
  readonly "allOf": readonly [
    {
      readonly "if": {
        readonly "properties": {
          readonly "outcome": {
            readonly "const": "GRANTED";
          };
        };
      };
      readonly "then": {
        readonly "required": readonly [
          "validUntil",
        ];
      };
    },
    {
      readonly "if": {
        readonly "properties": {
          readonly "outcome": {
            readonly "const": "REFUSED";
          };
        };
      };
      readonly "then": {
        readonly "required": readonly [
          "reason",
        ];
      };
    },
  ];
};
export = schema;
