// Generated from start.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/residence-permit/start.json";
  readonly "title": "Residence permit after entry";
  readonly "description": "What the visa procedure already has is not asked again: identity and travel document come from the application, verified facts from the once-only evidence.";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "applicant",
    "travelDocument",
    "abhCode",
    "employmentChanged",
  ];
  readonly "properties": {
    readonly "route": {
      readonly "$ref": "https://wsa.example/schemas/visa/start.json#/properties/route";
      readonly "description": "The legal route the visa was granted on (wsa-application passes it): on the Blue Card route the title is the EU Blue Card (§18g AufenthG), decision residence-title";
    };
    readonly "applicant": {
      readonly "$ref": "https://wsa.example/schemas/shared/person.json";
    };
    readonly "travelDocument": {
      readonly "$ref": "https://wsa.example/schemas/visa/start.json#/properties/travelDocument";
    };
    readonly "abhCode": {
      readonly "type": "string";
      readonly "pattern": "^[A-Z0-9-]{2,40}$";
      readonly "description": "The responsible immigration office (Ausländerbehörde)";
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
