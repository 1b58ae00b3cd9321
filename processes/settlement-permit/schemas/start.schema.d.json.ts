// Generated from start.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/settlement-permit/start.json";
  readonly "title": "Settlement permit for skilled workers (§18c AufenthG)";
  readonly "description": "What the platform holds is not asked again: the current title and since when a title is held come from the once-only evidence. Only what the platform does not hold is asked.";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "applicant",
    "abhCode",
    "pensionContributionMonths",
    "germanLanguageLevel",
  ];
  readonly "properties": {
    readonly "applicant": {
      readonly "$ref": "https://wsa.example/schemas/shared/person.json";
    };
    readonly "abhCode": {
      readonly "$ref": "https://wsa.example/schemas/residence-permit/start.json#/properties/abhCode";
    };
    readonly "pensionContributionMonths": {
      readonly "type": "integer";
      readonly "minimum": 0;
      readonly "maximum": 1200;
      readonly "description": "Months of compulsory or voluntary contributions to the statutory pension insurance, or to a comparable scheme (§18c (1) no. 3, (2) AufenthG); stated by the applicant, checked by the immigration office (the pension insurance is not connected)";
    };
    readonly "germanLanguageLevel": {
      readonly "enum": readonly [
        "NONE",
        "A1",
        "A2",
        "B1",
        "B2",
        "C1",
        "C2",
      ];
      readonly "description": "German level (CEFR) the applicant can prove: B1 is sufficient German (§18c (1) no. 4), A1 basic German for the Blue Card (§18c (2) AufenthG)";
    };
    readonly "domesticQualification": {
      readonly "type": "boolean";
      readonly "description": "A vocational training or a degree completed in Germany (§18c (1) sentence 2 AufenthG: shorter periods)";
    };
  };
};
export = schema;
