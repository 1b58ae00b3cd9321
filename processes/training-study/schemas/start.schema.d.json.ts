// Generated from start.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/training-study/start.json";
  readonly "title": "Start of a stay for vocational training or study (§16a, §16b AufenthG)";
  readonly "description": "The person applies for study with the university's admission, or for vocational training with the training contract; an in-company training names the training company and the position, which go to the BA unchanged (§39 AufenthG).";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "applicant",
    "purpose",
    "admission",
    "mission",
    "travelDocument",
  ];
  readonly "properties": {
    readonly "applicant": {
      readonly "$ref": "https://wsa.example/schemas/shared/person.json";
    };
    readonly "purpose": {
      readonly "enum": readonly [
        "IN_COMPANY_TRAINING",
        "SCHOOL_TRAINING",
        "STUDY",
      ];
      readonly "description": "In-company vocational training (§16a (1) AufenthG, BA approval), school-based vocational training (§16a (2)) or study (§16b)";
    };
    readonly "admission": {
      readonly "type": "object";
      readonly "additionalProperties": false;
      readonly "required": readonly [
        "institution",
        "reference",
        "startsOn",
        "durationMonths",
      ];
      readonly "description": "The university's admission (study) or the training contract (training)";
      readonly "properties": {
        readonly "institution": {
          readonly "type": "string";
          readonly "minLength": 1;
          readonly "maxLength": 200;
        };
        readonly "reference": {
          readonly "type": "string";
          readonly "minLength": 1;
          readonly "maxLength": 100;
        };
        readonly "startsOn": {
          readonly "type": "string";
          readonly "format": "date";
        };
        readonly "durationMonths": {
          readonly "type": "integer";
          readonly "minimum": 1;
          readonly "maximum": 120;
          readonly "description": "Regular duration of the training or the study programme";
        };
      };
    };
    readonly "mission": {
      readonly "$ref": "https://wsa.example/schemas/visa/start.json#/properties/mission";
    };
    readonly "travelDocument": {
      readonly "$ref": "https://wsa.example/schemas/visa/start.json#/properties/travelDocument";
    };
    readonly "employer": {
      readonly "$ref": "https://wsa.example/schemas/ba-approval/start.json#/properties/employer";
      readonly "description": "The training company (in-company training only)";
    };
    readonly "trainingPosition": {
      readonly "$ref": "https://wsa.example/schemas/ba-approval/start.json#/properties/jobOffer";
      readonly "description": "The training position as the BA checks it (in-company training only)";
    };
    readonly "abhCode": {
      readonly "$ref": "https://wsa.example/schemas/residence-permit/start.json#/properties/abhCode";
      readonly "description": "The local immigration office at the place of residence in Germany, where known: its tasks go to that office (processes/shared/abh-competence.dmn); without it, to every ABH caseworker.";
    };
  };
  readonly "if": {
    readonly "properties": {
      readonly "purpose": {
        readonly "const": "IN_COMPANY_TRAINING";
      };
    };
  };
  readonly "then": {
    readonly "required": readonly [
      "employer",
      "trainingPosition",
    ];
  };
};
export = schema;
