import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from '../../common/logger.js';
import type { Procedure } from '../../processes/registry.js';
import { mayStart, mayStartFor, mayView } from '../access.js';
import type { Principal } from '../auth.js';
import type { CaseRecord, CasesStore } from '../data/cases-store.js';
import type { Engine } from '../data/engine.js';
import { Problem } from '../problem.js';
import { assertValid } from '../validation.js';
import { actsForOrganisation, actsForPerson } from './standing-grants.js';
import { rememberProfile } from './profiles.js';

export interface StartCaseResult {
  replayed: boolean;
  caseId: string;
  procedure: string;
  processInstanceKey: string;
}

/**
 * A previous attempt with the same key that has not produced an instance after this long
 * is retried (it failed before reaching the engine, or the engine lost it).
 */
export const START_RETRY_AFTER_MS = 30_000;

export function requestHash(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

export async function startCase(
  deps: {
    cases: CasesStore;
    engine: Engine;
    log: Logger;
    procedures: Map<string, Procedure>;
  },
  principal: Principal,
  procedure: Procedure,
  key: string,
  body: Record<string, unknown>,
  /** A test case runs like any other but is no history for predictions (read-model/case-facts.ts). */
  options: { testCase?: boolean } = {},
): Promise<StartCaseResult> {
  if (!mayStart(principal, procedure))
    throw Problem.forbidden(`Role ${principal.role} may not start ${procedure.procedure}`);
  assertValid(procedure.startSchema, body, 'The application');

  let linkedCaseId: string | undefined;
  let linked: CaseRecord | null = null;
  if (procedure.linkedCaseField) {
    // A linked case (e.g. the skilled worker's case a family member joins) must be one the
    // caller may see; otherwise the same answer whether it does not exist or is hidden.
    linkedCaseId = String(body[procedure.linkedCaseField]);
    linked = await deps.cases.get(linkedCaseId);
    const linkedProcedure = linked ? deps.procedures.get(linked.procedure) : undefined;
    if (!linked || !linkedProcedure || !mayView(principal, linked, linkedProcedure)) {
      throw Problem.badRequest('The linked case is not one you may refer to', [
        { field: `/${procedure.linkedCaseField}`, reason: 'no such case' },
      ]);
    }
  }
  const employer = body.employer as { employerId?: string } | undefined;
  const applicant = body.applicant as { applicantId?: string } | undefined;
  const { refusal, arrangedBy } = await mayStartFor(
    principal,
    { employerId: employer?.employerId, applicantId: applicant?.applicantId, linked },
    {
      actsForOrganisation: (organisation) =>
        actsForOrganisation(deps.cases, principal, organisation),
      actsForPerson: (person) => actsForPerson(deps.cases, principal, person),
    },
  );
  if (refusal) throw Problem.forbidden(refusal);
  const now = new Date();
  const scope = `${principal.subject}:${key}`;
  const { created, request } = await deps.cases.claimStart({
    _id: scope,
    caseId: randomUUID(),
    procedure: procedure.procedure,
    requestHash: requestHash(body),
    startAttemptAt: now,
  });
  const caseId = request.caseId;
  if (!created) {
    if (request.requestHash !== requestHash(body) || request.procedure !== procedure.procedure) {
      throw new Problem(
        422,
        'idempotency-key-reused',
        'Idempotency key reused with a different request',
        'This Idempotency-Key was already used for a different application; use a new key.',
      );
    }
    // A start with this key may be under way right now (a parallel duplicate): wait for it
    // and answer with its case, as a replay would.
    const existing = await waitForInstance(deps.cases, caseId, request.startAttemptAt, now);
    if (existing) {
      return {
        replayed: true,
        caseId,
        procedure: procedure.procedure,
        processInstanceKey: existing,
      };
    }
    if (now.getTime() - request.startAttemptAt.getTime() < START_RETRY_AFTER_MS) {
      throw Problem.conflict(
        'start-in-progress',
        'The application with this key is still being started; retry shortly.',
        { 'retry-after': '5' },
      );
    }
    await deps.cases.markStartAttempt(scope, now);
  }
  // Saved before the engine starts anything, so a started instance always has its case
  // (a no-op when an earlier attempt with this key got this far).
  await deps.cases.saveCase({
    _id: caseId,
    procedure: procedure.procedure,
    createdBy: principal.subject,
    createdByRole: principal.role,
    ...(employer?.employerId
      ? { employerId: employer.employerId }
      : arrangedBy
        ? { employerId: arrangedBy }
        : {}),
    // The account that follows the case: the applying account, or the person's own account.
    ...(principal.role === 'applicant'
      ? { applicantId: principal.subject }
      : applicant?.applicantId
        ? { applicantId: applicant.applicantId }
        : {}),
    createdAt: now,
    ...(linkedCaseId ? { linkedCaseId } : {}),
    ...subjectOf(procedure, body),
  });

  await rememberProfile(deps.cases, caseId, principal, body);

  const log = deps.log.child({ caseId, procedure: procedure.procedure });
  let started: string;
  try {
    // The case id is the instance's business key, so a retry of a start whose answer was
    // lost (engine or gateway gone mid-call) finds the instance in the engine instead of
    // starting a second one. Only a retry (`!created`) asks; a first start cannot have one.
    const earlier = created
      ? null
      : await deps.engine.instanceForBusinessKey(procedure.bpmnProcessId, caseId);
    started =
      earlier ??
      (await deps.engine.startInstance(procedure.bpmnProcessId, caseId, {
        ...body,
        caseId,
        ...(options.testCase ? { testCase: true } : {}),
      }));
  } catch (err) {
    log.error('engine did not start the case', { error: (err as Error).message });
    throw Problem.unavailable(
      'The process engine is not reachable; retry with the same Idempotency-Key.',
      Math.ceil(START_RETRY_AFTER_MS / 1000),
    );
  }
  const processInstanceKey = await deps.cases.linkInstance(caseId, started);
  log.info('case started', { processInstanceKey });
  return {
    replayed: !created,
    caseId,
    procedure: procedure.procedure,
    processInstanceKey,
  };
}

/**
 * How long a duplicate start waits for a parallel first start to reach the engine: longer
 * than the engine call may take (10 s), so the first either succeeded or failed by then.
 */
export const START_WAIT_MS = 12_000;

/** The case's instance, waiting while an attempt that began less than START_WAIT_MS ago runs. */
async function waitForInstance(
  cases: CasesStore,
  caseId: string,
  attemptAt: Date,
  now: Date,
): Promise<string | null> {
  const until = Math.min(attemptAt.getTime(), now.getTime()) + START_WAIT_MS;
  for (let pause = 25; ; pause = Math.min(pause * 2, 500)) {
    const instance = await cases.instanceOf(caseId);
    if (instance || Date.now() >= until) return instance;
    await new Promise((resolve) => setTimeout(resolve, Math.min(pause, until - Date.now())));
  }
}

/** Whom the case is about, by name: the start field the procedure names (default `applicant`). */
function subjectOf(
  procedure: Procedure,
  body: Record<string, unknown>,
): { subject?: { givenName: string; familyName: string } } {
  let value: unknown = body;
  for (const key of (procedure.subjectField ?? 'applicant').split('.'))
    value =
      value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  const person = value as { givenName?: unknown; familyName?: unknown } | undefined;
  return typeof person?.givenName === 'string' && typeof person.familyName === 'string'
    ? { subject: { givenName: person.givenName, familyName: person.familyName } }
    : {};
}
