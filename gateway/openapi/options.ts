import { DOCUMENT_TYPES } from '../data-minimisation.js';

/** What the document is built with (the same in the committed file and at runtime). */
export const OPENAPI_OPTIONS = {
  documentTypes: DOCUMENT_TYPES,
  /** The documented default; DOCUMENT_MAX_BYTES may set a lower or higher limit. */
  documentMaxBytes: 10 * 1024 * 1024,
};
