import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { Request, Response } from 'express';

/**
 * What `npm run build` (scripts/build.ts) writes to dist/web/manifest.json: the URL path of
 * each app's script and styles and of the shared stylesheets, each file named by its content
 * hash, with `.gz` and `.br` beside it.
 */
export interface WebManifest {
  apps: Record<string, { script: string; styles?: string }>;
  shared: Record<string, string>;
}

/** One script or stylesheet in memory, with its compressed forms. */
export interface Asset {
  type: 'text/javascript' | 'text/css';
  body: Buffer;
  /** Pre-compressed at build; computed on the first request that asks otherwise. */
  gzip?: Buffer;
  br?: Buffer;
  /** Content hash (strong ETag without the encoding). */
  hash: string;
}

export function assetOf(type: Asset['type'], body: Buffer | string): Asset {
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  return { type, body: buf, hash: createHash('sha256').update(buf).digest('hex').slice(0, 16) };
}

/** Immutable: the URL changes with the content (hashed file names of the production build). */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Revalidate every time, answered 304 while the ETag still matches. */
export const REVALIDATE = 'no-cache';

/**
 * Sends an asset in the best encoding the client accepts (brotli, gzip, none), with a strong
 * ETag per encoding, `Vary: Accept-Encoding` and the given cache policy; 304 when fresh.
 */
export function sendAsset(
  req: Request,
  res: Response,
  asset: Asset,
  cacheControl: string,
  headers: Record<string, string> = {},
): void {
  const encoding = preferredEncoding(req.get('accept-encoding'));
  let body = asset.body;
  if (encoding === 'br') {
    asset.br ??= brotliCompressSync(asset.body, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: asset.body.length },
    });
    body = asset.br;
  } else if (encoding === 'gzip') {
    asset.gzip ??= gzipSync(asset.body);
    body = asset.gzip;
  }
  res.set(headers).set({
    'content-type': `${asset.type}; charset=utf-8`,
    'cache-control': cacheControl,
    vary: 'Accept-Encoding',
    etag: `"${asset.hash}${encoding === 'identity' ? '' : `-${encoding}`}"`,
  });
  if (encoding !== 'identity') res.set('content-encoding', encoding);
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  res.status(200).end(req.method === 'HEAD' ? undefined : body);
}

/**
 * brotli when the client takes it, else gzip, else none: the smallest, whatever order the
 * client lists them in (browsers send `gzip, deflate, br, zstd`).
 */
export function preferredEncoding(header: string | undefined): 'br' | 'gzip' | 'identity' {
  const q = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const weight = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    q.set(name, weight === undefined ? 1 : Number(weight));
  }
  const takes = (name: string) => (q.get(name) ?? q.get('*') ?? 0) > 0;
  if (takes('br')) return 'br';
  if (takes('gzip')) return 'gzip';
  return 'identity';
}

/** The production build's web assets, or undefined when `dir` holds no manifest. */
export function loadWebAssets(
  dir: string,
): { manifest: WebManifest; assets: Map<string, Asset> } | undefined {
  const file = path.join(dir, 'manifest.json');
  if (!existsSync(file)) return undefined;
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as WebManifest;
  const assets = new Map<string, Asset>();
  const urls = [
    ...Object.values(manifest.apps).flatMap((a) => (a.styles ? [a.script, a.styles] : [a.script])),
    ...Object.values(manifest.shared),
  ];
  for (const url of urls) {
    const onDisk = path.join(dir, url);
    const asset = assetOf(
      url.endsWith('.css') ? 'text/css' : 'text/javascript',
      readFileSync(onDisk),
    );
    if (existsSync(`${onDisk}.gz`)) asset.gzip = readFileSync(`${onDisk}.gz`);
    if (existsSync(`${onDisk}.br`)) asset.br = readFileSync(`${onDisk}.br`);
    assets.set(url, asset);
  }
  return { manifest, assets };
}
