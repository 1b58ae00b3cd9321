import { createHash } from 'node:crypto';
import type { Queryable } from '../../common/db.js';

/**
 * The record of what was sent to which partner system (authority), when: the field names of
 * each request body, never their values (the person's copy, Art. 15 (1) (c) GDPR, says
 * which authorities received which data). Written after the partner took the call; a retried
 * call with the same idempotency key is one record. Erased with the case data.
 */
/** What of a partner call the record needs (http.ts `PartnerCall`). */
export interface SentCall {
  method: string;
  url: string;
  body?: unknown;
  idempotencyKey?: string;
}

export type TransferRecorder = (call: SentCall, at: Date) => Promise<void>;

let recorder: TransferRecorder | null = null;

/** Set once by the workers process (workers/main.ts); tests of single handlers leave it off. */
export function recordTransfersWith(r: TransferRecorder | null): void {
  recorder = r;
}

export async function recordTransfer(call: SentCall): Promise<void> {
  if (recorder && call.method !== 'GET') await recorder(call, new Date());
}

/** The field paths of a JSON body (`applicant.familyName`, `documents[]`), sorted. */
export function fieldPaths(body: unknown, prefix = ''): string[] {
  if (Array.isArray(body))
    return [...new Set(body.flatMap((b) => fieldPaths(b, `${prefix}[]`)))].sort();
  if (body && typeof body === 'object')
    return Object.entries(body)
      .flatMap(([k, v]) => {
        const path = prefix ? `${prefix}.${k}` : k;
        const inner = fieldPaths(v, path);
        return inner.length > 0 ? inner : [path];
      })
      .sort();
  return prefix ? [prefix] : [];
}

/** A recorder into `read_model.data_transfers`; the recipient is the partner whose URL it is. */
export function storeTransfers(
  db: Queryable,
  partnerUrls: Record<string, string>,
): TransferRecorder {
  const partners = Object.entries(partnerUrls).sort((a, b) => b[1].length - a[1].length);
  return async (call, at) => {
    const recipient = partners.find(([, url]) => call.url.startsWith(url))?.[0] ?? 'unknown';
    const endpoint = new URL(call.url).pathname;
    const body = call.body as { caseId?: unknown } | undefined;
    const caseId = typeof body?.caseId === 'string' ? body.caseId : null;
    // The idempotency key of a task's call is `<process instance>:<activity instance>`.
    const instance = call.idempotencyKey?.split(':')[0] ?? null;
    const id = createHash('sha256')
      .update(`${call.idempotencyKey ?? at.toISOString()}|${call.method}|${call.url}`)
      .digest('hex')
      .slice(0, 32);
    await db.query(
      `insert into read_model.data_transfers
         (id, process_instance_id, case_id, recipient, endpoint, fields, at)
       values ($1, $2, $3, $4, $5, $6, $7) on conflict (id) do nothing`,
      [id, instance, caseId, recipient.toUpperCase(), endpoint, fieldPaths(call.body), at],
    );
  };
}
