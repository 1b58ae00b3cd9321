// What the gateway's app and its routers are given: one module, so that the routers need not import
// app.ts (which imports them).
import type { Logger } from '../common/logger.js';
import type { Engine } from './data/engine.js';
import type { Procedure } from '../processes/registry.js';
import type { NoticeStore } from '../common/notices.js';
import type { AuditLog } from '../common/audit-log.js';
import type { AuthConfig } from './auth.js';
import type { CasesStore } from './data/cases-store.js';
import type { ProjectionReader } from './data/projection-reader.js';
import type { StoreHealth } from './store-health.js';
import type { ElementTemplate } from '../workers/element-templates.js';
import type { DefinitionsStore } from './data/definitions.js';
import type { ModelDraftsStore } from './data/model-drafts-store.js';
import type { HistoryCache } from './data/history-cache.js';
import type { DeploymentContext } from '../processes/model-checks/check-deployment.js';
import type { TaskInboxStore } from '../read-model/task-inbox.js';
import type { CaseFactsReader } from './data/case-facts-reader.js';
import type { DocumentsStore } from './data/documents-store.js';
import type { PersonalDataStore } from './data/personal-data-store.js';
import type { CaseEventsReader } from './data/case-events-reader.js';
import type { WebhooksStore } from './data/webhooks-store.js';
import type { ResponseValidation } from './openapi/validator.js';
import type { EngineClock } from './data/engine-clock.js';
import type { SandboxesStore } from './data/sandboxes-store.js';

export interface GatewayDeps {
  /** The Operaton engine's REST API (starts, messages, user tasks, deployments, incidents). */
  engine: Engine;
  procedures: Map<string, Procedure>;
  cases: CasesStore;
  projection: ProjectionReader;
  notices: NoticeStore;
  audit: AuditLog;
  /** Whether the store can be reached (answers wait for it otherwise: gateway/store-health.ts). */
  storeHealth?: StoreHealth;
  documents: DocumentsStore;
  /** Transfers, accesses, retention plan and holds of a case, for a person's copy. */
  personalData?: PersonalDataStore;
  /** The authorities' open tasks (read_model.inbox_tasks). */
  inboxes: Pick<TaskInboxStore, 'get' | 'list'>;
  /** Largest document upload, in bytes. */
  documentMaxBytes: number;
  auth: AuthConfig;
  log: Logger;
  /** Answers /ready: true when the store and the engine respond. */
  ready: () => Promise<boolean>;
  /** Requests a minute per caller before 429. */
  rateLimitPerMinute: number;
  /** What deployments are checked against: job types, forms, decisions, procedures. */
  modelContext: () => DeploymentContext;
  /** The recently completed cases of each procedure, cached: the prediction history. */
  history: HistoryCache;
  /** The cases' facts: KPIs and the operators' search, aggregated by the database. */
  facts: CaseFactsReader;
  /** Every deployed version of every model (from the engine's repository). */
  definitions: DefinitionsStore;
  /** The modeler's drafts and the deployments' change notes. */
  modelDrafts: ModelDraftsStore;
  /** The modeler's element templates, one per worker. */
  elementTemplates: () => ElementTemplate[];
  /** A sandbox's gateway only (docs/sandbox.md): whose sandbox it is and its engine's clock. */
  sandbox?: { organisation: string; clock: EngineClock; simulatorsUrl?: string };
  /** Mount the development issuer's demo sign-in (/dev) for the web apps: local stacks only. */
  devSignIn?: boolean;
  /** The production build's web apps, when not in `web/` beside the compiled gateway. */
  webAssetsDir?: string;
  /** The cases' events (read_model.case_events), for the event stream. */
  caseEvents: CaseEventsReader;
  /** Webhook subscriptions and their deliveries. */
  webhooks: WebhooksStore;
  /** Organisations' sandboxes on request (the sandbox provisioner starts them). */
  sandboxes: SandboxesStore;
  /** Event stream and webhook settings (gateway/config.ts), read on each request. */
  events: {
    allowPrivateWebhookUrls: boolean;
    streamPollMs: number;
    streamHeartbeatMs: number;
  };
  /** The OpenAPI document every request and response is checked against. */
  openapi: { paths: Record<string, Record<string, never>> } & Record<string, unknown>;
  /**
   * Responses against the document: `strict` answers a broken one as 500 (the default, and
   * what the tests run), `log` logs and counts it, `off` checks none.
   */
  responseValidation?: ResponseValidation;
}
