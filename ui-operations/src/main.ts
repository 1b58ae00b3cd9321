import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { Api, ApiError } from '../../ui-shared/api.js';
import type { Answer } from '../../ui-shared/api-types.js';
import { clear, describe, el, formatDate } from '../../ui-shared/dom.js';
import { appHeader } from '../../ui-shared/header.js';
import { Session } from '../../ui-shared/session.js';
import { TEXT, type Texts } from './texts.js';
import { fitWhenSized } from '../../ui-shared/diagram.js';
import { processingActivitiesView } from './processing-activities.js';

/**
 * The operators' app: impact monitoring (KPIs with charts and JSON/CSV export), incidents
 * (retry one or all after fixing the cause) and the case explorer (find a case; see where it
 * is on the diagram: active, done, stuck; its variables as far as operators may see them).
 */
type KpiReport = Answer<'kpis'>;
type IncidentItem = Answer<'list-incidents'>['incidents'][number];
type ExplorerHit = Answer<'search-cases'>['cases'][number];
type ExploredInstance = Answer<'explore-case'>['instances'][number];
type CaseStatus = Answer<'get-case-status'>;
type Tab = 'dashboard' | 'incidents' | 'explorer' | 'processing';

const session = new Session('operations');
const api = new Api(
  () => session.token,
  () => session.language,
);
const root = document.getElementById('app')!;
const t = (): Texts => TEXT[session.language];
let tab: Tab = 'dashboard';
const viewers: NavigatedViewer[] = [];

function start(): void {
  session.start(root, ['operator'], t, () => render());
}

function render(): void {
  const tabButton = (id: Tab, label: string) =>
    el(
      'button',
      {
        type: 'button',
        role: 'tab',
        'data-tab': id,
        'aria-selected': String(tab === id),
        onclick: () => {
          tab = id;
          render();
        },
      },
      label,
    );
  const panel = el('section', { class: 'panel', id: 'panel', role: 'tabpanel' });
  clear(
    root,
    appHeader({
      title: t().appTitle,
      who: session.principal?.subject ?? '',
      session,
      texts: t(),
      onLanguage: render,
      onSignOut: start,
    }),
    el(
      'main',
      { class: 'ops' },
      el(
        'div',
        { class: 'tabs', role: 'tablist' },
        tabButton('dashboard', t().dashboard),
        tabButton('incidents', t().incidents),
        tabButton('explorer', t().explorer),
        tabButton('processing', t().processingActivities),
      ),
      panel,
    ),
  );
  const processing = (p: HTMLElement) => processingActivitiesView(p, api, t());
  const show = { dashboard, incidents, explorer, processing }[tab];
  void show(panel).catch((err: unknown) => failed(panel, err));
}

function failed(panel: HTMLElement, err: unknown): void {
  if (err instanceof ApiError && err.problem.status === 401) {
    session.signOut();
    return start();
  }
  panel.append(el('p', { class: 'error', role: 'alert' }, (err as Error).message));
}

// ---------------------------------------------------------------- dashboard

/**
 * A horizontal bar chart as SVG: one bar per row, value at its end. Its text alternative
 * (role img) is the title and every row's label and value.
 */
function bars(
  title: string,
  rows: { label: string; value: number }[],
  unit: string,
): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const max = Math.max(1, ...rows.map((r) => r.value));
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('class', 'chart');
  svg.setAttribute('width', '640');
  svg.setAttribute('height', String(rows.length * 22 + 4));
  svg.setAttribute('role', 'img');
  svg.setAttribute(
    'aria-label',
    `${title}: ${rows.map((r) => `${r.label} ${r.value}${unit}`).join('; ') || t().none}`,
  );
  rows.forEach((r, i) => {
    const y = i * 22 + 2;
    const label = document.createElementNS(ns, 'text');
    label.setAttribute('x', '0');
    label.setAttribute('y', String(y + 14));
    label.textContent = r.label;
    const rect = document.createElementNS(ns, 'rect');
    rect.setAttribute('x', '200');
    rect.setAttribute('y', String(y));
    rect.setAttribute('height', '18');
    rect.setAttribute('width', String(Math.max(1, (r.value / max) * 360)));
    rect.setAttribute('fill', '#0b5cad');
    const value = document.createElementNS(ns, 'text');
    value.setAttribute('x', String(206 + (r.value / max) * 360));
    value.setAttribute('y', String(y + 14));
    value.textContent = `${r.value}${unit}`;
    svg.append(label, rect, value);
  });
  return svg;
}

async function download(format: 'json' | 'csv'): Promise<void> {
  const res = await fetch(`/api/v1/kpis?format=${format}`, {
    headers: { authorization: `Bearer ${session.token}` },
  });
  const url = URL.createObjectURL(await res.blob());
  const a = el('a', { href: url, download: `wsa-kpis.${format}` });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function dashboard(panel: HTMLElement): Promise<void> {
  const r = await api.get<KpiReport>('/api/v1/kpis');
  const num = (x: number | null) => el('td', { class: 'num' }, x === null ? '–' : String(x));
  clear(
    panel,
    el(
      'div',
      { class: 'actions' },
      el('button', { type: 'button', onclick: () => void download('json') }, t().exportJson),
      el('button', { type: 'button', onclick: () => void download('csv') }, t().exportCsv),
    ),
    el(
      'table',
      { class: 'data', 'data-testid': 'kpi-procedures' },
      el(
        'tr',
        {},
        [
          t().procedure,
          t().started,
          t().completed,
          t().open,
          t().leadTime,
          t().p90,
          t().working,
          t().waiting,
          t().deadlinesMet,
        ].map((h) => el('th', {}, h)),
      ),
      r.procedures.map((p) =>
        el(
          'tr',
          {},
          el('td', {}, p.procedure),
          num(p.started),
          num(p.completed),
          num(p.open),
          num(p.leadTime.medianDays),
          num(p.leadTime.p90Days),
          num(p.workingTime.medianDays),
          num(p.waitingTime.medianDays),
          el(
            'td',
            { class: 'num' },
            p.deadlines.shareMet === null
              ? '–'
              : `${Math.round(p.deadlines.shareMet * 100)} % (${p.deadlines.met}/${p.deadlines.met + p.deadlines.missed})`,
          ),
        ),
      ),
    ),
    el('h3', {}, t().leadTime),
    bars(
      t().leadTime,
      r.procedures
        .filter((p) => p.leadTime.medianDays !== null)
        .map((p) => ({ label: p.procedure, value: p.leadTime.medianDays! })),
      ' d',
    ),
    el('h3', {}, t().authorities),
    bars(
      t().authorities,
      r.authorities.map((a) => ({ label: a.authority, value: a.time.medianDays ?? 0 })),
      ' d',
    ),
    el('h3', {}, t().awaited),
    el(
      'table',
      { class: 'data' },
      r.awaited.map((a) =>
        el(
          'tr',
          {},
          el('td', {}, a.procedure),
          el('td', {}, a.awaiting),
          num(a.totalDays),
          el('td', { class: 'num' }, `${Math.round(a.share * 100)} %`),
        ),
      ),
    ),
    el('h3', {}, t().weekly),
    bars(
      t().weekly,
      r.weekly.map((w) => ({ label: `${w.week} ${w.procedure}`, value: w.completed })),
      '',
    ),
  );
}

// ---------------------------------------------------------------- incidents

async function incidents(panel: HTMLElement): Promise<void> {
  const { incidents: list } = await api.get<{ incidents: IncidentItem[] }>('/api/v1/incidents');
  const message = el('div', { 'aria-live': 'polite' });
  const retry = async (keys: string[]) => {
    const r = await api.post<{
      results: { incidentKey: string; retried: boolean; reason?: string }[];
    }>('/api/v1/incidents/retry', { incidentKeys: keys });
    const failed = r.results.filter((x) => !x.retried);
    clear(
      message,
      el(
        'p',
        { class: failed.length ? 'error' : 'ok' },
        failed.length ? failed.map((f) => `${f.incidentKey}: ${f.reason}`).join('; ') : t().retried,
      ),
    );
    setTimeout(render, 1500);
  };
  clear(
    panel,
    message,
    list.length === 0
      ? el('p', { class: 'muted' }, t().none)
      : [
          el(
            'button',
            {
              type: 'button',
              id: 'retry-all',
              onclick: () => void retry(list.map((i) => i.incidentKey)),
            },
            t().retryAll,
          ),
          el(
            'table',
            { class: 'data', 'data-testid': 'incidents' },
            el(
              'tr',
              {},
              [t().procedure, t().step, t().error, t().age, t().case, ''].map((h) =>
                el('th', {}, h),
              ),
            ),
            list.map((i) =>
              el(
                'tr',
                {},
                el('td', {}, i.procedure ?? ''),
                el('td', {}, i.step),
                el('td', {}, `${i.errorType}: ${i.errorMessage}`),
                el('td', { class: 'num' }, String(i.ageMinutes ?? '–')),
                el('td', {}, i.caseId ?? i.processInstanceKey),
                el(
                  'td',
                  {},
                  el(
                    'button',
                    { type: 'button', onclick: () => void retry([i.incidentKey]) },
                    t().retry,
                  ),
                ),
              ),
            ),
          ),
        ],
  );
}

// ---------------------------------------------------------------- case explorer

async function explorer(panel: HTMLElement): Promise<void> {
  const caseId = el('input', { type: 'text', id: 'q-case', size: '38' });
  const applicantId = el('input', { type: 'text', id: 'q-applicant' });
  const state = el(
    'select',
    { id: 'q-state' },
    ['', 'ACTIVE', 'INCIDENT', 'COMPLETED', 'TERMINATED'].map((s) =>
      el('option', { value: s }, s || t().any),
    ),
  );
  const results = el('div', {});
  const detail = el('div', { id: 'case-detail' });
  const search = async () => {
    const q = new URLSearchParams({ limit: '50' });
    if (caseId.value.trim()) q.set('caseId', caseId.value.trim());
    if (applicantId.value.trim()) q.set('applicantId', applicantId.value.trim());
    if (state.value) q.set('state', state.value);
    const { cases } = await api.get<{ cases: ExplorerHit[] }>(`/api/v1/operations/cases?${q}`);
    clear(
      results,
      el(
        'table',
        { class: 'data', 'data-testid': 'search-results' },
        el(
          'tr',
          {},
          [t().case, t().procedure, t().state, t().started, ''].map((h) => el('th', {}, h)),
        ),
        cases.map((c) =>
          el(
            'tr',
            {},
            el('td', {}, c.caseId),
            el('td', {}, c.procedure ?? ''),
            el('td', {}, c.state),
            el('td', {}, formatDate(c.startedAt, session.language)),
            el(
              'td',
              {},
              el(
                'button',
                {
                  type: 'button',
                  'data-open-case': c.caseId,
                  onclick: () => void showCase(detail, c.caseId),
                },
                '→',
              ),
            ),
          ),
        ),
      ),
    );
    if (cases.length === 1) await showCase(detail, cases[0]!.caseId);
  };
  clear(
    panel,
    el(
      'form',
      {
        class: 'search',
        onsubmit: (e: Event) => {
          e.preventDefault();
          void search().catch((err: unknown) => failed(panel, err));
        },
      },
      el('label', {}, t().caseId, el('br', {}), caseId),
      el('label', {}, t().applicantId, el('br', {}), applicantId),
      el('label', {}, t().state, el('br', {}), state),
      el('button', { type: 'submit', id: 'search' }, t().search),
    ),
    results,
    detail,
  );
  caseId.focus();
}

/** Shows one case (`cancelled`: the operator has just cancelled it); answers its state. */
async function showCase(
  detail: HTMLElement,
  caseId: string,
  cancelled = false,
): Promise<CaseStatus['state']> {
  const r = await api.get<{ status: CaseStatus; instances: ExploredInstance[] }>(
    `/api/v1/operations/cases/${caseId}`,
  );
  viewers.splice(0).forEach((v) => v.destroy());
  clear(
    detail,
    el('h3', { 'data-testid': 'explored-case' }, `${r.status.title} · ${caseId}`),
    el(
      'p',
      { class: 'legend' },
      el('span', {}, t().legendActive),
      el('span', {}, t().legendCompleted),
      el('span', {}, t().legendIncident),
    ),
  );
  for (const instance of r.instances) {
    const canvas = el('div', { class: 'diagram', 'data-instance': instance.bpmnProcessId });
    detail.append(
      el('h4', {}, `${instance.bpmnProcessId} v${instance.version} · ${instance.state}`),
      canvas,
    );
    if (instance.xml) {
      const viewer = new NavigatedViewer({ container: canvas });
      viewers.push(viewer);
      await viewer.importXML(instance.xml);
      const c = viewer.get('canvas') as {
        addMarker(id: string, m: string): void;
        zoom(v: string): void;
      };
      const registry = viewer.get('elementRegistry') as { get(id: string): unknown };
      const mark = (ids: string[], marker: string) =>
        ids.forEach((id) => registry.get(id) && c.addMarker(id, marker));
      mark(instance.completed, 'completed');
      mark(instance.active, 'active');
      mark(
        instance.incidents.map((i) => i.elementId),
        'incident',
      );
      fitWhenSized(canvas, c);
    }
    detail.append(
      el(
        'p',
        {},
        el('strong', {}, `${t().variables}: `),
        Object.keys(instance.variables).length ? describe(instance.variables) : '–',
      ),
      el(
        'p',
        { class: 'muted' },
        instance.hiddenVariables.length
          ? `${t().hidden}: ${instance.hiddenVariables.join(', ')}`
          : '',
      ),
    );
  }
  if (cancelled) detail.prepend(el('p', { role: 'status' }, t().cancelled));
  else if (r.status.state === 'ACTIVE') detail.append(cancelForm(detail, caseId));
  detail.append(
    el('h4', {}, t().history),
    el(
      'ol',
      { class: 'history' },
      [...r.status.history]
        .reverse()
        .slice(0, 30)
        .map((h) =>
          el('li', {}, `${formatDate(h.at, session.language)} · ${h.label} · ${h.event}`),
        ),
    ),
  );
  return r.status.state;
}

/**
 * Cancelling a stuck case for good (a duplicate, an application the parties gave up): the
 * case and every procedure it called end; the reason goes into the audit log.
 */
function cancelForm(detail: HTMLElement, caseId: string): HTMLElement {
  const reason = el('input', {
    id: 'cancel-reason',
    required: 'required',
    minlength: '3',
    maxlength: '500',
  }) as HTMLInputElement;
  const form: HTMLElement = el(
    'form',
    {
      class: 'search',
      'data-testid': 'cancel-case',
      onsubmit: (e: Event) => {
        e.preventDefault();
        void api
          .post(`/api/v1/operations/cases/${caseId}/cancellation`, { reason: reason.value })
          .then(async () => {
            // The engine has ended the case; the read model follows within moments: the case
            // is shown again now (without this form), then until it shows as ended.
            let state = await showCase(detail, caseId, true);
            for (let i = 0; i < 10 && state === 'ACTIVE'; i++) {
              await new Promise((r) => setTimeout(r, 500));
              state = await showCase(detail, caseId, true);
            }
          })
          .catch((err: unknown) => failed(form, err));
      },
    },
    el('h4', {}, t().cancelTitle),
    el('label', {}, t().cancelReason, el('br', {}), reason),
    el('button', { type: 'submit', id: 'cancel-case' }, t().cancelButton),
  );
  return form;
}

start();
