import type { Queryable } from '../../common/db.js';

/**
 * What the platform records about a case beyond its status, documents and notices: transfers
 * to authorities, accesses (the audit log), the retention plan and legal holds
 * (docs/data-protection.md). Read for a person's copy (Art. 15 GDPR).
 */
export interface TransferRecord {
  recipient: string;
  endpoint: string;
  fields: string[];
  at: string;
}
export interface AccessRecord {
  at: string;
  role: string;
  authority: string | null;
  organisation: string | null;
  action: string;
  status: number;
}
export interface RetentionRecord {
  outcome: string;
  endedAt: string;
  due: Record<string, string>;
  basis: Record<string, { period: string; legalBasis: string }>;
  erased: Record<string, string>;
}
export interface HoldRecord {
  reason: string;
  placedAt: string;
}

export class PersonalDataStore {
  constructor(private readonly db: Queryable) {}

  async transfers(caseId: string, instances: string[]): Promise<TransferRecord[]> {
    const { rows } = await this.db.query<{
      recipient: string;
      endpoint: string;
      fields: string[];
      at: Date;
    }>(
      `select recipient, endpoint, fields, at from read_model.data_transfers
        where case_id = $1 or process_instance_id = any($2::text[]) order by at, id`,
      [caseId, instances],
    );
    return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
  }

  async accesses(caseId: string): Promise<AccessRecord[]> {
    const { rows } = await this.db.query<{
      at: string;
      event: {
        actor: { role: string; authority?: string; organisation?: string };
        action: string;
        status: number;
      };
    }>(
      `select at, event from read_model.audit_log where case_id = $1 order by at, chain, seq
       limit 1000`,
      [caseId],
    );
    return rows.map(({ at, event }) => ({
      at,
      role: event.actor.role,
      authority: event.actor.authority ?? null,
      organisation: event.actor.organisation ?? null,
      action: event.action,
      status: event.status,
    }));
  }

  async retention(caseId: string): Promise<RetentionRecord | null> {
    const { rows } = await this.db.query<{
      outcome: string;
      ended_at: Date;
      due: RetentionRecord['due'];
      basis: RetentionRecord['basis'];
      erased: RetentionRecord['erased'];
    }>(
      'select outcome, ended_at, due, basis, erased from read_model.erasure_cases where case_id = $1',
      [caseId],
    );
    const r = rows[0];
    return r
      ? {
          outcome: r.outcome,
          endedAt: r.ended_at.toISOString(),
          due: r.due,
          basis: r.basis,
          erased: r.erased,
        }
      : null;
  }

  async holds(caseId: string): Promise<HoldRecord[]> {
    const { rows } = await this.db.query<{ reason: string; placed_at: Date }>(
      `select reason, placed_at from read_model.legal_holds
        where case_id = $1 and released_at is null order by placed_at`,
      [caseId],
    );
    return rows.map((r) => ({ reason: r.reason, placedAt: r.placed_at.toISOString() }));
  }
}
