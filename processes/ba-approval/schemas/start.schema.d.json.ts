// Generated from start.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/ba-approval/start.json";
  readonly "title": "Start of a BA approval (Zustimmung) procedure";
  readonly "description": "Job offer data the employer supplies once; the BA receives it unchanged (no re-typing into the BA portal).";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "employer",
    "applicant",
    "jobOffer",
    "accelerated",
  ];
  readonly "properties": {
    readonly "accelerated": {
      readonly "type": "boolean";
      readonly "description": "Accelerated procedure for skilled workers (§81a AufenthG); shortens the deemed-approval period.";
    };
    readonly "employmentPurpose": {
      readonly "description": "What the employment is for, as the residence title will say it: a skilled worker (§18a vocational training, §18b degree), the EU Blue Card (§18g), or employment without a skilled-worker qualification (§39 (3) AufenthG). Decides which checks the BA makes (decision table ba-approval-checks). Left out: the purpose of an existing title after entry (job change, residence permit).";
      readonly "enum": readonly [
        "SKILLED_WORKER_VOCATIONAL_18A",
        "SKILLED_WORKER_DEGREE_18B",
        "BLUE_CARD_18G",
        "EMPLOYMENT_39_3",
      ];
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
  };
};
export = schema;
