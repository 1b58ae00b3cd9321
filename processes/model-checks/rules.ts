/**
 * The project's own bpmnlint rules (`wsa/…`), for what camunda-compat's Camunda 7 configs do
 * not check (they only ask for historyTimeToLive) and what our engine host and gateway rely
 * on. lint.ts adds them to the configuration of .bpmnlintrc, so the contract test and the
 * deployment checks run them; the bpmnlint CLI (`npm run lint:bpmn`) runs .bpmnlintrc alone.
 *
 *   external-task     a service task is an external task with a fixed topic (workers fetch by
 *                     topic); a business rule task names its decision
 *   user-task         a user task has a deployed form (camunda:formRef + binding) and exactly
 *                     one candidate group, the authority whose caseworkers work it
 *   call-activity     a call activity names the process it calls and passes the case id on
 *                     as business key (messages are correlated by business key)
 *   expression        no Zeebe-style `=expr` left in conditions, timers or mappings, scripts
 *                     are FEEL, conditions are FEEL or JUEL
 *   no-zeebe          nothing of the Zeebe dialect (namespace, extension elements)
 */

interface ModdleElement {
  $type: string;
  id?: string;
  $attrs?: Record<string, string>;
  $parent?: ModdleElement;
  extensionElements?: { values?: ModdleElement[] };
  [key: string]: unknown;
}

interface Reporter {
  report(id: string | undefined, message: string, path?: (string | number)[]): void;
}

export type RuleFactory = () => { check: (node: ModdleElement, reporter: Reporter) => void };

export const ZEEBE_NAMESPACE = 'http://camunda.org/schema/zeebe/1.0';

const is = (node: ModdleElement, type: string) => node.$type === type;
const extensions = (node: ModdleElement) => node.extensionElements?.values ?? [];
const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** The element a nested node (a condition, a timer, a mapping) belongs to, for the report. */
function owner(node: ModdleElement): ModdleElement {
  let n: ModdleElement | undefined = node;
  while (n && (!n.id || n.$type.endsWith('EventDefinition'))) n = n.$parent;
  return n ?? node;
}

const externalTask: RuleFactory = () => ({
  check(node, reporter) {
    if (is(node, 'bpmn:ServiceTask') || is(node, 'bpmn:SendTask')) {
      if (node.type !== 'external')
        reporter.report(node.id, 'must be an external task (camunda:type="external")');
      const topic = text(node.topic);
      if (topic === '') reporter.report(node.id, 'must have a camunda:topic');
      else if (/[$#]\{|^=/.test(topic))
        reporter.report(node.id, `camunda:topic must be a fixed name, not "${topic}"`);
    }
    if (is(node, 'bpmn:BusinessRuleTask') && text(node.decisionRef) === '')
      reporter.report(node.id, 'must name its decision (camunda:decisionRef)');
  },
});

const userTask: RuleFactory = () => ({
  check(node, reporter) {
    if (!is(node, 'bpmn:UserTask')) return;
    if (text(node.formRef) === '')
      reporter.report(node.id, 'must link a deployed form (camunda:formRef)');
    else if (!['latest', 'deployment', 'version'].includes(text(node.formRefBinding)))
      reporter.report(
        node.id,
        'camunda:formRefBinding must be "latest", "deployment" or "version"',
      );
    const groups = text(node.candidateGroups)
      .split(',')
      .map((g) => g.trim())
      .filter(Boolean);
    if (groups.length !== 1)
      reporter.report(node.id, 'must have exactly one candidate group (camunda:candidateGroups)');
    if (text(node.assignee) !== '' || text(node.candidateUsers) !== '')
      reporter.report(node.id, 'is assigned to a group of caseworkers, not to users');
  },
});

export const BUSINESS_KEY_IN = '#{execution.processBusinessKey}';

const callActivity: RuleFactory = () => ({
  check(node, reporter) {
    if (!is(node, 'bpmn:CallActivity')) return;
    if (text(node.calledElement) === '')
      reporter.report(node.id, 'must name the process it calls (calledElement)');
    const ins = extensions(node).filter((e) => is(e, 'camunda:In'));
    if (!ins.some((i) => text(i.businessKey) === BUSINESS_KEY_IN))
      reporter.report(
        node.id,
        `must pass the case id on as business key (<camunda:in businessKey="${BUSINESS_KEY_IN}" />)`,
      );
  },
});

const zeebeStyle = (value: unknown) => text(value).startsWith('=');

const expression: RuleFactory = () => ({
  check(node, reporter) {
    if (is(node, 'bpmn:FormalExpression') || is(node, 'bpmn:Expression')) {
      const body = text(node.body);
      const language = text(node.language).toLowerCase();
      const where = owner(node);
      const parentType = node.$parent?.$type ?? '';
      if (zeebeStyle(body) && language !== 'feel')
        reporter.report(where.id, `Zeebe-style expression "${body}": FEEL needs language="feel"`);
      else if (language === 'feel' && zeebeStyle(body))
        reporter.report(where.id, `FEEL expression "${body}" must not start with "="`);
      else if (language !== '' && language !== 'feel' && language !== 'juel')
        reporter.report(where.id, `expression language "${language}" is not available`);
      if (parentType === 'bpmn:TimerEventDefinition' && language === 'feel')
        reporter.report(
          where.id,
          'timers take no FEEL: compute an ISO 8601 string first and use ${variable}',
        );
    }
    if (is(node, 'camunda:Script')) {
      const where = owner(node);
      if (text(node.scriptFormat).toLowerCase() !== 'feel')
        reporter.report(where.id, `script format "${text(node.scriptFormat)}": use feel`);
      else if (zeebeStyle(node.value))
        reporter.report(where.id, `FEEL script "${text(node.value)}" must not start with "="`);
    }
    if (is(node, 'camunda:InputParameter') || is(node, 'camunda:OutputParameter')) {
      if (zeebeStyle(node.value))
        reporter.report(
          owner(node).id,
          `mapping ${String(node.name)} = "${text(node.value)}": a Zeebe-style expression; use <camunda:script scriptFormat="feel"> or \${…}`,
        );
    }
  },
});

const noZeebe: RuleFactory = () => ({
  check(node, reporter) {
    if (Object.values(node.$attrs ?? {}).includes(ZEEBE_NAMESPACE))
      reporter.report(node.id, 'declares the Zeebe namespace: models are in the Camunda 7 dialect');
    for (const e of extensions(node)) {
      const ns = (e.$descriptor as { ns?: { uri?: string } } | undefined)?.ns;
      if (ns?.uri === ZEEBE_NAMESPACE)
        reporter.report(node.id, `has the Zeebe extension element ${e.$type}`);
    }
  },
});

export const WSA_RULES: Record<string, RuleFactory> = {
  'external-task': externalTask,
  'user-task': userTask,
  'call-activity': callActivity,
  expression,
  'no-zeebe': noZeebe,
};

/** The rules as a bpmnlint configuration (`wsa/<rule>`), all errors. */
export const WSA_RULE_CONFIG: Record<string, 'error'> = Object.fromEntries(
  Object.keys(WSA_RULES).map((name) => [`wsa/${name}`, 'error' as const]),
);
