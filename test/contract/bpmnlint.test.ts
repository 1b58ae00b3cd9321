import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { allResourcePaths, PROCESSES_DIR } from '../../processes/registry.js';
import {
  BPMNLINTRC,
  isLintError as isError,
  lintBpmn,
  LINT_CONFIG,
  newLinter,
} from '../../processes/model-checks/lint.js';
import { ZEEBE_NAMESPACE } from '../../processes/model-checks/rules.js';

/**
 * Every BPMN model passes bpmnlint with the repository's .bpmnlintrc — bpmnlint's recommended
 * rules plus camunda-compat's rules for the newest Camunda 7 level it knows (Operaton runs the
 * Camunda 7 dialect) — and the project's own rules (processes/model-checks/rules.ts). Same
 * configuration as the deployment checks; `npm run lint:bpmn` runs .bpmnlintrc alone.
 */
const ROOT = path.resolve(PROCESSES_DIR, '..');
const require = createRequire(path.join(ROOT, 'package.json'));
const linter = newLinter();
const bpmnFiles = allResourcePaths().filter((f) => f.endsWith('.bpmn'));
const lintXml = async (xml: string) => (await lintBpmn(xml)).problems;

/** The newest `camunda-platform-7-<minor>` config of the installed camunda-compat plugin. */
function newestCamunda7Config(): string {
  const plugin = require('bpmnlint-plugin-camunda-compat') as { configs: Record<string, unknown> };
  const minors = Object.keys(plugin.configs)
    .map((name) => /^camunda-platform-7-(\d+)$/.exec(name)?.[1])
    .filter((m): m is string => m !== undefined)
    .map(Number);
  return `plugin:camunda-compat/camunda-platform-7-${Math.max(...minors)}`;
}

const model = (body: string, processAttrs = 'camunda:historyTimeToLive="P1095D"') =>
  `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Defs" targetNamespace="urn:test">
  <bpmn:process id="lint-negative" isExecutable="true" ${processAttrs}>
    <bpmn:startEvent id="Start"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    ${body}
    <bpmn:endEvent id="End"><bpmn:incoming>F2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Task" />
    <bpmn:sequenceFlow id="F2" sourceRef="Task" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;

const externalTask = `<bpmn:serviceTask id="Task" camunda:type="external" camunda:topic="ba.submit-zustimmung-request">
      <bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing>
    </bpmn:serviceTask>`;

describe('contract: bpmnlint (recommended + camunda-compat for Camunda 7 + project rules)', () => {
  it('uses the recommended rules and the newest Camunda 7 config of camunda-compat, with the camunda moddle', async () => {
    expect(BPMNLINTRC.extends).to.deep.equal(['bpmnlint:recommended', newestCamunda7Config()]);
    expect(BPMNLINTRC.moddleExtensions).to.deep.equal({
      camunda: 'camunda-bpmn-moddle/resources/camunda.json',
    });
    // the engine refuses a process without history time to live: an error, not a hint
    expect(BPMNLINTRC.rules).to.deep.equal({ 'camunda-compat/history-time-to-live': 'error' });
    const rules = await linter.resolveConfiguredRules(LINT_CONFIG);
    expect(rules).to.include({ 'camunda-compat/history-time-to-live': 'error' });
    expect(rules, 'bpmnlint:recommended').to.include({
      'label-required': 'error',
      'no-bpmndi': 'error',
    });
    for (const rule of ['external-task', 'user-task', 'call-activity', 'expression', 'no-zeebe'])
      expect(rules, rule).to.have.property(`wsa/${rule}`, 'error');
  });

  it('finds the models', () => {
    expect(bpmnFiles.length).to.be.greaterThan(0);
  });

  it('reports no problems in any model', async () => {
    const problems: string[] = [];
    for (const file of bpmnFiles)
      for (const p of await lintXml(readFileSync(file, 'utf8')))
        problems.push(
          `${path.relative(ROOT, file)}: ${p.elementId || '-'} [${p.rule}] ${p.message}`,
        );
    expect(problems, `bpmnlint problems:\n  ${problems.join('\n  ')}\n`).to.deep.equal([]);
  });

  // The negative models below have no diagram and no labels: only the Camunda and project
  // rules are looked at.
  const ours = (p: { rule: string }) => /^(camunda-compat|wsa)\//.test(p.rule);

  it('finds nothing of ours in a minimal external task model', async () => {
    expect((await lintXml(model(externalTask))).filter(ours)).to.deep.equal([]);
  });

  it('reports a process without history time to live (the compat rules are active)', async () => {
    const errors = (await lintXml(model(externalTask, ''))).filter(isError).filter(ours);
    expect(errors.map((p) => [p.rule, p.elementId])).to.deep.equal([
      ['camunda-compat/history-time-to-live', 'lint-negative#historyTimeToLive'],
    ]);
  });

  it('reports a service task that is no external task with a topic', async () => {
    const errors = (
      await lintXml(
        model(`<bpmn:serviceTask id="Task" name="No implementation">
      <bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing>
    </bpmn:serviceTask>`),
      )
    ).filter(isError);
    const messages = errors.filter((p) => p.rule === 'wsa/external-task' && p.elementId === 'Task');
    expect(messages.map((p) => p.message)).to.deep.equal([
      'must be an external task (camunda:type="external")',
      'must have a camunda:topic',
    ]);
  });

  it('reports a user task without form or with several groups, and a call without the business key', async () => {
    const userTask = (
      await lintXml(
        model(`<bpmn:userTask id="Task" camunda:candidateGroups="ABH, BA">
      <bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing>
    </bpmn:userTask>`),
      )
    ).filter((p) => p.rule === 'wsa/user-task');
    expect(userTask.map((p) => p.message)).to.deep.equal([
      'must link a deployed form (camunda:formRef)',
      'must have exactly one candidate group (camunda:candidateGroups)',
    ]);
    const call = (
      await lintXml(
        model(`<bpmn:callActivity id="Task" calledElement="ba-approval">
      <bpmn:extensionElements><camunda:in variables="all" /></bpmn:extensionElements>
      <bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing>
    </bpmn:callActivity>`),
      )
    ).filter((p) => p.rule === 'wsa/call-activity');
    expect(call.map((p) => p.elementId)).to.deep.equal(['Task']);
  });

  it('reports Zeebe-style expressions and the Zeebe dialect', async () => {
    const zeebeStyle = (
      await lintXml(
        model(`<bpmn:serviceTask id="Task" camunda:type="external" camunda:topic="t">
      <bpmn:extensionElements><camunda:inputOutput>
        <camunda:inputParameter name="a">=caseId</camunda:inputParameter>
        <camunda:outputParameter name="b"><camunda:script scriptFormat="javascript">x</camunda:script></camunda:outputParameter>
      </camunda:inputOutput></bpmn:extensionElements>
      <bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:boundaryEvent id="Timer" attachedToRef="Task"><bpmn:timerEventDefinition>
      <bpmn:timeDuration>=period</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>`),
      )
    ).filter((p) => p.rule === 'wsa/expression');
    expect(zeebeStyle.map((p) => p.elementId).sort()).to.deep.equal(['Task', 'Task', 'Timer']);
    // Another prefix, the same namespace: found by namespace, not by name.
    const dialect = (
      await lintXml(
        model(externalTask)
          .replace('id="Defs"', `xmlns:z="${ZEEBE_NAMESPACE}" id="Defs"`)
          .replace(
            '<bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing>',
            '<bpmn:extensionElements><z:taskDefinition type="t" /></bpmn:extensionElements><bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing>',
          ),
      )
    ).filter((p) => p.rule === 'wsa/no-zeebe');
    expect(dialect.map((p) => p.elementId)).to.deep.equal(['Defs', 'Task']);
  });
});
