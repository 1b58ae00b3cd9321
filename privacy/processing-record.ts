import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PARTNERS } from '../common/partners.js';
import { loadSharedSchemas, PROCESSES_DIR, type Procedure } from '../processes/registry.js';
import {
  DATA_CLASSES,
  RETENTION_OUTCOMES,
  retentionRules,
  type RetentionRule,
} from './retention.js';

/**
 * The record of processing activities (Art. 30 GDPR), generated from the procedures: each
 * procedure's purpose and legal basis (procedure.json `purpose`), the personal data it
 * processes (the fields of its start and message schemas), the data subjects, the recipients
 * (the authorities taking part, and the partner systems its models call, by external-task
 * topic) and the retention periods (processes/shared/retention.dmn). `npm run ropa` writes
 * docs/processing-activities.md; a contract test fails when it is not up to date, so changing
 * a procedure's model or contract changes the record.
 */
export interface ProcessingActivity {
  procedure: string;
  title: string;
  purpose: string;
  legalBasis: string;
  dataSubjects: string[];
  personalData: string[];
  recipients: { authorities: string[]; partnerSystems: string[] };
  retention: {
    outcome: string;
    dataClass: string;
    period: string;
    legalBasis: string;
  }[];
}

export const CONTROLLER_NOTE =
  'Each authority taking part is controller for its own part (Art. 26 GDPR joint control where they decide together); the platform operator processes on their behalf (Art. 28 GDPR).';

type Resolve = (ref: string) => unknown;

/**
 * Field paths of a JSON Schema's properties (`applicant.familyName`, `documents[].documentId`);
 * `$ref`s to another procedure's schema (by `$id` and JSON pointer) are followed.
 */
export function schemaFields(schema: unknown, resolve: Resolve, prefix = '', depth = 0): string[] {
  const s = schema as {
    $ref?: string;
    properties?: Record<string, unknown>;
    items?: unknown;
  } | null;
  if (!s || typeof s !== 'object' || depth > 20) return prefix ? [prefix] : [];
  if (s.$ref) return schemaFields(resolve(s.$ref), resolve, prefix, depth + 1);
  if (s.properties)
    return Object.entries(s.properties).flatMap(([k, v]) =>
      schemaFields(v, resolve, prefix ? `${prefix}.${k}` : k, depth + 1),
    );
  if (s.items) return schemaFields(s.items, resolve, `${prefix}[]`, depth + 1);
  return prefix ? [prefix] : [];
}

/** Resolves `<$id>#<JSON pointer>` among these schemas. */
function resolverOf(schemas: unknown[]): Resolve {
  const byId = new Map<string, unknown>();
  for (const s of schemas) {
    const id = (s as { $id?: unknown }).$id;
    if (typeof id === 'string') byId.set(id, s);
  }
  return (ref) => {
    const [id = '', pointer = ''] = ref.split('#');
    let node: unknown = byId.get(id);
    for (const part of pointer.split('/').filter(Boolean))
      node = (node as Record<string, unknown> | undefined)?.[
        part.replace(/~1/g, '/').replace(/~0/g, '~')
      ];
    return node;
  };
}

/**
 * The partner systems a procedure's models call, and those of the procedures it calls: the
 * prefix of each external-task topic.
 */
function partnerSystems(
  procedure: Procedure,
  procedures: Map<string, Procedure>,
  seen = new Set<string>(),
): string[] {
  seen.add(procedure.procedure);
  const called = procedure.calls
    .filter((c) => !seen.has(c))
    .flatMap((c) => {
      const p = procedures.get(c);
      return p ? partnerSystems(p, procedures, seen) : [];
    });
  const topics = procedure.resourcePaths
    .filter((f) => f.endsWith('.bpmn'))
    .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/camunda:topic="([^"]+)"/g)])
    .map((m) => m[1]!.split('.')[0]!);
  return [
    ...new Set([
      ...topics
        .filter((t) => (PARTNERS as readonly string[]).includes(t))
        .map((t) => t.toUpperCase()),
      ...called,
    ]),
  ].sort();
}

function retentionOf(procedure: string, rules: RetentionRule[]): ProcessingActivity['retention'] {
  return RETENTION_OUTCOMES.flatMap((outcome) =>
    DATA_CLASSES.map((dataClass) => {
      const rule = rules.find(
        (r) =>
          (r.procedure === '-' || r.procedure === procedure) &&
          (r.outcome === '-' || r.outcome === outcome) &&
          (r.dataClass === '-' || r.dataClass === dataClass),
      );
      return {
        outcome,
        dataClass,
        period: rule?.period ?? '?',
        legalBasis: rule?.legalBasis ?? '?',
      };
    }),
  );
}

export function processingActivities(procedures: Map<string, Procedure>): ProcessingActivity[] {
  const rules = retentionRules(
    readFileSync(path.join(PROCESSES_DIR, 'shared', 'retention.dmn'), 'utf8'),
  );
  // The procedures' own schemas and the shared ones they refer to (the person).
  const resolve = resolverOf([
    ...loadSharedSchemas(),
    ...[...procedures.values()].flatMap((p) => [
      p.startSchema,
      ...Object.values(p.messages).map((m) => m.schema),
    ]),
  ]);
  return [...procedures.values()]
    .sort((a, b) => a.procedure.localeCompare(b.procedure))
    .map((p) => ({
      procedure: p.procedure,
      title: p.title.en,
      purpose: p.purpose?.en ?? '(no purpose declared in procedure.json)',
      legalBasis: p.purpose?.legalBasis ?? '(none declared)',
      dataSubjects: [
        'applicants (third-country nationals)',
        ...(p.subjectField && p.subjectField !== 'applicant' ? ['their family members'] : []),
        ...(p.startRoles.includes('employer') ? ['employers’ contact persons'] : []),
        ...(p.startRoles.includes('agent') ? ['authorised agents'] : []),
      ],
      personalData: [
        ...new Set([
          ...schemaFields(p.startSchema, resolve),
          ...Object.values(p.messages).flatMap((m) =>
            schemaFields(m.schema, resolve).map((f) => `${m.variable}.${f}`),
          ),
        ]),
      ].sort(),
      recipients: {
        authorities: [...p.authorities].sort(),
        partnerSystems: partnerSystems(p, procedures),
      },
      retention: retentionOf(p.procedure, rules),
    }));
}

/** The record as a Markdown document (docs/processing-activities.md). */
export function processingActivitiesMarkdown(activities: ProcessingActivity[]): string {
  const lines = [
    '# Record of processing activities (Art. 30 GDPR)',
    '',
    'Generated by `npm run ropa` from `processes/*/procedure.json`, the models and',
    '`processes/shared/retention.dmn` (`privacy/processing-record.ts`); do not edit by hand.',
    'The operations app shows the same record (Processing activities).',
    '',
    CONTROLLER_NOTE,
    '',
  ];
  for (const a of activities) {
    lines.push(
      `## ${a.title} (\`${a.procedure}\`)`,
      '',
      `- **Purpose**: ${a.purpose}`,
      `- **Legal basis**: ${a.legalBasis}`,
      `- **Data subjects**: ${a.dataSubjects.join('; ')}`,
      `- **Recipients**: authorities ${a.recipients.authorities.join(', ')}; partner systems ${a.recipients.partnerSystems.join(', ') || 'none'}`,
      `- **Personal data** (fields given to the procedure): ${a.personalData.map((f) => `\`${f}\``).join(', ')}`,
      '',
      '| outcome | data class | kept for | legal basis |',
      '| ------- | ---------- | -------- | ----------- |',
      ...a.retention.map(
        (r) => `| ${r.outcome} | ${r.dataClass} | ${r.period} | ${r.legalBasis} |`,
      ),
      '',
    );
  }
  return lines.join('\n');
}
