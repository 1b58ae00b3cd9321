// Generated from start.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/abh-consent/start.json";
  readonly "title": "The immigration office's consent to a visa (§31 AufenthV)";
  readonly "description": "Asked by the visa and by family reunification; the answer goes back as abhConsent.";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "applicant",
    "accelerated",
    "route",
  ];
  readonly "properties": {
    readonly "applicant": {
      readonly "$ref": "https://wsa.example/schemas/shared/person.json";
    };
    readonly "accelerated": {
      readonly "$ref": "https://wsa.example/schemas/ba-approval/start.json#/properties/accelerated";
    };
    readonly "route": {
      readonly "$ref": "https://wsa.example/schemas/visa/start.json#/properties/route";
    };
    readonly "abhCode": {
      readonly "$ref": "https://wsa.example/schemas/residence-permit/start.json#/properties/abhCode";
    };
    readonly "priorToleratedStay": {
      readonly "type": "boolean";
      readonly "description": "The person stayed in Germany before on a Duldung or an Aufenthaltsgestattung, or removal measures were taken against them (§31 (1) sentence 1 no. 2 (c) AufenthV)";
    };
    readonly "securityConsultationOrdered": {
      readonly "type": "boolean";
      readonly "description": "The Federal Ministry of the Interior ordered the immigration office's consent for this security consultation (§31 (1) sentence 1 no. 3 AufenthV)";
    };
  };
};
export = schema;
