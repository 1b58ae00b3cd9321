// Generated from employer-information-response.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/ba-approval/messages/employer-information-response.json";
  readonly "title": "The employer's answer to the BA's questions";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "answers",
  ];
  readonly "properties": {
    readonly "answers": {
      readonly "type": "array";
      readonly "minItems": 1;
      readonly "maxItems": 20;
      readonly "items": {
        readonly "type": "string";
        readonly "minLength": 1;
        readonly "maxLength": 5000;
      };
    };
    readonly "jobOfferChanges": {
      readonly "type": "object";
      readonly "description": "Corrected job offer fields, if the answer changes them (same fields as jobOffer at the start).";
      readonly "additionalProperties": false;
      readonly "properties": {
        readonly "grossAnnualSalaryEur": {
          readonly "type": "number";
          readonly "exclusiveMinimum": 0;
          readonly "maximum": 10000000;
        };
        readonly "weeklyHours": {
          readonly "type": "number";
          readonly "exclusiveMinimum": 0;
          readonly "maximum": 60;
        };
        readonly "title": {
          readonly "type": "string";
          readonly "minLength": 1;
          readonly "maxLength": 200;
        };
      };
    };
  };
};
export = schema;
