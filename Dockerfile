# syntax=docker/dockerfile:1
# Image for our services (gateway, workers, projector, simulators, deploy); see docker-compose.yml.
# Build stage: every dependency, `npm run build` (scripts/build.ts) compiles the TypeScript to
# dist/ and bundles the web apps into dist/web (content-hashed, gzip and brotli beside them).
# Runtime stage: production dependencies only, the compiled code, plain `node`, a non-root user.
# test/deploy/docker-compose.test.ts checks this file and docker-compose.yml.
FROM node:20-bookworm-slim AS build
WORKDIR /src
# @carbon packages (via the bpmn-io UI libraries) and swagger-ui-dist report installs: off.
ENV IBM_TELEMETRY_DISABLED=true SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json versions.env .bpmnlintrc ./
COPY types ./types
COPY common ./common
COPY gateway ./gateway
COPY workers ./workers
COPY projector ./projector
COPY simulators ./simulators
COPY processes ./processes
COPY scripts ./scripts
# forms/ may be empty, and git does not keep empty folders: the wildcard lets the build
# go on when it is absent (BuildKit).
COPY form[s] ./forms/
COPY monitoring ./monitoring
COPY read-model ./read-model
COPY privacy ./privacy
COPY store ./store
COPY ui-shared ./ui-shared
COPY ui-tasklist ./ui-tasklist
COPY ui-portal ./ui-portal
COPY ui-modeler ./ui-modeler
COPY ui-operations ./ui-operations
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production IBM_TELEMETRY_DISABLED=true SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist ./dist
# The node image's unprivileged user (uid 1000); nothing under /app is writable by it.
USER node
EXPOSE 3000
# The gateway's liveness by default; docker-compose.yml gives each service its own URL.
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=5 \
  CMD ["node", "dist/scripts/healthcheck.js"]
CMD ["node", "dist/gateway/main.js"]
