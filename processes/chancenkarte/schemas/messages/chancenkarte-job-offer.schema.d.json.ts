// Generated from chancenkarte-job-offer.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/chancenkarte/messages/chancenkarte-job-offer.json";
  readonly "title": "A job offer for the Chancenkarte holder: the change into a work title";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "employer",
    "jobOffer",
  ];
  readonly "properties": {
    readonly "employer": {
      readonly "$ref": "https://wsa.example/schemas/ba-approval/start.json#/properties/employer";
    };
    readonly "jobOffer": {
      readonly "$ref": "https://wsa.example/schemas/ba-approval/start.json#/properties/jobOffer";
    };
    readonly "newEntrant": {
      readonly "type": "boolean";
      readonly "description": "Career starter (the lower Blue Card salary threshold applies, decision legal-route)";
    };
    readonly "qualifiedEmployment": {
      readonly "type": "boolean";
      readonly "description": "The job needs a qualified vocational training or a degree (§2 (12b) AufenthG): with no other work title possible yet, a follow-up card can be granted (§20a (5) sentence 2 AufenthG)";
    };
  };
};
export = schema;
