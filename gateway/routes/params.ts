import type { Request } from 'express';
import { ENGINE_ID } from '../openapi/ids.js';
import { Problem } from '../problem.js';
import type { Language } from '../use-cases/get-case-status.js';

/** Request parts every router reads the same way. */
export function language(req: Request): Language {
  return req.acceptsLanguages('en', 'de') === 'de' ? 'de' : 'en';
}

const CASE_ID = new RegExp(ENGINE_ID);

/** The case id of the path; anything that cannot be one is a bad request naming it (400). */
export function caseIdParam(req: Request): string {
  return pathParam(req, 'caseId', CASE_ID);
}

/** A path parameter that must match its pattern (the OpenAPI validator checks it first). */
export function pathParam(req: Request, name: string, pattern: RegExp): string {
  const value = String(req.params[name]);
  if (!pattern.test(value))
    throw Problem.badRequest(`Malformed ${name}`, [
      { field: `path:${name}`, reason: `must match pattern "${pattern.source}"` },
    ]);
  return value;
}
