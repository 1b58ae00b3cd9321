import { Api, ApiError, idempotencyKey } from '../../ui-shared/api.js';
import type { Answer } from '../../ui-shared/api-types.js';
import { clear, el, formatDate } from '../../ui-shared/dom.js';
import { Session } from '../../ui-shared/session.js';
import { appHeader } from '../../ui-shared/header.js';
import { EventStream, debounce } from '../../ui-shared/event-stream.js';
import { authorityName, formatDay, formatDayRange } from '../../ui-shared/format.js';
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
/** The chosen case survives a reload (per tab, like the session). */
const SELECTED_KEY = 'wsa.portal.case';
let selected: string | null = sessionStorage.getItem(SELECTED_KEY);
let stream: EventStream | null = null;

function choose(caseId: string): void {
  selected = caseId;
  sessionStorage.setItem(SELECTED_KEY, caseId);
}

function start(): void {
  stream?.stop();
  session.start(root, ['applicant', 'employer', 'agent'], t, () => {
    void render();
    listen();
  });
}

/**
 * Live: the page is read again when something happens to the shown case (or a new case of the
 * caller starts), from the event stream; a burst of events is one read.
 */
function listen(): void {
  const reload = debounce(() => void render(), 200);
  let opened = false;
  stream = new EventStream({
    token: () => session.token,
    onOpen: () => {
      if (opened) reload(); // a reconnect: read what may have been missed
      opened = true;
    },
    onEvent: (e) => {
      if (e.data.subject === selected || e.type === 'de.wsa.case.started') reload();
    },
    onUnauthorized: () => {
      session.signOut();
      start();
    },
  }).start();
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
    if (!selected || !cases.some((c) => c.caseId === selected)) choose(cases[0]!.caseId);
    const picker = el(
      'select',
      {
        id: 'case',
        'aria-label': t().yourCases,
        onchange: (e: Event) => {
          choose((e.target as HTMLSelectElement).value);
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
            formatDay(c.createdAt, session.language),
            c.caseId.slice(0, 8),
          ].join(' · '),
        ),
      ),
    );
    const caseId = selected!;
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
      ? forecastBlock(s.expectedDecision)
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

/** The forecast with its range, its basis and the legal deadline that bounds it. */
function forecastBlock(f: NonNullable<CaseStatus['expectedDecision']>): HTMLElement {
  const l = session.language;
  const range = formatDayRange(f.earliest, f.latest, l);
  const bound = f.runningDeadlines
    .filter((d) => d.effect === 'legal-effect')
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
  return el(
    'div',
    { 'data-testid': 'expected-decision', class: 'forecast' },
    el('p', {}, el('strong', {}, t().expected(formatDay(f.expectedAt, l)))),
    el('p', {}, t().expectedRange(range, !range.includes('–'))),
    el('p', { class: 'muted' }, t().expectedBasis(f.comparableCases, f.basis === 'step')),
    bound ? el('p', {}, t().expectedBound(bound.basis, formatDay(bound.dueAt, l))) : null,
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
                `${t().noticeKinds[n.kind] ?? n.kind} (${authorityName(n.authority, session.language)}) — ${formatDay(n.issuedAt, session.language)}`,
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
                ? ` — ${d.authenticity.map((a) => `${t().checkedBy(authorityName(a.authority, session.language))} ${formatDay(a.checkedAt, session.language)}`).join(', ')}`
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
