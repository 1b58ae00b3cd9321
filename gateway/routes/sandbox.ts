import { Router } from 'express';
import { randomUUID } from 'node:crypto';
import { issueToken, principalOf, type Principal } from '../auth.js';
import { visibleCase } from '../use-cases/visible-case.js';
import type { GatewayDeps } from '../deps.js';
import { Problem } from '../problem.js';
import type { Body } from './api.js';

type Sandbox = NonNullable<GatewayDeps['sandbox']>;

const MINUTE_MS = 60_000;

/**
 * /api/v1/sandbox: mounted only on a sandbox's gateway (docs/sandbox.md). The sandbox's
 * engine clock, readable and movable by the organisation the sandbox belongs to (its
 * employers) and by operators; nobody else, not even in the sandbox. Demo persons: an
 * applicant identity of the sandbox's own issuer (its tokens open no other gateway), so the
 * organisation can play the applicant of its test cases. Auto-answers: the sandbox's own
 * simulators (SANDBOX_SIMULATORS_URL), for the whole sandbox or for one case the caller sees.
 */
export function sandboxRouter(deps: GatewayDeps, sandbox: Sandbox): Router {
  const router = Router();
  const mayUse = (p: Principal) =>
    p.role === 'operator' || (p.role === 'employer' && p.organisation === sandbox.organisation);
  const answer = (state: { epochMilli: number; offsetMilli: number }) => ({
    now: new Date(state.epochMilli).toISOString(),
    offsetMs: state.offsetMilli,
    organisation: sandbox.organisation,
  });
  const refuseOthers = (p: Principal) => {
    if (!mayUse(p))
      throw Problem.forbidden(`This sandbox belongs to organisation ${sandbox.organisation}`);
  };

  router.get('/sandbox/clock', async (_req, res) => {
    refuseOthers(principalOf(res.locals));
    res.json(answer(await unavailableWhenDown(() => sandbox.clock.state())));
  });
  router.post('/sandbox/clock/advance', async (req, res) => {
    refuseOthers(principalOf(res.locals));
    const { days = 0, hours = 0, minutes = 0 } = req.body as Body<'advance-sandbox-clock'>;
    const ms = ((days * 24 + hours) * 60 + minutes) * MINUTE_MS;
    if (ms <= 0)
      throw Problem.badRequest('Say how far to move the clock', [
        { field: '/days', reason: 'one of days, hours, minutes must be above 0' },
      ]);
    res.json(answer(await unavailableWhenDown(() => sandbox.clock.advance(ms))));
  });
  router.post('/sandbox/persons', async (req, res) => {
    refuseOthers(principalOf(res.locals));
    const person = req.body as Body<'create-sandbox-person'>;
    const personId = `sandbox-person-${randomUUID()}`;
    const token = await issueToken(
      deps.auth,
      { subject: personId, role: 'applicant' },
      PERSON_TOKEN_TTL,
    );
    res.status(201).json({ personId, token, expiresIn: PERSON_TOKEN_TTL, person });
  });
  const setAutoAnswers = async (path: string, body: unknown): Promise<unknown> => {
    if (!sandbox.simulatorsUrl) throw Problem.notFound('This sandbox has no simulators');
    let res: Response;
    try {
      res = await fetch(`${sandbox.simulatorsUrl}${path}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch {
      throw Problem.unavailable('The sandbox simulators are not reachable; retry shortly.', 5);
    }
    if (!res.ok) throw Problem.unavailable(`The sandbox simulators answered ${res.status}.`, 5);
    return res.json();
  };
  router.put('/sandbox/auto-answers/:partner', async (req, res) => {
    refuseOthers(principalOf(res.locals));
    res.json(await setAutoAnswers(`/${req.params.partner}/_sim/auto-answer`, req.body));
  });
  router.put('/sandbox/cases/:caseId/auto-answers/:partner', async (req, res) => {
    const principal = principalOf(res.locals);
    refuseOthers(principal);
    const caseId = String(req.params.caseId);
    await visibleCase(deps, principal, caseId);
    res.json(
      await setAutoAnswers(
        `/${req.params.partner}/_sim/auto-answer/cases/${encodeURIComponent(caseId)}`,
        req.body,
      ),
    );
  });
  return router;
}

const PERSON_TOKEN_TTL = '8h';

async function unavailableWhenDown<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch {
    throw Problem.unavailable('The sandbox engine is not reachable; retry shortly.', 5);
  }
}
