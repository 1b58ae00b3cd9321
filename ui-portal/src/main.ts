import { Api, ApiError, idempotencyKey } from '../../ui-shared/api.js';
import { download } from '../../ui-shared/download.js';
import type { Answer } from '../../ui-shared/api-types.js';
import { clear, el, formatDate } from '../../ui-shared/dom.js';
import { Session } from '../../ui-shared/session.js';
import { appHeader } from '../../ui-shared/header.js';
import { EventStream, debounce } from '../../ui-shared/event-stream.js';
import { authorityName, foldHistory, formatDay, formatDayRange } from '../../ui-shared/format.js';
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
      sent === caseId ? el('p', { class: 'ok', role: 'status' }, t().sent) : null,
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
    clear(main, el('p', { class: 'error', role: 'alert' }, errorText(err)));
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

/**
 * The Nachforderung: one line per missing document, where a file is chosen for exactly that
 * document, and can be replaced or removed until the documents are sent; sending uploads each
 * chosen file as the document it answers, then tells the case. Files are checked here first
 * (type, size) so the person learns at once what to do; the server checks again.
 */
const chosen = new Map<string, File>();
/** The case whose documents were just sent: the page says so until another case is shown. */
let sent: string | null = null;
const ACCEPTED = ['application/pdf', 'image/png', 'image/jpeg'];
const MAX_BYTES = 10 * 1024 * 1024;

function missingBlock(
  caseId: string,
  s: CaseStatus,
  documents: DocumentView[],
): HTMLElement | null {
  const missing = (s.outcome.missingDocuments as string[] | undefined) ?? [];
  const waiting = s.currentStages.some((st) => st.elementId === 'AwaitMissingDocuments');
  if (!waiting || missing.length === 0) return null;
  const have = (type: string) => documents.find((d) => d.type === type);
  const key = (type: string) => `${caseId}/${type}`;
  const message = el('div', { 'aria-live': 'assertive' });
  const list = el('ul', { class: 'uploads' });
  const send = el(
    'button',
    { type: 'button', id: 'send-documents', class: 'primary' },
    t().send,
  ) as HTMLButtonElement;
  const problem = (text: string) =>
    clear(message, el('p', { class: 'error', role: 'alert' }, text));

  const rows = () => {
    clear(
      list,
      missing.map((type) => {
        const label = t().documentTypes[type] ?? type;
        const uploaded = have(type);
        const file = chosen.get(key(type));
        const input = el('input', {
          type: 'file',
          accept: ACCEPTED.join(','),
          'data-upload': type,
          'aria-label': `${file ? t().replace : t().upload}: ${label}`,
        });
        input.addEventListener('change', () => {
          const f = input.files?.[0];
          if (!f) return;
          if (!ACCEPTED.includes(f.type)) return problem(t().errors.type(f.name));
          if (f.size > MAX_BYTES) return problem(t().errors.size(f.name));
          clear(message);
          chosen.set(key(type), f);
          rows();
        });
        return el(
          'li',
          { 'data-document-type': type },
          el('strong', {}, label),
          ': ',
          uploaded
            ? el('span', { class: 'ok' }, `✓ ${uploaded.name}`)
            : file
              ? el(
                  'span',
                  {},
                  el('span', { class: 'ok' }, `✓ ${file.name}`),
                  ' ',
                  el('label', { class: 'replace' }, t().replace, ' ', input),
                  ' ',
                  el(
                    'button',
                    {
                      type: 'button',
                      class: 'link',
                      'data-remove': type,
                      'aria-label': `${t().remove}: ${label}`,
                      onclick: () => {
                        chosen.delete(key(type));
                        rows();
                      },
                    },
                    t().remove,
                  ),
                )
              : input,
        );
      }),
    );
    send.disabled = !missing.every((type) => have(type) || chosen.has(key(type)));
  };
  rows();

  send.addEventListener('click', async () => {
    send.disabled = true;
    const answered: { type: string; name: string; documentId: string }[] = [];
    try {
      for (const type of missing) {
        const done = have(type);
        if (done) {
          answered.push({ type, name: done.name, documentId: done.documentId });
          continue;
        }
        const file = chosen.get(key(type))!;
        const q = new URLSearchParams({ type, name: file.name });
        const r = await api.request<Answer<'upload-document', 201>>(
          'POST',
          `/api/v1/cases/${caseId}/documents?${q}`,
          file,
          { 'content-type': file.type },
        );
        answered.push({ type, name: r.name, documentId: r.documentId });
      }
      await api.post(
        `/api/v1/cases/${caseId}/messages/intake-documents-provided`,
        { documents: answered },
        { 'idempotency-key': idempotencyKey() },
      );
      missing.forEach((type) => chosen.delete(key(type)));
      sent = caseId;
      await render();
    } catch (err) {
      send.disabled = false;
      problem(errorText(err));
    }
  });

  return el(
    'section',
    { class: 'missing', 'aria-labelledby': 'missing-h' },
    el('h3', { id: 'missing-h' }, t().missing),
    el('p', {}, t().missingIntro),
    list,
    send,
    message,
  );
}

/** A problem in a few words, in the page's language, saying what to do. */
function errorText(err: unknown): string {
  const e = t().errors;
  if (!(err instanceof ApiError)) return e.network;
  switch (err.problem.status) {
    case 413:
      return e.size('');
    case 415:
      return e.content;
    case 401:
      return e.signIn;
    case 403:
    case 404:
      return e.notYours;
    case 409:
      return e.conflict;
    case 429:
    case 503:
      return e.busy;
    default:
      return err.problem.status >= 500 ? e.busy : e.generic;
  }
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
      s.deadlines.map((d) => el('li', {}, `${d.label}: ${formatDay(d.dueAt, session.language)}`)),
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
              ' ',
              el(
                'button',
                {
                  type: 'button',
                  class: 'link',
                  'data-testid': 'notice-pdf',
                  'aria-label': `${t().downloadPdf}: ${t().noticeKinds[n.kind] ?? n.kind}`,
                  onclick: () =>
                    void download(
                      api,
                      `/api/v1/cases/${caseId}/notices/${encodeURIComponent(n.noticeId)}/pdf`,
                      'notice.pdf',
                    ).catch((e: unknown) => clear(text, el('p', { role: 'alert' }, String(e)))),
                },
                t().downloadPdf,
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
      foldHistory(s.history)
        .reverse()
        .slice(0, 15)
        .map((h) => el('li', {}, `${formatDate(h.at, session.language)} · ${h.label}`)),
    ),
  );
}

start();
