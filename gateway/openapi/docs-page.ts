import express, { type Router } from 'express';
import { createRequire } from 'node:module';

/**
 * The API document at /api/openapi.json and a human-readable page at /api/docs (Swagger UI,
 * served from the installed package: no external host is contacted).
 */
const require = createRequire(import.meta.url);
const swaggerUiDir = (
  require('swagger-ui-dist') as { getAbsoluteFSPath: () => string }
).getAbsoluteFSPath();

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>WSA Orchestrator API</title>
  <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css" />
</head>
<body>
  <div id="api"></div>
  <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/api/docs/init.js"></script>
</body>
</html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#api', deepLinking: true });`;

/** The docs page loads only its own scripts and styles and is never framed. */
const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function docsRouter(doc: object): Router {
  const router = express.Router();
  router.use('/docs', (_req, res, next) => {
    res.set({ 'content-security-policy': DOCS_CSP, 'x-frame-options': 'DENY' });
    next();
  });
  router.get('/openapi.json', (_req, res) => void res.json(doc));
  router.get('/docs', (_req, res) => void res.type('html').send(PAGE));
  router.get('/docs/init.js', (_req, res) => void res.type('js').send(INIT));
  router.use('/docs/assets', express.static(swaggerUiDir, { index: false, maxAge: '1h' }));
  return router;
}
