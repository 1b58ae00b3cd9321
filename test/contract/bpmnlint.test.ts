import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { allResourcePaths, PROCESSES_DIR } from '../../processes/registry.js';
import {
  isLintError as isError,
  lintBpmn,
  LINT_CONFIG as config,
  newLinter,
} from '../../processes/model-checks/lint.js';

/**
 * Every BPMN model passes bpmnlint with the repository's .bpmnlintrc: bpmnlint's recommended
 * rules plus the Camunda compatibility rules of the engine we run (Zeebe 8.5). Same config as
 * `npm run lint:bpmn` and the deployment checks (processes/model-checks/lint.ts).
 */
const ROOT = path.resolve(PROCESSES_DIR, '..');
const linter = newLinter();
const bpmnFiles = allResourcePaths().filter((f) => f.endsWith('.bpmn'));
const lintXml = async (xml: string) => (await lintBpmn(xml)).problems;

describe('contract: bpmnlint (recommended + camunda-compat for Zeebe 8.5)', () => {
  it('uses a configuration that includes the camunda-compat rules for 8.5', async () => {
    expect(config.extends).to.include('plugin:camunda-compat/camunda-cloud-8-5');
    const rules = await linter.resolveConfiguredRules(config);
    const compat = Object.keys(rules).filter((name) => name.startsWith('camunda-compat/'));
    expect(compat.length, 'camunda-compat rules in the resolved config').to.be.greaterThan(0);
    expect(rules).to.have.property('camunda-compat/implementation'); // zeebe:taskDefinition
  });

  it('finds the models', () => {
    expect(bpmnFiles.length).to.be.greaterThan(0);
  });

  it('reports no errors in any model', async () => {
    const errors: string[] = [];
    for (const file of bpmnFiles)
      for (const p of (await lintXml(readFileSync(file, 'utf8'))).filter(isError))
        errors.push(`${path.relative(ROOT, file)}: ${p.elementId || '-'} [${p.rule}] ${p.message}`);
    expect(errors, `bpmnlint errors:\n  ${errors.join('\n  ')}\n`).to.deep.equal([]);
  });

  it('reports a service task without zeebe:taskDefinition (the compat rules are active)', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Defs" targetNamespace="urn:test">
  <bpmn:process id="lint-negative" isExecutable="true">
    <bpmn:startEvent id="Start"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:serviceTask id="NoTaskDefinition" name="No task definition">
      <bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:endEvent id="End"><bpmn:incoming>F2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="NoTaskDefinition" />
    <bpmn:sequenceFlow id="F2" sourceRef="NoTaskDefinition" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;
    const errors = (await lintXml(xml)).filter(isError);
    const missing = errors.find(
      (p) => p.rule === 'camunda-compat/implementation' && p.elementId === 'NoTaskDefinition',
    );
    expect(missing, JSON.stringify(errors, null, 2)).to.not.equal(undefined);
    expect(missing?.message).to.include('zeebe:TaskDefinition');
  });
});
