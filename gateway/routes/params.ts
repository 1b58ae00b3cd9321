import type { Request } from 'express';
import type { Language } from '../use-cases/get-case-status.js';

/** Request parts every router reads the same way. */
export function language(req: Request): Language {
  return req.acceptsLanguages('en', 'de') === 'de' ? 'de' : 'en';
}

/**
 * The case id of the path. Its pattern is the document's: a malformed one was answered 400
 * (`path:caseId`) by the OpenAPI validation before any route ran.
 */
export function caseIdParam(req: Request): string {
  return String(req.params.caseId);
}
