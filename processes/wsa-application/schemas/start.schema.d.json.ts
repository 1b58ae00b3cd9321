// Generated from start.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/wsa-application/start.json";
  readonly "title": "A skilled worker's application";
  readonly "description": "Given once; every procedure the application needs reuses it. Employer, applicant and job offer are the BA approval's contract, qualification details and reference occupation the recognition's: referenced rather than copied. Title, country and reference occupation are needed when the route requires recognition.";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "employer",
    "applicant",
    "jobOffer",
    "accelerated",
    "qualification",
    "shortageOccupation",
    "newEntrant",
    "mission",
    "travelDocument",
    "documents",
  ];
  readonly "properties": {
    readonly "accelerated": {
      readonly "$ref": "https://wsa.example/schemas/ba-approval/start.json#/properties/accelerated";
    };
    readonly "employer": {
      readonly "$ref": "https://wsa.example/schemas/ba-approval/start.json#/properties/employer";
    };
    readonly "applicant": {
      readonly "$ref": "https://wsa.example/schemas/shared/person.json";
    };
    readonly "jobOffer": {
      readonly "$ref": "https://wsa.example/schemas/ba-approval/start.json#/properties/jobOffer";
    };
    readonly "qualification": {
      readonly "type": "object";
      readonly "additionalProperties": false;
      readonly "required": readonly [
        "kind",
        "recognition",
      ];
      readonly "properties": {
        readonly "kind": {
          readonly "enum": readonly [
            "UNIVERSITY_DEGREE",
            "VOCATIONAL_TRAINING",
            "NONE",
          ];
        };
        readonly "recognition": {
          readonly "enum": readonly [
            "RECOGNISED",
            "COMPARABLE",
            "NOT_ASSESSED",
          ];
          readonly "description": "RECOGNISED: recognised by a German recognition body; COMPARABLE: degree comparable (e.g. ZAB statement); NOT_ASSESSED: to be assessed";
        };
        readonly "title": {
          readonly "$ref": "https://wsa.example/schemas/recognition/start.json#/properties/qualification/properties/title";
        };
        readonly "countryOfIssue": {
          readonly "$ref": "https://wsa.example/schemas/recognition/start.json#/properties/qualification/properties/countryOfIssue";
        };
        readonly "institution": {
          readonly "$ref": "https://wsa.example/schemas/recognition/start.json#/properties/qualification/properties/institution";
        };
      };
    };
    readonly "shortageOccupation": {
      readonly "type": "boolean";
      readonly "description": "Occupation in a shortage group (§18g (1) sentence 2 AufenthG)";
    };
    readonly "newEntrant": {
      readonly "type": "boolean";
      readonly "description": "Degree obtained within the last three years (§18g (1) sentence 2 AufenthG)";
    };
    readonly "referenceOccupation": {
      readonly "$ref": "https://wsa.example/schemas/recognition/start.json#/properties/referenceOccupation";
    };
    readonly "mission": {
      readonly "$ref": "https://wsa.example/schemas/visa/start.json#/properties/mission";
    };
    readonly "travelDocument": {
      readonly "$ref": "https://wsa.example/schemas/visa/start.json#/properties/travelDocument";
    };
    readonly "documents": {
      readonly "type": "array";
      readonly "maxItems": 50;
      readonly "description": "The documents submitted with the application (metadata; the files go to the document store, issue 4)";
      readonly "items": {
        readonly "type": "object";
        readonly "additionalProperties": false;
        readonly "required": readonly [
          "type",
          "name",
        ];
        readonly "properties": {
          readonly "type": {
            readonly "enum": readonly [
              "PASSPORT",
              "DEGREE_CERTIFICATE",
              "VOCATIONAL_CERTIFICATE",
              "TRANSCRIPT",
              "EMPLOYMENT_CONTRACT",
              "POWER_OF_ATTORNEY",
              "OTHER",
            ];
          };
          readonly "name": {
            readonly "type": "string";
            readonly "minLength": 1;
            readonly "maxLength": 300;
          };
          readonly "documentId": {
            readonly "type": "string";
            readonly "minLength": 1;
            readonly "maxLength": 100;
            readonly "description": "The documentId of the uploaded file, where it was uploaded to the case (a message referencing one the case does not have is a 400)";
          };
        };
      };
    };
    readonly "powerOfAttorney": {
      readonly "type": "object";
      readonly "additionalProperties": false;
      readonly "description": "The skilled worker's power of attorney (Vollmacht) for the employer to run the accelerated procedure (§81a AufenthG) on their behalf";
      readonly "required": readonly [
        "grantedOn",
        "documentReference",
        "scope",
      ];
      readonly "properties": {
        readonly "grantedOn": {
          readonly "type": "string";
          readonly "format": "date";
        };
        readonly "documentReference": {
          readonly "type": "string";
          readonly "minLength": 1;
          readonly "maxLength": 200;
          readonly "description": "Name of the signed power of attorney among the application documents";
        };
        readonly "scope": {
          readonly "const": "ACCELERATED_PROCEDURE_81A";
        };
      };
    };
    readonly "abhCode": {
      readonly "$ref": "https://wsa.example/schemas/residence-permit/start.json#/properties/abhCode";
      readonly "description": "The immigration office at the intended place of residence (\"DE-<Land>-<office>\"): its caseworkers work the case's ABH tasks, the Land's central ABH in the accelerated procedure (§81a AufenthG; decision table abh-competence); without it any ABH caseworker may";
    };
  };
  readonly "if": {
    readonly "properties": {
      readonly "accelerated": {
        readonly "const": true;
      };
    };
    readonly "required": readonly [
      "accelerated",
    ];
  };
  readonly "then": {
    readonly "required": readonly [
      "powerOfAttorney",
    ];
  };
};
export = schema;
