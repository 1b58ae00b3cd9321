import { Api, ApiError } from '../../ui-shared/api.js';
import { clear, el, formatDate } from '../../ui-shared/dom.js';
import { appHeader } from '../../ui-shared/header.js';
import { Session } from '../../ui-shared/session.js';
import type { Answer, ProblemAnswer } from '../../ui-shared/api-types.js';
import { bpmnEditor, dmnEditor, formEditor, type ModelEditor } from './editors.js';
import { TEXT, type Texts } from './texts.js';
import { compareRulesLabel, decisionToolbar, showVersionsDiff } from './decision-tools.js';
import { setEditorLanguage } from './i18n/translate.js';
import { problemInGerman } from './i18n/problems-de.js';

/**
 * The process owners' modeler: open a model as it stands in the repository (or any deployed
 * version), edit it — BPMN with the Camunda 7 properties panel and element templates generated
 * from the workers, DMN decision tables, forms — see the deployment checks' problems on the
 * diagram as you edit, deploy through the gateway (which refuses with reasons), and look at
 * the versions: which cases run on which, what changed between them.
 */
type Version = Answer<'list-model-versions'>['versions'][number];
type RepositoryModel = Answer<'list-models'>['repository'][number];
type DeployedModel = Answer<'list-models'>['deployed'][number];
type ModelDiff = Answer<'diff-model-versions'>;
type DeployedResource = Answer<'deploy-models', 201>['deployed'][number];

const session = new Session('modeler');
const api = new Api(
  () => session.token,
  () => session.language,
);
const root = document.getElementById('app')!;
const t = (): Texts => TEXT[session.language];
// bpmn-js, dmn-js, the properties panel and form-js speak the session's language.
setEditorLanguage(() => session.language);

const state: {
  models: RepositoryModel[];
  deployed: DeployedModel[];
  current: (RepositoryModel & { readOnly: boolean; version?: number }) | null;
  editor: ModelEditor | null;
  templates: unknown[];
} = { models: [], deployed: [], current: null, editor: null, templates: [] };

function start(): void {
  session.start(root, ['process-owner'], t, () => void render());
}

async function render(): Promise<void> {
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
    el(
      'div',
      { class: 'modeler' },
      el('aside', { id: 'models', 'aria-label': t().repository }, t().loading),
      el(
        'section',
        { class: 'workspace' },
        el('div', { class: 'toolbar', id: 'toolbar' }),
        el('div', { class: 'editor', id: 'editor' }, el('p', { class: 'muted' }, t().chooseModel)),
        // Focusable: it scrolls, and keyboard users must be able to scroll it (WCAG 2.1.1).
        el('div', {
          class: 'results',
          id: 'results',
          'aria-live': 'polite',
          role: 'region',
          'aria-label': t().results,
          tabindex: '0',
        }),
      ),
    ),
  );
  try {
    const [models, templates] = await Promise.all([
      api.get<{ repository: RepositoryModel[]; deployed: DeployedModel[] }>('/api/v1/models'),
      api.get<unknown[]>('/api/v1/element-templates'),
    ]);
    state.models = models.repository;
    state.deployed = models.deployed;
    state.templates = templates;
    renderModelList();
    if (state.current) await openModel(state.current);
  } catch (err) {
    handleError(err);
  }
}

function renderModelList(): void {
  const aside = document.getElementById('models')!;
  const byProcedure = new Map<string, RepositoryModel[]>();
  for (const m of state.models) {
    const group = m.procedure ?? 'forms';
    byProcedure.set(group, [...(byProcedure.get(group) ?? []), m]);
  }
  // Deployed models the repository does not have (deployed through the API only).
  const inRepository = new Set(
    state.models.map((m) => `${m.kind === 'bpmn' ? 'process' : 'decisions'}:${m.id}`),
  );
  const deployedOnly = state.deployed.filter((d) => !inRepository.has(`${d.kind}:${d.id}`));
  clear(
    aside,
    deployedOnly.length
      ? [
          el('h2', {}, t().deployed),
          el(
            'ul',
            {},
            deployedOnly.map((d) =>
              el(
                'li',
                {},
                el(
                  'button',
                  {
                    type: 'button',
                    class: 'model',
                    'data-deployed': d.id,
                    onclick: () =>
                      void openModel({
                        name: d.resourceName,
                        kind: d.kind === 'process' ? 'bpmn' : 'dmn',
                        id: d.id,
                        procedure: null,
                        readOnly: true,
                        version: d.version,
                        key: d.key,
                      }),
                  },
                  `${d.id} (v${d.version})`,
                ),
              ),
            ),
          ),
        ]
      : null,
    el('h2', {}, t().repository),
    [...byProcedure].map(([procedure, models]) =>
      el(
        'div',
        {},
        el('h2', {}, procedure),
        el(
          'ul',
          {},
          models.map((m) =>
            el(
              'li',
              {},
              el(
                'button',
                {
                  type: 'button',
                  class: 'model',
                  'data-model': m.name,
                  'aria-current': String(state.current?.name === m.name && !state.current.readOnly),
                  onclick: () => void openModel({ ...m, readOnly: false }),
                },
                m.name,
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

// ---------------------------------------------------------------- editing

async function openModel(
  model: RepositoryModel & { readOnly: boolean; version?: number; key?: string },
): Promise<void> {
  state.current = model;
  renderModelList();
  state.editor?.destroy();
  state.editor = null;
  const host = document.getElementById('editor')!;
  const canvas = el('div', { class: 'canvas', id: 'canvas' });
  const properties = el('div', { class: 'properties', id: 'properties' });
  host.className = model.kind === 'bpmn' ? 'editor' : 'editor no-panel';
  clear(host, canvas, model.kind === 'bpmn' ? properties : null);
  clear(document.getElementById('results')!);
  renderToolbar();
  const content = model.key
    ? (await api.get<{ xml: string }>(`/api/v1/models/deployed/${model.key}`)).xml
    : (await api.get<{ content: string }>(`/api/v1/models/repository/${model.name}`)).content;
  const editor =
    model.kind === 'bpmn'
      ? bpmnEditor(canvas, properties, state.templates, {
          zoomIn: t().zoomIn,
          zoomOut: t().zoomOut,
          fit: t().zoomFit,
        })
      : model.kind === 'dmn'
        ? dmnEditor(canvas)
        : formEditor(canvas);
  await editor.open(content);
  state.editor = editor;
  if (model.kind === 'bpmn' && !model.readOnly) {
    // Live feedback: the deployment checks run on every change (debounced), shown on the diagram.
    let timer: ReturnType<typeof setTimeout> | undefined;
    editor.onChange(() => {
      clearTimeout(timer);
      timer = setTimeout(() => void check(false), 700);
    });
    void check(false);
  }
}

function renderToolbar(): void {
  const m = state.current;
  if (!m) return;
  clear(
    document.getElementById('toolbar')!,
    el(
      'span',
      { class: 'title', 'data-testid': 'model-title' },
      m.readOnly ? `${m.name} · ${t().version} ${m.version} — ${t().readOnly}` : m.name,
    ),
    el('button', { type: 'button', id: 'check', onclick: () => void check(true) }, t().check),
    el(
      'button',
      {
        type: 'button',
        id: 'deploy',
        class: 'primary',
        disabled: m.readOnly,
        onclick: () => void deploy(),
      },
      t().deploy,
    ),
    m.kind !== 'form'
      ? el(
          'button',
          { type: 'button', id: 'versions', onclick: () => void showVersions() },
          t().versions,
        )
      : null,
    m.kind === 'dmn' ? decisionToolbar(decisionContext(m)) : null,
  );
}

/** What the decision-table tools (decision-tools.ts: try it, rule-by-rule diff) need. */
function decisionContext(m: RepositoryModel) {
  return {
    api,
    language: session.language,
    model: m,
    live: async () =>
      (
        await api.get<{ versions: Version[] }>(
          `/api/v1/models/deployed/decisions/${encodeURIComponent(m.id)}/versions`,
        )
      ).versions[0],
    draft: () => state.editor!.content(),
    show: showResults,
    error: errorLine,
  };
}

function errorLine(err: unknown): HTMLElement {
  if (err instanceof ApiError && err.problem.status === 401) {
    handleError(err);
  }
  const fields =
    err instanceof ApiError
      ? ((err.problem as { errors?: { field: string; reason: string }[] }).errors ?? [])
      : [];
  return el(
    'p',
    { class: 'error', role: 'alert' },
    fields.length
      ? fields.map((f) => `${f.field}: ${f.reason}`).join('; ')
      : err instanceof Error
        ? err.message
        : String(err),
  );
}

async function resources(): Promise<{ name: string; content: string }[]> {
  return [{ name: state.current!.name, content: await state.editor!.content() }];
}

async function check(announce: boolean): Promise<void> {
  if (!state.editor || !state.current) return;
  try {
    await api.post('/api/v1/deployments', { resources: await resources(), dryRun: true });
    state.editor.markProblems([]);
    if (announce) showResults([el('p', { class: 'ok', role: 'status' }, t().checkedOk)]);
    else clear(document.getElementById('results')!);
  } catch (err) {
    showProblems(err);
  }
}

async function deploy(): Promise<void> {
  if (!state.editor || !state.current) return;
  try {
    const r = await api.post<{ deployed: DeployedResource[] }>('/api/v1/deployments', {
      resources: await resources(),
    });
    state.editor.markProblems([]);
    const list = r.deployed.map((d) => `${d.id} v${d.version}`).join(', ');
    showResults([
      el('p', { class: 'ok', role: 'status', 'data-testid': 'deployed' }, t().deployedOk(list)),
    ]);
  } catch (err) {
    showProblems(err);
  }
}

function showProblems(err: unknown): void {
  if (!(err instanceof ApiError) || err.problem.status !== 422) return handleError(err);
  const problems = ((err.problem as Partial<ProblemAnswer<'deploy-models', 422>>).problems ?? [])
    .filter((p) => p.resource === state.current?.name || p.resource === '')
    .map((p) => (session.language === 'de' ? { ...p, message: problemInGerman(p.message) } : p));
  state.editor?.markProblems(problems);
  showResults([
    el('p', { class: 'error', role: 'alert' }, t().refused),
    el(
      'ul',
      { 'data-testid': 'problems' },
      problems.map((p) =>
        el(
          'li',
          { class: 'problem' },
          `[${p.check}] ${p.elementId ? `${p.elementId}: ` : ''}${p.message}`,
          p.elementId
            ? el(
                'button',
                {
                  type: 'button',
                  class: 'link',
                  'data-select-element': p.elementId,
                  onclick: () => void state.editor?.select(p.elementId),
                },
                t().showElement,
              )
            : null,
        ),
      ),
    ),
  ]);
}

function showResults(children: HTMLElement[]): void {
  clear(document.getElementById('results')!, children);
}

// ---------------------------------------------------------------- versions

/** Only the newest request may draw the results panel (a slow answer must not overwrite it). */
let resultsRequest = 0;

async function showVersions(): Promise<void> {
  const m = state.current;
  if (!m) return;
  const request = ++resultsRequest;
  const kind = m.kind === 'bpmn' ? 'process' : 'decisions';
  try {
    const { versions } = await api.get<{ versions: Version[] }>(
      `/api/v1/models/deployed/${kind}/${encodeURIComponent(m.id)}/versions`,
    );
    const newest = versions[0];
    if (request !== resultsRequest) return;
    showResults([
      el('h3', {}, `${t().versions}: ${m.id}`),
      el(
        'table',
        { class: 'versions', 'data-testid': 'versions' },
        el(
          'tr',
          {},
          el('th', {}, t().version),
          el('th', {}, t().deployedAt),
          el('th', {}, t().running),
          el('th', {}),
        ),
        versions.map((v) =>
          el(
            'tr',
            {},
            el('td', {}, `v${v.version}`),
            el('td', {}, formatDate(v.deployedAt, session.language)),
            el(
              'td',
              {},
              String(v.runningInstances.length),
              kind === 'process' && newest && newest.key !== v.key
                ? v.runningInstances.map((i) =>
                    el(
                      'button',
                      {
                        type: 'button',
                        class: 'link',
                        'data-migrate': i.processInstanceKey,
                        onclick: () => migrationForm(i, v, newest),
                      },
                      ` ${t().migrate(i.caseId ?? i.processInstanceKey, newest.version)}`,
                    ),
                  )
                : null,
            ),
            el(
              'td',
              {},
              el(
                'button',
                {
                  type: 'button',
                  class: 'link',
                  onclick: () =>
                    void openModel({ ...m, readOnly: true, version: v.version, key: v.key }),
                },
                'open',
              ),
              ' ',
              kind === 'process' && newest && newest.key !== v.key
                ? el(
                    'button',
                    { type: 'button', class: 'link', onclick: () => void showDiff(v, newest) },
                    t().compare,
                  )
                : null,
              kind === 'decisions' && newest && newest.key !== v.key
                ? el(
                    'button',
                    {
                      type: 'button',
                      class: 'link',
                      'data-compare-rules': v.key,
                      onclick: () => void showVersionsDiff(decisionContext(m), v, newest),
                    },
                    compareRulesLabel(session.language),
                  )
                : null,
            ),
          ),
        ),
      ),
    ]);
  } catch (err) {
    handleError(err);
  }
}

async function showDiff(from: Version, to: Version): Promise<void> {
  const request = ++resultsRequest;
  const d = await api.get<ModelDiff>(`/api/v1/models/diff?from=${from.key}&to=${to.key}`);
  if (request !== resultsRequest) return;
  const list = (items: string[]) =>
    items.length
      ? el(
          'ul',
          {},
          items.map((i) => el('li', {}, i)),
        )
      : el('p', { class: 'muted' }, t().nothing);
  const label = (e: { id: string; type: string; name: string | null }) =>
    `${e.type} ${e.name ?? ''} (${e.id})`;
  showResults([
    el('h3', {}, t().diffTitle(from.version, to.version)),
    el('h4', {}, t().added),
    list(d.added.map(label)),
    el('h4', {}, t().removed),
    list(d.removed.map(label)),
    el('h4', {}, t().changed),
    list(d.changed.map((c) => `${label(c)}: ${c.changes.join('; ')}`)),
  ]);
}

/**
 * Migration of one running instance to the newest version: the mapping is explicit, one line
 * per active element (`source -> target`), prefilled with the same ids; the engine checks it.
 */
function migrationForm(
  instance: Version['runningInstances'][number],
  from: Version,
  to: Version,
): void {
  const mapping = el(
    'textarea',
    { id: 'mapping', rows: String(Math.max(2, instance.activeElementIds.length)), cols: '60' },
    instance.activeElementIds.map((id) => `${id} -> ${id}`).join('\n'),
  );
  const message = el('div', { 'aria-live': 'assertive' });
  showResults([
    el(
      'h3',
      {},
      t().migrationTitle(instance.caseId ?? instance.processInstanceKey, from.version, to.version),
    ),
    el('label', { for: 'mapping' }, t().mapping),
    el('br', {}),
    mapping,
    el('br', {}),
    el(
      'button',
      {
        type: 'button',
        id: 'migrate',
        class: 'primary',
        onclick: async () => {
          const mappings = mapping.value
            .split('\n')
            .map((l) => l.split('->').map((x) => x.trim()))
            .filter((p) => p.length === 2 && p[0] && p[1])
            .map(([sourceElementId, targetElementId]) => ({
              sourceElementId: sourceElementId!,
              targetElementId: targetElementId!,
            }));
          try {
            await api.post('/api/v1/migrations', {
              processInstanceKey: instance.processInstanceKey,
              targetProcessDefinitionKey: to.key,
              mappings,
            });
            clear(message, el('p', { class: 'ok', role: 'status' }, t().migrated(to.version)));
          } catch (err) {
            clear(message, el('p', { class: 'error', role: 'alert' }, (err as Error).message));
          }
        },
      },
      t().migrateButton,
    ),
    message,
  ]);
}

function handleError(err: unknown): void {
  if (err instanceof ApiError && err.problem.status === 401) {
    session.signOut();
    return start();
  }
  showResults([
    el('p', { class: 'error', role: 'alert' }, err instanceof Error ? err.message : String(err)),
  ]);
}

start();
