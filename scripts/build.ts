import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { bundle, SHARED_STYLES, WEB_APPS, type WebApp } from '../gateway/ui/web-apps.js';
import type { WebManifest } from '../gateway/ui/web-assets.js';
import { ROOT_DIR } from './stack/versions.js';

/**
 * `npm run build`: the production build the image runs (Dockerfile), into dist/:
 *   1. TypeScript compiled by tsc (tsconfig.build.json: runtime code only, no tests or benchmarks)
 *   2. the files the runtime reads beside its code (models, forms, schemas, migrations,
 *      openapi.json, .bpmnlintrc, package.json) copied next to the compiled code, so every path
 *      that code resolves from its own location finds them
 *   3. the web apps bundled by esbuild into dist/web/, each file named by its content hash and
 *      pre-compressed (gzip, brotli); dist/web/manifest.json maps them for the gateway
 * Then `node dist/gateway/main.js` (and workers, projector, simulators, scripts/deploy-main.js)
 * run on plain node, with production dependencies only.
 */
const DIST = path.join(ROOT_DIR, 'dist');
const RUNTIME_DIRS = [
  'common',
  'gateway',
  'workers',
  'projector',
  'simulators',
  'processes',
  'monitoring',
  'read-model',
  'privacy',
  'store',
  'forms',
  'scripts',
];
const ROOT_FILES = ['package.json', '.bpmnlintrc', 'versions.env'];

const log = (msg: string) => console.error(msg);

async function step<T>(label: string, work: () => T | Promise<T>): Promise<T> {
  const t0 = Date.now();
  log(`==> ${label}`);
  const result = await work();
  log(`    done in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  return result;
}

function compile(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: ROOT_DIR,
    stdio: 'inherit',
  });
  if (run.status !== 0) throw new Error(`tsc failed (exit ${run.status})`);
}

function copyAssets(dir: string): number {
  let copied = 0;
  for (const entry of readdirSync(path.join(ROOT_DIR, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') copied += copyAssets(rel);
    } else if (!/\.(ts|md)$/.test(entry.name)) {
      mkdirSync(path.join(DIST, dir), { recursive: true });
      copyFileSync(path.join(ROOT_DIR, rel), path.join(DIST, rel));
      copied++;
    }
  }
  return copied;
}

interface Size {
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
}

/** Writes `<dir>/<base>.<hash>.<ext>` with its .gz and .br; returns the URL path. */
function writeAsset(
  dir: string,
  base: string,
  ext: string,
  content: Buffer,
  sizes: Size[],
): string {
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 12);
  const rel = `${dir}/${base}.${hash}.${ext}`;
  const file = path.join(DIST, 'web', rel);
  mkdirSync(path.dirname(file), { recursive: true });
  const gz = gzipSync(content, { level: 9 });
  const br = brotliCompressSync(content, {
    params: {
      [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
      [zlib.BROTLI_PARAM_SIZE_HINT]: content.length,
    },
  });
  writeFileSync(file, content);
  writeFileSync(`${file}.gz`, gz);
  writeFileSync(`${file}.br`, br);
  sizes.push({ file: rel, raw: content.length, gzip: gz.length, brotli: br.length });
  return `/${rel}`;
}

async function buildWeb(): Promise<Size[]> {
  const sizes: Size[] = [];
  const manifest: WebManifest = { apps: {}, shared: {} };
  for (const name of Object.keys(WEB_APPS) as WebApp[]) {
    const script = writeAsset(name, 'app', 'js', Buffer.from(await bundle(name)), sizes);
    const styles = WEB_APPS[name].styles
      ? writeAsset(name, 'app', 'css', Buffer.from(await bundle(name, 'styles')), sizes)
      : undefined;
    manifest.apps[name] = { script, ...(styles ? { styles } : {}) };
  }
  for (const [name, file] of Object.entries(SHARED_STYLES))
    manifest.shared[name] = writeAsset(
      'ui',
      name.replace(/\.css$/, ''),
      'css',
      readFileSync(file),
      sizes,
    );
  writeFileSync(path.join(DIST, 'web', 'manifest.json'), JSON.stringify(manifest, null, 2));
  return sizes;
}

const kB = (n: number) => `${(n / 1024).toFixed(0)} kB`;

const t0 = Date.now();
rmSync(DIST, { recursive: true, force: true });
await step('Compiling TypeScript (tsc -p tsconfig.build.json → dist/)', compile);
await step('Copying models, forms, schemas and migrations beside the code', () => {
  let n = 0;
  for (const dir of RUNTIME_DIRS) n += copyAssets(dir);
  for (const file of ROOT_FILES) copyFileSync(path.join(ROOT_DIR, file), path.join(DIST, file));
  log(`    ${n + ROOT_FILES.length} files`);
});
const sizes = await step('Bundling the web apps (esbuild → dist/web/, gzip and brotli)', buildWeb);
for (const s of sizes)
  log(
    `    ${s.file.padEnd(34)} ${kB(s.raw).padStart(8)} raw ${kB(s.gzip).padStart(7)} gzip ${kB(s.brotli).padStart(7)} brotli`,
  );
log(`==> Build done in ${((Date.now() - t0) / 1000).toFixed(1)}s: dist/`);
