// Generated from start.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/chancenkarte/start.json";
  readonly "title": "Chancenkarte (opportunity card, §20a AufenthG)";
  readonly "description": "The facts the points system (§20b AufenthG) and the basic requirements (§20a (4) AufenthG) need. Once-only: a recognition decision the platform already holds is used instead of qualification.recognition, which is asked only when there is none; the age comes from the date of birth.";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "applicant",
    "travelDocument",
    "abhCode",
    "qualification",
    "germanLevel",
    "englishLevel",
    "livelihoodSecured",
  ];
  readonly "properties": {
    readonly "applicant": {
      readonly "$ref": "https://wsa.example/schemas/shared/person.json";
    };
    readonly "travelDocument": {
      readonly "$ref": "https://wsa.example/schemas/visa/start.json#/properties/travelDocument";
    };
    readonly "abhCode": {
      readonly "type": "string";
      readonly "pattern": "^[A-Z0-9-]{2,40}$";
      readonly "description": "The immigration office (Ausländerbehörde) competent for the place of residence, or the one the applicant means to live in";
    };
    readonly "qualification": {
      readonly "type": "object";
      readonly "additionalProperties": false;
      readonly "required": readonly [
        "kind",
        "stateRecognised",
      ];
      readonly "properties": {
        readonly "kind": {
          readonly "enum": readonly [
            "UNIVERSITY_DEGREE",
            "VOCATIONAL_TRAINING",
            "GERMAN_CHAMBER_ABROAD",
          ];
          readonly "description": "A foreign degree, a foreign vocational qualification, or a vocational qualification from a German chamber of commerce abroad (§20a (4) sentence 3 no. 1 AufenthG)";
        };
        readonly "stateRecognised": {
          readonly "type": "boolean";
          readonly "description": "Recognised by the state where it was acquired";
        };
        readonly "trainingYears": {
          readonly "type": "number";
          readonly "minimum": 0;
          readonly "maximum": 10;
          readonly "description": "Length of the vocational training in years";
        };
        readonly "recognition": {
          readonly "enum": readonly [
            "EQUIVALENT",
            "PARTIALLY_EQUIVALENT",
            "NOT_ASSESSED",
          ];
          readonly "description": "The German recognition body's finding; only asked when the platform holds no recognition decision for the applicant (once-only)";
        };
        readonly "title": {
          readonly "$ref": "https://wsa.example/schemas/recognition/start.json#/properties/qualification/properties/title";
        };
      };
    };
    readonly "germanLevel": {
      readonly "enum": readonly [
        "NONE",
        "A1",
        "A2",
        "B1",
        "B2",
        "C1",
        "C2",
      ];
      readonly "description": "Proven German (CEFR)";
    };
    readonly "englishLevel": {
      readonly "enum": readonly [
        "NONE",
        "A1",
        "A2",
        "B1",
        "B2",
        "C1",
        "C2",
      ];
      readonly "description": "Proven English (CEFR)";
    };
    readonly "experienceYearsLastFive": {
      readonly "type": "number";
      readonly "minimum": 0;
      readonly "maximum": 5;
      readonly "description": "Years of work in the qualification's occupation within the last five years";
    };
    readonly "experienceYearsLastSeven": {
      readonly "type": "number";
      readonly "minimum": 0;
      readonly "maximum": 7;
      readonly "description": "Years of work in the qualification's occupation within the last seven years";
    };
    readonly "shortageOccupation": {
      readonly "type": "boolean";
      readonly "description": "The qualification is for a shortage occupation (Engpassberuf)";
    };
    readonly "priorStayMonths": {
      readonly "type": "integer";
      readonly "minimum": 0;
      readonly "maximum": 60;
      readonly "description": "Months of lawful uninterrupted stay in Germany within the last five years (not as a tourist)";
    };
    readonly "partnerQualifies": {
      readonly "type": "boolean";
      readonly "description": "The spouse or partner coming along meets the requirements of the Chancenkarte too";
    };
    readonly "livelihoodSecured": {
      readonly "type": "boolean";
      readonly "description": "Livelihood for the search is secured (§20a (4) sentence 1 AufenthG), e.g. a blocked account";
    };
  };
};
export = schema;
