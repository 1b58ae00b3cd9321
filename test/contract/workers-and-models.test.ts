import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { allResourcePaths, loadProcedures } from '../../processes/registry.js';
import { allWorkers, type WorkerStores } from '../../workers/registry.js';

/**
 * Contract between models and code: every `zeebe:taskDefinition type` in every BPMN has
 * exactly one worker; every worker is used by some model, with the retries it declares;
 * every procedure's messages and called decisions exist in its models.
 */
const bpmnFiles = allResourcePaths().filter((f) => f.endsWith('.bpmn'));
const dmnFiles = allResourcePaths().filter((f) => f.endsWith('.dmn'));
const taskDefinitions = bpmnFiles.flatMap((file) =>
  [
    ...readFileSync(file, 'utf8').matchAll(
      /<zeebe:taskDefinition\s+type="([^"]+)"(?:\s+retries="(\d+)")?/g,
    ),
  ].map((m) => ({ file, type: m[1]!, retries: m[2] })),
);
const unused = 'http://unused';
const workers = allWorkers(
  { ba: unused, recognition: unused, mission: unused, bva: unused, azr: unused, eat: unused },
  // Only the definitions are inspected here: no handler runs, so no store is needed.
  {} as WorkerStores,
);

describe('contract: models and workers', () => {
  it('finds the models', () => {
    expect(bpmnFiles.length).to.be.greaterThan(0);
    expect(taskDefinitions.length).to.be.greaterThan(0);
  });

  it('has exactly one worker for every task type in the models', () => {
    for (const t of taskDefinitions) {
      const matching = workers.filter((w) => w.type === t.type);
      expect(matching, `${t.type} in ${t.file}`).to.have.length(1);
    }
  });

  it('uses every worker in some model, with the retries the worker declares', () => {
    for (const w of workers) {
      const uses = taskDefinitions.filter((t) => t.type === w.type);
      expect(uses.length, `worker ${w.type} is used by no model`).to.be.greaterThan(0);
      for (const u of uses)
        expect(Number(u.retries ?? 3), `${w.type} retries in ${u.file}`).to.equal(w.retries);
    }
  });

  it('catches every BPMN error a worker may throw on each of its tasks, and no other', () => {
    for (const file of bpmnFiles) {
      const xml = readFileSync(file, 'utf8');
      const errorCodes = new Map(
        [...xml.matchAll(/<bpmn:error id="([^"]+)"[^>]*errorCode="([^"]+)"/g)].map((m) => [
          m[1]!,
          m[2]!,
        ]),
      );
      const caught = (taskId: string) =>
        [
          ...xml.matchAll(
            new RegExp(
              `<bpmn:boundaryEvent[^>]*attachedToRef="${taskId}"[\\s\\S]*?</bpmn:boundaryEvent>`,
              'g',
            ),
          ),
        ].flatMap((m) => {
          const ref = /errorRef="([^"]+)"/.exec(m[0])?.[1];
          return ref ? [errorCodes.get(ref)] : [];
        });
      for (const m of xml.matchAll(
        /<bpmn:serviceTask id="([^"]+)"[^>]*>(?:(?!<\/bpmn:serviceTask>)[\s\S])*?zeebe:taskDefinition type="([^"]+)"/g,
      )) {
        const worker = workers.find((w) => w.type === m[2]);
        expect(caught(m[1]!).sort(), `${file}: errors caught on ${m[1]}`).to.deep.equal(
          [...(worker?.bpmnErrorCodes ?? [])].sort(),
        );
      }
    }
  });

  it('declares each procedure message in its BPMN and each called decision in a DMN', () => {
    const decisionIds = dmnFiles.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/<decision\s+id="([^"]+)"/g)].map((m) => m[1]),
    );
    for (const p of loadProcedures().values()) {
      const bpmn = p.resourcePaths
        .filter((f) => f.endsWith('.bpmn'))
        .map((f) => readFileSync(f, 'utf8'))
        .join('\n');
      expect(bpmn, `${p.procedure}: process ${p.bpmnProcessId}`).to.include(
        `<bpmn:process id="${p.bpmnProcessId}"`,
      );
      for (const name of Object.keys(p.messages))
        expect(bpmn, `${p.procedure}: message ${name}`).to.include(`name="${name}"`);
      for (const m of bpmn.matchAll(/calledDecision decisionId="([^"]+)"/g))
        expect(decisionIds, `${p.procedure}: decision ${m[1]}`).to.include(m[1]);
      const called = [...bpmn.matchAll(/calledElement processId="([^"]+)"/g)].map((m) => m[1]);
      expect([...new Set(called)].sort(), `${p.procedure}: calls`).to.deep.equal(
        [...p.calls].sort(),
      );
      for (const elementId of Object.keys(p.stages))
        expect(bpmn, `${p.procedure}: stage ${elementId}`).to.include(`id="${elementId}"`);
    }
  });
});
