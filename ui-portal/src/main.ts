import { Api, ApiError, idempotencyKey } from '../../ui-shared/api.js';
import type { Answer } from '../../ui-shared/api-types.js';
import { clear, el, formatDate } from '../../ui-shared/dom.js';
import { Session } from '../../ui-shared/session.js';
import { appHeader } from '../../ui-shared/header.js';
import { TEXT, type Texts } from './texts.js';

/**
 * The applicant's portal page: the same status a person gets from the API, as a page —
 * where the case is and whom it waits for, what is missing (with the upload that answers a
 * Nachforderung), the deadlines, the notices (Bescheide) and the documents with their
 * authenticity records. Employers and agents see the cases they may see the same way.
 */
type CaseStatus = Answer<'get-case-status'>;
type DocumentView = Answer<'list-documents'>['documents'][number];
type MyCase = Answer<'list-my-cases'>['cases'][number];
type NoticeDocument = Answer<'get-notice'>;

const session = new Session('portal');
const api = new Api(
  () => session.token,
  () => session.language,
);
const root = document.getElementById('app')!;
const t = (): Texts => TEXT[session.language];
let selected: string | null = null;

function start(): void {
  session.start(root, ['applicant', 'employer', 'agent'], t, () => void render());
}

async function render(): Promise<void> {
  const main = el('main', { class: 'portal' }, el('p', { class: 'muted' }, t().loading));
  clear(
    root,
    appHeader({
      title: t().appTitle,
      who: session.principal?.subject ?? '',
      session,
      texts: t(),
      onLanguage: () => void render(),
      onSignOut: start,
    }),
    main,
  );
  try {
    const { cases } = await api.get<{ cases: MyCase[] }>('/api/v1/cases');
    if (cases.length === 0) return clear(main, el('p', {}, t().noCases));
    if (!selected || !cases.some((c) => c.caseId === selected)) selected = cases[0]!.caseId;
    const picker = el(
      'select',
      {
        id: 'case',
        'aria-label': t().yourCases,
        onchange: (e: Event) => {
          selected = (e.target as HTMLSelectElement).value;
          void render();
        },
      },
      cases.map((c) =>
        el(
          'option',
          { value: c.caseId, selected: c.caseId === selected },
          [
            c.title,
            ...(c.subject ? [`${c.subject.givenName} ${c.subject.familyName}`] : []),
            formatDate(c.createdAt, session.language, false),
            c.caseId.slice(0, 8),
          ].join(' · '),
        ),
      ),
    );
    const caseId = selected;
    const [status, documents] = await Promise.all([
      api.get<CaseStatus>(`/api/v1/cases/${caseId}`),
      api
        .get<{ documents: DocumentView[] }>(`/api/v1/cases/${caseId}/documents`)
        .then((r) => r.documents),
    ]);
    clear(
      main,
      el('label', {}, t().yourCases, ' ', picker),
      el(
        'h2',
        {},
        status.subject
          ? `${status.title} · ${status.subject.givenName} ${status.subject.familyName}`
          : status.title,
      ),
      el('p', { class: 'muted', 'data-testid': 'case-id' }, `${t().caseNumber} ${caseId}`),
      stageBlock(status),
      missingBlock(caseId, status, documents),
      deadlinesBlock(status),
      noticesBlock(caseId, status),
      documentsBlock(documents),
      historyBlock(status),
    );
  } catch (err) {
    if (err instanceof ApiError && err.problem.status === 401) {
      session.signOut();
      return start();
    }
    clear(main, el('p', { class: 'error', role: 'alert' }, (err as Error).message));
  }
}

function stageBlock(s: CaseStatus): HTMLElement {
  return el(
    'section',
    { 'aria-labelledby': 'stage-h' },
    el('h3', { id: 'stage-h' }, t().whereNow),
    s.state === 'COMPLETED' || s.state === 'TERMINATED'
      ? el('p', { class: 'stage', 'data-testid': 'stage' }, s.finalStage?.label ?? t().finished)
      : el(
          'ul',
          { class: 'stages', 'data-testid': 'stage' },
          s.currentStages.map((st) =>
            el(
              'li',
              {},
              el('strong', {}, st.label),
              st.awaiting ? ` — ${t().awaiting(st.awaiting)}` : '',
            ),
          ),
          s.state === 'STARTING' ? el('li', {}, t().starting) : null,
        ),
    s.expectedDecision
      ? el(
          'p',
          { 'data-testid': 'expected-decision' },
          t().expected(
            formatDate(s.expectedDecision.expectedAt, session.language, false),
            formatDate(s.expectedDecision.earliest, session.language, false),
            formatDate(s.expectedDecision.latest, session.language, false),
          ),
        )
      : s.state === 'ACTIVE' && s.expectedDecisionUnavailable
        ? el('p', { 'data-testid': 'expected-decision' }, s.expectedDecisionUnavailable.text)
        : null,
    s.delayedByTechnicalProblem ? el('p', { class: 'error' }, t().technicalProblem) : null,
  );
}

/** The Nachforderung: each missing document type with an upload, then one send. */
function missingBlock(
  caseId: string,
  s: CaseStatus,
  documents: DocumentView[],
): HTMLElement | null {
  const missing = (s.outcome.missingDocuments as string[] | undefined) ?? [];
  const waiting = s.currentStages.some((st) => st.elementId === 'AwaitMissingDocuments');
  if (!waiting || missing.length === 0) return null;
  const have = (type: string) => documents.find((d) => d.type === type);
  const message = el('div', { 'aria-live': 'assertive' });
  const rows = missing.map((type) => {
    const input = el('input', {
      type: 'file',
      accept: 'application/pdf,image/png,image/jpeg',
      'data-upload': type,
      'aria-label': `${t().upload}: ${t().documentTypes[type] ?? type}`,
    });
    input.addEventListener('change', async () => {
      const file = input.files?.[0];
      if (!file) return;
      try {
        const q = new URLSearchParams({ type, name: file.name });
        await api.request('POST', `/api/v1/cases/${caseId}/documents?${q}`, file, {
          'content-type': file.type || 'application/pdf',
        });
        await render();
      } catch (err) {
        clear(message, el('p', { class: 'error', role: 'alert' }, (err as Error).message));
      }
    });
    const uploaded = have(type);
    return el(
      'li',
      {},
      el('strong', {}, t().documentTypes[type] ?? type),
      ': ',
      uploaded ? el('span', { class: 'ok' }, `✓ ${uploaded.name}`) : input,
    );
  });
  const complete = missing.every((type) => have(type));
  return el(
    'section',
    { class: 'missing', 'aria-labelledby': 'missing-h' },
    el('h3', { id: 'missing-h' }, t().missing),
    el('p', {}, t().missingIntro),
    el('ul', {}, rows),
    el(
      'button',
      {
        type: 'button',
        id: 'send-documents',
        class: 'primary',
        disabled: !complete,
        onclick: async () => {
          try {
            await api.post(
              `/api/v1/cases/${caseId}/messages/intake-documents-provided`,
              {
                documents: missing.map((type) => ({
                  type,
                  name: have(type)!.name,
                  documentId: have(type)!.documentId,
                })),
              },
              { 'idempotency-key': idempotencyKey() },
            );
            clear(message, el('p', { class: 'ok', role: 'status' }, t().sent));
            setTimeout(() => void render(), 1500);
          } catch (err) {
            clear(message, el('p', { class: 'error', role: 'alert' }, (err as Error).message));
          }
        },
      },
      t().send,
    ),
    message,
  );
}

function deadlinesBlock(s: CaseStatus): HTMLElement | null {
  if (s.deadlines.length === 0) return null;
  return el(
    'section',
    {},
    el('h3', {}, t().deadlines),
    el(
      'ul',
      {},
      s.deadlines.map((d) => el('li', {}, `${d.label}: ${formatDate(d.dueAt, session.language)}`)),
    ),
  );
}

function noticesBlock(caseId: string, s: CaseStatus): HTMLElement {
  const text = el('div', { class: 'notice-text', 'aria-live': 'polite' });
  return el(
    'section',
    {},
    el('h3', {}, t().notices),
    s.notices.length === 0
      ? el('p', { class: 'muted' }, t().noNotices)
      : el(
          'ul',
          { 'data-testid': 'notices' },
          s.notices.map((n) =>
            el(
              'li',
              {},
              el(
                'button',
                {
                  type: 'button',
                  class: 'link',
                  onclick: async () => {
                    const d = await api.get<NoticeDocument>(
                      `/api/v1/cases/${caseId}/notices/${encodeURIComponent(n.noticeId)}`,
                    );
                    clear(text, el('h4', {}, d.title), el('pre', {}, d.body));
                  },
                },
                `${t().noticeKinds[n.kind] ?? n.kind} (${n.authority}) — ${formatDate(n.issuedAt, session.language, false)}`,
              ),
            ),
          ),
        ),
    text,
  );
}

function documentsBlock(documents: DocumentView[]): HTMLElement {
  return el(
    'section',
    {},
    el('h3', {}, t().documents),
    documents.length === 0
      ? el('p', { class: 'muted' }, t().noDocuments)
      : el(
          'ul',
          { 'data-testid': 'documents' },
          documents.map((d) =>
            el(
              'li',
              {},
              `${d.name} (${t().documentTypes[d.type] ?? d.type})`,
              d.authenticity.length
                ? ` — ${d.authenticity.map((a) => `${t().checkedBy(a.authority)} ${formatDate(a.checkedAt, session.language, false)}`).join(', ')}`
                : '',
            ),
          ),
        ),
  );
}

function historyBlock(s: CaseStatus): HTMLElement {
  return el(
    'section',
    {},
    el('h3', {}, t().history),
    el(
      'ol',
      { class: 'history' },
      [...s.history]
        .reverse()
        .slice(0, 15)
        .map((h) => el('li', {}, `${formatDate(h.at, session.language)} · ${h.label}`)),
    ),
  );
}

start();
