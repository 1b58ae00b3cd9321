import request from 'supertest';
import type { Harness } from './harness.js';

/** The account the modeler's dev sign-in picker uses for "process-owner". */
export const DEMO_OWNER = { subject: 'demo-process-owner', role: 'process-owner' as const };

/**
 * Discards every draft of the demo process owner. Drafts are kept on the server per owner and
 * model, and reopening a model offers its draft in a dialog: a browser test that edits a model
 * leaves one behind, which the next test opening that model would otherwise meet.
 */
export async function discardDemoOwnerDrafts(h: Harness): Promise<void> {
  const token = await h.token(DEMO_OWNER);
  const call = (method: 'get' | 'delete', p: string) =>
    request(h.gatewayUrl)[method](p).set('authorization', `Bearer ${token}`);
  const { body } = await call('get', '/api/v1/models/drafts');
  for (const d of body.drafts as { name: string }[])
    await call('delete', `/api/v1/models/drafts/${encodeURIComponent(d.name)}`);
}
