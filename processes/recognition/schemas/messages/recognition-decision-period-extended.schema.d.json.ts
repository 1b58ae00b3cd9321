// Generated from recognition-decision-period-extended.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/recognition/messages/recognition-decision-period-extended.json";
  readonly "title": "The recognition body extends the decision period (once)";
  readonly "description": "The BQFG allows the recognition body to extend the decision period once, where the particularities of the case justify it. The reason is given to the applicant in a notice.";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "extendedBy",
    "reason",
  ];
  readonly "properties": {
    readonly "extendedBy": {
      readonly "type": "string";
      readonly "description": "How much longer, as an ISO 8601 duration in days, weeks or months (P1M, P6W, P30D)";
      readonly "pattern": "^P(?:[1-9][0-9]?M|[1-9][0-9]?W|[1-9][0-9]{0,2}D)$";
    };
    readonly "reason": {
      readonly "type": "string";
      readonly "minLength": 1;
      readonly "maxLength": 2000;
      readonly "description": "Why the particularities of the case need more time";
    };
    readonly "fileReference": {
      readonly "type": "string";
      readonly "minLength": 1;
      readonly "maxLength": 100;
    };
  };
};
export = schema;
