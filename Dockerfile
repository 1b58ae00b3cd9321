# Image for our services (gateway, workers, projector, simulators, deploy); see docker-compose.yml.
# TypeScript runs with tsx (a devDependency), so all dependencies are installed.
FROM node:20-bookworm-slim

WORKDIR /app

COPY package.json package-lock.json ./
RUN npm ci && npm cache clean --force

COPY tsconfig.json versions.env ./
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
COPY ui-shared ./ui-shared
COPY ui-tasklist ./ui-tasklist
COPY ui-portal ./ui-portal
COPY ui-modeler ./ui-modeler
COPY ui-operations ./ui-operations
COPY monitoring ./monitoring
COPY store ./store

ENV NODE_ENV=production
USER node

CMD ["node", "--import", "tsx", "gateway/main.ts"]
