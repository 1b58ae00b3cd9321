/**
 * The engine's ids as the API shows them: process instances, tasks and incidents are UUIDs
 * (Operaton's StrongUuidGenerator, safe for several engine nodes on one database); a deployed
 * version is `<model id>:<version>:<UUID>`; a notice is `<process instance>:<activity
 * instance>`, the activity instance being `<element id>:<UUID>`.
 */
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const ELEMENT_ID = '[A-Za-z_][A-Za-z0-9_.-]{0,127}';

export const ENGINE_ID = `^${UUID}$`;
/** A BPMN element's id (an activity, an event, a gateway). */
export const ELEMENT_ID_PATTERN = `^${ELEMENT_ID}$`;
export const DEFINITION_ID = `^${ELEMENT_ID}:[0-9]{1,9}:${UUID}$`;
export const NOTICE_ID = `^${UUID}:${ELEMENT_ID}:${UUID}$`;
/** A document: `doc-` and 24 hex digits; documents stored before: `<case id>:<sha256>`. */
export const DOCUMENT_ID = `^(?:doc-[0-9a-f]{24}|${UUID}:[0-9a-f]{64})$`;
