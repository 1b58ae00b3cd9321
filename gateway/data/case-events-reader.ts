import type { Queryable } from '../../common/db.js';
import {
  lastCaseEventId,
  readCaseEvents,
  type StoredCaseEvent,
} from '../../read-model/case-events.js';

/** The cases' events as the projector stored them (`read_model.case_events`), by id. */
export class CaseEventsReader {
  constructor(private readonly db: Queryable) {}

  after(id: string, limit: number): Promise<StoredCaseEvent[]> {
    return readCaseEvents(this.db, id, limit);
  }

  last(): Promise<string> {
    return lastCaseEventId(this.db);
  }
}
