// Generated from chancenkarte-employment-reported.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/chancenkarte/messages/chancenkarte-employment-reported.json";
  readonly "title": "Work during the search: part-time employment or a trial employment (§20a (2) AufenthG)";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "kind",
    "startDate",
    "endDate",
    "weeklyHours",
  ];
  readonly "properties": {
    readonly "kind": {
      readonly "enum": readonly [
        "PART_TIME",
        "TRIAL_WORK",
      ];
      readonly "description": "PART_TIME: employment of limited hours (§20a (2) no. 1); TRIAL_WORK: a trial employment (Probebeschäftigung, §20a (2) no. 2)";
    };
    readonly "trialPurpose": {
      readonly "enum": readonly [
        "QUALIFIED_EMPLOYMENT",
        "TRAINING",
        "RECOGNITION_MEASURE",
      ];
      readonly "description": "For a trial employment: qualified work, aimed at a training, or suited to be taken up in a §16d measure";
    };
    readonly "startDate": {
      readonly "type": "string";
      readonly "format": "date";
    };
    readonly "endDate": {
      readonly "type": "string";
      readonly "format": "date";
    };
    readonly "weeklyHours": {
      readonly "type": "number";
      readonly "exclusiveMinimum": 0;
      readonly "maximum": 60;
    };
    readonly "employerName": {
      readonly "type": "string";
      readonly "minLength": 1;
      readonly "maxLength": 200;
    };
  };
  readonly "if": {
    readonly "properties": {
      readonly "kind": {
        readonly "const": "TRIAL_WORK";
      };
    };
  };
  readonly "then": {
    readonly "required": readonly [
      "trialPurpose",
    ];
  };
};
export = schema;
