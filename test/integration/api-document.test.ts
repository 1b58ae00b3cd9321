import { expect } from 'chai';
import request from 'supertest';
import { loadOpenApi } from '../../gateway/openapi/document.js';
import { getHarness } from '../support/harness.js';

/** The API document and its human-readable page are served by the running gateway. */
describe('gateway: the API document at runtime', () => {
  it('serves the committed OpenAPI document and a page that renders it', async () => {
    const h = await getHarness();
    const doc = await request(h.gatewayUrl).get('/api/openapi.json');
    expect(doc.status).to.equal(200);
    expect(doc.body).to.deep.equal(loadOpenApi());
    const page = await request(h.gatewayUrl).get('/api/docs');
    expect(page.status).to.equal(200);
    expect(page.text).to.include('swagger-ui-bundle.js').and.include('/api/docs/init.js');
    const init = await request(h.gatewayUrl).get('/api/docs/init.js');
    expect(init.text).to.include("url: '/api/openapi.json'");
    const asset = await request(h.gatewayUrl).get('/api/docs/assets/swagger-ui-bundle.js');
    expect(asset.status).to.equal(200);
    expect(Number(asset.headers['content-length'])).to.be.greaterThan(100_000);
    expect((await request(h.gatewayUrl).get('/api/docs/assets/nothing.js')).status).to.equal(404);
  });
});
