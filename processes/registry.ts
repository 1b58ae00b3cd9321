import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { own, ownRecord } from '../common/own.js';

/**
 * The procedures of the platform, each described by processes/<procedure>/procedure.json.
 * A procedure owns its contracts: the BPMN/DMN resources, the JSON Schema of its start
 * variables and of every message it accepts, who may start it and who may send each message.
 */

export const PROCESSES_DIR = path.dirname(fileURLToPath(import.meta.url));

export type LocalizedText = { de: string; en: string };

export interface MessageSender {
  role: string;
  authority?: string;
}

export interface MessageContract {
  /** JSON Schema of the message payload. */
  schema: object;
  /** Process variable the payload is delivered in. */
  variable: string;
  senders: MessageSender[];
  /** Accepted at any time while the case runs (e.g. a withdrawal): never shown as awaited. */
  standing?: boolean;
  /**
   * Authorities that asked for the documents this message references (`documents[].documentId`):
   * they may read those documents from then on, whatever their type.
   */
  sharesDocumentsWith?: string[];
}

/**
 * A user task: the form the caseworker fills, the JSON Schema the gateway checks the result
 * against, the process variable it is delivered in, and the authority whose caseworkers may
 * work it (the task's candidate group in the BPMN).
 */
export interface TaskContract {
  form: string;
  schema: object;
  variable: string;
  authority: string;
}

export interface StageText extends LocalizedText {
  /** Who the case waits for while this element is active: applicant, employer, an authority, or the system. */
  awaiting?: string;
  /**
   * A variable of the instance holding a date-time before which this step cannot end (e.g. the
   * booked appointment before the application is lodged): no prediction falls before it.
   */
  notBefore?: string;
}

export interface Procedure {
  procedure: string;
  title: LocalizedText;
  /** Why the procedure processes personal data, and on what legal basis (Art. 30 GDPR record). */
  purpose?: Purpose;
  bpmnProcessId: string;
  /** Absolute paths of the BPMN/DMN/form resources to deploy. */
  resourcePaths: string[];
  startSchema: object;
  startRoles: string[];
  /** Authorities that take part and may see the case. */
  authorities: string[];
  /** Procedures this one starts through call activities; their messages reach the case too. */
  calls: string[];
  /** Start field holding another case this one belongs to (the caller must be allowed to see it). */
  linkedCaseField?: string;
  /** The start field naming whom the case is about (default `applicant`), e.g. `familyMember.person`. */
  subjectField?: string;
  /** Process variables the status shows (outcomes, references); nothing else leaves the engine. */
  statusVariables: string[];
  messages: Record<string, MessageContract>;
  /** User tasks, keyed by their BPMN element id. */
  tasks: Record<string, TaskContract>;
  stages: Record<string, StageText>;
  /**
   * Timers of statutory deadlines an authority must meet (impact monitoring counts them met
   * when the decision came first, missed when the timer fired), by timer element id. Every
   * other timer is the platform's own (service targets, reminders, escalations).
   */
  statutoryDeadlines: Record<string, StatutoryDeadline>;
}

/**
 * What passing a statutory deadline does (domain.md, "Deadlines"):
 * - `legal-effect`: the law decides when it passes (the BA's deemed approval, §36 (2) BeschV);
 *   only such a deadline sets a latest date for a prediction.
 * - `overdue`: the case is overdue and that is reported, but no decision follows from it
 *   (§6 BQFG, §31a AufenthV).
 */
export type DeadlineEffect = 'legal-effect' | 'overdue';
export const DEADLINE_EFFECTS: readonly DeadlineEffect[] = ['legal-effect', 'overdue'];

export interface StatutoryDeadline {
  authority: string;
  /** The legal basis, e.g. "§36 (2) BeschV". */
  basis: string;
  effect: DeadlineEffect;
  /**
   * The deadline is statutory only in instances whose variables have these values (e.g.
   * `{"accelerated": true}`: §31a AufenthV applies only in the accelerated procedure); in the
   * others the same timer is the platform's service target. Absent: always statutory.
   */
  appliesWhen?: Record<string, string | number | boolean>;
}

/**
 * The statutory deadline a timer of an instance is, with these instance variables (null: the
 * timer is not one, or not in this case, e.g. the visa's service target outside the
 * accelerated procedure).
 */
export function statutoryDeadlineOf(
  procedure: Procedure | undefined,
  elementId: string,
  variables: { name: string; value: unknown }[],
): StatutoryDeadline | null {
  const d =
    procedure && Object.hasOwn(procedure.statutoryDeadlines, elementId)
      ? procedure.statutoryDeadlines[elementId]
      : undefined;
  if (!d) return null;
  for (const [name, expected] of Object.entries(d.appliesWhen ?? {}))
    if (variables.find((v) => v.name === name)?.value !== expected) return null;
  return d;
}

export type Purpose = LocalizedText & { legalBasis: string };

interface ProcedureFile {
  procedure: string;
  title: LocalizedText;
  purpose?: Purpose;
  bpmnProcessId: string;
  resources: string[];
  startSchema: string;
  startRoles: string[];
  authorities: string[];
  calls?: string[];
  linkedCaseField?: string;
  /** The start field naming whom the case is about (default `applicant`), e.g. `familyMember.person`. */
  subjectField?: string;
  statusVariables: string[];
  messages: Record<
    string,
    {
      schema: string;
      variable: string;
      senders: MessageSender[];
      standing?: boolean;
      sharesDocumentsWith?: string[];
    }
  >;
  tasks?: Record<string, { form: string; schema: string; variable: string; authority: string }>;
  stages: Record<string, StageText>;
  statutoryDeadlines?: Record<string, StatutoryDeadline>;
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as Error).message}`);
  }
}

export function loadProcedure(dir: string): Procedure {
  const file = readJson<ProcedureFile>(path.join(dir, 'procedure.json'));
  const resolve = (rel: string) => {
    const abs = path.join(dir, rel);
    if (!existsSync(abs))
      throw new Error(`${dir}/procedure.json names ${rel}, which does not exist`);
    return abs;
  };
  return {
    procedure: file.procedure,
    title: file.title,
    ...(file.purpose ? { purpose: file.purpose } : {}),
    bpmnProcessId: file.bpmnProcessId,
    resourcePaths: file.resources.map(resolve),
    startSchema: readJson<object>(resolve(file.startSchema)),
    startRoles: file.startRoles,
    authorities: file.authorities,
    calls: file.calls ?? [],
    ...(file.linkedCaseField ? { linkedCaseField: file.linkedCaseField } : {}),
    ...(file.subjectField ? { subjectField: file.subjectField } : {}),
    statusVariables: file.statusVariables,
    messages: ownRecord(
      Object.entries(file.messages).map(
        ([name, m]) =>
          [
            name,
            {
              schema: readJson<object>(resolve(m.schema)),
              variable: m.variable,
              senders: m.senders,
              ...(m.standing ? { standing: true } : {}),
              ...(m.sharesDocumentsWith ? { sharesDocumentsWith: m.sharesDocumentsWith } : {}),
            },
          ] as const,
      ),
    ),
    tasks: ownRecord(
      Object.entries(file.tasks ?? {}).map(
        ([elementId, t]) =>
          [elementId, { ...t, schema: readJson<object>(resolve(t.schema)) }] as const,
      ),
    ),
    stages: ownRecord(Object.entries(file.stages)),
    statutoryDeadlines: ownRecord(
      Object.entries(file.statutoryDeadlines ?? {}).map(([elementId, d]) => {
        if (!DEADLINE_EFFECTS.includes(d.effect))
          throw new Error(
            `${dir}/procedure.json: statutory deadline ${elementId} needs an effect (${DEADLINE_EFFECTS.join(' or ')})`,
          );
        return [elementId, d] as const;
      }),
    ),
  };
}

/** All procedures under processes/, keyed by procedure name. */
export function loadProcedures(root = PROCESSES_DIR): Map<string, Procedure> {
  const procedures = new Map<string, Procedure>();
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || !existsSync(path.join(root, entry.name, 'procedure.json')))
      continue;
    const p = loadProcedure(path.join(root, entry.name));
    if (p.procedure !== entry.name)
      throw new Error(`processes/${entry.name}/procedure.json names procedure "${p.procedure}"`);
    procedures.set(p.procedure, p);
  }
  return procedures;
}

/** What several procedures share: processes/shared/ (the person, the withdrawal message). */
export const SHARED_DIR = path.join(PROCESSES_DIR, 'shared');

/**
 * The schemas the procedures reference by `$id` and that are no procedure's own start,
 * message or task (`processes/shared/*.schema.json`, e.g. the person): whoever checks a
 * procedure's schema must know these too.
 */
export function loadSharedSchemas(dir = SHARED_DIR): object[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.schema.json'))
    .sort()
    .map((f) => readJson<object>(path.join(dir, f)));
}

/** The forms of the user tasks: forms/<form id>.form, deployed with the models. */
export const FORMS_DIR = path.join(PROCESSES_DIR, '..', 'forms');

export function allFormPaths(dir = FORMS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.form'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Everything that gets deployed: the forms first, then every BPMN and DMN under processes/. */
export function allResourcePaths(root = PROCESSES_DIR): string[] {
  // A shared resource (e.g. ../shared/abh-competence.dmn) is listed by each procedure using it: once.
  const models = new Set([...loadProcedures(root).values()].flatMap((p) => p.resourcePaths));
  return [...allFormPaths(), ...models];
}

/** The contract of a user task (by BPMN element id) in this procedure or one it calls. */
export function taskContract(
  procedures: Map<string, Procedure>,
  bpmnProcessId: string,
  elementId: string,
): TaskContract | undefined {
  const procedure = procedureForProcess(procedures, bpmnProcessId);
  return procedure && own(procedure.tasks, elementId);
}

/** The procedure whose model has this BPMN process id (called processes are procedures too). */
export function procedureForProcess(
  procedures: Map<string, Procedure>,
  bpmnProcessId: string,
): Procedure | undefined {
  for (const p of procedures.values()) if (p.bpmnProcessId === bpmnProcessId) return p;
  return undefined;
}

/** The contract of a message a case of this procedure accepts: its own, or a called procedure's. */
export function messageContract(
  procedures: Map<string, Procedure>,
  procedure: Procedure,
  name: string,
  seen = new Set<string>(),
): MessageContract | undefined {
  if (seen.has(procedure.procedure)) return undefined;
  seen.add(procedure.procedure);
  const contract = own(procedure.messages, name);
  if (contract) return contract;
  for (const called of procedure.calls) {
    const p = procedures.get(called);
    const found = p && messageContract(procedures, p, name, seen);
    if (found) return found;
  }
  return undefined;
}
