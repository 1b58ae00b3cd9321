import type { Procedure } from '../../processes/registry.js';
import { securitySchemes, sharedSchemas } from './components.js';
import { procedureContracts } from './contracts.js';
import { answerMalformedPathParameters } from './helpers.js';
import { caseReadPaths, caseStartPaths, noticePaths } from './paths/cases.js';
import { documentPaths, documentSchemas } from './paths/documents.js';
import { eventPaths, eventSchemas } from './paths/events.js';
import { grantPaths, grantSchemas } from './paths/grants.js';
import { personalDataPaths, personalDataSchemas } from './paths/personal-data.js';
import { messagePaths } from './paths/messages.js';
import { deploymentPaths, modelPaths, modelSchemas } from './paths/models.js';
import { operationPaths, operationSchemas } from './paths/operations.js';
import { inboundPaths } from './paths/inbound.js';
import { sandboxPaths, sandboxRequestPaths } from './paths/sandbox.js';
import { systemPaths } from './paths/system.js';
import { taskListPaths, taskPaths, taskSchemas } from './paths/tasks.js';

/**
 * Builds the gateway's OpenAPI 3.1 document from the resources' path modules (`paths/`), the
 * shared components and the procedures' own contracts. `npm run openapi` writes it to
 * gateway/openapi/openapi.json (kept in the repo, served at /api/openapi.json); a test fails
 * when the committed file differs from what the code builds.
 */
export function buildOpenApi(
  procedures: Map<string, Procedure>,
  options: { documentTypes: readonly string[]; documentMaxBytes: number },
): Record<string, unknown> {
  const contracts = procedureContracts(procedures);
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'WSA Orchestrator platform API',
      version: '1.0.0',
      description:
        'Start and follow skilled-worker immigration cases (Work-and-Stay-Agentur): applications, messages to cases, status in German and English, notices, caseworker tasks. Every request is validated against this document, and so is every response in testing.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    tags: [
      { name: 'cases', description: 'Start a case, read its status' },
      { name: 'messages', description: 'Answers and decisions sent to a waiting case' },
      { name: 'tasks', description: "Caseworkers' user tasks" },
      { name: 'notices', description: 'Notices (Bescheide) issued to the applicant' },
      { name: 'documents', description: 'Documents given once, with their authenticity checks' },
      { name: 'grants', description: "Who else may see and act on an applicant's case" },
      { name: 'operations', description: 'Health and readiness' },
      {
        name: 'personal data',
        description: 'A copy of the personal data a case holds (Art. 15 GDPR)',
      },
      { name: 'events', description: 'Events of cases: webhooks and a stream (CloudEvents)' },
      {
        name: 'sandbox',
        description: "An organisation's sandbox, started on request: its own clock and simulators",
      },
    ],
    // In the order the document has always listed them (some resources in two places), so
    // that the committed file does not move when the code does.
    paths: answerMalformedPathParameters({
      ...caseStartPaths(contracts),
      ...messagePaths(contracts),
      ...caseReadPaths,
      ...taskListPaths,
      ...modelPaths,
      ...operationPaths,
      ...deploymentPaths,
      ...taskPaths(contracts),
      ...noticePaths,
      ...documentPaths(options.documentTypes, options.documentMaxBytes),
      ...grantPaths,
      ...systemPaths,
      ...personalDataPaths,
      ...eventPaths,
      ...sandboxPaths,
      ...inboundPaths,
      ...sandboxRequestPaths,
    }),
    components: {
      securitySchemes,
      // The components made of schemas the document repeated (GrantRequest, Task, ModelElement,
      // IncidentRetry) come last, so the ones before keep their place in the committed file.
      schemas: {
        ...sharedSchemas,
        ...documentSchemas,
        ...contracts.schemas,
        ...grantSchemas,
        ...taskSchemas,
        ...modelSchemas,
        ...operationSchemas,
        ...personalDataSchemas,
        ...eventSchemas,
      },
    },
  };
}
