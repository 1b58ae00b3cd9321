/**
 * The FIT-Connect intake as the real destination runs it: it PULLS. Every poll lists the
 * submissions waiting for the platform's destination on the Submission API, fetches each with
 * its encrypted attachments, opens it (`fitConnectIntake`: decrypts, checks the hashes, maps the
 * service), starts the case once through the platform's API with the attachments as the case's
 * documents (`startSubmission`), and only then confirms receipt with a signed Security Event
 * Token (`accept-submission`) on the case's event log. A submission the platform cannot take is
 * refused with `reject-submission` naming the fields.
 *
 * At-least-once: nothing is kept here. A poller that stops between the start and the
 * confirmation sees the submission again on its next poll; the start is idempotent (the
 * submission id is its key), the documents too (the same file of the same type is one
 * document), so the second round confirms the same case. Anything passing (the Submission API
 * or the gateway unreachable or 5xx) leaves the submission for the next poll.
 *
 * Real: the Submission API's routes and fields, the SET (`typ: secevent+jwt`, PS512, `iss` the
 * destination, `sub` submission:<id>, `txn` case:<id>, the event's authentication tags).
 * Simplified: no OAuth client-credentials token (the API is given a bearer, if any), no event
 * log read before, the signing key is configuration. See docs/partner-standards.md.
 */
import { randomUUID } from 'node:crypto';
import { importJWK, SignJWT, type JWK, type KeyLike } from 'jose';
import {
  SubmissionRejected,
  startSubmission,
  type FitConnectSubmission,
  type SubmissionIntake,
} from './fit-connect.js';

export const SET_EVENTS = {
  accept: 'https://schema.fitko.de/fit-connect/events/accept-submission',
  reject: 'https://schema.fitko.de/fit-connect/events/reject-submission',
} as const;
const SET_SCHEMA = 'https://schema.fitko.de/fit-connect/set-payload/1.0.0/set-payload.schema.json';

/** The destination's part of the Submission API. */
export interface SubmissionApi {
  waiting(destinationId: string): Promise<{ submissionId: string; caseId: string }[]>;
  submission(submissionId: string): Promise<FitConnectSubmission>;
  attachment(submissionId: string, attachmentId: string): Promise<string>;
  /** Posts a signed SET to the case's event log. */
  event(caseId: string, set: string): Promise<void>;
}

/** A passing failure of the Submission API: try again on the next poll. */
export class SubmissionApiUnavailable extends Error {}

/** The Submission API over HTTP (`baseUrl` up to and including `/v1`). */
export function submissionApi(baseUrl: string, bearer?: () => Promise<string>): SubmissionApi {
  const call = async (path: string, init: RequestInit = {}) => {
    let res: Response;
    try {
      res = await fetch(`${baseUrl}${path}`, {
        ...init,
        headers: {
          ...(init.headers as Record<string, string>),
          ...(bearer ? { authorization: `Bearer ${await bearer()}` } : {}),
        },
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      throw new SubmissionApiUnavailable(`Submission API unreachable: ${(err as Error).message}`);
    }
    if (!res.ok) {
      const text = await res.text().catch(() => '');
      throw new SubmissionApiUnavailable(`Submission API ${path}: ${res.status} ${text}`);
    }
    return res;
  };
  return {
    async waiting(destinationId) {
      const all: { submissionId: string; caseId: string }[] = [];
      for (let offset = 0; ;) {
        const page = (await (
          await call(
            `/submissions?${new URLSearchParams({ destinationId, offset: String(offset), limit: '100' })}`,
          )
        ).json()) as {
          submissions: { submissionId: string; caseId: string }[];
          totalCount: number;
        };
        all.push(...page.submissions);
        offset += page.submissions.length;
        if (page.submissions.length === 0 || offset >= page.totalCount) return all;
      }
    },
    async submission(id) {
      return (await (
        await call(`/submissions/${encodeURIComponent(id)}`)
      ).json()) as FitConnectSubmission;
    },
    async attachment(id, attachmentId) {
      return (
        await call(
          `/submissions/${encodeURIComponent(id)}/attachments/${encodeURIComponent(attachmentId)}`,
        )
      ).text();
    },
    async event(caseId, set) {
      const res = await call(`/cases/${encodeURIComponent(caseId)}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/jose' },
        body: set,
      });
      await res.body?.cancel();
    },
  };
}

export interface PullOutcome {
  submissionId: string;
  /** accepted: a case runs for it; rejected: refused for good; retry: left for the next poll. */
  outcome: 'accepted' | 'rejected' | 'retry';
  caseId?: string;
  problems?: { field: string; reason: string }[];
  reason?: string;
}

export interface FitConnectPullerOptions {
  api: SubmissionApi;
  intake: SubmissionIntake<FitConnectSubmission>;
  destinationId: string;
  /** The destination's private signing key (JWK with alg PS512, or a KeyLike) and its kid. */
  signingKey: JWK | KeyLike;
  signingKid?: string;
  /** Where cases start, as the intake's account. */
  gateway: { url: string; token: () => Promise<string> };
}

export class FitConnectPuller {
  private key?: Promise<KeyLike | Uint8Array>;

  constructor(private readonly options: FitConnectPullerOptions) {}

  /** One round: every waiting submission taken, refused, or left for the next round. */
  async pollOnce(): Promise<PullOutcome[]> {
    const waiting = await this.options.api.waiting(this.options.destinationId);
    const outcomes: PullOutcome[] = [];
    for (const w of waiting) outcomes.push(await this.take(w.submissionId));
    return outcomes;
  }

  /** Polls every `intervalMs` until stopped; a failed round is tried again next time. */
  start(intervalMs: number, onRound?: (o: PullOutcome[] | Error) => void): { stop(): void } {
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const round = async () => {
      try {
        onRound?.(await this.pollOnce());
      } catch (err) {
        onRound?.(err as Error);
      }
      if (!stopped) timer = setTimeout(() => void round(), intervalMs);
    };
    timer = setTimeout(() => void round(), 0);
    return {
      stop: () => {
        stopped = true;
        clearTimeout(timer);
      },
    };
  }

  private async take(submissionId: string): Promise<PullOutcome> {
    const { api, intake, gateway } = this.options;
    try {
      const submission = await api.submission(submissionId);
      const encryptedAttachments: Record<string, string> = {};
      for (const id of submission.attachments ?? [])
        encryptedAttachments[id] = await api.attachment(submissionId, id);
      let opened;
      try {
        opened = await intake.open({ ...submission, encryptedAttachments });
      } catch (err) {
        if (!(err instanceof SubmissionRejected)) throw err;
        return this.reject(submission, [{ field: err.field, reason: err.reason }]);
      }
      const started = await startSubmission(opened, gateway);
      if (started.status === 200 || started.status === 201) {
        const failed = started.documents.find((d) => d.status >= 500 || d.status === 0);
        if (failed) return { submissionId, outcome: 'retry', reason: `document ${failed.status}` };
        await api.event(
          submission.caseId,
          await this.set(submission, SET_EVENTS.accept, {
            authenticationTags: {
              metadata: tag(submission.encryptedMetadata),
              data: tag(submission.encryptedData),
              attachments: Object.fromEntries(
                Object.entries(encryptedAttachments).map(([id, jwe]) => [id, tag(jwe)]),
              ),
            },
          }),
        );
        return { submissionId, outcome: 'accepted', caseId: started.caseId };
      }
      if (
        started.status >= 400 &&
        started.status < 500 &&
        ![401, 408, 409, 429].includes(started.status)
      )
        return this.reject(
          submission,
          started.problem?.errors?.length
            ? started.problem.errors
            : [{ field: '/', reason: started.problem?.detail ?? `refused (${started.status})` }],
        );
      return { submissionId, outcome: 'retry', reason: `gateway ${started.status}` };
    } catch (err) {
      return { submissionId, outcome: 'retry', reason: (err as Error).message };
    }
  }

  private async reject(
    submission: FitConnectSubmission,
    problems: { field: string; reason: string }[],
  ): Promise<PullOutcome> {
    await this.options.api.event(
      submission.caseId,
      await this.set(submission, SET_EVENTS.reject, {
        problems: problems.map((p) => ({
          type: 'https://schema.fitko.de/fit-connect/events/problems/invalid-submission',
          title: 'Submission refused',
          detail: `${p.field}: ${p.reason}`,
          instance: p.field,
        })),
      }),
    );
    return { submissionId: submission.submissionId, outcome: 'rejected', problems };
  }

  private async set(submission: FitConnectSubmission, event: string, payload: object) {
    const key = (this.key ??= isJwk(this.options.signingKey)
      ? importJWK(this.options.signingKey, 'PS512')
      : Promise.resolve(this.options.signingKey));
    return new SignJWT({
      $schema: SET_SCHEMA,
      events: { [event]: payload },
      txn: `case:${submission.caseId}`,
    })
      .setProtectedHeader({
        alg: 'PS512',
        typ: 'secevent+jwt',
        ...(this.options.signingKid ? { kid: this.options.signingKid } : {}),
      })
      .setIssuer(this.options.destinationId)
      .setSubject(`submission:${submission.submissionId}`)
      .setJti(randomUUID())
      .setIssuedAt()
      .sign(await key);
  }
}

/** A JWE's authentication tag: the last part of its compact serialisation. */
const tag = (jwe: string) => jwe.split('.')[4] ?? '';
const isJwk = (k: JWK | KeyLike): k is JWK => typeof (k as JWK).kty === 'string';
