import { Ajv } from 'ajv';
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  checkDeployment,
  repositoryContext,
} from '../../processes/model-checks/check-deployment.js';
import { moddle } from '../../processes/model-checks/lint.js';
import { BUSINESS_KEY_IN, ZEEBE_NAMESPACE } from '../../processes/model-checks/rules.js';
import {
  allFormPaths,
  allResourcePaths,
  loadProcedures,
  PROCESSES_DIR,
} from '../../processes/registry.js';
import { ELEMENT_TEMPLATE_SCHEMA, elementTemplate } from '../../workers/element-templates.js';
import { allWorkers, type WorkerStores } from '../../workers/registry.js';

/**
 * Contract between models and code: every external task topic in every BPMN has exactly one
 * worker and every worker is used by some model; every BPMN error a worker may throw is caught
 * on each of its tasks; every procedure's messages and called decisions exist in its models;
 * every call activity passes the case id as business key and what the called procedure needs;
 * nothing of the Zeebe dialect is left; the element templates for the modeler are valid
 * Camunda 7 templates.
 */
interface ModdleElement {
  $type: string;
  id?: string;
  name?: string;
  flowElements?: ModdleElement[];
  rootElements?: ModdleElement[];
  eventDefinitions?: ModdleElement[];
  extensionElements?: { values?: ModdleElement[] };
  attachedToRef?: ModdleElement;
  errorRef?: ModdleElement;
  [key: string]: unknown;
}

interface ParsedModel {
  file: string;
  xml: string;
  definitions: ModdleElement;
  elements: ModdleElement[];
}

const ROOT = path.resolve(PROCESSES_DIR, '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const bpmnFiles = allResourcePaths().filter((f) => f.endsWith('.bpmn'));
const dmnFiles = allResourcePaths().filter((f) => f.endsWith('.dmn'));
const unused = 'http://unused';
const workers = allWorkers(
  { ba: unused, recognition: unused, mission: unused, bva: unused, azr: unused, eat: unused },
  // Only the definitions are inspected here: no handler runs, so no store is needed.
  {} as WorkerStores,
);

const flowElements = (c: ModdleElement): ModdleElement[] =>
  (c.flowElements ?? []).flatMap((e) => [e, ...flowElements(e)]);

const models: ParsedModel[] = [];
const externalTasks = () =>
  models.flatMap((m) =>
    m.elements
      .filter((e) => e.type === 'external')
      .map((e) => ({ file: m.file, id: e.id!, topic: e.topic as string })),
  );

describe('contract: models and workers', () => {
  before(async () => {
    for (const file of bpmnFiles) {
      const xml = readFileSync(file, 'utf8');
      const definitions = (await moddle.fromXML(xml)).rootElement as ModdleElement;
      const elements = (definitions.rootElements ?? [])
        .filter((e) => e.$type === 'bpmn:Process')
        .flatMap(flowElements);
      models.push({ file: path.relative(ROOT, file), xml, definitions, elements });
    }
  });

  it('finds the models', () => {
    expect(models.length).to.be.greaterThan(0);
    expect(externalTasks().length).to.be.greaterThan(0);
  });

  it('makes every service task an external task with a fixed topic', () => {
    for (const m of models)
      for (const e of m.elements.filter((x) => x.$type === 'bpmn:ServiceTask')) {
        expect(e.type, `${m.file}: ${e.id}`).to.equal('external');
        expect(e.topic, `${m.file}: ${e.id} topic`).to.match(/^[a-z]+(\.[a-z-]+)+$/);
      }
  });

  it('has exactly one worker for every topic in the models', () => {
    for (const t of externalTasks()) {
      const matching = workers.filter((w) => w.type === t.topic);
      expect(matching, `${t.topic} in ${t.file}`).to.have.length(1);
    }
  });

  it('uses every worker in some model', () => {
    for (const w of workers)
      expect(
        externalTasks().filter((t) => t.topic === w.type).length,
        `worker ${w.type} is used by no model`,
      ).to.be.greaterThan(0);
  });

  it('catches every BPMN error a worker may throw on each of its tasks, and no other', () => {
    for (const m of models) {
      const caught = (taskId: string) =>
        m.elements
          .filter((e) => e.$type === 'bpmn:BoundaryEvent' && e.attachedToRef?.id === taskId)
          .flatMap((e) => e.eventDefinitions ?? [])
          .filter((d) => d.$type === 'bpmn:ErrorEventDefinition')
          .map((d) => d.errorRef?.errorCode);
      for (const t of externalTasks().filter((x) => x.file === m.file)) {
        const worker = workers.find((w) => w.type === t.topic);
        expect(caught(t.id).sort(), `${m.file}: errors caught on ${t.id}`).to.deep.equal(
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
      const own = models.filter((m) =>
        p.resourcePaths.some((r) => path.relative(ROOT, r) === m.file),
      );
      const processIds = own.flatMap((m) =>
        (m.definitions.rootElements ?? [])
          .filter((e) => e.$type === 'bpmn:Process')
          .map((e) => e.id),
      );
      expect(processIds, `${p.procedure}: process ${p.bpmnProcessId}`).to.include(p.bpmnProcessId);
      const messageNames = own.flatMap((m) =>
        (m.definitions.rootElements ?? [])
          .filter((e) => e.$type === 'bpmn:Message')
          .map((e) => e.name),
      );
      for (const name of Object.keys(p.messages))
        expect(messageNames, `${p.procedure}: message ${name}`).to.include(name);
      const elements = own.flatMap((m) => m.elements);
      for (const e of elements.filter((x) => x.$type === 'bpmn:BusinessRuleTask'))
        expect(decisionIds, `${p.procedure}: decision of ${e.id}`).to.include(e.decisionRef);
      const called = elements
        .filter((e) => e.$type === 'bpmn:CallActivity')
        .map((e) => e.calledElement as string);
      expect([...new Set(called)].sort(), `${p.procedure}: calls`).to.deep.equal(
        [...p.calls].sort(),
      );
      const ids = new Set(elements.map((e) => e.id));
      for (const elementId of Object.keys(p.stages))
        expect(ids.has(elementId), `${p.procedure}: stage ${elementId}`).to.equal(true);
    }
  });

  it('passes the case id as business key into every called procedure', () => {
    for (const m of models)
      for (const call of m.elements.filter((e) => e.$type === 'bpmn:CallActivity')) {
        const ins = (call.extensionElements?.values ?? []).filter((v) => v.$type === 'camunda:In');
        expect(
          ins.map((i) => i.businessKey).filter(Boolean),
          `${m.file}: ${call.id} business key`,
        ).to.deep.equal([BUSINESS_KEY_IN]);
      }
  });

  it('passes the deployment checks as they are (workers, forms, decisions, calls and what they pass)', async () => {
    const resources = [...allFormPaths(), ...allResourcePaths()]
      .filter((f, i, all) => all.indexOf(f) === i)
      .map((f) => ({ name: path.basename(f), content: readFileSync(f, 'utf8') }));
    const ctx = repositoryContext(
      loadProcedures(),
      workers.map((w) => w.type),
    );
    expect(await checkDeployment(resources, ctx)).to.deep.equal([]);
  });

  it('leaves nothing of the Zeebe dialect in any model or form', () => {
    for (const f of [...bpmnFiles, ...dmnFiles, ...allFormPaths()]) {
      const text = readFileSync(f, 'utf8');
      expect(text, path.relative(ROOT, f)).to.not.include(ZEEBE_NAMESPACE);
      expect(text.toLowerCase(), path.relative(ROOT, f)).to.not.include('zeebe');
    }
    for (const m of models) {
      expect(m.xml, m.file).to.include('xmlns:camunda="http://camunda.org/schema/1.0/bpmn"');
      expect(m.xml, m.file).to.include(
        'modeler:executionPlatform="Camunda Platform" modeler:executionPlatformVersion="7.22.0"',
      );
      for (const p of (m.definitions.rootElements ?? []).filter(
        (e) => e.$type === 'bpmn:Process',
      )) {
        expect(p.isExecutable, `${m.file}: ${p.id} executable`).to.equal(true);
        expect(p.historyTimeToLive, `${m.file}: ${p.id} history TTL`).to.match(/^P\d+D$/);
      }
    }
    for (const f of dmnFiles) {
      const xml = readFileSync(f, 'utf8');
      const decisions = [...xml.matchAll(/<decision\s[^>]*>/g)].map((d) => d[0]);
      expect(decisions.length, f).to.be.greaterThan(0);
      for (const d of decisions)
        expect(d, `${path.relative(ROOT, f)}: history TTL`).to.match(
          /camunda:historyTimeToLive="P\d+D"/,
        );
      expect(xml, f).to.not.match(/typeRef="number"/); // the engine's DMN knows double, not number
    }
  });

  it('generates a valid Camunda 7 element template for every worker', () => {
    const schema =
      require('@camunda/element-templates-json-schema/resources/schema.json') as object;
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    const templates = workers.map((w) => elementTemplate(w as never));
    expect(validate(templates), JSON.stringify(validate.errors, null, 2)).to.equal(true);
    for (const [i, t] of templates.entries()) {
      const w = workers[i]!;
      expect(t.$schema).to.equal(ELEMENT_TEMPLATE_SCHEMA);
      expect(t.id).to.equal(`wsa.${w.type}`);
      const bound = (name: string) =>
        t.properties.find((p) => p.binding.type === 'property' && p.binding.name === name);
      expect(bound('camunda:type')).to.include({ type: 'Hidden', value: 'external' });
      expect(bound('camunda:topic')).to.include({ type: 'Hidden', value: w.type });
      const inputs = t.properties.filter((p) => p.binding.type === 'camunda:inputParameter');
      expect(inputs.map((p) => p.binding.name)).to.deep.equal(
        Object.keys((w.inputSchema as { properties?: object }).properties ?? {}),
      );
    }
  });
});
