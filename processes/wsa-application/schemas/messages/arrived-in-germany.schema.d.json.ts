// Generated from arrived-in-germany.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/wsa-application/messages/arrived-in-germany.json";
  readonly "title": "The skilled worker has arrived and applies for the residence permit";
  readonly "description": "Only what the platform cannot know yet: when they arrived, which immigration office is responsible, and whether the employment changed since the visa. Everything else comes from the application.";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "enteredOn",
    "abhCode",
    "employmentChanged",
  ];
  readonly "properties": {
    readonly "enteredOn": {
      readonly "type": "string";
      readonly "format": "date";
      readonly "description": "The day of entry: not after today (in Germany), not before the visa's validFrom; otherwise 400 naming /enteredOn";
    };
    readonly "abhCode": {
      readonly "$ref": "https://wsa.example/schemas/residence-permit/start.json#/properties/abhCode";
    };
    readonly "employmentChanged": {
      readonly "type": "boolean";
      readonly "description": "Employment conditions differ from those the visa was granted for: the BA is asked again";
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
