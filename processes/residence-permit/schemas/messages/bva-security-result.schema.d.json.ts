// Generated from bva-security-result.schema.json by `npm run schema-types`: its literal type. Do not edit.
declare const schema: {
  readonly "$schema": "https://json-schema.org/draft/2020-12/schema";
  readonly "$id": "https://wsa.example/schemas/residence-permit/messages/bva-security-result.json";
  readonly "title": "Result of the BVA security check (Registerportal)";
  readonly "$ref": "https://wsa.example/schemas/visa/messages/bva-security-result.json";
};
export = schema;
