import { allFormPaths, type Procedure } from '../registry.js';
import { isLintError, lintBpmn } from './lint.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What a deployment must pass before it reaches the engine (issue 6: process owners deploy
 * through the gateway). Each check names the resource, the element and why:
 *   lint            bpmnlint (recommended + camunda-compat for Camunda 7 + the project's rules
 *                   in rules.ts: external tasks, forms, business key, no Zeebe dialect)
 *   job-type        every external task's topic has a worker (the check keeps its old name:
 *                   the API reports it)
 *   form            every user task's form exists (in the repository or in this deployment)
 *   decision        every business rule task's decision exists (same)
 *   called-process  every call activity calls a known process (same)
 *   engine          what the engine itself refuses when deploying
 *   call-contract   a call activity passes every variable the called procedure requires at
 *                   its start (its start schema's `required`): a `camunda:in` target, or an
 *                   input parameter when it passes its local variables
 *                   (`<camunda:in variables="all" local="true" />`); unless it passes all
 */
export interface DeploymentResource {
  name: string;
  content: string;
}

export type CheckName =
  | 'parse'
  | 'lint'
  | 'job-type'
  | 'form'
  | 'decision'
  | 'called-process'
  | 'call-contract'
  | 'engine';

export interface ModelProblem {
  resource: string;
  elementId: string;
  check: CheckName;
  message: string;
}

export interface DeploymentContext {
  /** The external task topics the workers implement. */
  jobTypes: Set<string>;
  /** The procedures in the repository (their processes, start schemas, decisions). */
  procedures: Map<string, Procedure>;
  /** Form ids in forms/. */
  formIds: Set<string>;
  /** Decision ids in the repository's DMN files. */
  decisionIds: Set<string>;
}

/** The context from the repository as it is (workers' topics given by the caller). */
export function repositoryContext(
  procedures: Map<string, Procedure>,
  jobTypes: Iterable<string>,
): DeploymentContext {
  const decisionIds = new Set<string>();
  for (const p of procedures.values())
    for (const f of p.resourcePaths.filter((r) => r.endsWith('.dmn')))
      for (const id of dmnDecisionIds(readFileSync(f, 'utf8'))) decisionIds.add(id);
  return {
    jobTypes: new Set(jobTypes),
    procedures,
    formIds: new Set(allFormPaths().map((f) => path.basename(f, '.form'))),
    decisionIds,
  };
}

export function dmnDecisionIds(xml: string): string[] {
  return [...xml.matchAll(/<(?:\w+:)?decision\s[^>]*\bid="([^"]+)"/g)].map((m) => m[1]!);
}

interface ModdleElement {
  $type: string;
  id?: string;
  flowElements?: ModdleElement[];
  rootElements?: ModdleElement[];
  extensionElements?: { values?: (ModdleElement & Record<string, unknown>)[] };
  [key: string]: unknown;
}

function extensions(el: ModdleElement, type: string): Record<string, unknown>[] {
  return el.extensionElements?.values?.filter((v) => v.$type === type) ?? [];
}

const isExpression = (value: string) => /[$#]\{/.test(value);

/**
 * The variables a call activity passes to the process it calls, or null when it passes all
 * of them (`<camunda:in variables="all" />`).
 */
function passedVariables(callActivity: ModdleElement): Set<string> | null {
  const ins = extensions(callActivity, 'camunda:In');
  if (ins.some((i) => i.variables === 'all' && i.local !== true)) return null;
  const passed = new Set<string>();
  for (const i of ins) if (typeof i.target === 'string') passed.add(i.target);
  if (ins.some((i) => i.variables === 'all' && i.local === true))
    for (const io of extensions(callActivity, 'camunda:InputOutput'))
      for (const p of (io.inputParameters ?? []) as { name?: string }[])
        if (typeof p.name === 'string') passed.add(p.name);
  return passed;
}

function allFlowElements(container: ModdleElement): ModdleElement[] {
  return (container.flowElements ?? []).flatMap((e) => [e, ...allFlowElements(e)]);
}

export async function checkDeployment(
  resources: DeploymentResource[],
  ctx: DeploymentContext,
): Promise<ModelProblem[]> {
  const problems: ModelProblem[] = [];
  const forms = new Set(ctx.formIds);
  const decisions = new Set(ctx.decisionIds);
  const processes = new Map<string, Procedure | null>();
  for (const p of ctx.procedures.values()) processes.set(p.bpmnProcessId, p);

  // What the deployment itself brings (a model may use a form or decision it deploys).
  for (const r of resources) {
    if (r.name.endsWith('.form')) {
      try {
        const id = (JSON.parse(r.content) as { id?: unknown }).id;
        if (typeof id !== 'string' || id === '') throw new Error('the form has no id');
        forms.add(id);
      } catch (err) {
        problems.push({
          resource: r.name,
          elementId: '',
          check: 'parse',
          message: (err as Error).message,
        });
      }
    } else if (r.name.endsWith('.dmn')) {
      const ids = dmnDecisionIds(r.content);
      if (ids.length === 0)
        problems.push({
          resource: r.name,
          elementId: '',
          check: 'parse',
          message: 'no decision in the DMN',
        });
      ids.forEach((id) => decisions.add(id));
    } else if (r.name.endsWith('.bpmn')) {
      for (const m of r.content.matchAll(/<(?:\w+:)?process\s[^>]*\bid="([^"]+)"/g))
        if (!processes.has(m[1]!)) processes.set(m[1]!, null);
    } else {
      problems.push({
        resource: r.name,
        elementId: '',
        check: 'parse',
        message: 'only .bpmn, .dmn and .form resources are deployed',
      });
    }
  }

  for (const r of resources.filter((x) => x.name.endsWith('.bpmn'))) {
    const { problems: lint, parsed } = await lintBpmn(r.content);
    for (const p of lint.filter(isLintError))
      problems.push({
        resource: r.name,
        elementId: p.elementId,
        check: p.rule === 'parse' ? 'parse' : 'lint',
        message: p.rule === 'parse' ? p.message : `${p.rule}: ${p.message}`,
      });
    if (!parsed) continue;
    const definitions = parsed.rootElement as unknown as ModdleElement;
    const elements = (definitions.rootElements ?? [])
      .filter((e) => e.$type === 'bpmn:Process')
      .flatMap(allFlowElements);
    const problem = (el: ModdleElement, check: CheckName, message: string) =>
      problems.push({ resource: r.name, elementId: el.id ?? '', check, message });
    for (const el of elements) {
      if (el.type === 'external' && typeof el.topic === 'string') {
        const topic = el.topic;
        if (!isExpression(topic) && !ctx.jobTypes.has(topic))
          problem(el, 'job-type', `no worker implements the job type "${topic}"`);
      }
      if (el.$type === 'bpmn:UserTask') {
        const formRef = el.formRef;
        if (typeof formRef === 'string' && !isExpression(formRef) && !forms.has(formRef))
          problem(el, 'form', `the form "${formRef}" does not exist`);
      }
      if (el.$type === 'bpmn:BusinessRuleTask') {
        const decisionRef = el.decisionRef;
        if (typeof decisionRef === 'string' && !decisions.has(decisionRef))
          problem(el, 'decision', `the decision "${decisionRef}" does not exist`);
      }
      if (el.$type === 'bpmn:CallActivity') {
        const processId = el.calledElement;
        if (typeof processId !== 'string' || isExpression(processId)) continue;
        if (!processes.has(processId)) {
          problem(el, 'called-process', `the called process "${processId}" does not exist`);
          continue;
        }
        const procedure = processes.get(processId);
        const passed = passedVariables(el);
        if (!procedure || passed === null) continue;
        const required = (procedure.startSchema as { required?: string[] }).required ?? [];
        const missing = required.filter((v) => !passed.has(v));
        if (missing.length > 0)
          problem(
            el,
            'call-contract',
            `"${processId}" needs ${missing.map((v) => `"${v}"`).join(', ')} at its start; the call activity does not pass ${missing.length === 1 ? 'it' : 'them'}`,
          );
      }
    }
  }
  return problems;
}
