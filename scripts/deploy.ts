import path from 'node:path';
import type { ZeebeGrpcClient } from '../common/zeebe.js';
import { allResourcePaths } from '../processes/registry.js';

/**
 * Deploys every form under forms/ and every BPMN and DMN under processes/. The broker keeps one version per changed
 * resource; deploying unchanged files creates no new version.
 */
export async function deployAll(
  zeebe: ZeebeGrpcClient,
  log: (msg: string) => void = console.error,
): Promise<void> {
  await waitForLeader(zeebe);
  for (const file of allResourcePaths()) {
    const res = file.endsWith('.dmn')
      ? await zeebe.deployResource({ decisionFilename: file })
      : file.endsWith('.form')
        ? await zeebe.deployResource({ formFilename: file })
        : await zeebe.deployResource({ processFilename: file });
    const versions = res.deployments.map((d) => {
      const meta = d as unknown as {
        process?: { bpmnProcessId: string; version: number };
        decision?: { dmnDecisionId: string; version: number };
        form?: { formId: string; version: number };
      };
      return meta.process
        ? `${meta.process.bpmnProcessId} v${meta.process.version}`
        : meta.decision
          ? `${meta.decision.dmnDecisionId} v${meta.decision.version}`
          : meta.form
            ? `form ${meta.form.formId} v${meta.form.version}`
            : '';
    });
    log(`deployed ${path.relative(process.cwd(), file)} ${versions.filter(Boolean).join(', ')}`);
  }
}

/** The broker answers readiness before its partition has a leader; deployments need one. */
async function waitForLeader(zeebe: ZeebeGrpcClient, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const topology = await zeebe.topology();
      if (
        topology.brokers.some((b) =>
          b.partitions.some((p) => String(p.role) === 'LEADER' || String(p.role) === '0'),
        )
      )
        return;
    } catch {
      // not reachable yet
    }
    if (Date.now() > deadline) throw new Error('no partition leader after 60 s');
    await new Promise((r) => setTimeout(r, 250));
  }
}
