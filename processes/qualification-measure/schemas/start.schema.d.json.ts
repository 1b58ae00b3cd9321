// Generated from start.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/qualification-measure/start.json";
  readonly "title": "Start of a §16d AufenthG procedure (recognition partnership, qualification measure or analysis)";
  readonly "description": "The recognition body found the qualification partially equivalent, or could not assess it without a qualification analysis; the employer and applicant go on under a §16d title. The job offer is the BA's, unchanged, where its approval is needed.";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "employer",
    "applicant",
    "jobOffer",
    "accelerated",
    "deficitNotice",
  ];
  readonly "properties": {
    readonly "accelerated": {
      readonly "type": "boolean";
      readonly "description": "Accelerated procedure for skilled workers (§81a AufenthG); shortens the deemed-approval period.";
    };
    readonly "employer": {
      readonly "type": "object";
      readonly "additionalProperties": false;
      readonly "required": readonly [
        "employerId",
        "name",
      ];
      readonly "properties": {
        readonly "employerId": {
          readonly "type": "string";
          readonly "pattern": "^[0-9]{8}$";
          readonly "description": "Betriebsnummer (8 digits)";
        };
        readonly "name": {
          readonly "type": "string";
          readonly "minLength": 1;
          readonly "maxLength": 200;
        };
      };
    };
    readonly "applicant": {
      readonly "$ref": "https://wsa.example/schemas/shared/person.json";
    };
    readonly "jobOffer": {
      readonly "type": "object";
      readonly "additionalProperties": false;
      readonly "required": readonly [
        "title",
        "occupationCode",
        "grossAnnualSalaryEur",
        "weeklyHours",
        "startDate",
        "workplace",
      ];
      readonly "properties": {
        readonly "title": {
          readonly "type": "string";
          readonly "minLength": 1;
          readonly "maxLength": 200;
        };
        readonly "occupationCode": {
          readonly "type": "string";
          readonly "pattern": "^[0-9]{5}$";
          readonly "description": "KldB 2010 occupation code";
        };
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
        readonly "startDate": {
          readonly "type": "string";
          readonly "format": "date";
        };
        readonly "workplace": {
          readonly "type": "object";
          readonly "additionalProperties": false;
          readonly "required": readonly [
            "postalCode",
            "city",
          ];
          readonly "properties": {
            readonly "postalCode": {
              readonly "type": "string";
              readonly "pattern": "^[0-9]{5}$";
            };
            readonly "city": {
              readonly "type": "string";
              readonly "minLength": 1;
              readonly "maxLength": 100;
            };
          };
        };
      };
    };
    readonly "deficitNotice": {
      readonly "type": "object";
      readonly "additionalProperties": false;
      readonly "required": readonly [
        "result",
        "fileReference",
      ];
      readonly "description": "The recognition body's notice of the deficits (§16d (1) AufenthG: the body found that measures are needed).";
      readonly "properties": {
        readonly "result": {
          readonly "enum": readonly [
            "PARTIALLY_EQUIVALENT",
            "NOT_ASSESSABLE",
          ];
          readonly "description": "NOT_ASSESSABLE: documents are missing, a qualification analysis (§16d (6)) is the way on";
        };
        readonly "fileReference": {
          readonly "type": "string";
          readonly "minLength": 1;
          readonly "maxLength": 100;
        };
        readonly "substantialDifferences": {
          readonly "type": "array";
          readonly "maxItems": 30;
          readonly "items": {
            readonly "type": "string";
            readonly "minLength": 1;
            readonly "maxLength": 2000;
          };
        };
        readonly "compensationMeasure": {
          readonly "type": "string";
          readonly "maxLength": 2000;
        };
      };
    };
  };
};
export = schema;
