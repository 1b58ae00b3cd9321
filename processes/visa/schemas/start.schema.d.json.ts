// Generated from start.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/visa/start.json";
  readonly "title": "National visa for employment";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "applicant",
    "accelerated",
    "route",
    "mission",
    "travelDocument",
  ];
  readonly "properties": {
    readonly "accelerated": {
      readonly "$ref": "https://wsa.example/schemas/ba-approval/start.json#/properties/accelerated";
    };
    readonly "applicant": {
      readonly "$ref": "https://wsa.example/schemas/shared/person.json";
    };
    readonly "route": {
      readonly "enum": readonly [
        "BLUE_CARD_18G",
        "SKILLED_WORKER_DEGREE_18B",
        "SKILLED_WORKER_VOCATIONAL_18A",
        "FAMILY_SPOUSE_30",
        "FAMILY_CHILD_32",
        "TRAINING_16A",
        "STUDY_16B",
      ];
      readonly "description": "The legal route: decided at intake (wsa-application, decision legal-route), or family reunification (§30, §32 AufenthG), or training or study (§16a, §16b AufenthG: the training-study procedure)";
    };
    readonly "mission": {
      readonly "type": "object";
      readonly "additionalProperties": false;
      readonly "required": readonly [
        "code",
      ];
      readonly "properties": {
        readonly "code": {
          readonly "type": "string";
          readonly "pattern": "^[A-Z]{3}-[A-Z]{3,}$";
          readonly "description": "Mission abroad, e.g. IND-NEWDELHI";
        };
      };
    };
    readonly "travelDocument": {
      readonly "type": "object";
      readonly "additionalProperties": false;
      readonly "required": readonly [
        "number",
        "expiresOn",
      ];
      readonly "properties": {
        readonly "number": {
          readonly "type": "string";
          readonly "pattern": "^[A-Z0-9]{6,12}$";
        };
        readonly "expiresOn": {
          readonly "type": "string";
          readonly "format": "date";
        };
      };
    };
    readonly "abhCode": {
      readonly "$ref": "https://wsa.example/schemas/residence-permit/start.json#/properties/abhCode";
      readonly "description": "The immigration office at the intended place of residence, where its consent is needed (§31 AufenthV)";
    };
    readonly "priorToleratedStay": {
      readonly "$ref": "https://wsa.example/schemas/abh-consent/start.json#/properties/priorToleratedStay";
    };
    readonly "securityConsultationOrdered": {
      readonly "$ref": "https://wsa.example/schemas/abh-consent/start.json#/properties/securityConsultationOrdered";
    };
  };
};
export = schema;
