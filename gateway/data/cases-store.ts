import type { Collection, Db } from 'mongodb';
import { isDuplicateKeyError } from '../../common/mongo.js';
import { Collections } from '../../projector/collections.js';

/**
 * The gateway's own record of a case: who started it, with which idempotency key, and
 * which process instance runs it. Everything about its progress comes from the projection.
 */
export interface CaseRecord {
  _id: string;
  procedure: string;
  /** `<subject>:<Idempotency-Key>`: unique, so one key starts at most one case. */
  idempotencyScope: string;
  requestHash: string;
  createdBy: string;
  createdByRole: string;
  employerId?: string;
  applicantId?: string;
  createdAt: Date;
  /** Null until the engine has created the instance (or the projector linked it). */
  processInstanceKey: string | null;
  startAttemptAt: Date;
}

export interface MessageDelivery {
  _id: string;
  caseId: string;
  messageName: string;
  sentBy: string;
  requestHash: string;
  at: Date;
}

export class CasesStore {
  private readonly cases: Collection<CaseRecord>;
  private readonly deliveries: Collection<MessageDelivery>;

  constructor(db: Db) {
    this.cases = db.collection<CaseRecord>(Collections.cases);
    this.deliveries = db.collection<MessageDelivery>('message_deliveries');
  }

  async ensureIndexes(): Promise<void> {
    await this.cases.createIndex({ idempotencyScope: 1 }, { unique: true });
    await this.cases.createIndex({ employerId: 1 });
    await this.cases.createIndex({ applicantId: 1 });
  }

  /** Inserts the case; returns the existing one instead if the idempotency scope is taken. */
  async insertOrGet(record: CaseRecord): Promise<{ created: boolean; record: CaseRecord }> {
    try {
      await this.cases.insertOne(record);
      return { created: true, record };
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      const existing = await this.cases.findOne({ idempotencyScope: record.idempotencyScope });
      if (!existing) throw err;
      return { created: false, record: existing };
    }
  }

  async get(caseId: string): Promise<CaseRecord | null> {
    return this.cases.findOne({ _id: caseId });
  }

  async linkInstance(caseId: string, processInstanceKey: string): Promise<void> {
    await this.cases.updateOne({ _id: caseId }, { $set: { processInstanceKey } });
  }

  async markStartAttempt(caseId: string, at: Date): Promise<void> {
    await this.cases.updateOne({ _id: caseId }, { $set: { startAttemptAt: at } });
  }

  /** Records a message delivery once; false if this idempotency key was used before. */
  async recordDelivery(
    d: MessageDelivery,
  ): Promise<{ first: boolean; existing?: MessageDelivery }> {
    try {
      await this.deliveries.insertOne(d);
      return { first: true };
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return {
        first: false,
        existing: (await this.deliveries.findOne({ _id: d._id })) ?? undefined,
      };
    }
  }

  async forgetDelivery(id: string): Promise<void> {
    await this.deliveries.deleteOne({ _id: id });
  }
}
