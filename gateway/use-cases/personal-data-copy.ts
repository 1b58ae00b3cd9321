import type { Principal } from '../auth.js';
import type { GatewayDeps } from '../deps.js';
import { Problem } from '../problem.js';
import type {
  AccessRecord,
  HoldRecord,
  RetentionRecord,
  TransferRecord,
} from '../data/personal-data-store.js';
import { getCaseStatus, type CaseStatus } from './get-case-status.js';
import { listDocuments } from './documents.js';
import { getNotice, type NoticeDocument } from './get-notice.js';
import { readableCase } from './visible-case.js';
import { actsForPerson } from './standing-grants.js';

/**
 * A copy of everything the platform holds about a case (Art. 15 GDPR): for the person
 * (applicant) whose case it is, their agent with a grant, and a caseworker of an authority
 * that takes part (their part only, as every read of theirs). Employers, partner systems and
 * operators get none (403): they are not the person, nor handle the case for an authority.
 */
export interface PersonalDataCopy {
  caseId: string;
  procedure: string;
  exportedAt: string;
  exportedFor: { role: string; authority: string | null };
  status: CaseStatus;
  documents: unknown[];
  notices: NoticeDocument[];
  transfers: TransferRecord[];
  accesses: AccessRecord[];
  retention: { plan: RetentionRecord | null; holds: HoldRecord[] };
  /** Correction requests (Art. 16 GDPR) for the case and how the authority decided them. */
  corrections: CorrectionView[];
  profile: unknown;
}

export interface CorrectionView {
  caseId: string;
  state: string;
  stage: string | null;
  request: unknown;
  decision: unknown;
}

/** The correction requests of a case the caller may see (a hidden one is left out). */
async function correctionsOf(
  deps: Parameters<typeof personalDataCopy>[0],
  principal: Principal,
  caseId: string,
): Promise<CorrectionView[]> {
  const ids = await deps.personalData.correctionCases(caseId);
  const views = await Promise.all(
    ids.map(async (id) => {
      try {
        const s = await getCaseStatus(deps, principal, id, 'en');
        return [
          {
            caseId: id,
            state: s.state,
            stage: (s.finalStage ?? s.currentStages[0])?.label ?? null,
            request: s.outcome.correctionRequest ?? null,
            decision: s.outcome.correctionDecision ?? null,
          },
        ];
      } catch (err) {
        if (err instanceof Problem && err.status === 404) return [];
        throw err;
      }
    }),
  );
  return views.flat();
}

const ROLES = ['applicant', 'agent', 'caseworker'];

export async function personalDataCopy(
  deps: GatewayDeps & { personalData: NonNullable<GatewayDeps['personalData']> },
  principal: Principal,
  caseId: string,
): Promise<PersonalDataCopy> {
  if (!ROLES.includes(principal.role))
    throw Problem.forbidden(
      'A copy of the personal data is for the person, their agent, or an authority handling the case',
    );
  const { record, procedure } = await readableCase(deps, principal, caseId);
  const status = await getCaseStatus(deps, principal, caseId, 'en');
  const pik = record.processInstanceKey;
  const views = pik ? await deps.projection.caseInstances(pik) : [];
  const instances = views.map((v) => v._id);
  const [documents, notices, transfers, accesses, plan, holds, corrections, profile] =
    await Promise.all([
      listDocuments(deps, principal, caseId),
      Promise.all(status.notices.map((n) => getNotice(deps, principal, caseId, n.noticeId, 'en'))),
      deps.personalData.transfers(caseId, instances),
      deps.personalData.accesses(caseId),
      deps.personalData.retention(caseId),
      deps.personalData.holds(caseId),
      correctionsOf(deps, principal, caseId),
      principal.role === 'applicant' && record.applicantId === principal.subject
        ? deps.cases.profiles.get(principal.subject)
        : null,
    ]);
  return {
    caseId,
    procedure: procedure.procedure,
    exportedAt: new Date().toISOString(),
    exportedFor: { role: principal.role, authority: principal.authority ?? null },
    status,
    documents,
    notices,
    // An authority sees what was sent to it; the person and their agent see every transfer.
    transfers:
      principal.role === 'caseworker'
        ? transfers.filter((t) => t.recipient === principal.authority)
        : transfers,
    accesses,
    retention: { plan, holds },
    corrections,
    profile: profile
      ? {
          person: profile.person,
          travelDocument: profile.travelDocument ?? null,
          since: profile.since.toISOString(),
        }
      : null,
  };
}

const esc = (v: unknown) =>
  String(v ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** Column and field names as a person reads them. */
const LABELS: Record<string, string> = {
  givenName: 'Given name',
  familyName: 'Family name',
  dateOfBirth: 'Date of birth',
  nationality: 'Nationality',
  travelDocument: 'Travel document',
  person: 'Person',
  since: 'Held since',
  at: 'When',
  label: 'Step',
  event: 'Event',
  type: 'Type',
  name: 'Name',
  uploadedAt: 'Uploaded',
  size: 'Size (bytes)',
  kind: 'Kind',
  authority: 'Authority',
  outcome: 'Outcome',
  reference: 'Reference',
  issuedAt: 'Issued',
  recipient: 'Recipient',
  endpoint: 'Address',
  fields: 'Fields sent',
  role: 'Role',
  organisation: 'Organisation',
  action: 'Action',
  status: 'Answer',
  caseId: 'Case',
  request: 'Request',
  stage: 'Stage',
  decision: 'Decision',
  dataClass: 'Data',
  keptUntil: 'Kept until',
  period: 'Period',
  legalBasis: 'Legal basis',
  erased: 'Erased',
  reason: 'Reason',
  placedAt: 'Placed',
};
const labelOf = (key: string) => LABELS[key] ?? key;

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;
/** An engine timestamp as people read it: "30 Nov 2026, 14:32 UTC". */
function readable(v: unknown): string {
  if (typeof v === 'string' && ISO_TIME.test(v))
    return `${new Date(v).toLocaleString('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: 'UTC',
    })} UTC`;
  if (Array.isArray(v)) return v.map(readable).join(', ');
  return String(v ?? '');
}

/** Nested data (the once-only profile) as definition lists with readable names. */
function details(value: unknown): string {
  if (value && typeof value === 'object' && !Array.isArray(value))
    return `<dl>${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `<dt>${esc(labelOf(k))}</dt><dd>${v === null ? '—' : details(v)}</dd>`)
      .join('')}</dl>`;
  return esc(readable(value));
}

function table(rows: Record<string, unknown>[], columns: string[]): string {
  if (rows.length === 0) return '<p>None.</p>';
  const head = columns.map((c) => `<th scope="col">${esc(labelOf(c))}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${columns
          .map((c) => {
            const v = r[c];
            return `<td>${typeof v === 'object' && v && !Array.isArray(v) ? details(v) : esc(readable(v))}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}
table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#eee}dl{margin:0}dt{font-weight:600}dd{margin:0 0 .25rem 1rem}`;

/** The same copy for people to read: one HTML page, no scripts, one small inline style sheet. */
export function personalDataCopyHtml(copy: PersonalDataCopy): string {
  const plan = copy.retention.plan;
  const retentionRows = plan
    ? Object.keys(plan.due).map((dataClass) => ({
        dataClass,
        keptUntil: plan.due[dataClass],
        period: plan.basis[dataClass]?.period,
        legalBasis: plan.basis[dataClass]?.legalBasis,
        erased: plan.erased[dataClass] ?? '',
      }))
    : [];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Personal data held about case ${esc(copy.caseId)}</title><style>${STYLE}</style></head>
<body><main>
<h1>Personal data held about case ${esc(copy.caseId)}</h1>
<p>Procedure ${esc(copy.procedure)}; copy made ${esc(readable(copy.exportedAt))} for ${esc(copy.exportedFor.role)}${copy.exportedFor.authority ? ` (${esc(copy.exportedFor.authority)})` : ''} (Art. 15 GDPR). The machine-readable copy is the same address without <code>format=html</code>.</p>
<h2>Whom the case is about</h2>
${table(copy.status.subject ? [copy.status.subject as unknown as Record<string, unknown>] : [], ['givenName', 'familyName'])}
${copy.profile ? `<h2>Your once-only profile</h2>${details(copy.profile)}` : ''}
<h2>State and history</h2>
<p>State: ${esc(copy.status.state)}</p>
${table(copy.status.history as unknown as Record<string, unknown>[], ['at', 'label', 'event'])}
<h2>Documents</h2>
${table(copy.documents as Record<string, unknown>[], ['type', 'name', 'uploadedAt', 'size'])}
<h2>Notices</h2>
${table(copy.notices as unknown as Record<string, unknown>[], ['kind', 'authority', 'outcome', 'reference', 'issuedAt'])}
<h2>Data sent to authorities</h2>
${table(copy.transfers as unknown as Record<string, unknown>[], ['at', 'recipient', 'endpoint', 'fields'])}
<h2>Who accessed the case</h2>
${table(copy.accesses as unknown as Record<string, unknown>[], ['at', 'role', 'authority', 'organisation', 'action', 'status'])}
<h2>Correction requests</h2>
${table(
  copy.corrections.map((c) => ({ ...c, decision: c.decision ?? 'open' })),
  ['caseId', 'request', 'stage', 'decision'],
)}
<h2>How long it is kept</h2>
${plan ? `<p>The case ended ${esc(readable(plan.endedAt))} (${esc(plan.outcome)}).</p>${table(retentionRows, ['dataClass', 'keptUntil', 'period', 'legalBasis', 'erased'])}` : '<p>The case has not ended: each period in the retention table (processes/shared/retention.dmn) starts when it ends.</p>'}
${copy.retention.holds.length > 0 ? `<p>Erasure is stopped by a legal hold:</p>${table(copy.retention.holds as unknown as Record<string, unknown>[], ['reason', 'placedAt'])}` : ''}
</main></body></html>
`;
}

/**
 * Everything held about a person beyond their cases (Art. 15 GDPR): their once-only profile,
 * their cases (each with the address of its own copy), the standing grants they gave and
 * what they did through the API. For the person themself, or an agent they granted standing
 * access (`person`: their account).
 */
export interface PersonCopy {
  subject: string;
  exportedAt: string;
  profile: unknown;
  cases: {
    caseId: string;
    procedure: string;
    createdAt: string;
    linkedCaseId: string | null;
    copy: string;
  }[];
  standingGrants: { role: string; grantee: string; grantedAt: string }[];
  actions: { at: string; action: string; status: number }[];
}

export async function personCopy(
  deps: GatewayDeps & { personalData: NonNullable<GatewayDeps['personalData']> },
  principal: Principal,
  person: string | undefined,
): Promise<PersonCopy> {
  const subject =
    principal.role === 'applicant' ? principal.subject : principal.role === 'agent' ? person : null;
  if (!subject)
    throw principal.role === 'agent'
      ? Problem.badRequest('Whose copy: the person', [
          { field: 'query:person', reason: "required for an agent: the person's account" },
        ])
      : Problem.forbidden('A copy of a person is for the person or their agent');
  if (principal.role === 'applicant' && person !== undefined && person !== principal.subject)
    throw Problem.forbidden('An applicant gets their own copy only');
  if (principal.role === 'agent' && !(await actsForPerson(deps.cases, principal, subject)))
    throw Problem.forbidden('The person has not granted you standing access (POST /api/v1/grants)');
  const [profile, cases, grants, key] = await Promise.all([
    deps.cases.profiles.get(subject),
    deps.personalData.casesOf(subject),
    deps.cases.standingGrants.list({ grantorKind: 'person', grantor: subject }),
    deps.personalData.pseudonymOf(subject),
  ]);
  return {
    subject,
    exportedAt: new Date().toISOString(),
    profile: profile
      ? {
          person: profile.person,
          travelDocument: profile.travelDocument ?? null,
          since: profile.since.toISOString(),
        }
      : null,
    cases: cases.map((c) => ({ ...c, copy: `/api/v1/cases/${c.caseId}/personal-data` })),
    standingGrants: grants.map((g) => ({
      role: g.role,
      grantee: g.grantee,
      grantedAt: g.grantedAt.toISOString(),
    })),
    actions: key ? await deps.personalData.actionsOf(key) : [],
  };
}
