import express, { type Request, type Response } from 'express';
import { randomUUID } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import { PartnerSimulator } from '../partner-simulator.js';
import { wallClock, type SimulatorClock } from '../clock.js';

/**
 * SIMULATOR of the FIT-Connect Submission API, the side a destination (this platform) pulls
 * from. Real FIT-Connect: an online service sends an encrypted submission to a destination;
 * the destination lists the submissions waiting for it, fetches each with its encrypted
 * attachments, and confirms receipt by posting a signed Security Event Token (SET) to the
 * case's event log (`accept-submission`, or `reject-submission` with the problems). Only
 * then does the submission leave the list: a destination that crashes before confirming sees
 * it again (at-least-once).
 *
 * Here:
 * - the sender's side is one call: `POST /_sim/submissions` with the envelope and the encrypted
 *   attachments (`{attachments: {<attachmentId>: <JWE>}}`), as a sender's upload, announce and
 *   submit would leave it;
 * - `PUT /_sim/destinations/{destinationId} {signingKey}`: the destination's public signing key
 *   (JWK) against which its SETs are verified (real: the destination's key in its registration);
 * - `GET /v1/submissions?destinationId=&offset=&limit=` lists `{submissions: [{destinationId,
 *   submissionId, caseId}], count, offset, totalCount}` of the submitted, unconfirmed ones;
 * - `GET /v1/submissions/{id}`, `GET /v1/submissions/{id}/attachments/{attachmentId}`
 *   (`application/jose`);
 * - `POST /v1/cases/{caseId}/events` with a SET (`application/jose`): verified (signature,
 *   `sub` submission:<id>, `txn` case:<caseId>, one known event), then the submission is
 *   accepted or rejected; `GET /v1/cases/{caseId}/events` → `{eventLog: [<SET>]}`.
 * No OAuth (a real destination gets a token by client credentials first); `_sim/config`
 * failures apply to every route, as an outage would.
 */
export const EVENTS = {
  accept: 'https://schema.fitko.de/fit-connect/events/accept-submission',
  reject: 'https://schema.fitko.de/fit-connect/events/reject-submission',
} as const;

interface StoredSubmission {
  submissionId: string;
  caseId: string;
  destinationId: string;
  serviceType: { name?: string; identifier: string };
  encryptedMetadata: string;
  encryptedData: string;
  attachments: Record<string, string>;
  status: 'submitted' | 'accepted' | 'rejected';
  submittedAt: string;
}

export function fitConnectSimulator(clock: SimulatorClock = wallClock) {
  const sim = new PartnerSimulator<{ submissionId: string }>('FIT-Connect Submission API', clock);
  const submissions = new Map<string, StoredSubmission>();
  const signingKeys = new Map<string, JWK>();
  const eventLogs = new Map<string, string[]>();
  const router = express.Router();
  const problem = (res: Response, status: number, field: string, reason: string) =>
    void res.status(status).json({ error: `${field} ${reason}`, errors: [{ field, reason }] });

  router.use('/_sim', sim.adminRouter());
  router.put('/_sim/destinations/:destinationId', (req, res) => {
    const key = (req.body as { signingKey?: JWK })?.signingKey;
    if (!key || typeof key.kty !== 'string') return problem(res, 400, '/signingKey', 'no JWK');
    signingKeys.set(String(req.params.destinationId), key);
    res.status(204).end();
  });
  router.post('/_sim/submissions', (req, res) => {
    const body = (req.body ?? {}) as Partial<StoredSubmission>;
    for (const f of ['destinationId', 'encryptedMetadata', 'encryptedData'] as const)
      if (typeof body[f] !== 'string' || body[f] === '')
        return problem(res, 400, `/${f}`, 'missing');
    if (typeof body.serviceType?.identifier !== 'string')
      return problem(res, 400, '/serviceType/identifier', 'missing');
    const s: StoredSubmission = {
      submissionId: randomUUID(),
      caseId: body.caseId ?? randomUUID(),
      destinationId: body.destinationId!,
      serviceType: body.serviceType,
      encryptedMetadata: body.encryptedMetadata!,
      encryptedData: body.encryptedData!,
      attachments: body.attachments ?? {},
      status: 'submitted',
      submittedAt: sim.now().toISOString(),
    };
    submissions.set(s.submissionId, s);
    res.status(201).json({ submissionId: s.submissionId, caseId: s.caseId });
  });
  router.get('/_sim/submissions/:submissionId', (req, res) => {
    const s = submissions.get(String(req.params.submissionId));
    if (!s) return problem(res, 404, '/submissionId', 'unknown');
    res.json({ submissionId: s.submissionId, caseId: s.caseId, status: s.status });
  });

  const api = express.Router();
  api.use(sim.faults());
  api.get('/submissions', (req, res) => {
    const destinationId = req.query.destinationId ? String(req.query.destinationId) : undefined;
    const offset = Math.max(0, Number(req.query.offset ?? 0) || 0);
    const limit = Math.min(500, Math.max(1, Number(req.query.limit ?? 100) || 100));
    const waiting = [...submissions.values()].filter(
      (s) => s.status === 'submitted' && (!destinationId || s.destinationId === destinationId),
    );
    res.json({
      count: Math.max(0, Math.min(limit, waiting.length - offset)),
      offset,
      totalCount: waiting.length,
      submissions: waiting.slice(offset, offset + limit).map((s) => ({
        destinationId: s.destinationId,
        submissionId: s.submissionId,
        caseId: s.caseId,
      })),
    });
  });
  const found = (req: Request, res: Response) => {
    const s = submissions.get(String(req.params.submissionId));
    if (!s) problem(res, 404, '/submissionId', 'unknown');
    return s;
  };
  api.get('/submissions/:submissionId', (req, res) => {
    const s = found(req, res);
    if (!s) return;
    res.json({
      submissionId: s.submissionId,
      caseId: s.caseId,
      destinationId: s.destinationId,
      serviceType: s.serviceType,
      encryptedMetadata: s.encryptedMetadata,
      encryptedData: s.encryptedData,
      attachments: Object.keys(s.attachments),
    });
  });
  api.get('/submissions/:submissionId/attachments/:attachmentId', (req, res) => {
    const s = found(req, res);
    if (!s) return;
    const jwe = s.attachments[String(req.params.attachmentId)];
    if (!jwe) return problem(res, 404, '/attachmentId', 'unknown');
    res.type('application/jose').send(jwe);
  });
  api.post(
    '/cases/:caseId/events',
    express.text({ type: ['application/jose'], limit: '64kb' }),
    async (req, res) => {
      const token = typeof req.body === 'string' ? req.body.trim() : '';
      let claims: ReturnType<typeof decodeJwt>;
      try {
        claims = decodeJwt(token);
        if (decodeProtectedHeader(token).typ !== 'secevent+jwt') throw new Error('typ');
      } catch {
        return problem(res, 400, '/', 'not a security event token (secevent+jwt)');
      }
      const submissionId = String(claims.sub ?? '').replace(/^submission:/, '');
      const s = submissions.get(submissionId);
      if (!s) return problem(res, 404, '/sub', 'unknown submission');
      if (claims.txn !== `case:${String(req.params.caseId)}` || s.caseId !== req.params.caseId)
        return problem(res, 400, '/txn', 'not the submission’s case');
      const key = signingKeys.get(s.destinationId);
      if (!key) return problem(res, 403, '/iss', 'destination has no signing key');
      try {
        await jwtVerify(token, await importJWK(key, decodeProtectedHeader(token).alg), {
          issuer: s.destinationId,
        });
      } catch (err) {
        return problem(res, 403, '/', `signature refused (${(err as Error).message})`);
      }
      const events = Object.keys((claims.events ?? {}) as object);
      if (events.length !== 1 || (events[0] !== EVENTS.accept && events[0] !== EVENTS.reject))
        return problem(res, 400, '/events', 'one of accept-submission, reject-submission');
      if (s.status === 'submitted')
        s.status = events[0] === EVENTS.accept ? 'accepted' : 'rejected';
      eventLogs.set(s.caseId, [...(eventLogs.get(s.caseId) ?? []), token]);
      res.status(202).end();
    },
  );
  api.get('/cases/:caseId/events', (req, res) => {
    res.json({ eventLog: eventLogs.get(String(req.params.caseId)) ?? [] });
  });
  router.use('/v1', api);
  return { router, sim, submissions };
}
