import { expect } from 'chai';
import request from 'supertest';
import type { CaseStatus } from '../../gateway/use-cases/get-case-status.js';
import { eventually } from './harness.js';
import { newKey } from './fixtures.js';

/**
 * What every process test does through the gateway, as a client of the API: start a case,
 * read its status, wait for a stage, send a message.
 */
export class CaseClient {
  constructor(
    private readonly gatewayUrl: string,
    /** Whose status view the waits use. */
    private readonly viewerToken: string,
  ) {}

  async start(procedure: string, body: object, token = this.viewerToken): Promise<string> {
    const res = await request(this.gatewayUrl)
      .post(`/api/v1/procedures/${procedure}/cases`)
      .set('authorization', `Bearer ${token}`)
      .set('idempotency-key', newKey())
      .send(body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body.caseId as string;
  }

  async status(caseId: string, lang = 'en'): Promise<CaseStatus> {
    const res = await request(this.gatewayUrl)
      .get(`/api/v1/cases/${caseId}`)
      .set('authorization', `Bearer ${this.viewerToken}`)
      .set('accept-language', lang);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body as CaseStatus;
  }

  async until(
    caseId: string,
    what: string,
    ok: (s: CaseStatus) => boolean,
    timeoutMs?: number,
  ): Promise<CaseStatus> {
    let last: CaseStatus | undefined;
    try {
      return await eventually(
        async () => {
          last = await this.status(caseId);
          return ok(last) ? last : undefined;
        },
        what,
        timeoutMs,
      );
    } catch (err) {
      // Say where the case was, so a timeout tells what it waited for instead.
      const where = last
        ? `state ${last.state}, at [${last.currentStages.map((s) => s.elementId).join(', ')}], final ${last.finalStage?.elementId ?? '-'}, technical problem ${last.delayedByTechnicalProblem}`
        : 'no status';
      throw new Error(`${(err as Error).message} (case ${caseId}: ${where})`);
    }
  }

  /** Waits until the case is at this step (in any of its instances). */
  at(caseId: string, elementId: string, timeoutMs?: number): Promise<CaseStatus> {
    return this.until(
      caseId,
      `case at ${elementId}`,
      (s) => s.currentStages.some((st) => st.elementId === elementId),
      timeoutMs,
    );
  }

  finished(caseId: string): Promise<CaseStatus> {
    return this.until(caseId, 'case completed', (s) => s.state === 'COMPLETED');
  }

  completeTask(token: string, caseId: string, taskKey: string, result: object) {
    return request(this.gatewayUrl)
      .post(`/api/v1/cases/${caseId}/tasks/${taskKey}/completion`)
      .set('authorization', `Bearer ${token}`)
      .send(result);
  }

  /**
   * A caseworker works a user task as the tasklist does: waits until the task is open in
   * the case (as the caseworker sees it), then completes it with the form's result.
   */
  async decide(caseworkerToken: string, caseId: string, elementId: string, result: object) {
    const task = await eventually(async () => {
      const res = await request(this.gatewayUrl)
        .get(`/api/v1/cases/${caseId}`)
        .set('authorization', `Bearer ${caseworkerToken}`);
      return (res.body as CaseStatus).openTasks?.find((t) => t.elementId === elementId);
    }, `task ${elementId} open for the caseworker`);
    const res = await this.completeTask(caseworkerToken, caseId, task.taskKey, result);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return task.taskKey;
  }

  send(token: string, caseId: string, message: string, payload: object) {
    return request(this.gatewayUrl)
      .post(`/api/v1/cases/${caseId}/messages/${message}`)
      .set('authorization', `Bearer ${token}`)
      .set('idempotency-key', newKey())
      .send(payload);
  }
}
