// Generated from education-completed.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/training-study/messages/education-completed.json";
  readonly "title": "The training or the study has ended: completed (with the next step) or discontinued";
  readonly "type": "object";
  readonly "additionalProperties": false;
  readonly "required": readonly [
    "result",
    "endedOn",
  ];
  readonly "properties": {
    readonly "result": {
      readonly "enum": readonly [
        "COMPLETED",
        "DISCONTINUED",
      ];
    };
    readonly "endedOn": {
      readonly "type": "string";
      readonly "format": "date";
    };
    readonly "certificateReference": {
      readonly "type": "string";
      readonly "minLength": 1;
      readonly "maxLength": 100;
      readonly "description": "The degree certificate or the final examination (completed only)";
    };
    readonly "nextStep": {
      readonly "enum": readonly [
        "SKILLED_WORK",
        "JOB_SEARCH",
      ];
      readonly "description": "A job is offered (change of purpose, §18a/§18b AufenthG) or the person searches for one (§20 AufenthG)";
    };
    readonly "offer": {
      readonly "type": "object";
      readonly "additionalProperties": false;
      readonly "required": readonly [
        "employer",
        "jobOffer",
      ];
      readonly "description": "The job offered (next step SKILLED_WORK), as the BA checks it";
      readonly "properties": {
        readonly "employer": {
          readonly "$ref": "https://wsa.example/schemas/ba-approval/start.json#/properties/employer";
        };
        readonly "jobOffer": {
          readonly "$ref": "https://wsa.example/schemas/ba-approval/start.json#/properties/jobOffer";
        };
      };
    };
  };
  readonly "allOf": readonly [
    {
      readonly "if": {
        readonly "properties": {
          readonly "result": {
            readonly "const": "COMPLETED";
          };
        };
      };
      readonly "then": {
        readonly "required": readonly [
          "nextStep",
          "certificateReference",
        ];
      };
    },
    {
      readonly "if": {
        readonly "properties": {
          readonly "nextStep": {
            readonly "const": "SKILLED_WORK";
          };
        };
        readonly "required": readonly [
          "nextStep",
        ];
      };
      readonly "then": {
        readonly "required": readonly [
          "offer",
        ];
      };
    },
  ];
};
export = schema;
