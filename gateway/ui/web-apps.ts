import { Router } from 'express';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../common/logger.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The browser apps the gateway serves, each a page and one script bundled from TypeScript. */
export const WEB_APPS = {
  tasklist: { dir: 'ui-tasklist', title: 'WSA Tasklist', styles: false },
  portal: { dir: 'ui-portal', title: 'WSA Portal', styles: false },
  modeler: { dir: 'ui-modeler', title: 'WSA Modeler', styles: true },
  operations: { dir: 'ui-operations', title: 'WSA Operations', styles: true },
} as const;
export type WebApp = keyof typeof WEB_APPS;

/**
 * Bundles an app's `src/main.ts` with esbuild, once per process (the first request waits,
 * ~1 s). Bundling at start-up keeps the repository free of built files and the served script
 * always the source's; a deployment that wants a build step can run the same function.
 */
const bundles = new Map<string, Promise<string>>();
export function bundle(app: WebApp, part: 'script' | 'styles' = 'script'): Promise<string> {
  const id = `${app}:${part}`;
  let b = bundles.get(id);
  if (!b) {
    b = (async () => {
      const esbuild = await import('esbuild');
      const entry = part === 'script' ? 'main.ts' : 'styles.css';
      const result = await esbuild.build({
        entryPoints: [path.join(ROOT, WEB_APPS[app].dir, 'src', entry)],
        // Fonts of the editors' styles travel inside the stylesheet.
        loader: {
          '.woff': 'dataurl',
          '.woff2': 'dataurl',
          '.ttf': 'dataurl',
          '.eot': 'dataurl',
          '.svg': 'dataurl',
        },
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'browser',
        target: 'es2022',
        minify: true,
        sourcemap: false,
        legalComments: 'none',
        define: { 'process.env.NODE_ENV': '"production"' },
        logLevel: 'silent',
      });
      return result.outputFiles[0]!.text;
    })();
    b.catch(() => bundles.delete(id)); // a failed build is tried again on the next request
    bundles.set(id, b);
  }
  return b;
}

const FORM_JS_CSS = path.join(ROOT, 'node_modules/@bpmn-io/form-js/dist/assets/form-js.css');
const APP_CSS = path.join(ROOT, 'ui-shared', 'app.css');

/**
 * The caseworkers' tasklist at /tasklist/ and the applicants' portal at /portal/. Pages and
 * scripts are public (they hold no data); every piece of data comes through the API with the
 * signed-in user's token.
 */
export function webAppsRouter(log: Logger): Router {
  const router = Router();
  const security = {
    'content-security-policy':
      "default-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
  router.get('/', (_req, res) => void res.redirect(302, '/tasklist/'));
  for (const [name, app] of Object.entries(WEB_APPS) as [WebApp, (typeof WEB_APPS)[WebApp]][]) {
    router.get(`/${name}/`, (_req, res) => {
      res
        .set(security)
        .type('html')
        .send(page(name, app.title, app.styles));
    });
    if (app.styles)
      router.get(`/${name}/app.css`, async (_req, res) => {
        try {
          res
            .type('css')
            .set('cache-control', 'no-cache')
            .send(await bundle(name, 'styles'));
        } catch (err) {
          log.error('web app styles failed', { app: name, error: (err as Error).message });
          res.status(500).type('text/plain').send('The styles could not be built.');
        }
      });
    router.get(`/${name}/app.js`, async (_req, res) => {
      try {
        const js = await bundle(name);
        res.set(security).type('text/javascript').set('cache-control', 'no-cache').send(js);
      } catch (err) {
        log.error('web app bundle failed', { app: name, error: (err as Error).message });
        res.status(500).type('text/plain').send('The app could not be built; see the gateway log.');
      }
    });
  }
  router.get(
    '/ui/form-js.css',
    (_req, res) => void res.type('css').send(readFileSync(FORM_JS_CSS)),
  );
  router.get('/ui/app.css', (_req, res) => void res.type('css').send(readFileSync(APP_CSS)));
  return router;
}

function page(name: WebApp, title: string, styles: boolean): string {
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/ui/form-js.css">
<link rel="stylesheet" href="/ui/app.css">
${styles ? `<link rel="stylesheet" href="/${name}/app.css">` : ''}
</head>
<body>
<div id="app" data-app="${name}"><p class="loading">…</p></div>
<script type="module" src="/${name}/app.js"></script>
</body>
</html>`;
}
