import { Form } from '@bpmn-io/form-js-viewer';
import { Api, ApiError } from '../../ui-shared/api.js';
import type { Answer } from '../../ui-shared/api-types.js';
import { clear, el, formatDate } from '../../ui-shared/dom.js';
import { Session } from '../../ui-shared/session.js';
import { appHeader } from '../../ui-shared/header.js';
import { EventStream, debounce } from '../../ui-shared/event-stream.js';
import { authorityName, foldHistory, formatValue } from '../../ui-shared/format.js';
import { TEXT, type Texts } from './texts.js';

/**
 * The caseworkers' tasklist: the inbox of the signed-in caseworker's authority on the left,
 * the selected task on the right (case file, status, documents with their authenticity,
 * history, and the task's form rendered by form-js). Everything comes from the gateway's API
 * with the caseworker's token, so the server decides what this authority may see.
 * Keyboard: j/k or arrows move through the inbox, c claims or gives back, r refreshes,
 * / goes to the filters, Ctrl+Enter completes, ? lists the keys.
 */
type TaskListItem = Answer<'list-tasks'>['tasks'][number];
type TaskDetail = Answer<'get-task'>;
type CaseStatus = Answer<'get-case-status'>;
type DocumentView = Answer<'list-documents'>['documents'][number];
type View = 'all' | 'mine' | 'unassigned' | 'overdue' | 'escalated';

const session = new Session('tasklist');
const api = new Api(
  () => session.token,
  () => session.language,
);
const root = document.getElementById('app')!;

type Due = '' | 'overdue' | 'week';
interface Filters {
  view: View;
  procedure: string;
  due: Due;
  assignee: string;
  /** A candidate group: the authority (`ABH`) or one of its offices (`ABH/DE-SN-DRESDEN`). */
  candidateGroup?: string;
  sort: 'dueDate' | 'createdAt';
}
interface SavedView {
  name: string;
  filters: Filters;
}
const SAVED_VIEWS_KEY = 'wsa.tasklist.views';

const state: {
  view: View;
  procedure: string;
  due: Due;
  assignee: string;
  candidateGroup: string;
  sort: 'dueDate' | 'createdAt';
  tasks: TaskListItem[];
  total: number;
  selected: string | null;
  form: Form | null;
  notice: { kind: 'ok' | 'error'; text: string } | null;
} = {
  view: 'all',
  procedure: '',
  due: '',
  assignee: '',
  candidateGroup: '',
  sort: 'dueDate',
  tasks: [],
  total: 0,
  selected: null,
  form: null,
  notice: null,
};

const t = (): Texts => TEXT[session.language];

let stream: EventStream | null = null;

function start(): void {
  stream?.stop();
  knownGroups.clear(); // another caseworker may sign in
  session.start(root, ['caseworker'], t, () => {
    renderShell();
    void refreshList();
    listen();
  });
}

/**
 * Live: the inbox is read again when one of this authority's tasks is created, claimed or
 * completed (the event stream; a burst of events is one read), and on every (re)connect, which
 * covers anything missed while the stream was away.
 */
function listen(): void {
  stream?.stop();
  const reload = debounce(() => void refreshList());
  stream = new EventStream({
    token: () => session.token,
    onOpen: reload,
    onEvent: (e) => {
      if (e.type.startsWith('de.wsa.task.') || e.type === 'de.wsa.case.ended') reload();
    },
    onUnauthorized: () => {
      session.signOut();
      start();
    },
  }).start();
}

// ---------------------------------------------------------------- layout

function renderShell(): void {
  const me = session.principal!;
  clear(
    root,
    appHeader({
      title: t().appTitle,
      who: `${me.subject} · ${authorityName(me.authority, session.language)}`,
      session,
      texts: t(),
      onLanguage: () => {
        cases.clear(); // the procedures' titles are in the chosen language
        renderShell();
        void refreshList();
      },
      onSignOut: start,
    }),
    el(
      'div',
      { class: 'layout' },
      el(
        'section',
        { class: 'inbox', 'aria-label': t().inbox },
        filters(),
        el('p', { class: 'count', id: 'count', 'aria-live': 'polite' }),
        el('ol', { id: 'tasks', class: 'tasks' }),
      ),
      el(
        'section',
        { class: 'detail', id: 'detail', 'aria-label': t().task, tabindex: '-1' },
        el('p', { class: 'muted' }, t().chooseTask),
      ),
    ),
    el('p', { class: 'keys' }, t().keys),
  );
  // Drawn again (a filter, the language): the task stays open, the focus where it was.
  if (state.selected) void openTask(state.selected, false);
}

function filters(): HTMLElement {
  const views: View[] = ['all', 'mine', 'unassigned', 'overdue', 'escalated'];
  return el(
    'div',
    { class: 'filters', role: 'group', 'aria-label': t().filter },
    el(
      'div',
      { class: 'views', role: 'radiogroup' },
      views.map((v) =>
        el(
          'button',
          {
            type: 'button',
            role: 'radio',
            id: `view-${v}`,
            'data-view': v,
            'aria-checked': String(state.view === v),
            onclick: () => applyFilters({ view: v }),
          },
          t().views[v],
        ),
      ),
    ),
    el(
      'label',
      {},
      t().sort,
      ' ',
      el(
        'select',
        {
          id: 'sort',
          onchange: (e: Event) => {
            state.sort = (e.target as HTMLSelectElement).value as 'dueDate' | 'createdAt';
            void refreshList();
          },
        },
        el('option', { value: 'dueDate', selected: state.sort === 'dueDate' }, t().sortDue),
        el('option', { value: 'createdAt', selected: state.sort === 'createdAt' }, t().sortCreated),
      ),
    ),
    procedureFilter(),
    dueFilter(),
    groupFilter(),
    assigneeFilter(),
    savedViews(),
  );
}

function applyFilters(f: Partial<Filters>): void {
  Object.assign(state, f);
  // A filter changed with the keyboard (arrow keys on a select) keeps the focus where it was.
  const focused = document.activeElement?.id;
  renderShell();
  if (focused) document.getElementById(focused)?.focus();
  void refreshList();
}

function select(
  id: string,
  label: string,
  value: string,
  options: [string, string][],
  onchange: (v: string) => void,
): HTMLElement {
  return el(
    'label',
    {},
    label,
    ' ',
    el(
      'select',
      { id, onchange: (e: Event) => onchange((e.target as HTMLSelectElement).value) },
      options.map(([v, text]) => el('option', { value: v, selected: v === value }, text)),
    ),
  );
}

function procedureFilter(): HTMLElement {
  const known = new Map<string, string>();
  for (const task of state.tasks)
    if (task.procedure)
      known.set(task.procedure, cases.get(task.caseId ?? '')?.title ?? task.procedure);
  if (state.procedure && !known.has(state.procedure)) known.set(state.procedure, state.procedure);
  return select(
    'filter-procedure',
    t().procedure,
    state.procedure,
    [['', t().any], ...[...known.entries()].sort((a, b) => a[1].localeCompare(b[1]))],
    (procedure) => applyFilters({ procedure }),
  );
}

function dueFilter(): HTMLElement {
  return select(
    'filter-due',
    t().due,
    state.due,
    [
      ['', t().any],
      ['overdue', t().dueOverdue],
      ['week', t().dueWeek],
    ],
    (due) => applyFilters({ due: due as Due }),
  );
}

/**
 * The candidate groups of the listed tasks: the authority as a whole and each office the
 * decision table bound a task to (`ABH/DE-SN-DRESDEN`, processes/shared/abh-competence.dmn).
 */
const knownGroups = new Set<string>();
function groupFilter(): HTMLElement {
  const authority = session.principal?.authority ?? '';
  // Every group seen in this session, so a filtered list still offers the others.
  state.tasks.forEach((x) => x.candidateGroups.forEach((g) => knownGroups.add(g)));
  const groups = new Set(knownGroups);
  if (authority) groups.add(authority);
  if (state.candidateGroup) groups.add(state.candidateGroup);
  const label = (group: string) => {
    const slash = group.indexOf('/');
    const name = authorityName(slash < 0 ? group : group.slice(0, slash), session.language);
    return slash < 0 || slash === group.length - 1
      ? t().wholeAuthority(name)
      : t().office(name, group.slice(slash + 1));
  };
  return select(
    'filter-group',
    t().candidateGroup,
    state.candidateGroup,
    [
      ['', t().any],
      ...[...groups]
        .filter((g) => !g.endsWith('/'))
        .sort()
        .map((g): [string, string] => [g, label(g)]),
    ],
    (candidateGroup) => applyFilters({ candidateGroup }),
  );
}

function assigneeFilter(): HTMLElement {
  const others = [...new Set(state.tasks.map((x) => x.assignee).filter((a) => a !== null))]
    .filter((a) => a !== session.principal?.subject)
    .sort();
  if (state.assignee && !['me', 'unassigned', ...others].includes(state.assignee))
    others.push(state.assignee);
  return select(
    'filter-assignee',
    t().assignee,
    state.assignee,
    [
      ['', t().any],
      ['me', t().mine],
      ['unassigned', t().unassigned],
      ...others.map((a): [string, string] => [a, a]),
    ],
    (assignee) => applyFilters({ assignee }),
  );
}

// Saved views: the filters under a name, in this browser (localStorage).
function loadViews(): SavedView[] {
  try {
    return JSON.parse(localStorage.getItem(SAVED_VIEWS_KEY) ?? '[]') as SavedView[];
  } catch {
    return [];
  }
}

function storeViews(views: SavedView[]): void {
  localStorage.setItem(SAVED_VIEWS_KEY, JSON.stringify(views));
  renderShell();
}

function savedViews(): HTMLElement {
  const views = loadViews();
  const name = el('input', {
    type: 'text',
    id: 'view-name',
    'aria-label': t().viewName,
    placeholder: t().viewName,
    maxlength: '40',
  });
  return el(
    'div',
    { class: 'saved-views', role: 'group', 'aria-label': t().savedViews },
    views.length
      ? el(
          'ul',
          {},
          views.map((v, i) =>
            el(
              'li',
              {},
              el(
                'button',
                {
                  type: 'button',
                  'data-saved-view': v.name,
                  // A view saved before the group filter existed: any group.
                  onclick: () => applyFilters({ candidateGroup: '', ...v.filters }),
                },
                v.name,
              ),
              el(
                'button',
                {
                  type: 'button',
                  class: 'link',
                  'aria-label': t().removeView(v.name),
                  onclick: () => storeViews(views.filter((_, j) => j !== i)),
                },
                '×',
              ),
            ),
          ),
        )
      : null,
    el(
      'form',
      {
        class: 'inline',
        onsubmit: (e: Event) => {
          e.preventDefault();
          const n = name.value.trim();
          if (!n) return;
          const filters: Filters = {
            view: state.view,
            procedure: state.procedure,
            due: state.due,
            assignee: state.assignee,
            candidateGroup: state.candidateGroup,
            sort: state.sort,
          };
          storeViews([...views.filter((v) => v.name !== n), { name: n, filters }]);
        },
      },
      name,
      el('button', { type: 'submit', id: 'save-view' }, t().saveView),
    ),
  );
}

// Whom each case is about and its procedure's title, read once per case (the task list does
// not carry them).
const cases = new Map<string, { title: string; subject: string | null }>();
const reading = new Set<string>();

async function readCases(ids: string[]): Promise<void> {
  const todo = [...new Set(ids)].filter((id) => !cases.has(id) && !reading.has(id));
  if (todo.length === 0) return;
  todo.forEach((id) => reading.add(id));
  const worker = async () => {
    for (let id = todo.shift(); id !== undefined; id = todo.shift()) {
      const s = await api.get<CaseStatus>(`/api/v1/cases/${id}`).catch(() => null);
      reading.delete(id);
      if (s)
        cases.set(id, {
          title: s.title,
          subject: s.subject ? `${s.subject.givenName} ${s.subject.familyName}` : null,
        });
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  renderList();
}

// ---------------------------------------------------------------- inbox

async function refreshList(): Promise<void> {
  const q = new URLSearchParams({ sort: state.sort, limit: '200' });
  if (state.view === 'mine') q.set('assignee', 'me');
  if (state.view === 'unassigned') q.set('assignee', 'unassigned');
  if (state.view === 'overdue') q.set('overdue', 'true');
  if (state.view === 'escalated') q.set('escalated', 'true');
  if (state.procedure) q.set('procedure', state.procedure);
  if (state.assignee) q.set('assignee', state.assignee);
  if (state.candidateGroup) q.set('candidateGroup', state.candidateGroup);
  if (state.due === 'overdue') q.set('overdue', 'true');
  try {
    const r = await api.get<{ tasks: TaskListItem[]; total: number }>(`/api/v1/tasks?${q}`);
    const week = Date.now() + 7 * 24 * 3600_000;
    state.tasks =
      state.due === 'week'
        ? r.tasks.filter((x) => x.dueAt !== null && Date.parse(x.dueAt) <= week)
        : r.tasks;
    state.total = state.due === 'week' ? state.tasks.length : r.total;
    renderList();
    void readCases(state.tasks.map((x) => x.caseId).filter((x) => x !== null));
  } catch (err) {
    handleError(err);
  }
}

function renderList(): void {
  const list = document.getElementById('tasks');
  const count = document.getElementById('count');
  if (!list || !count) return;
  count.textContent = t().count(state.total);
  // The filters' choices come from the list (procedures, colleagues): keep them current.
  const old = document.querySelector('.inbox > .filters');
  if (old) {
    const focused = document.activeElement?.id;
    const typed = (document.getElementById('view-name') as HTMLInputElement | null)?.value ?? '';
    old.replaceWith(filters());
    (document.getElementById('view-name') as HTMLInputElement).value = typed;
    if (focused) document.getElementById(focused)?.focus();
  }
  const me = session.principal?.subject;
  clear(
    list,
    state.tasks.map((task) =>
      el(
        'li',
        {
          class: [
            'task',
            task.taskKey === state.selected ? 'selected' : '',
            task.overdue ? 'overdue' : '',
            task.escalatedAt ? 'escalated' : '',
          ].join(' '),
        },
        el(
          'button',
          {
            type: 'button',
            'data-task': task.taskKey,
            'data-case': task.caseId ?? '',
            'aria-current': task.taskKey === state.selected ? 'true' : null,
            onclick: () => void openTask(task.taskKey),
          },
          el('span', { class: 'label' }, task.label),
          el(
            'span',
            { class: 'meta' },
            `${t().due} ${formatDate(task.dueAt, session.language, false)}`,
            task.overdue ? el('span', { class: 'badge overdue' }, t().overdue) : null,
            task.escalatedAt ? el('span', { class: 'badge escalated' }, t().escalated) : null,
            el(
              'span',
              { class: 'badge' },
              task.assignee === null
                ? t().unassigned
                : task.assignee === me
                  ? t().mine
                  : task.assignee,
            ),
          ),
          el(
            'span',
            { class: 'case' },
            [
              cases.get(task.caseId ?? '')?.subject,
              cases.get(task.caseId ?? '')?.title ?? task.procedure,
              task.caseId?.slice(0, 8),
            ]
              .filter(Boolean)
              .join(' · '),
          ),
        ),
      ),
    ),
  );
  if (state.tasks.length === 0) list.append(el('li', { class: 'muted' }, t().noTasks));
}

function move(step: number): void {
  if (state.tasks.length === 0) return;
  const i = state.tasks.findIndex((x) => x.taskKey === state.selected);
  const next = state.tasks[Math.max(0, Math.min(state.tasks.length - 1, i + step))]!;
  void openTask(next.taskKey).then(() =>
    (document.querySelector(`[data-task="${next.taskKey}"]`) as HTMLElement | null)?.focus(),
  );
}

// ---------------------------------------------------------------- task

async function openTask(taskKey: string, focus = true): Promise<void> {
  state.selected = taskKey;
  renderList();
  const detail = document.getElementById('detail')!;
  clear(detail, el('p', { class: 'muted' }, t().loading));
  let task: TaskDetail;
  try {
    task = await api.get<TaskDetail>(`/api/v1/tasks/${taskKey}`);
  } catch (err) {
    clear(detail, el('p', { class: 'error', role: 'alert' }, t().taskGone));
    state.selected = null;
    void refreshList();
    if (!(err instanceof ApiError && err.problem.status === 404)) handleError(err);
    return;
  }
  if (state.selected !== taskKey) return; // another task was chosen meanwhile
  const caseId = task.task.caseId!;
  const [status, documents] = await Promise.all([
    api.get<CaseStatus>(`/api/v1/cases/${caseId}`),
    api
      .get<{ documents: DocumentView[] }>(`/api/v1/cases/${caseId}/documents`)
      .then((r) => r.documents)
      .catch(() => [] as DocumentView[]),
  ]);
  renderTask(detail, task, status, documents, focus);
}

function renderTask(
  detail: HTMLElement,
  task: TaskDetail,
  status: CaseStatus,
  documents: DocumentView[],
  focus: boolean,
): void {
  const me = session.principal!.subject;
  const item = task.task;
  const mine = item.assignee === me;
  const formHost = el('div', {
    class: 'form',
    id: 'form',
    role: 'group',
    'aria-label': t().decision,
  });
  const message = el('div', { id: 'message', 'aria-live': 'assertive' });
  clear(
    detail,
    el('h2', { id: 'task-title', tabindex: '-1' }, item.label),
    el(
      'dl',
      { class: 'facts' },
      el('dt', {}, t().case),
      el('dd', { 'data-testid': 'case-id' }, item.caseId ?? ''),
      el('dt', {}, t().procedure),
      el('dd', {}, status.title),
      el('dt', {}, t().due),
      el('dd', { class: item.overdue ? 'overdue' : '' }, formatDate(item.dueAt, session.language)),
      el('dt', {}, t().followUp),
      el('dd', {}, formatDate(item.followUpAt, session.language)),
      el('dt', {}, t().escalation),
      el(
        'dd',
        {},
        item.escalatedAt
          ? `${t().escalatedOn} ${formatDate(item.escalatedAt, session.language)}`
          : `${t().escalatesOn} ${formatDate(item.escalatesAt, session.language)}`,
      ),
      el('dt', {}, t().assignee),
      el('dd', { 'data-testid': 'assignee' }, item.assignee ?? t().unassigned),
    ),
    el(
      'div',
      { class: 'actions' },
      el(
        'button',
        {
          type: 'button',
          id: 'claim',
          onclick: () => void toggleClaim(item),
          disabled: item.assignee !== null && !mine,
        },
        mine ? t().unclaim : t().claim,
      ),
    ),
    message,
    formHost,
    el(
      'div',
      { class: 'actions' },
      el(
        'button',
        {
          type: 'button',
          id: 'complete',
          class: 'primary',
          onclick: () => void complete(task),
          disabled: !mine,
          title: mine ? '' : t().claimFirst,
        },
        t().complete,
      ),
      mine ? null : el('span', { class: 'muted' }, t().claimFirst),
    ),
    el('h3', {}, t().caseFile),
    caseFile(task.caseFile),
    el('h3', {}, t().status),
    statusBlock(status),
    el('h3', {}, t().documents),
    documentsBlock(item.caseId!, documents),
    el('h3', {}, t().history),
    historyBlock(status),
  );
  state.form?.destroy();
  state.form = new Form({ container: formHost });
  void state.form.importSchema(task.form, {}).then(() => {
    if (!mine)
      formHost
        .querySelectorAll('input, textarea, select')
        .forEach((x) => x.setAttribute('disabled', ''));
  });
  if (focus) (document.getElementById('task-title') as HTMLElement).focus();
}

/**
 * The case file as people read it: the plain facts first, then one section per part
 * (applicant, employer, job offer …) with translated labels and formatted values; a part
 * inside a part (the workplace of a job offer) as a list in its line.
 */
function caseFile(file: Record<string, unknown>): HTMLElement {
  return factSections(file, 'case-file');
}

function factSections(record: Record<string, unknown>, testId: string): HTMLElement {
  const entries = Object.entries(record);
  if (entries.length === 0) return el('p', { class: 'muted' }, '–');
  const isPart = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  const plain = entries.filter(([, v]) => !isPart(v));
  const parts = entries.filter(([, v]) => isPart(v)) as [string, Record<string, unknown>][];
  return el(
    'div',
    { class: 'case-file', 'data-testid': testId },
    plain.length ? factList(plain, t().fields) : null,
    parts.map(([k, v]) =>
      el(
        'section',
        { class: 'part', 'data-part': k },
        el('h4', {}, t().fields[k] ?? t().subFields[k] ?? k),
        factList(Object.entries(v), t().subFields),
      ),
    ),
  );
}

function factList(entries: [string, unknown][], labels: Record<string, string>): HTMLElement {
  return el(
    'dl',
    { class: 'facts' },
    entries.flatMap(([k, v]) => [
      el('dt', {}, labels[k] ?? t().subFields[k] ?? t().fields[k] ?? k),
      el('dd', {}, valueOf(k, v)),
    ]),
  );
}

function valueOf(key: string, value: unknown): Node | string {
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return factList(Object.entries(value as Record<string, unknown>), t().subFields);
  if (Array.isArray(value) && value.some((x) => typeof x === 'object' && x !== null))
    return el(
      'ul',
      {},
      value.map((x) => el('li', {}, valueOf(key, x))),
    );
  if (key === 'missingDocuments' && Array.isArray(value))
    return value.map((x) => t().documentTypes[String(x)] ?? String(x)).join(', ');
  return formatValue(key, value, session.language);
}

function statusBlock(status: CaseStatus): HTMLElement {
  return el(
    'div',
    {},
    el(
      'ul',
      { class: 'stages', 'data-testid': 'stages' },
      status.currentStages.map((s) => el('li', {}, s.label)),
    ),
    Object.keys(status.outcome).length ? factSections(status.outcome, 'outcome') : null,
  );
}

function documentsBlock(caseId: string, documents: DocumentView[]): HTMLElement {
  if (documents.length === 0) return el('p', { class: 'muted' }, t().noDocuments);
  return el(
    'ul',
    { class: 'documents' },
    documents.map((d) => {
      const checks = d.authenticity.map((a) =>
        el(
          'li',
          { class: `check ${a.result.toLowerCase()}` },
          `${t().results[a.result]} · ${a.authority} · ${a.checkedBy} · ${formatDate(a.checkedAt, session.language)} · ${a.method}`,
        ),
      );
      const mine = d.authenticity.some((a) => a.authority === session.principal?.authority);
      const result = el(
        'select',
        { 'aria-label': t().result },
        (['AUTHENTIC', 'NOT_AUTHENTIC', 'INCONCLUSIVE'] as const).map((r) =>
          el('option', { value: r }, t().results[r]),
        ),
      );
      const method = el('input', {
        type: 'text',
        'aria-label': t().method,
        placeholder: t().method,
        minlength: '3',
        maxlength: '500',
      });
      return el(
        'li',
        { 'data-document': d.documentId },
        el(
          'button',
          { type: 'button', class: 'link', onclick: () => void download(d) },
          `${d.name}`,
        ),
        ` (${t().documentTypes[d.type] ?? d.type}, ${Math.ceil(d.size / 1024)} KB)`,
        el('ul', {}, checks.length ? checks : el('li', { class: 'muted' }, t().notChecked)),
        mine
          ? null
          : el(
              'form',
              {
                class: 'inline',
                onsubmit: async (e: Event) => {
                  e.preventDefault();
                  try {
                    await api.post(
                      `/api/v1/cases/${caseId}/documents/${d.documentId}/authenticity`,
                      { result: result.value, method: method.value },
                    );
                    if (state.selected) await openTask(state.selected);
                  } catch (err) {
                    handleError(err);
                  }
                },
              },
              result,
              method,
              el('button', { type: 'submit' }, t().recordCheck),
            ),
      );
    }),
  );
}

function historyBlock(status: CaseStatus): HTMLElement {
  const entries = foldHistory(status.history).reverse().slice(0, 20);
  return el(
    'ol',
    { class: 'history', 'data-testid': 'history' },
    entries.map((h) =>
      el(
        'li',
        {},
        `${formatDate(h.at, session.language)} · ${h.label} · `,
        el('span', { class: `outcome ${h.event}` }, t().events[h.event]),
      ),
    ),
  );
}

async function download(d: DocumentView): Promise<void> {
  const res = await fetch(d.href, { headers: { authorization: `Bearer ${session.token}` } });
  if (!res.ok) return say('error', `${d.name}: HTTP ${res.status}`);
  const url = URL.createObjectURL(await res.blob());
  window.open(url, '_blank', 'noopener');
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// ---------------------------------------------------------------- actions

async function toggleClaim(item: TaskListItem): Promise<void> {
  const path = `/api/v1/cases/${item.caseId}/tasks/${item.taskKey}/assignment`;
  try {
    if (item.assignee === session.principal?.subject) {
      await api.delete(path);
      item.assignee = null;
    } else {
      const r = await api.post<{ assignee: string }>(path, {});
      item.assignee = r.assignee;
    }
    // The engine has taken it; the inbox shows it within a second or two: wait for that,
    // so the page never shows the old holder after a successful claim.
    const expected = item.assignee;
    for (let i = 0; i < 20; i++) {
      const d = await api.get<TaskDetail>(`/api/v1/tasks/${item.taskKey}`).catch(() => null);
      if (!d || d.task.assignee === expected) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    await openTask(item.taskKey);
    say('ok', expected ? t().claimed : t().unclaimed);
    void refreshList();
  } catch (err) {
    handleError(err);
  }
}

async function complete(task: TaskDetail): Promise<void> {
  if (!state.form) return;
  const { data, errors } = state.form.submit() as {
    data: Record<string, unknown>;
    errors: Record<string, string[]>;
  };
  if (Object.keys(errors).length > 0) return say('error', t().formInvalid);
  const item = task.task;
  try {
    await api.post(
      `/api/v1/cases/${item.caseId}/tasks/${item.taskKey}/completion`,
      data[task.variable] ?? {},
    );
  } catch (err) {
    return handleError(err);
  }
  state.selected = null;
  state.form?.destroy();
  state.form = null;
  const detail = document.getElementById('detail')!;
  const moved = el('ul', { class: 'stages', 'data-testid': 'moved-on' });
  clear(
    detail,
    el('h2', { tabindex: '-1', id: 'done-title' }, t().completed),
    el('p', {}, `${t().case} ${item.caseId}`),
    el('p', {}, t().caseNow),
    moved,
  );
  (document.getElementById('done-title') as HTMLElement).focus();
  // Gone from the inbox at once; the server's list follows within a second or two.
  state.tasks = state.tasks.filter((x) => x.taskKey !== item.taskKey);
  state.total = Math.max(0, state.total - 1);
  renderList();
  setTimeout(() => void refreshList(), 2000);
  // Show where the case went: poll its status until the task's step is behind it.
  for (let i = 0; i < 30; i++) {
    const s = await api.get<CaseStatus>(`/api/v1/cases/${item.caseId}`).catch(() => null);
    if (s && !s.currentStages.some((x) => x.elementId === item.elementId)) {
      clear(
        moved,
        s.currentStages.length
          ? s.currentStages.map((x) => el('li', {}, x.label))
          : el('li', {}, s.finalStage?.label ?? t().events.completed),
      );
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

function say(kind: 'ok' | 'error', text: string): void {
  const host = document.getElementById('message');
  if (host)
    clear(host, el('p', { class: kind, role: kind === 'error' ? 'alert' : 'status' }, text));
}

function handleError(err: unknown): void {
  if (err instanceof ApiError && err.problem.status === 401) {
    session.signOut();
    return start();
  }
  if (
    err instanceof ApiError &&
    err.problem.status === 409 &&
    /task-taken/.test(err.problem.type ?? '')
  )
    return say('error', t().taken);
  // Short, in the page's language, saying what to do; a refused input names its field.
  const e = t().errors;
  if (!(err instanceof ApiError)) return say('error', e.network);
  const status = err.problem.status;
  if (status === 400 || status === 422)
    return say('error', e.input((err.problem.errors ?? []).map((x) => x.field).join(', ')));
  if (status === 403 || status === 404) return say('error', e.gone);
  if (status === 409) return say('error', e.conflict);
  say('error', e.busy);
}

// ---------------------------------------------------------------- keyboard

document.addEventListener('keydown', (e) => {
  if (!session.token) return;
  const target = e.target as HTMLElement;
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    const button = document.getElementById('complete') as HTMLButtonElement | null;
    if (button && !button.disabled) {
      e.preventDefault();
      button.click();
    }
    return;
  }
  if (target.closest('input, textarea, select, .form')) return;
  const actions: Record<string, () => void> = {
    j: () => move(1),
    ArrowDown: () => move(1),
    k: () => move(-1),
    ArrowUp: () => move(-1),
    c: () => document.getElementById('claim')?.click(),
    r: () => void refreshList(),
    '/': () => (document.querySelector('.views button') as HTMLElement | null)?.focus(),
    '?': () => showHelp(),
  };
  const action = actions[e.key];
  if (action) {
    e.preventDefault();
    action();
  }
});

/** The keys as a modal dialog (Escape or the button closes it; focus returns). */
function showHelp(): void {
  document.getElementById('help')?.remove();
  const dialog = el(
    'dialog',
    { id: 'help', 'aria-labelledby': 'help-title' },
    el('h2', { id: 'help-title' }, t().helpTitle),
    el(
      'ul',
      {},
      t().helpKeys.map(([key, what]) => el('li', {}, el('kbd', {}, key), ' ', what)),
    ),
    el(
      'form',
      { method: 'dialog' },
      el('button', { type: 'submit', class: 'primary', autofocus: true }, t().close),
    ),
  );
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}

// Back after an idle spell (a hidden tab, a sleeping laptop): the list is read again at once.
document.addEventListener('visibilitychange', () => {
  if (session.token && document.visibilityState === 'visible') void refreshList();
});

start();
