import { Router, type Request, type Response } from 'express';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../common/logger.js';
import {
  assetOf,
  IMMUTABLE,
  loadWebAssets,
  REVALIDATE,
  sendAsset,
  type Asset,
} from './web-assets.js';

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
 * Bundles an app's `src/main.ts` (or `src/styles.css`) with esbuild, once per process. The
 * production build (scripts/build.ts) runs it once at image build; the dev and test stacks
 * bundle on the first request (it waits ~1 s), so the served script is always the source's.
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

/** The stylesheets every app's page links (served under /ui/). */
export const SHARED_STYLES: Record<string, string> = {
  'form-js.css': path.join(ROOT, 'node_modules/@bpmn-io/form-js/dist/assets/form-js.css'),
  'app.css': path.join(ROOT, 'ui-shared', 'app.css'),
};

/**
 * The production build's assets (`npm run build` → dist/web, see scripts/build.ts): found
 * beside the compiled gateway (dist/web), or in WEB_ASSETS_DIR (`assetsDir`). Without them
 * (the dev and test stacks run the TypeScript sources) each app is bundled on its first request.
 */
function builtAssets(assetsDir = path.join(ROOT, 'web')): ReturnType<typeof loadWebAssets> {
  return loadWebAssets(assetsDir);
}

/**
 * The caseworkers' tasklist at /tasklist/, the applicants' portal at /portal/, the modeler
 * and operations. Pages and scripts are public (they hold no data); every piece of data comes
 * through the API with the signed-in user's token. Scripts and styles go out compressed
 * (brotli or gzip); pages are revalidated on every load (no-cache); the built assets, named by
 * their content hash, are cached for good (immutable); the unhashed URLs and the bundles made
 * on request carry an ETag and are revalidated.
 */
export function webAppsRouter(log: Logger, assetsDir?: string): Router {
  const router = Router();
  const security = {
    'content-security-policy':
      "default-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
  const built = builtAssets(assetsDir);
  if (built) log.info('web apps from the build', { apps: Object.keys(built.manifest.apps) });
  router.get('/', (_req, res) => void res.redirect(302, '/tasklist/'));

  // Hashed files of the build: cached for good.
  for (const [url, asset] of built?.assets ?? [])
    router.get(url, (req, res) => sendAsset(req, res, asset, IMMUTABLE, security));

  /** An unhashed URL: the built asset, else made on request; revalidated by ETag. */
  const serve =
    (url: string, make: () => Promise<Asset>, what: string) =>
    async (req: Request, res: Response) => {
      try {
        const fromBuild = built && built.assets.get(url);
        sendAsset(req, res, fromBuild ?? (await make()), REVALIDATE, security);
      } catch (err) {
        log.error(`web app ${what} failed`, { url, error: (err as Error).message });
        res
          .status(500)
          .type('text/plain')
          .send(`The ${what} could not be built; see the gateway log.`);
      }
    };

  for (const [name, app] of Object.entries(WEB_APPS) as [WebApp, (typeof WEB_APPS)[WebApp]][]) {
    const urls = {
      script: built?.manifest.apps[name]?.script ?? `/${name}/app.js`,
      styles: app.styles ? (built?.manifest.apps[name]?.styles ?? `/${name}/app.css`) : undefined,
      shared: Object.keys(SHARED_STYLES).map((f) => built?.manifest.shared[f] ?? `/ui/${f}`),
    };
    router.get(`/${name}/`, (_req, res) => {
      res
        .set(security)
        .set('cache-control', REVALIDATE)
        .type('html')
        .send(page(name, app.title, urls));
    });
    router.get(
      `/${name}/app.js`,
      serve(built?.manifest.apps[name]?.script ?? '', () => bundledAsset(name, 'script'), 'bundle'),
    );
    if (app.styles)
      router.get(
        `/${name}/app.css`,
        serve(
          built?.manifest.apps[name]?.styles ?? '',
          () => bundledAsset(name, 'styles'),
          'styles',
        ),
      );
  }
  for (const [file, source] of Object.entries(SHARED_STYLES))
    router.get(
      `/ui/${file}`,
      serve(
        built?.manifest.shared[file] ?? '',
        async () => assetOf('text/css', readFileSync(source)),
        'stylesheet',
      ),
    );
  return router;
}

const bundledAssets = new Map<string, Promise<Asset>>();
function bundledAsset(app: WebApp, part: 'script' | 'styles'): Promise<Asset> {
  const id = `${app}:${part}`;
  let a = bundledAssets.get(id);
  if (!a) {
    a = bundle(app, part).then((text) =>
      assetOf(part === 'script' ? 'text/javascript' : 'text/css', text),
    );
    a.catch(() => bundledAssets.delete(id));
    bundledAssets.set(id, a);
  }
  return a;
}

function page(
  name: WebApp,
  title: string,
  urls: { script: string; styles: string | undefined; shared: string[] },
): string {
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${urls.shared.map((href) => `<link rel="stylesheet" href="${href}">`).join('\n')}
${urls.styles ? `<link rel="stylesheet" href="${urls.styles}">` : ''}
</head>
<body>
<div id="app" data-app="${name}"><p class="loading">…</p></div>
<script type="module" src="${urls.script}"></script>
</body>
</html>`;
}
