import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import { Linter, type Config, type Report, type Resolver } from 'bpmnlint';
import NodeResolver from 'bpmnlint/lib/resolver/node-resolver.js';
import { PROCESSES_DIR } from '../registry.js';
import { WSA_RULES, WSA_RULE_CONFIG } from './rules.js';

/**
 * bpmnlint with the repository's .bpmnlintrc (bpmnlint's recommended rules plus
 * camunda-compat's rules for Camunda 7, the dialect Operaton runs) and the project's own
 * rules (rules.ts: external tasks, forms, business key, no Zeebe leftovers), the same for the
 * contract test and the deployment checks. `npm run lint:bpmn` runs .bpmnlintrc alone. Import
 * warnings and rule crashes count as errors, as in the CLI.
 */
const ROOT = path.resolve(PROCESSES_DIR, '..');
const require = createRequire(path.join(ROOT, 'package.json'));

/** .bpmnlintrc as it is. */
export const BPMNLINTRC = JSON.parse(
  readFileSync(path.join(ROOT, '.bpmnlintrc'), 'utf8'),
) as Config;

/** What the linter runs: .bpmnlintrc plus the project's rules. */
export const LINT_CONFIG: Config = {
  ...BPMNLINTRC,
  rules: { ...BPMNLINTRC.rules, ...WSA_RULE_CONFIG },
};

export const moddle = new BpmnModdle({
  camunda: require('camunda-bpmn-moddle/resources/camunda.json'),
});

/** Node module resolution, plus the project's rules as the package `bpmnlint-plugin-wsa`. */
class ProjectResolver implements Resolver {
  private readonly node = new NodeResolver({ require });

  resolveRule(pkg: string, ruleName: string): unknown {
    if (pkg === 'bpmnlint-plugin-wsa') return WSA_RULES[ruleName];
    return this.node.resolveRule(pkg, ruleName);
  }

  resolveConfig(pkg: string, configName: string): Config {
    return this.node.resolveConfig(pkg, configName);
  }
}

// A fresh linter per model: some rules keep state across lint() calls of one Linter
// (no-duplicate-sequence-flows would compare flows of different files).
export const newLinter = () => new Linter({ config: LINT_CONFIG, resolver: new ProjectResolver() });

export interface LintProblem {
  elementId: string;
  rule: string;
  message: string;
  category: Report['category'];
}

export type ParsedBpmn = Awaited<ReturnType<BpmnModdle['fromXML']>>;

/** Parses and lints a BPMN model; a model that does not parse is one problem. */
export async function lintBpmn(
  xml: string,
): Promise<{ problems: LintProblem[]; parsed: ParsedBpmn | null }> {
  const problems: LintProblem[] = [];
  let parsed: ParsedBpmn;
  try {
    parsed = await moddle.fromXML(xml);
  } catch (err) {
    const message = (err as Error).message.split('\n')[0]!;
    return {
      problems: [{ elementId: '', rule: 'parse', message, category: 'error' }],
      parsed: null,
    };
  }
  for (const w of parsed.warnings) {
    const id = (w.element as { id?: string } | undefined)?.id ?? '';
    const message = `import warning: ${w.message.split('\n')[0]}`;
    problems.push({ elementId: id, rule: 'import', message, category: 'error' });
  }
  const results = await newLinter().lint(parsed.rootElement);
  for (const [rule, reports] of Object.entries(results))
    for (const r of reports) {
      const elementId = (r.id ?? '') + (r.path?.length ? `#${r.path.join('.')}` : '');
      problems.push({ elementId, rule, message: r.message, category: r.category });
    }
  return { problems, parsed };
}

export const isLintError = (p: LintProblem) =>
  p.category === 'error' || p.category === 'rule-error';
