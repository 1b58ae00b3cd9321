import { expect } from 'chai';
import express from 'express';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync, gzipSync, brotliCompressSync } from 'node:zlib';
import request from 'supertest';
import { createLogger } from '../../common/logger.js';
import { webAppsRouter } from '../../gateway/ui/web-apps.js';

/** How the gateway serves the web apps' scripts and styles: compressed, with cache headers. */
describe('web apps: compression and cache headers', function () {
  this.timeout(60_000);
  const log = createLogger('test');
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'wsa-web-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** A GET with the body as sent, not decoded (supertest and fetch would unzip it). */
  async function raw(
    app: express.Express,
    url: string,
    headers: Record<string, string>,
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      const res = await new Promise<http.IncomingMessage>((resolve, reject) =>
        http.get({ host: '127.0.0.1', port, path: url, headers }, resolve).on('error', reject),
      );
      const chunks: Buffer[] = [];
      for await (const c of res) chunks.push(c as Buffer);
      return { status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) };
    } finally {
      server.close();
    }
  }

  describe('the production build (dist/web/manifest.json)', () => {
    const script = 'console.log("portal");'.repeat(200);
    let app: express.Express;
    before(() => {
      const built = path.join(dir, 'built');
      mkdirSync(path.join(built, 'portal'), { recursive: true });
      mkdirSync(path.join(built, 'ui'), { recursive: true });
      const file = (rel: string, text: string) => {
        writeFileSync(path.join(built, rel), text);
        writeFileSync(path.join(built, `${rel}.gz`), gzipSync(text));
        writeFileSync(path.join(built, `${rel}.br`), brotliCompressSync(text));
      };
      file('portal/app.0123abcd.js', script);
      file('ui/form-js.aaaa.css', '.fjs{}');
      file('ui/app.bbbb.css', '.app{}');
      const apps = Object.fromEntries(
        ['tasklist', 'portal', 'modeler', 'operations'].map((a) => [
          a,
          { script: '/portal/app.0123abcd.js' },
        ]),
      );
      writeFileSync(
        path.join(built, 'manifest.json'),
        JSON.stringify({
          apps,
          shared: { 'form-js.css': '/ui/form-js.aaaa.css', 'app.css': '/ui/app.bbbb.css' },
        }),
      );
      app = express().use(webAppsRouter(log, built));
    });

    it('links the hashed files from a page that is revalidated every time', async () => {
      const page = await request(app).get('/portal/');
      expect(page.status).to.equal(200);
      expect(page.headers['cache-control']).to.equal('no-cache');
      expect(page.text).to.contain('<script type="module" src="/portal/app.0123abcd.js">');
      expect(page.text).to.contain('href="/ui/form-js.aaaa.css"');
    });

    it('serves a hashed file pre-compressed, cached for good', async () => {
      const br = await raw(app, '/portal/app.0123abcd.js', {
        'accept-encoding': 'gzip, deflate, br, zstd',
      });
      expect(br.status).to.equal(200);
      expect(br.headers['content-encoding']).to.equal('br');
      expect(br.headers['cache-control']).to.equal('public, max-age=31536000, immutable');
      expect(br.headers.vary).to.match(/accept-encoding/i);
      expect(br.headers['content-type']).to.match(/^text\/javascript/);
      expect(brotliDecompressSync(br.body).toString()).to.equal(script);
      const gz = await raw(app, '/portal/app.0123abcd.js', { 'accept-encoding': 'gzip' });
      expect(gz.headers['content-encoding']).to.equal('gzip');
      expect(gunzipSync(gz.body).toString()).to.equal(script);
      const plain = await raw(app, '/portal/app.0123abcd.js', {});
      expect(plain.headers['content-encoding']).to.equal(undefined);
      expect(plain.body.toString()).to.equal(script);
    });

    it('answers the unhashed URL with an ETag to revalidate, 304 while it matches', async () => {
      const first = await request(app).get('/portal/app.js').set('accept-encoding', 'br');
      expect(first.headers['cache-control']).to.equal('no-cache');
      const etag = first.headers.etag as string;
      expect(etag).to.match(/^"[0-9a-f]+-br"$/);
      const again = await request(app)
        .get('/portal/app.js')
        .set('accept-encoding', 'br')
        .set('if-none-match', etag);
      expect(again.status).to.equal(304);
    });
  });

  describe('the dev and test stacks (bundled on request)', () => {
    let app: express.Express;
    before(() => {
      app = express().use(webAppsRouter(log, path.join(dir, 'none')));
    });

    it('bundles the script, compresses it and revalidates it by ETag', async () => {
      const page = await request(app).get('/portal/');
      expect(page.headers['cache-control']).to.equal('no-cache');
      expect(page.text).to.contain('<script type="module" src="/portal/app.js">');
      const gz = await raw(app, '/portal/app.js', { 'accept-encoding': 'gzip' });
      expect(gz.status).to.equal(200);
      expect(gz.headers['content-encoding']).to.equal('gzip');
      expect(gz.headers['cache-control']).to.equal('no-cache');
      const js = gunzipSync(gz.body).toString();
      expect(js.length).to.be.greaterThan(1000);
      const again = await request(app)
        .get('/portal/app.js')
        .set('accept-encoding', 'gzip')
        .set('if-none-match', gz.headers.etag as string);
      expect(again.status).to.equal(304);
      const css = await request(app).get('/ui/app.css').set('accept-encoding', 'identity');
      expect(css.status).to.equal(200);
      expect(css.headers['content-type']).to.match(/^text\/css/);
    });
  });
});
