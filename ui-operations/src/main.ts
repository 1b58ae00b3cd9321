import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { Api, ApiError } from '../../ui-shared/api.js';
import type { Answer } from '../../ui-shared/api-types.js';
import { clear, describe, el, formatDate } from '../../ui-shared/dom.js';
import { appHeader } from '../../ui-shared/header.js';
import { Session } from '../../ui-shared/session.js';
import { TEXT, type Texts } from './texts.js';
import { fitWhenSized } from '../../ui-shared/diagram.js';
import { formatDays, formatMinutes } from '../../ui-shared/durations.js';
import { chart } from '../../ui-shared/charts.js';
import { EventStream } from '../../ui-shared/event-stream.js';
import { zoomControls, type ZoomableCanvas } from '../../ui-shared/zoom-controls.js';
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
type Tab = 'dashboard' | 'incidents' | 'explorer' | 'processes' | 'processing';
type DeployedProcess = Answer<'list-processes'>['processes'][number];
type ExploredProcess = Answer<'explore-process'>;
type ProcessInstance = Answer<'explore-process-instance'>;

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
  live?.stop();
  live = undefined;
  session.start(root, ['operator'], t, () => render());
}

/**
 * Live updates: the caller's events (`GET /api/v1/events`); on a case event the dashboard or
 * the incident list shown is read again (once for a burst), no polling.
 */
let live: { stop(): void } | undefined;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
function followEvents(panel: HTMLElement): void {
  shownPanel = panel;
  if (live) return;
  live = new EventStream({
    token: () => session.token,
    onEvent: () => {
      clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => {
        const view = tab === 'dashboard' ? dashboard : tab === 'incidents' ? incidents : null;
        if (view && shownPanel?.isConnected)
          void view(shownPanel).catch((err: unknown) => failed(shownPanel!, err));
      }, 300);
    },
  }).start();
}
let shownPanel: HTMLElement | undefined;

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
          retryMessage = null;
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
        tabButton('processes', t().processes),
        tabButton('processing', t().processingActivities),
      ),
      panel,
    ),
  );
  const processing = (p: HTMLElement) => processingActivitiesView(p, api, t());
  const show = { dashboard, incidents, explorer, processes, processing }[tab];
  void show(panel).catch((err: unknown) => failed(panel, err));
  followEvents(panel);
}

function failed(panel: HTMLElement, err: unknown): void {
  if (err instanceof ApiError && err.problem.status === 401) {
    session.signOut();
    return start();
  }
  panel.append(el('p', { class: 'error', role: 'alert' }, errorText(err)));
}

/**
 * A refusal in the page's language, saying what to do; a refused input names its fields (the
 * API's problem document), never the server's English sentence.
 */
function errorText(err: unknown): string {
  const e = t().errors;
  if (!(err instanceof ApiError)) return e.network;
  const { status, errors } = err.problem;
  if (status === 400 || status === 422)
    return e.input([...new Set((errors ?? []).map((x) => fieldLabel(x.field)))].join(', '));
  if (status === 401) return e.signIn;
  if (status === 403) return e.forbidden;
  if (status === 404) return e.notFound;
  if (status === 409) return e.conflict;
  return e.busy;
}

/** A refused field as the form names it (`query:caseId` → "Vorgangsnummer"); else its name. */
function fieldLabel(field: string): string {
  const name =
    field
      .replace(/^(query|path|header):/, '')
      .split('/')
      .pop() ?? field;
  const labels: Record<string, string> = {
    caseId: t().caseId,
    applicantId: t().applicantId,
    state: t().state,
    reason: t().cancelReason,
    from: t().moveFrom,
    to: t().moveTo,
  };
  return labels[name] ?? name;
}

/** An error shown in place, as an alert. */
const alertOf = (err: unknown) => el('p', { class: 'error', role: 'alert' }, errorText(err));

// ---------------------------------------------------------------- dashboard

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
  const days = (x: number) => formatDays(x, session.language);
  const num = (x: number | null) => el('td', { class: 'num' }, x === null ? '–' : String(x));
  const dur = (days: number | null) =>
    el('td', { class: 'num duration' }, formatDays(days, session.language));
  const head = (...labels: string[]) =>
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        labels.map((h) => el('th', { scope: 'col' }, h)),
      ),
    );
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
          dur(p.leadTime.medianDays),
          dur(p.leadTime.p90Days),
          dur(p.workingTime.medianDays),
          dur(p.waitingTime.medianDays),
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
    chart({
      kind: 'bar',
      title: t().leadTimeChart,
      labels: r.procedures.map((p) => p.procedure),
      series: [
        { label: t().median, values: r.procedures.map((p) => p.leadTime.medianDays) },
        { label: t().p90, values: r.procedures.map((p) => p.leadTime.p90Days) },
        { label: t().mean, values: r.procedures.map((p) => p.leadTime.meanDays) },
      ],
      format: days,
      horizontal: true,
      testId: 'chart-lead-time',
    }),
    leadTimeDistributionChart(r),
    chart({
      kind: 'bar',
      title: t().deadlinesChart,
      labels: r.procedures.map((p) => p.procedure),
      series: [
        {
          label: t().deadlinesMet,
          values: r.procedures.map((p) => p.deadlines.shareMet),
        },
      ],
      format: (x) => `${Math.round(x * 100)} %`,
      horizontal: true,
      testId: 'chart-deadlines',
    }),
    chart({
      kind: 'bar',
      title: t().authorities,
      labels: r.authorities.map((a) => a.authority),
      series: [{ label: t().median, values: r.authorities.map((a) => a.time.medianDays) }],
      format: days,
      horizontal: true,
      testId: 'chart-authorities',
    }),
    el('h3', {}, t().awaited),
    el(
      'table',
      { class: 'data', 'data-testid': 'kpi-awaited' },
      head(t().procedure, t().awaiting, t().totalTime, t().share),
      r.awaited.map((a) =>
        el(
          'tr',
          {},
          el('td', {}, a.procedure),
          el('td', {}, a.awaiting),
          dur(a.totalDays),
          el('td', { class: 'num' }, `${Math.round(a.share * 100)} %`),
        ),
      ),
    ),
    weeklyChart(r.weekly),
    deadlinesWeeklyChart(r.weekly),
  );
}

/**
 * A histogram of the lead times of completed cases: one bar per bin and procedure (the
 * procedures with completed cases), the bins as the gateway counted them.
 */
function leadTimeDistributionChart(r: KpiReport): HTMLElement {
  const shown = r.leadTimeDistribution.filter((d) => d.bins.some((b) => b.count > 0));
  const bins = r.leadTimeDistribution[0]?.bins ?? [];
  const span = (d: number) => formatDays(d, session.language);
  const labels = bins.map((b) =>
    b.fromDays === 0 && b.toDays !== null
      ? t().binUnder(span(b.toDays))
      : b.toDays === null
        ? t().binFrom(span(b.fromDays))
        : `${span(b.fromDays)} – ${span(b.toDays)}`,
  );
  return chart({
    kind: 'bar',
    title: t().leadTimeDistribution,
    labels,
    series: shown.map((d) => ({ label: d.procedure, values: d.bins.map((b) => b.count) })),
    format: (x) => t().casesCount(x),
    integer: true,
    testId: 'chart-lead-time-distribution',
  });
}

/** The Monday (UTC) of an ISO week `2026-W49`. */
function mondayOf(week: string): number {
  const [year, w] = week.split('-W').map(Number) as [number, number];
  const jan4 = Date.UTC(year, 0, 4);
  const day = (new Date(jan4).getUTCDay() + 6) % 7; // Monday 0
  return jan4 - day * 86_400_000 + (w - 1) * 7 * 86_400_000;
}

/** The ISO week of a day (UTC), as `2026-W49`. */
function isoWeekOf(ms: number): string {
  const d = new Date(ms);
  const thursday = ms + (3 - ((d.getUTCDay() + 6) % 7)) * 86_400_000;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * Every week from the first to the last one given, so a time series has no hidden gaps: a
 * week without completed cases is a week on the axis (at most 5 years of them).
 */
function everyWeek(weeks: string[]): string[] {
  const given = [...new Set(weeks)].sort();
  if (given.length < 2) return given;
  const all: string[] = [];
  const last = mondayOf(given.at(-1)!);
  for (let m = mondayOf(given[0]!); m <= last && all.length < 260; m += 7 * 86_400_000)
    all.push(isoWeekOf(m));
  return all;
}

/** The share of statutory deadlines met by the cases completed each week, per procedure. */
function deadlinesWeeklyChart(weekly: KpiReport['weekly']): HTMLElement {
  const weeks = everyWeek(weekly.map((w) => w.week));
  const procedures = [...new Set(weekly.map((w) => w.procedure))].sort();
  return chart({
    kind: 'line',
    title: t().deadlinesWeekly,
    labels: weeks,
    series: procedures.map((p) => ({
      label: p,
      values: weeks.map((week) => {
        const w = weekly.find((x) => x.week === week && x.procedure === p);
        const all = w ? w.deadlinesMet + w.deadlinesMissed : 0;
        return w && all > 0 ? w.deadlinesMet / all : null;
      }),
    })),
    format: (x) => `${Math.round(x * 100)} %`,
    testId: 'chart-deadlines-weekly',
  });
}

/** Completed cases per ISO week and procedure as a time series (weeks without any: 0). */
function weeklyChart(weekly: KpiReport['weekly']): HTMLElement {
  const weeks = everyWeek(weekly.map((w) => w.week));
  const procedures = [...new Set(weekly.map((w) => w.procedure))].sort();
  return chart({
    kind: 'line',
    title: t().weekly,
    labels: weeks,
    series: procedures.map((p) => ({
      label: p,
      values: weeks.map(
        (week) => weekly.find((w) => w.week === week && w.procedure === p)?.completed ?? 0,
      ),
    })),
    format: (x) => x.toLocaleString(session.language === 'de' ? 'de-DE' : 'en-GB'),
    integer: true,
    testId: 'chart-weekly',
  });
}

// ---------------------------------------------------------------- incidents

type RetryAnswer = Answer<'retry-incidents'>;

/** Retries incidents; answers a confirmation (how many) or what the engine refused. */
async function retryIncidentKeys(keys: string[]): Promise<HTMLElement> {
  const r = await api.post<RetryAnswer>('/api/v1/incidents/retry', { incidentKeys: keys });
  const failed = r.results.filter((x) => !x.retried);
  return failed.length
    ? el(
        'p',
        { class: 'error', role: 'alert' },
        `${t().retryFailed}: ${failed.map((f) => `${f.incidentKey} (${f.reason})`).join('; ')}`,
      )
    : el('p', { class: 'ok', role: 'status' }, t().retried.replace('{n}', String(keys.length)));
}

/**
 * The answer to the last retry: kept while the list is read again (the incidents' events
 * redraw it as the engine resolves them), until another tab is chosen.
 */
let retryMessage: HTMLElement | null = null;

async function incidents(panel: HTMLElement): Promise<void> {
  const { incidents: list } = await api.get<{ incidents: IncidentItem[] }>('/api/v1/incidents');
  const message = (retryMessage ??= el('div', { 'aria-live': 'polite' }));
  const retry = async (keys: string[]) => {
    clear(message, await retryIncidentKeys(keys));
    setTimeout(() => {
      if (tab === 'incidents' && panel.isConnected) void incidents(panel);
    }, 3000);
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
              'thead',
              {},
              el(
                'tr',
                {},
                [t().procedure, t().step, t().error, t().age, t().case, t().retry].map((h) =>
                  el('th', { scope: 'col' }, h),
                ),
              ),
            ),
            list.map((i) =>
              el(
                'tr',
                {},
                el('td', {}, i.procedure ?? '–'),
                el('td', {}, i.step),
                el(
                  'td',
                  { class: 'incident-error' },
                  el('strong', {}, i.errorMessage || i.errorType),
                  el('br', {}),
                  el('span', { class: 'muted' }, i.errorType),
                ),
                el('td', { class: 'num' }, formatMinutes(i.ageMinutes, session.language)),
                el(
                  'td',
                  {},
                  i.caseId
                    ? el(
                        'a',
                        {
                          href: `#case=${i.caseId}`,
                          'data-case-link': i.caseId,
                          'aria-label': t().openCase.replace('{id}', i.caseId),
                          onclick: (e: Event) => {
                            e.preventDefault();
                            openInExplorer(i.caseId!);
                          },
                        },
                        i.caseId,
                      )
                    : i.processInstanceKey,
                ),
                el(
                  'td',
                  {},
                  el(
                    'button',
                    {
                      type: 'button',
                      'data-retry': i.incidentKey,
                      onclick: () => void retry([i.incidentKey]),
                    },
                    t().retry,
                  ),
                ),
              ),
            ),
          ),
        ],
  );
}

/** A case's or instance's state in words. */
const stateText = (state: string): string => t().states[state] ?? state;

/** The explorer tab, with this case found and shown. */
function openInExplorer(caseId: string): void {
  tab = 'explorer';
  pendingCase = caseId;
  render();
}
let pendingCase: string | undefined;
/** The case shown in the explorer. */
let currentCase = '';

// ---------------------------------------------------------------- every deployed process

/**
 * Every process the engine holds, registered procedure or not (deployed from the modeler or by
 * hand): its newest version's diagram, its instances, and each instance on its diagram.
 */
async function processes(panel: HTMLElement): Promise<void> {
  const { processes: list } = await api.get<{ processes: DeployedProcess[] }>(
    '/api/v1/operations/processes',
  );
  const detail = el('div', { id: 'process-detail' });
  clear(
    panel,
    el(
      'table',
      { class: 'data', 'data-testid': 'processes' },
      el('caption', {}, t().processesCaption),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          [t().processId, t().processName, t().version, t().procedure, t().show].map((h) =>
            el('th', { scope: 'col' }, h),
          ),
        ),
      ),
      el(
        'tbody',
        {},
        list.map((p) =>
          el(
            'tr',
            {},
            el('td', {}, p.processId),
            el('td', {}, p.name ?? '–'),
            el('td', { class: 'num' }, String(p.version)),
            el('td', {}, p.procedure ?? el('span', { class: 'muted' }, t().notRegistered)),
            el(
              'td',
              {},
              el(
                'button',
                {
                  type: 'button',
                  'data-open-process': p.processId,
                  'aria-label': t().openProcess.replace('{id}', p.processId),
                  onclick: () =>
                    void showProcess(detail, p.processId).catch((err: unknown) =>
                      failed(detail, err),
                    ),
                },
                '→',
              ),
            ),
          ),
        ),
      ),
    ),
    detail,
  );
}

/** One process: its newest version's diagram and its instances (optionally of one state). */
async function showProcess(detail: HTMLElement, processId: string, state = ''): Promise<void> {
  const q = new URLSearchParams({ limit: '50' });
  if (state) q.set('state', state);
  const p = await api.get<ExploredProcess>(
    `/api/v1/operations/processes/${encodeURIComponent(processId)}?${q}`,
  );
  viewers.splice(0).forEach((v) => v.destroy());
  const canvas = el('div', { class: 'diagram', 'data-process': processId });
  const instanceHost = el('div', { id: 'instance-detail' });
  const states = el(
    'select',
    {
      id: 'q-process-state',
      onchange: (e: Event) =>
        void showProcess(detail, processId, (e.target as HTMLSelectElement).value)
          .then(() => document.getElementById('q-process-state')?.focus())
          .catch((err: unknown) => failed(detail, err)),
    },
    ['', 'ACTIVE', 'INCIDENT', 'COMPLETED', 'TERMINATED'].map((s) =>
      el('option', { value: s, selected: s === state }, s ? stateText(s) : t().any),
    ),
  );
  clear(
    detail,
    el(
      'h3',
      { 'data-testid': 'explored-process' },
      `${p.name ?? p.processId} · ${p.processId} v${p.version}`,
    ),
    el(
      'p',
      { class: 'muted' },
      `${p.procedure ?? t().notRegistered} · ${t().deployedAt} ${formatDate(p.deployedAt, session.language)}`,
    ),
    canvas,
    el('label', {}, `${t().state} `, states),
    p.instances.length === 0
      ? el('p', { class: 'muted' }, t().noInstances)
      : el(
          'table',
          { class: 'data', 'data-testid': 'process-instances' },
          el('caption', {}, t().instancesCaption),
          el(
            'thead',
            {},
            el(
              'tr',
              {},
              [t().instance, t().case, t().version, t().state, t().started, t().show].map((h) =>
                el('th', { scope: 'col' }, h),
              ),
            ),
          ),
          el(
            'tbody',
            {},
            p.instances.map((i) =>
              el(
                'tr',
                {},
                el('td', {}, i.processInstanceKey),
                el('td', {}, i.caseId ?? '–'),
                el('td', { class: 'num' }, String(i.version)),
                el('td', {}, stateText(i.state)),
                el('td', {}, formatDate(i.startedAt, session.language)),
                el(
                  'td',
                  {},
                  el(
                    'button',
                    {
                      type: 'button',
                      'data-open-instance': i.processInstanceKey,
                      'aria-label': t().openInstance.replace('{id}', i.processInstanceKey),
                      onclick: () =>
                        void showProcessInstance(instanceHost, i.processInstanceKey).catch(
                          (err: unknown) => failed(instanceHost, err),
                        ),
                    },
                    '→',
                  ),
                ),
              ),
            ),
          ),
        ),
    instanceHost,
  );
  if (p.xml) await drawDiagram(canvas, p.xml);
}

/** One instance of any process on its diagram; its case, if it has one, opens in the case explorer. */
async function showProcessInstance(host: HTMLElement, key: string): Promise<void> {
  const i = await api.get<ProcessInstance>(`/api/v1/operations/process-instances/${key}`);
  clear(
    host,
    el('h4', { 'data-testid': 'explored-instance', tabindex: '-1' }, `${t().instance} ${key}`),
    i.caseId
      ? el(
          'p',
          {},
          el(
            'a',
            {
              href: `#case=${i.caseId}`,
              'data-case-link': i.caseId,
              onclick: (e: Event) => {
                e.preventDefault();
                openInExplorer(i.caseId!);
              },
            },
            t().openCase.replace('{id}', i.caseId),
          ),
        )
      : el('p', { class: 'muted' }, t().noCase),
  );
  await instanceBlock(host, i, false);
  (host.querySelector('[data-testid="explored-instance"]') as HTMLElement).focus();
}

// ---------------------------------------------------------------- case explorer

async function explorer(panel: HTMLElement): Promise<void> {
  const caseId = el('input', { type: 'text', id: 'q-case', size: '38' });
  const applicantId = el('input', { type: 'text', id: 'q-applicant' });
  const state = el(
    'select',
    { id: 'q-state' },
    ['', 'ACTIVE', 'INCIDENT', 'COMPLETED', 'TERMINATED'].map((s) =>
      el('option', { value: s }, s ? stateText(s) : t().any),
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
          [t().case, t().procedure, t().state, t().started, t().show].map((h) =>
            el('th', { scope: 'col' }, h),
          ),
        ),
        cases.map((c) =>
          el(
            'tr',
            {},
            el('td', {}, c.caseId),
            el('td', {}, c.procedure ?? ''),
            el('td', {}, stateText(c.state)),
            el('td', {}, formatDate(c.startedAt, session.language)),
            el(
              'td',
              {},
              el(
                'button',
                {
                  type: 'button',
                  'data-open-case': c.caseId,
                  'aria-label': t().openCase.replace('{id}', c.caseId),
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
  if (pendingCase) {
    caseId.value = pendingCase;
    pendingCase = undefined;
    await search();
  }
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
  currentCase = caseId;
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
  for (const instance of r.instances)
    await instanceBlock(detail, instance, instance.state === 'ACTIVE' && !cancelled);
  if (!cancelled && r.instances.some((i) => i.incidents.length > 0))
    detail.append(retryCaseForm(caseId));
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

/** A model drawn by bpmn-js's viewer, fitted to its box once it has a size, with zoom controls. */
async function drawDiagram(canvas: HTMLElement, xml: string): Promise<NavigatedViewer> {
  const viewer = new NavigatedViewer({ container: canvas });
  viewers.push(viewer);
  await viewer.importXML(xml);
  const c = viewer.get('canvas') as ZoomableCanvas & { zoom(v: string): void };
  fitWhenSized(canvas, c);
  zoomControls(canvas, c, { zoomIn: t().zoomIn, zoomOut: t().zoomOut, fit: t().zoomFit });
  return viewer;
}

/**
 * One instance on its diagram as deployed (active, done, stuck), with the variables operators
 * may see and the decisions taken; `repairs`: with the forms to correct variables and move
 * the token (a running instance of a case).
 */
async function instanceBlock(
  detail: HTMLElement,
  instance: ExploredInstance,
  repairs: boolean,
): Promise<void> {
  const canvas = el('div', { class: 'diagram', 'data-instance': instance.bpmnProcessId });
  detail.append(
    el('h4', {}, `${instance.bpmnProcessId} v${instance.version} · ${stateText(instance.state)}`),
    canvas,
  );
  /** The model's steps, events and gateways: where a token can be moved to. */
  let flowNodes: { id: string; name: string }[] = [];
  if (instance.xml) {
    const viewer = await drawDiagram(canvas, instance.xml);
    const c = viewer.get('canvas') as {
      addMarker(id: string, m: string): void;
      zoom(v: string): void;
    };
    const registry = viewer.get('elementRegistry') as {
      get(id: string): unknown;
      filter(f: (e: DiagramElement) => boolean): DiagramElement[];
    };
    flowNodes = registry
      .filter((e) => e.businessObject?.$instanceOf?.('bpmn:FlowNode') === true && !e.labelTarget)
      .map((e) => ({ id: e.id, name: e.businessObject?.name ?? '' }))
      .sort((a, b) => a.id.localeCompare(b.id));
    const mark = (ids: string[], marker: string) =>
      ids.forEach((id) => registry.get(id) && c.addMarker(id, marker));
    mark(instance.completed, 'completed');
    mark(instance.active, 'active');
    mark(
      instance.incidents.map((i) => i.elementId),
      'incident',
    );
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
  if (instance.decisions.length) detail.append(decisionsTable(instance.decisions));
  if (repairs) detail.append(variablesForm(instance), moveForm(detail, instance, flowNodes));
}

/**
 * Correcting a technical variable of a running instance (a period the engine could not parse,
 * a due date): the gateway takes only the operators' variables and names a refused one.
 */
function variablesForm(instance: ExploredInstance): HTMLElement {
  const listId = `vars-${instance.processInstanceKey}`;
  const name = el('input', { 'data-variable-name': '', list: listId, required: 'required' });
  const value = el('input', { 'data-variable-value': '', required: 'required', size: '30' });
  const message = el('div', { 'aria-live': 'polite' });
  const form: HTMLElement = el(
    'form',
    {
      class: 'search',
      'data-testid': 'edit-variables',
      onsubmit: (e: Event) => {
        e.preventDefault();
        let parsed: unknown;
        try {
          parsed = JSON.parse(value.value);
        } catch {
          return clear(message, el('p', { class: 'error', role: 'alert' }, t().badJson));
        }
        void api
          .request('PUT', `/api/v1/operations/cases/${currentCase}/variables`, {
            processInstanceKey: instance.processInstanceKey,
            variables: { [name.value.trim()]: parsed },
          })
          .then(() =>
            clear(
              message,
              el(
                'p',
                { class: 'ok', role: 'status' },
                t().variableSaved.replace('{name}', name.value.trim()),
              ),
            ),
          )
          .catch((err: unknown) => clear(message, alertOf(err)));
      },
    },
    el('h4', {}, `${t().editVariables} (${instance.bpmnProcessId})`),
    el(
      'datalist',
      { id: listId },
      Object.keys(instance.variables).map((v) => el('option', { value: v })),
    ),
    el('label', {}, t().variableName, el('br', {}), name),
    el('label', {}, t().variableValue, el('br', {}), value),
    el('button', { type: 'submit' }, t().saveVariable),
    message,
  );
  return form;
}

/** Which decision-table version decided, by which rules, on which (non-personal) inputs. */
function decisionsTable(decisions: ExploredInstance['decisions']): HTMLElement {
  const values = (list: ExploredInstance['decisions'][number]['inputs']) =>
    list.map((v) => `${v.name}: ${v.hidden ? t().hiddenValue : describe(v.value)}`).join('; ') ||
    '–';
  return el(
    'table',
    { class: 'data', 'data-testid': 'decisions' },
    el('caption', {}, t().decisions),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        [t().step, t().decision, t().rules, t().inputs, t().outputs].map((h) =>
          el('th', { scope: 'col' }, h),
        ),
      ),
    ),
    decisions.map((d) =>
      el(
        'tr',
        {},
        el('td', {}, d.elementId),
        el(
          'td',
          {},
          `${d.name ?? d.decision} · ${t().versionShort}${d.version ?? '?'}`,
          el('br', {}),
          el('span', { class: 'muted' }, formatDate(d.evaluatedAt, session.language)),
        ),
        el('td', {}, d.rules.join(', ') || '–'),
        el('td', {}, values(d.inputs)),
        el('td', {}, values(d.outputs)),
      ),
    ),
  );
}

type DiagramElement = {
  id: string;
  labelTarget?: unknown;
  businessObject?: { name?: string; $instanceOf?(type: string): boolean };
};

/**
 * Instance modification: the token at an active element moves to another element of the
 * model (repeat a step after a repair, skip one); the reason goes into the audit log.
 */
function moveForm(
  detail: HTMLElement,
  instance: ExploredInstance,
  nodes: { id: string; name: string }[],
): HTMLElement {
  const ids = new Set(nodes.map((n) => n.id));
  const label = (n: { id: string; name: string }) => (n.name ? `${n.name} (${n.id})` : n.id);
  const from = el(
    'select',
    { 'data-move-from': '', required: 'required' },
    instance.active
      .filter((id) => ids.has(id))
      .map((id) => el('option', { value: id }, label(nodes.find((n) => n.id === id)!))),
  );
  const to = el(
    'select',
    { 'data-move-to': '', required: 'required' },
    nodes.map((n) => el('option', { value: n.id }, label(n))),
  );
  const reason = el('input', {
    'data-move-reason': '',
    required: 'required',
    minlength: '3',
    maxlength: '500',
  });
  const message = el('div', { 'aria-live': 'polite' });
  const caseId = currentCase;
  return el(
    'form',
    {
      class: 'search',
      'data-testid': 'move-instance',
      onsubmit: (e: Event) => {
        e.preventDefault();
        void api
          .post(`/api/v1/operations/cases/${caseId}/modification`, {
            processInstanceKey: instance.processInstanceKey,
            from: from.value,
            to: to.value,
            reason: reason.value,
          })
          .then(async () => {
            const moved = t().moved.replace('{to}', to.value);
            // The read model follows the engine within moments: shown again until it does.
            for (let i = 0; i < 10; i++) {
              await showCase(detail, caseId);
              const now = detail.querySelector(
                `.diagram[data-instance="${instance.bpmnProcessId}"] .djs-element.active[data-element-id="${to.value}"]`,
              );
              if (now) break;
              await new Promise((r) => setTimeout(r, 500));
            }
            detail.prepend(el('p', { class: 'ok', role: 'status' }, moved));
          })
          .catch((err: unknown) => clear(message, alertOf(err)));
      },
    },
    el('h4', {}, `${t().moveTitle} (${instance.bpmnProcessId})`),
    el('label', {}, t().moveFrom, el('br', {}), from),
    el('label', {}, t().moveTo, el('br', {}), to),
    el('label', {}, t().cancelReason, el('br', {}), reason),
    el('button', { type: 'submit' }, t().moveButton),
    message,
  );
}

/** Retrying the case's open incidents (after its variables were corrected). */
function retryCaseForm(caseId: string): HTMLElement {
  const message = el('div', { 'aria-live': 'polite' });
  return el(
    'div',
    { 'data-testid': 'retry-case' },
    el(
      'button',
      {
        type: 'button',
        id: 'retry-case',
        onclick: () =>
          void api
            .get<{ incidents: IncidentItem[] }>('/api/v1/incidents')
            .then(async ({ incidents: list }) => {
              const keys = list.filter((i) => i.caseId === caseId).map((i) => i.incidentKey);
              clear(
                message,
                keys.length
                  ? await retryIncidentKeys(keys)
                  : el('p', { role: 'status' }, t().noIncidents),
              );
            })
            .catch((err: unknown) => clear(message, alertOf(err))),
      },
      t().retryCase,
    ),
    message,
  );
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
