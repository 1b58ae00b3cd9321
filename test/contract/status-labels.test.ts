import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { loadProcedures, type Procedure } from '../../processes/registry.js';
import type { InstanceView } from '../../read-model/instance-view.js';
import {
  caseStatusFromViews,
  type CaseStatus,
  type Language,
} from '../../gateway/use-cases/get-case-status.js';

/**
 * The status speaks the person's language, never the model's: every element of every
 * procedure that the status can show (a stage, a history entry, the final stage, an open task,
 * a deadline) is put into a case in turn, and every label in German and English must be human
 * text, never a raw element id such as `DecideVorabzustimmungNearDue`.
 */
const procedures = loadProcedures();
const T0 = Date.parse('2027-05-03T00:00:00Z');

interface ModelElement {
  type: string;
  id: string;
  timer: boolean;
}

function elementsOf(p: Procedure): ModelElement[] {
  const xml = p.resourcePaths
    .filter((f) => f.endsWith('.bpmn'))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
  const found: ModelElement[] = [];
  const re = /<bpmn:(\w+) id="([^"]+)"/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const [, type, id] = m as unknown as [string, string, string];
    if (/^(?:process|message|error|signal|escalation|sequenceFlow|\w+EventDefinition)$/.test(type))
      continue;
    const rest = xml.slice(m.index, xml.indexOf(`</bpmn:${type}>`, m.index) + 1 || undefined);
    found.push({ type, id, timer: rest.includes('timerEventDefinition') });
  }
  return found;
}

const ALL_IDS = new Set([...procedures.values()].flatMap((p) => elementsOf(p).map((e) => e.id)));
/** An id-like word: two or more capitalised parts run together (DecideVorabzustimmungNearDue). */
const ID_LIKE = /\b[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)+\b/;

function caseWith(p: Procedure, e: ModelElement): InstanceView[] {
  const at = new Date(T0);
  const ended = e.type === 'endEvent';
  const view: InstanceView = {
    _id: `${p.procedure}-${e.id}`,
    bpmnProcessId: p.bpmnProcessId,
    version: 1,
    processDefinitionKey: '1',
    parentProcessInstanceKey: '-1',
    state: ended ? 'COMPLETED' : 'ACTIVE',
    startedAt: at,
    ...(ended ? { endedAt: new Date(T0 + 1000) } : {}),
    elements: {
      k1: {
        elementId: e.id,
        type: ended ? 'END_EVENT' : 'TASK',
        state: ended ? 'COMPLETED' : 'ACTIVE',
        activatedAt: at,
        ...(ended ? { endedAt: at } : {}),
      },
    },
    history: [
      {
        position: '1',
        elementInstanceKey: 'k1',
        elementId: e.id,
        type: ended ? 'END_EVENT' : 'TASK',
        intent: 'ELEMENT_ACTIVATED',
        at,
      },
      ...(ended
        ? [
            {
              position: '2',
              elementInstanceKey: 'k1',
              elementId: e.id,
              type: 'END_EVENT',
              intent: 'ELEMENT_COMPLETED',
              at,
            },
          ]
        : []),
    ],
    timers: e.timer
      ? {
          t1: {
            elementId: e.id,
            elementInstanceKey: 'k1',
            dueDate: new Date(T0 + 86_400_000),
            state: 'ACTIVE',
          },
        }
      : {},
    subscriptions: {},
    incidents: {},
    userTasks:
      e.type === 'userTask'
        ? {
            u1: {
              userTaskKey: '00000000-0000-0000-0000-000000000001',
              elementId: e.id,
              elementInstanceKey: 'k1',
              candidateGroups: [p.tasks[e.id]?.authority ?? 'ABH'],
              assignee: null,
              dueDate: new Date(T0 + 14 * 86_400_000),
              followUpDate: null,
              state: 'OPEN',
              createdAt: at,
            },
          }
        : {},
    children: {},
    // Both variants of a deadline that applies only in some cases (§31a AufenthV).
    variables: [{ name: 'accelerated', value: true }],
    watermarks: {},
    revision: 1,
  };
  return [view];
}

function labels(s: CaseStatus): string[] {
  return [
    s.title,
    ...s.currentStages.map((x) => x.label),
    ...(s.finalStage ? [s.finalStage.label] : []),
    ...s.openTasks.map((x) => x.label),
    ...s.deadlines.map((x) => x.label),
    ...s.history.map((x) => x.label),
  ];
}

describe('contract: the status shows human text, never a raw element id', () => {
  for (const p of procedures.values())
    it(`${p.procedure}: every element the status can show`, () => {
      const elements = elementsOf(p);
      expect(elements.length, 'elements found in the model').to.be.greaterThan(3);
      let shown = 0;
      for (const e of elements)
        for (const lang of ['de', 'en'] as Language[]) {
          const status = caseStatusFromViews({
            caseId: '00000000-0000-0000-0000-000000000000',
            procedure: p,
            processInstanceKey: null,
            views: caseWith(p, e),
            procedures,
            lang,
          });
          for (const text of labels(status)) {
            shown++;
            expect(text, `${p.procedure} ${e.id} (${lang})`).to.be.a('string').and.not.equal('');
            expect(ALL_IDS.has(text), `${p.procedure} ${e.id} (${lang}): "${text}"`).to.equal(
              false,
            );
            expect(text, `${p.procedure} ${e.id} (${lang}): "${text}"`).not.to.match(ID_LIKE);
          }
          // A caseworker's task and every statutory deadline have a text of their own.
          if (e.type === 'userTask' || p.statutoryDeadlines[e.id])
            expect(p.stages[e.id]?.[lang], `${p.procedure} ${e.id}: stage text (${lang})`).to.be.a(
              'string',
            );
        }
      expect(shown).to.be.greaterThan(0);
    });

  it('shows the authority’s due date for an open task, not its escalation timer', () => {
    const p = procedures.get('wsa-application')!;
    const views = caseWith(p, { type: 'userTask', id: 'DecideVorabzustimmung', timer: false });
    views[0]!.timers = {
      t1: {
        elementId: 'DecideVorabzustimmungNearDue',
        elementInstanceKey: 'k2',
        dueDate: new Date(T0 + 10 * 86_400_000),
        state: 'ACTIVE',
      },
    };
    const status = (lang: Language) =>
      caseStatusFromViews({
        caseId: '00000000-0000-0000-0000-000000000000',
        procedure: p,
        processInstanceKey: null,
        views,
        procedures,
        lang,
      });
    const due = new Date(T0 + 14 * 86_400_000).toISOString();
    expect(status('en').deadlines).to.deep.equal([
      {
        elementId: 'DecideVorabzustimmung',
        label:
          'Due date of the authority (immigration office): The central immigration office pre-approves (§81a AufenthG)',
        dueAt: due,
        kind: 'service-target',
        basis: null,
        authority: 'ABH',
      },
    ]);
    expect(status('de').deadlines[0]!.label).to.equal(
      'Frist der Behörde (Ausländerbehörde): Zentrale Ausländerbehörde erteilt die Vorabzustimmung (§81a AufenthG)',
    );
  });
});

describe('status variables: the tasklist names each in German and English', () => {
  it('has a label for every status variable of every procedure', async () => {
    const { TEXT } = await import('../../ui-tasklist/src/texts.js');
    const variables = [...procedures.values()].flatMap((p) =>
      p.statusVariables.map((name) => ({ procedure: p.procedure, name })),
    );
    expect(variables.length).to.be.greaterThan(20);
    for (const lang of ['de', 'en'] as const) {
      const missing = variables.filter((v) => !Object.hasOwn(TEXT[lang].fields, v.name));
      expect(missing, `${lang}: status variables shown as raw keys`).to.deep.equal([]);
    }
  });
});
