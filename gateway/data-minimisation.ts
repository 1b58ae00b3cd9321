import { worksGroup } from '../common/candidate-groups.js';
import { own } from '../common/own.js';
import type { Principal } from './auth.js';
import { procedureForProcess, type Procedure } from '../processes/registry.js';
import type { InstanceView } from '../read-model/instance-view.js';

/**
 * Data minimisation, in one place: which status variables, notices and tasks of a case each
 * caller sees. Parties (applicant, employer, agent) see what concerns their application;
 * each authority sees what its part of the procedure needs (e.g. the BVA's security result
 * goes to the BVA, the mission and the immigration office, never to an employer); operators
 * see the course of a case (stages, deadlines, technical problems) but no personal results.
 *
 * A variable that is not listed here is shown to nobody (the contract test requires every
 * procedure's status variables to be listed).
 */
export type Audience = 'applicant' | 'employer' | 'agent' | 'operator' | Authority;
export const AUTHORITIES = ['BA', 'BVA', 'MISSION', 'ABH', 'RECOGNITION', 'AZR'] as const;
export type Authority = (typeof AUTHORITIES)[number];

const PARTIES: Audience[] = ['applicant', 'employer', 'agent'];

export const STATUS_VARIABLE_AUDIENCES: Record<string, Audience[]> = {
  // application and intake
  powerOfAttorney: [...PARTIES, 'ABH'],
  missingDocuments: [...PARTIES, 'ABH'],
  reminderSent: [...PARTIES, 'ABH'],
  nachforderungReview: [...PARTIES, 'ABH'],
  legalRoute: [...PARTIES, 'ABH', 'BA', 'MISSION', 'RECOGNITION'],
  vorabzustimmung: [...PARTIES, 'ABH', 'MISSION'],
  // BA approval
  zustimmungOutcome: [...PARTIES, 'ABH', 'BA', 'MISSION'],
  baRequestId: [...PARTIES, 'BA', 'ABH'],
  deemedApprovalPeriod: [...PARTIES, 'BA', 'ABH'],
  baChecks: [...PARTIES, 'BA', 'ABH'],
  baInformationRequest: ['employer', 'agent', 'BA'],
  abhConfirmation: [...PARTIES, 'ABH', 'BA'],
  // data correction (Art. 16 GDPR)
  correctionRequest: [...PARTIES, 'ABH'],
  correctionDecision: [...PARTIES, 'ABH'],
  // recognition
  decisionPeriod: [...PARTIES, 'RECOGNITION', 'ABH'],
  recognitionFileId: [...PARTIES, 'RECOGNITION', 'ABH'],
  nachforderung: [...PARTIES, 'RECOGNITION'],
  decisionOverdue: [...PARTIES, 'RECOGNITION', 'ABH'],
  receiptConfirmationOverdue: [...PARTIES, 'RECOGNITION', 'ABH'],
  decisionPeriodExtended: [...PARTIES, 'RECOGNITION', 'ABH'],
  periodExtension: [...PARTIES, 'RECOGNITION', 'ABH'],
  recognitionDecision: [...PARTIES, 'RECOGNITION', 'ABH', 'MISSION'],
  // visa
  visaDeadlines: [...PARTIES, 'MISSION', 'ABH'],
  appointmentAt: [...PARTIES, 'MISSION'],
  earliestAppointmentAt: [...PARTIES, 'MISSION'],
  appointmentOverdue: [...PARTIES, 'MISSION', 'ABH'],
  visaDecisionOverdue: [...PARTIES, 'MISSION', 'ABH'],
  visaDecision: [...PARTIES, 'MISSION', 'ABH'],
  // security: authorities only
  securityResult: ['BVA', 'MISSION', 'ABH'],
  evidence: ['ABH', 'BVA'],
  withdrawal: [...PARTIES, 'ABH', 'BA', 'MISSION', 'RECOGNITION', 'BVA'],
  // after entry
  azrNumber: ['applicant', 'ABH'],
  permitDecision: [...PARTIES, 'ABH'],
  familyVisaConsent: [...PARTIES, 'ABH', 'MISSION'],
  residenceTitle: [...PARTIES, 'ABH'],
  eatOrderId: ['applicant', 'ABH'],
  eatExpectedDelivery: ['applicant', 'ABH'],
  // consent of the immigration office to a visa (abh-consent, §31 AufenthV)
  abhConsent: [...PARTIES, 'ABH', 'MISSION'],
};

/**
 * The case file a caseworker sees next to a task: the application's data, field by field
 * (a path is a variable or one field of it). The parties see their own application whole
 * through the API; an authority sees what its decision needs, e.g. the BA the job offer and
 * the applicant's name and nationality but not the travel document.
 */
export const CASE_FILE_AUDIENCES: Record<string, Authority[]> = {
  'applicant.givenName': ['ABH', 'BA', 'MISSION', 'BVA', 'RECOGNITION'],
  'applicant.familyName': ['ABH', 'BA', 'MISSION', 'BVA', 'RECOGNITION'],
  'applicant.dateOfBirth': ['ABH', 'MISSION', 'BVA', 'RECOGNITION'],
  'applicant.nationality': ['ABH', 'BA', 'MISSION', 'BVA', 'RECOGNITION'],
  travelDocument: ['ABH', 'MISSION', 'BVA'],
  employer: ['ABH', 'BA', 'MISSION'],
  jobOffer: ['ABH', 'BA', 'MISSION'],
  qualification: ['ABH', 'MISSION', 'RECOGNITION'],
  referenceOccupation: ['ABH', 'RECOGNITION', 'BA'],
  accelerated: ['ABH', 'BA', 'MISSION', 'RECOGNITION'],
  mission: ['ABH', 'MISSION'],
  abhCode: ['ABH'],
  arrival: ['ABH'],
  employmentChanged: ['ABH', 'BA'],
  employmentConditionsChanged: ['ABH', 'BA'],
  familyMember: ['ABH', 'MISSION'],
  mainCaseId: ['ABH', 'MISSION'],
  jointEntry: ['ABH', 'MISSION'],
  priorToleratedStay: ['ABH', 'MISSION'],
  securityConsultationOrdered: ['ABH', 'MISSION'],
};

/** The case file fields of these variables the caller's authority may see (others left out). */
export function caseFileFor(
  p: Principal,
  variables: Record<string, unknown>,
): Record<string, unknown> {
  const audience = audienceOf(p);
  const file: Record<string, unknown> = {};
  for (const [fieldPath, audiences] of Object.entries(CASE_FILE_AUDIENCES)) {
    if (audience === undefined || !(audiences as Audience[]).includes(audience)) continue;
    const [name, field] = fieldPath.split('.') as [string, string | undefined];
    const value = variables[name];
    if (value === undefined || value === null) continue;
    if (field === undefined) file[name] = value;
    else if (typeof value === 'object' && Object.hasOwn(value, field)) {
      const part = (file[name] ?? {}) as Record<string, unknown>;
      part[field] = (value as Record<string, unknown>)[field];
      file[name] = part;
    }
  }
  return file;
}

/**
 * Which authorities see a document of each type (the parties see all of their case's). The
 * types are those of the applications' document lists too (a contract test compares them).
 */
export const DOCUMENT_TYPES = [
  'PASSPORT',
  'DEGREE_CERTIFICATE',
  'VOCATIONAL_CERTIFICATE',
  'TRANSCRIPT',
  'EMPLOYMENT_CONTRACT',
  'POWER_OF_ATTORNEY',
  'OTHER',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export const DOCUMENT_TYPE_AUDIENCES: Record<DocumentType, Audience[]> = {
  PASSPORT: [...PARTIES, 'ABH', 'MISSION', 'BVA'],
  DEGREE_CERTIFICATE: [...PARTIES, 'ABH', 'MISSION', 'RECOGNITION'],
  VOCATIONAL_CERTIFICATE: [...PARTIES, 'ABH', 'MISSION', 'RECOGNITION'],
  // the subjects and grades of a qualification (Fächer- und Notenübersicht)
  TRANSCRIPT: [...PARTIES, 'ABH', 'MISSION', 'RECOGNITION'],
  EMPLOYMENT_CONTRACT: [...PARTIES, 'ABH', 'MISSION', 'BA'],
  POWER_OF_ATTORNEY: [...PARTIES, 'ABH'],
  OTHER: [...PARTIES, 'ABH'],
};

/**
 * Whether the caller may read a document: by its type, or because a party gave it to the
 * caller's authority in answer to its request (`sharedWithCaller`: the ids shared with it).
 */
export function mayReadDocument(
  p: Principal,
  doc: { _id: string; type: string },
  sharedWithCaller: ReadonlySet<string> = new Set(),
): boolean {
  const audience = audienceOf(p);
  if (audience === undefined) return false;
  if ((own<Audience[]>(DOCUMENT_TYPE_AUDIENCES, doc.type) ?? []).includes(audience)) return true;
  return audience !== 'operator' && sharedWithCaller.has(doc._id);
}

/** The audience a caller belongs to, or none (process owners read models, not cases). */
export function audienceOf(p: Principal): Audience | undefined {
  switch (p.role) {
    case 'applicant':
    case 'employer':
    case 'agent':
    case 'operator':
      return p.role;
    case 'caseworker':
    case 'partner':
      return p.authority as Authority | undefined;
    default:
      return undefined;
  }
}

export function mayReadVariable(p: Principal, name: string): boolean {
  const audience = audienceOf(p);
  return audience !== undefined && (own(STATUS_VARIABLE_AUDIENCES, name) ?? []).includes(audience);
}

/**
 * What an operator may correct in a running instance: technical periods, due dates and flags
 * the engine computes and may trip over. Never personal data, never a decision (an outcome is
 * an authority's legal act, not an operator's repair).
 */
export const OPERATOR_WRITABLE_VARIABLES: readonly string[] = [
  'deemedApprovalPeriod',
  'decisionPeriod',
  'decisionDueAt',
  'decisionTimeLeft',
  'answerWithin',
  'reminderSent',
  'earliestAppointmentAt',
  'visaDecisionDueAt',
  'decisionOverdue',
  'visaDecisionOverdue',
  'appointmentOverdue',
];

export function mayWriteVariable(p: Principal, name: string): boolean {
  return p.role === 'operator' && OPERATOR_WRITABLE_VARIABLES.includes(name);
}

/** Notices go to the parties, the issuing authority and the coordinating immigration office. */
export function mayReadNotice(p: Principal, notice: { authority: string }): boolean {
  const audience = audienceOf(p);
  if (audience === undefined || audience === 'operator') return false;
  return PARTIES.includes(audience) || audience === notice.authority || audience === 'ABH';
}

/**
 * Open tasks are shown to the caseworkers who may work them: of the task's authorities, and —
 * where its candidate groups are known and bind it to an office (`ABH/DE-SN-DRESDEN`) — of
 * that office, unless bound to none (common/candidate-groups.ts).
 */
export function mayReadTask(
  p: Principal,
  task: { authorities: string[]; candidateGroups?: string[] },
): boolean {
  if (p.role !== 'caseworker' || p.authority === undefined) return false;
  if (!task.authorities.includes(p.authority)) return false;
  return task.candidateGroups === undefined || task.candidateGroups.some((g) => worksGroup(p, g));
}

/**
 * Whom a case is about (name) and the case it is linked to: the parties, and the authorities
 * that see the person's name in the case file; never operators (no personal data).
 */
export const CASE_SUBJECT_AUDIENCES: Audience[] = [
  ...PARTIES,
  'ABH',
  'BA',
  'MISSION',
  'BVA',
  'RECOGNITION',
];
export const LINKED_CASE_AUDIENCES: Audience[] = [...PARTIES, 'ABH', 'MISSION'];

export function mayReadCaseSubject(p: Principal): boolean {
  const audience = audienceOf(p);
  return audience !== undefined && CASE_SUBJECT_AUDIENCES.includes(audience);
}

/** The status a caller gets: every part filtered by the rules above. */
export function minimiseStatus<
  S extends {
    subject: unknown;
    linkedCaseId: string | null;
    outcome: Record<string, unknown>;
    notices: { authority: string }[];
    openTasks: { authorities: string[] }[];
  },
>(p: Principal, status: S): S {
  const audience = audienceOf(p);
  return {
    ...status,
    subject: mayReadCaseSubject(p) ? status.subject : null,
    linkedCaseId:
      audience !== undefined && LINKED_CASE_AUDIENCES.includes(audience)
        ? status.linkedCaseId
        : null,
    outcome: Object.fromEntries(
      Object.entries(status.outcome).filter(([name]) => mayReadVariable(p, name)),
    ),
    notices: status.notices.filter((n) => mayReadNotice(p, n)),
    openTasks: status.openTasks.filter((t) => mayReadTask(p, t)),
  };
}

/**
 * The authorities a procedure's own steps involve: the ones it waits for, whose caseworkers
 * work its user tasks, or who send its messages. An authority listed in `authorities` only
 * because a procedure it calls involves it (the BA in a wsa-application) is not among them.
 */
export function ownAuthorities(p: Procedure): Set<string> {
  const own = new Set<string>();
  for (const stage of Object.values(p.stages)) if (stage.awaiting) own.add(stage.awaiting);
  for (const task of Object.values(p.tasks)) own.add(task.authority);
  for (const m of Object.values(p.messages))
    for (const s of m.senders) if (s.authority) own.add(s.authority);
  return own;
}

/** The authorities whose caseworkers decide in a procedure (its user tasks). */
function decidingAuthorities(p: Procedure): Set<string> {
  return new Set(Object.values(p.tasks).map((t) => t.authority));
}

/**
 * An authority's part of a case: the instances (root or called) of procedures whose own steps
 * involve it, and — where its caseworkers decide (the immigration office coordinating the
 * application, the residence permit, a job change) — everything those instances called,
 * which the decision rests on. An authority sees a case only once it takes part (a part is
 * non-empty) and only its part: the BA its approval, the mission the visa and nothing after
 * entry. Parties and operators see every instance (`null`).
 */
export function casePart(
  p: Principal,
  views: InstanceView[],
  procedures: Map<string, Procedure>,
): InstanceView[] | null {
  if (p.role !== 'caseworker' && p.role !== 'partner') return null;
  const authority = p.authority;
  if (authority === undefined) return [];
  const byKey = new Map(views.map((v) => [v._id, v]));
  const part = new Set<string>();
  const addWithCalled = (v: InstanceView) => {
    if (part.has(v._id)) return;
    part.add(v._id);
    for (const child of Object.keys(v.children)) {
      const called = byKey.get(child);
      if (called) addWithCalled(called);
    }
  };
  for (const v of views) {
    const procedure = procedureForProcess(procedures, v.bpmnProcessId);
    if (!procedure) continue;
    if (decidingAuthorities(procedure).has(authority)) addWithCalled(v);
    else if (ownAuthorities(procedure).has(authority)) part.add(v._id);
  }
  return views.filter((v) => part.has(v._id));
}

/**
 * The instances of a case the caller may read: all of them for parties and operators, an
 * authority's part for an authority; `undefined` when an authority takes no part (yet). While
 * the case is starting (no instance projected), an authority of the procedure's own steps.
 */
export function readableInstances(
  p: Principal,
  views: InstanceView[],
  procedure: Procedure,
  procedures: Map<string, Procedure>,
): InstanceView[] | undefined {
  const part = casePart(p, views, procedures);
  if (part === null) return views;
  if (part.length > 0) return part;
  if (views.length === 0 && ownAuthorities(procedure).has(p.authority ?? '')) return [];
  return undefined;
}
