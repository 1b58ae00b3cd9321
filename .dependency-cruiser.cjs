/**
 * The layer rules, checked by `npm run lint` (dependency-cruiser).
 * @type {import('dependency-cruiser').IConfiguration}
 */
const runtime =
  '^(gateway|workers|projector|monitoring|common|processes|privacy|simulators|read-model|client|ui-[^/]+)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import circles: a module and what it imports form a tree.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'use-cases-not-to-routes',
      severity: 'error',
      comment:
        'gateway: routes → use cases → data, never backwards. A use case does not import a route.',
      from: { path: '^gateway/use-cases/' },
      to: { path: '^gateway/routes/' },
    },
    {
      name: 'data-not-to-use-cases-or-routes',
      severity: 'error',
      comment:
        'gateway: routes → use cases → data, never backwards. Data access imports neither use cases nor routes.',
      from: { path: '^gateway/data/' },
      to: { path: '^gateway/(use-cases|routes)/' },
    },
    {
      name: 'read-model-imports-no-writer-or-reader',
      severity: 'error',
      comment:
        'read-model/ holds the documents the projector writes and the gateway and monitoring read: it imports none of them.',
      from: { path: '^read-model/' },
      to: { path: '^(projector|gateway|monitoring|workers|simulators|ui-[^/]+)/' },
    },
    {
      name: 'projector-not-to-monitoring-or-gateway',
      severity: 'error',
      comment:
        'The projector writes the read model; it imports neither monitoring/ nor the gateway (they read it).',
      from: { path: '^projector/' },
      to: { path: '^(monitoring|gateway)/' },
    },
    {
      name: 'gateway-not-to-projector',
      severity: 'error',
      comment: 'The gateway reads the read model (read-model/), not the projector that writes it.',
      from: { path: '^gateway/' },
      to: { path: '^projector/' },
    },
    {
      name: 'monitoring-not-to-projector-or-gateway',
      severity: 'error',
      comment: 'monitoring/ reads the read model (read-model/), not the projector or the gateway.',
      from: { path: '^monitoring/' },
      to: { path: '^(projector|gateway)/' },
    },
    {
      name: 'ui-only-ui-shared-and-api-types',
      severity: 'error',
      comment:
        'A UI (ui-*) imports only its own files, ui-shared/ and the (generated) API types: no gateway internals, projector, workers, …',
      from: { path: '^ui-[^/]+/' },
      to: {
        path: '^(gateway|workers|projector|monitoring|common|processes|simulators|read-model|store|engine|scripts|test|bench)/',
        pathNot: '^gateway/openapi/api-types\\.ts$',
      },
    },
    {
      name: 'client-only-api-types-and-signature',
      severity: 'error',
      comment:
        'The typed client (client/) is for partners: it takes the generated API types and the webhook signature check, nothing else of ours.',
      from: { path: '^client/' },
      to: {
        path: '^(gateway|workers|projector|monitoring|common|processes|privacy|simulators|read-model|store|engine|scripts|test|bench|ui-[^/]+)/',
        pathNot: ['^gateway/openapi/api-types\\.ts$', '^gateway/events/signature\\.ts$'],
      },
    },
    {
      name: 'ui-not-to-other-ui',
      severity: 'error',
      comment: 'A UI does not import another UI; what they share lives in ui-shared/.',
      from: { path: '^(ui-[^/]+)/', pathNot: '^ui-shared/' },
      to: { path: '^ui-[^/]+/', pathNot: ['^$1/', '^ui-shared/'] },
    },
    {
      name: 'runtime-not-to-tests-scripts-bench',
      severity: 'error',
      comment: 'Runtime code imports nothing from test/, scripts/ or bench/.',
      from: { path: runtime },
      to: { path: '^(test|scripts|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|\\.local)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
  },
};
