import type { Request } from 'express';
import { Problem } from '../problem.js';
import type { Language } from '../use-cases/get-case-status.js';

/** Request parts every router reads the same way. */
export function language(req: Request): Language {
  return req.acceptsLanguages('en', 'de') === 'de' ? 'de' : 'en';
}

const CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The case id of the path; anything that cannot be one names no case (404). */
export function caseIdParam(req: Request): string {
  const id = String(req.params.caseId);
  if (!CASE_ID.test(id)) throw Problem.notFound(`No case ${id}`);
  return id;
}
