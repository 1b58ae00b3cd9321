import { Api, ApiError } from '../../ui-shared/api.js';
import { clear, el, formatDate } from '../../ui-shared/dom.js';
import { appHeader } from '../../ui-shared/header.js';
import { Session } from '../../ui-shared/session.js';
import type { Answer, ProblemAnswer } from '../../ui-shared/api-types.js';
import { bpmnEditor, dmnEditor, type ModelEditor } from './editors.js';
import { TEXT, type Texts } from './texts.js';
import { compareRulesLabel, decisionToolbar, showVersionsDiff } from './decision-tools.js';
import { setEditorLanguage } from './i18n/translate.js';
import { problemInGerman } from './i18n/problems-de.js';
import { ask } from './dialog.js';
import { DraftKeeper, findDraft } from './drafts.js';
import { patchAgainst, saveFile, type RepositoryFile } from './export.js';
import { bilingualFormEditor, type BilingualFormEditor, type TextLanguage } from './form-texts.js';
import { liveOf, type Live } from './live.js';
import { bpmnReadOnly, dmnReadOnly, formReadOnly } from './read-only.js';

/**
 * The process owners' modeler: open a model as it stands in the repository (or any deployed
 * version), edit it — BPMN with the Camunda 7 properties panel and element templates generated
 * from the workers, DMN decision tables, forms — see the deployment checks' problems on the
 * diagram as you edit, deploy through the gateway (which refuses with reasons), and look at
 * the versions: which cases run on which, what changed between them.
 */
type Version = Answer<'list-model-versions'>['versions'][number];
type RepositoryModel = Omit<Answer<'list-models'>['repository'][number], 'path'> & {
  path?: string;
};
type OpenModel = RepositoryModel & { readOnly: boolean; version?: number; key?: string };
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
  current: OpenModel | null;
  editor: ModelEditor | null;
  templates: unknown[];
  /** The opened model's live version and what the editor's content started from. */
  work: {
    live: Live | null;
    /** The editor's export of the live version (when the editor opened it), to compare with. */
    liveExport: string | null;
    /** The deployed version the edits start from; null: not the live one (a newer file). */
    baseKey: string | null;
    repository: RepositoryFile | null;
    drafts: DraftKeeper | null;
    differs: boolean | null;
    draftSaved: Date | null | 'failed';
  } | null;
} = { models: [], deployed: [], current: null, editor: null, templates: [], work: null };

function start(): void {
  session.start(root, ['process-owner'], t, () => void render());
}

async function render(): Promise<void> {
  shownLanguage = session.language;
  clear(
    root,
    appHeader({
      title: t().appTitle,
      who: session.principal?.subject ?? '',
      session,
      texts: t(),
      onLanguage: () => void changeLanguage(),
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
    if (state.current) await openModel(state.current, { resume: true });
  } catch (err) {
    handleError(err);
  }
}

/** The language switch: edits that are not deployed are kept (or discarded) first. */
/** The language the page is drawn in (the header sets the session's before it asks us). */
let shownLanguage = session.language;
async function changeLanguage(): Promise<void> {
  const wanted = session.language;
  session.language = shownLanguage;
  if (!(await mayLeave())) return;
  session.language = wanted;
  await render();
}

/**
 * Before the editor is replaced (another model, another language): edits that are not
 * deployed are kept as the draft, or discarded, or the owner stays.
 */
async function mayLeave(): Promise<boolean> {
  const drafts = state.work?.drafts;
  if (!drafts || !state.current) return true;
  await drafts.flush();
  if (!drafts.dirty) return true;
  const answer = await ask({
    id: 'leave-dialog',
    title: t().leaveTitle,
    body: [t().leaveText(state.current.name)],
    choices: [
      { value: 'keep', label: t().keepDraft, primary: true },
      { value: 'discard', label: t().discardEdits },
    ],
    cancel: t().stay,
  });
  if (!answer) return false;
  if (answer.choice === 'discard') await drafts.discard();
  drafts.stop();
  return true;
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
                      void switchTo({
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
                  onclick: () => void switchTo({ ...m, readOnly: false }),
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

async function switchTo(model: OpenModel): Promise<void> {
  if (await mayLeave()) await openModel(model);
}

/**
 * Opens a model: as the repository has it (or the owner's draft of it), or a deployed version
 * read-only. Shows the live version and whether the editor differs from it; edits are kept
 * as a draft on the server.
 */
async function openModel(model: OpenModel, options: { resume?: boolean } = {}): Promise<void> {
  state.current = model;
  renderModelList();
  state.work?.drafts?.stop();
  state.work = null;
  state.editor?.destroy();
  state.editor = null;
  const host = document.getElementById('editor')!;
  const canvas = el('div', { class: 'canvas', id: 'canvas' });
  const properties = el('div', { class: 'properties', id: 'properties' });
  const withPanel = model.kind === 'bpmn' && !model.readOnly;
  host.className = withPanel ? 'editor' : 'editor no-panel';
  clear(host, canvas, withPanel ? properties : null);
  clear(document.getElementById('results')!);
  renderToolbar();
  const zoom = { zoomIn: t().zoomIn, zoomOut: t().zoomOut, fit: t().zoomFit };
  try {
    const [repository, live] = await Promise.all([
      model.key
        ? Promise.resolve(null)
        : api.get<RepositoryFile & { name: string }>(`/api/v1/models/repository/${model.name}`),
      liveOf(api, model),
    ]);
    if (state.current !== model) return;
    if (model.readOnly || !repository) {
      const xml = (await api.get<{ xml: string }>(`/api/v1/models/deployed/${model.key}`)).xml;
      state.editor =
        model.kind === 'bpmn'
          ? await bpmnReadOnly(canvas, xml, zoom)
          : model.kind === 'dmn'
            ? await dmnReadOnly(canvas, xml)
            : await formReadOnly(canvas, xml);
      state.work = {
        live,
        liveExport: live?.version.key === model.key ? xml : null,
        baseKey: model.key ?? null,
        repository: null,
        drafts: null,
        differs: live ? live.version.key !== model.key : null,
        draftSaved: null,
      };
      return renderToolbar();
    }
    const editor =
      model.kind === 'bpmn'
        ? bpmnEditor(canvas, properties, state.templates, zoom)
        : model.kind === 'dmn'
          ? dmnEditor(canvas)
          : bilingualFormEditor(canvas, repository.translation?.content ?? null);
    await editor.open(repository.content);
    const opened = await editor.content();
    const fromLive = live !== null && repository.content === live.xml;
    let baseKey = fromLive ? live.version.key : null;
    const draft = await findDraft(api, model.name);
    let useDraft = false;
    if (draft && !options.resume) {
      const answer = await ask({
        id: 'draft-dialog',
        title: t().draftTitle,
        body: [t().draftFound(model.name, formatDate(draft.updatedAt, session.language))],
        choices: [
          { value: 'draft', label: t().openDraft, primary: true },
          { value: 'discard', label: t().discardDraft },
        ],
        cancel: t().cancel,
      });
      // Cancelled: nothing is lost, the draft is opened.
      useDraft = answer?.choice !== 'discard';
      if (!useDraft) await api.delete(`/api/v1/models/drafts/${model.name}`).catch(() => null);
    } else useDraft = draft !== null;
    if (state.current !== model) return editor.destroy();
    if (draft && useDraft) {
      if (isForm(editor)) await editor.open(draft.content, draft.translation);
      else await editor.open(draft.content);
      baseKey = draft.baseKey;
    }
    state.editor = editor;
    const read = async () => ({
      content: await editor.content(),
      translation: isForm(editor) ? await editor.translation() : null,
    });
    const drafts = new DraftKeeper(
      api,
      model.name,
      read,
      () => state.work?.baseKey ?? null,
      (at) => {
        if (state.work) state.work.draftSaved = at ?? 'failed';
        renderStatus();
      },
      DraftKeeper.key(await read()),
    );
    if (draft && useDraft) drafts.opened();
    state.work = {
      live,
      liveExport: fromLive ? opened : null,
      baseKey,
      repository,
      drafts,
      differs: live ? (await editor.content()) !== (fromLive ? opened : null) : null,
      draftSaved: draft && useDraft ? new Date(draft.updatedAt) : null,
    };
    renderToolbar();
    // Live feedback: the deployment checks run on every change (debounced), shown on the diagram.
    let timer: ReturnType<typeof setTimeout> | undefined;
    editor.onChange(() => {
      drafts.changed();
      clearTimeout(timer);
      timer = setTimeout(() => void afterChange(model), 700);
    });
    if (model.kind === 'bpmn') void check(false);
  } catch (err) {
    handleError(err);
  }
}

const isForm = (e: ModelEditor): e is BilingualFormEditor => 'setTextLanguage' in e;

/** After an edit: does the editor still match the live version; the BPMN checks again. */
async function afterChange(model: OpenModel): Promise<void> {
  if (state.current !== model || !state.editor || !state.work) return;
  if (state.work.live)
    state.work.differs = (await state.editor.content()) !== state.work.liveExport;
  renderStatus();
  if (model.kind === 'bpmn') void check(false);
}

function renderToolbar(): void {
  const m = state.current;
  if (!m) return;
  const editor = state.editor;
  const form = editor && isForm(editor) ? editor : null;
  const textButton = (language: TextLanguage, label: string) =>
    el(
      'button',
      {
        type: 'button',
        class: 'link',
        'data-text-language': language,
        'aria-pressed': String(form?.textLanguage === language),
        onclick: async () => {
          await form?.setTextLanguage(language);
          renderToolbar();
        },
      },
      label,
    );
  clear(
    document.getElementById('toolbar')!,
    el(
      'span',
      { class: 'title', 'data-testid': 'model-title' },
      m.readOnly ? `${m.name} · ${t().version} ${m.version} — ${t().readOnly}` : m.name,
    ),
    form
      ? el(
          'span',
          { role: 'group', 'aria-label': t().textLanguage, class: 'text-language' },
          `${t().textLanguage}: `,
          textButton('de', t().german),
          ' | ',
          textButton('en', t().english),
        )
      : null,
    el('button', { type: 'button', id: 'check', onclick: () => void check(true) }, t().check),
    el(
      'button',
      {
        type: 'button',
        id: 'deploy',
        class: 'primary',
        disabled: m.readOnly || !editor,
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
    el(
      'button',
      { type: 'button', id: 'download', disabled: !editor, onclick: () => void download() },
      t().download,
    ),
    state.work?.repository
      ? el(
          'button',
          { type: 'button', id: 'export-patch', onclick: () => void exportPatch() },
          t().exportPatch,
        )
      : null,
    el('p', { class: 'status', id: 'live-status', 'data-testid': 'live-status' }),
  );
  renderStatus();
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

/** What the edits start from, in words: a version (from its key), or the repository file. */
function baseName(key: string | null): string {
  const version = key ? /:(\d+):/.exec(key)?.[1] : undefined;
  return version ? t().versionN(Number(version)) : t().repositoryFile;
}

/** The line under the toolbar: the live version, whether the editor differs, the draft. */
function renderStatus(): void {
  const line = document.getElementById('live-status');
  const m = state.current;
  const w = state.work;
  if (!line || !m || !w) return;
  const live = w.live?.version;
  const parts: (HTMLElement | string)[] = [];
  if (m.kind === 'form') parts.push(t().formsNotVersioned);
  else if (!live) parts.push(t().notDeployed);
  else {
    parts.push(
      el(
        'strong',
        { 'data-testid': 'live-version' },
        t().live(live.version, formatDate(live.deployedAt, session.language)),
      ),
    );
    if (live.note) parts.push(` — ${t().quoted(live.note)}`);
    parts.push('. ');
    if (m.readOnly) parts.push(t().readOnlyOf(m.version ?? 0));
    else {
      parts.push(
        el(
          'span',
          { 'data-testid': 'differs', 'data-differs': String(w.differs) },
          w.differs ? t().differsFromLive : t().matchesLive,
        ),
      );
      if (w.baseKey !== live.key) {
        const base = baseName(w.baseKey);
        parts.push(
          ' ',
          el(
            'span',
            { class: 'warn', 'data-testid': 'base-older' },
            t().baseIsOlder(base, live.version),
          ),
        );
      }
    }
  }
  if (w.draftSaved)
    parts.push(
      ' ',
      el(
        'span',
        { class: 'muted', 'data-testid': 'draft-status' },
        w.draftSaved === 'failed'
          ? t().draftFailed
          : t().draftSaved(
              w.draftSaved.toLocaleTimeString(session.language === 'de' ? 'de-DE' : 'en-GB', {
                timeZone: 'Europe/Berlin',
              }),
            ),
      ),
    );
  clear(line, parts);
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

/**
 * Deploys after a question: the change note, and — when the live version is not the one the
 * edits start from (another owner deployed since, or the repository file is behind) — that
 * deploying replaces it.
 */
async function deploy(): Promise<void> {
  const m = state.current;
  const editor = state.editor;
  const work = state.work;
  if (!editor || !m || !work) return;
  try {
    await work.drafts?.flush();
    const live = await liveOf(api, m);
    const stale = live !== null && live.version.key !== work.baseKey;
    const answer = await ask({
      id: 'deploy-dialog',
      title: t().deployTitle(m.name),
      body: [
        stale
          ? el(
              'p',
              { class: 'warn', role: 'alert', 'data-testid': 'stale-warning' },
              t().staleWarning(live.version.version, baseName(work.baseKey)),
            )
          : '',
        t().deployExplain,
      ].filter((b) => b !== ''),
      note: {
        label: t().changeNote,
        hint: t().changeNoteHint,
        required: t().changeNoteRequired,
      },
      choices: [
        {
          value: 'deploy',
          label: stale ? t().deployAnyway(live.version.version) : t().deploy,
          primary: true,
        },
      ],
      cancel: t().cancel,
    });
    if (!answer || state.current !== m) return;
    const r = await api.post<{ deployed: DeployedResource[] }>('/api/v1/deployments', {
      resources: await resources(),
      note: answer.note,
    });
    editor.markProblems([]);
    // The deployed content is the live version now: the draft has done its work.
    const now = await liveOf(api, m);
    const content = await editor.content();
    await work.drafts?.discard({
      content,
      translation: isForm(editor) ? await editor.translation() : null,
    });
    Object.assign(work, {
      live: now,
      liveExport: now ? content : null,
      baseKey: now?.version.key ?? null,
      differs: now ? false : null,
      draftSaved: null,
    });
    renderStatus();
    const list = r.deployed.map((d) => `${d.id} v${d.version}`).join(', ');
    showResults([
      el('p', { class: 'ok', role: 'status', 'data-testid': 'deployed' }, t().deployedOk(list)),
    ]);
  } catch (err) {
    showProblems(err);
  }
}

async function download(): Promise<void> {
  if (!state.editor || !state.current) return;
  const type = state.current.kind === 'form' ? 'application/json' : 'application/xml';
  saveFile(state.current.name, await state.editor.content(), type);
}

/** A patch against the repository's files: for review, applied with `git apply`. */
async function exportPatch(): Promise<void> {
  const { editor, current, work } = state;
  if (!editor || !current || !work?.repository) return;
  const patch = patchAgainst(
    work.repository,
    await editor.content(),
    isForm(editor) ? await editor.translation() : null,
  );
  if (patch === '') return showResults([el('p', { class: 'ok', role: 'status' }, t().noChanges)]);
  const file = `${current.name.replace(/\.[a-z]+$/, '')}.patch`;
  saveFile(file, patch, 'text/x-diff');
  showResults([
    el('p', { class: 'ok', role: 'status', 'data-testid': 'patch-ready' }, t().patchReady(file)),
    el('pre', { class: 'patch', 'data-testid': 'patch', tabindex: '0', 'aria-label': file }, patch),
  ]);
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
          el('th', {}, t().note),
          el('th', {}, t().running),
          el('th', {}, el('span', { class: 'visually-hidden' }, t().actions)),
        ),
        versions.map((v) =>
          el(
            'tr',
            {},
            el('td', {}, `v${v.version}`),
            el('td', {}, formatDate(v.deployedAt, session.language)),
            el(
              'td',
              { 'data-testid': 'version-note' },
              v.note ?? '–',
              v.deployedBy
                ? el('span', { class: 'muted' }, ` (${t().deployedBy} ${v.deployedBy})`)
                : null,
            ),
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
                  'data-open-version': v.version,
                  onclick: () =>
                    void switchTo({ ...m, readOnly: true, version: v.version, key: v.key }),
                },
                t().open,
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
