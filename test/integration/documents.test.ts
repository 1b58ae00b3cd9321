import { expect } from 'chai';
import { createHash } from 'node:crypto';
import request from 'supertest';
import wsaExample from '../../processes/wsa-application/examples/application.json' with { type: 'json' };
import { getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { APPLICANT, EMPLOYER } from '../support/fixtures.js';
import { autoAnswer } from '../support/simulators.js';

/**
 * Documents: given once (the same file is the same document), limited in size and type,
 * checked against their bytes, downloadable by those whose part needs them, and shown with
 * the authenticity checks of the authorities.
 */
const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n'),
  Buffer.from(`passport ${Date.now()}\n%%EOF`),
]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

describe('documents: upload once, limits, download, authenticity', function () {
  this.timeout(60_000);
  let h: Harness;
  let caseId: string;
  const t: Record<string, string> = {};

  before(async () => {
    h = await getHarness();
    t.applicant = await h.token(APPLICANT);
    t.employer = await h.token(EMPLOYER);
    t.bva = await h.token({ subject: 'bva-1', role: 'partner', authority: 'BVA' });
    t.ba = await h.token({ subject: 'ba-cw-1', role: 'caseworker', authority: 'BA' });
    const application = structuredClone(wsaExample);
    application.employer.employerId = EMPLOYER.organisation!;
    application.applicant.applicantId = APPLICANT.subject;
    // The BA and the BVA see a case's documents once they take part: the partner simulators
    // answer until the visa is granted (BA approval, BVA consultation, visa).
    await autoAnswer(h.simulatorsUrl, ['ba', 'bva', 'mission'], {
      enabled: true,
      delayMs: 0,
      outcome: null,
    });
    try {
      const cases = new CaseClient(h.gatewayUrl, t.employer);
      caseId = await cases.start('wsa-application', application);
      await cases.at(caseId, 'AwaitArrival');
    } finally {
      await autoAnswer(h.simulatorsUrl, ['ba', 'bva', 'mission'], { enabled: false });
    }
  });

  const upload = (
    token: string,
    body: Buffer,
    type: string,
    query = 'type=PASSPORT&name=Pass.pdf',
  ) =>
    request(h.gatewayUrl)
      .post(`/api/v1/cases/${caseId}/documents?${query}`)
      .set('authorization', `Bearer ${token}`)
      .set('content-type', type)
      .send(body);
  const list = async (token: string) => {
    const res = await request(h.gatewayUrl)
      .get(`/api/v1/cases/${caseId}/documents`)
      .set('authorization', `Bearer ${token}`);
    expect(res.status).to.equal(200);
    return res.body.documents as { documentId: string; type: string; authenticity: object[] }[];
  };

  it('stores a document once, with its checksum, and gives the same bytes back', async () => {
    const first = await upload(t.applicant!, PDF, 'application/pdf');
    expect(first.status, JSON.stringify(first.body)).to.equal(201);
    const sha256 = createHash('sha256').update(PDF).digest('hex');
    expect(first.body).to.include({
      type: 'PASSPORT',
      sha256,
      size: PDF.length,
      uploadedBy: 'applicant',
    });
    const again = await upload(t.employer!, PDF, 'application/pdf');
    expect(again.status).to.equal(200);
    expect(again.body.documentId).to.equal(first.body.documentId);
    expect((await list(t.applicant!)).map((d) => d.documentId)).to.deep.equal([
      first.body.documentId,
    ]);

    const file = await request(h.gatewayUrl)
      .get(first.body.href)
      .set('authorization', `Bearer ${t.employer}`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(file.status).to.equal(200);
    expect(file.headers['content-type']).to.equal('application/pdf');
    expect(file.headers.etag).to.equal(`"${sha256}"`);
    expect(Buffer.compare(file.body as Buffer, PDF)).to.equal(0);
  });

  it('refuses what it cannot take, with the reason, and stores nothing of it', async () => {
    const before = (await list(t.applicant!)).length;
    const text = await upload(t.applicant!, Buffer.from('hello'), 'text/plain');
    expect(text.status).to.equal(415);
    const disguised = await upload(t.applicant!, PNG, 'application/pdf');
    expect(disguised.status).to.equal(415);
    expect(disguised.body.type).to.match(/content-mismatch$/);
    const noType = await upload(t.applicant!, PDF, 'application/pdf', 'name=Pass.pdf');
    expect(noType.status).to.equal(400);
    expect(noType.body.errors).to.deep.include({ field: 'query:type', reason: 'is required' });
    const unknownType = await upload(
      t.applicant!,
      PDF,
      'application/pdf',
      'type=TAX_RETURN&name=x.pdf',
    );
    expect(unknownType.status).to.equal(400);
    const huge = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);
    PDF.copy(huge);
    const tooLarge = await upload(t.applicant!, huge, 'application/pdf');
    expect(tooLarge.status).to.equal(413);
    const byAuthority = await upload(
      t.bva!,
      Buffer.concat([PDF, Buffer.from('x')]),
      'application/pdf',
    );
    expect(byAuthority.status).to.equal(403);
    expect(await list(t.applicant!)).to.have.length(before);
  });

  it('shows each authority only the documents its part needs, with the authenticity checks of all', async () => {
    const contract = Buffer.concat([
      Buffer.from('%PDF-1.4\n'),
      Buffer.from(`contract ${Date.now()}`),
    ]);
    const uploaded = await upload(
      t.employer!,
      contract,
      'application/pdf',
      'type=EMPLOYMENT_CONTRACT&name=Arbeitsvertrag.pdf',
    );
    expect(uploaded.status).to.equal(201);
    const passport = (await list(t.applicant!)).find((d) => d.type === 'PASSPORT')!;

    // The BVA checks the passport once; its record is shown with the document.
    const check = (token: string, body: object) =>
      request(h.gatewayUrl)
        .post(
          `/api/v1/cases/${caseId}/documents/${encodeURIComponent(passport.documentId)}/authenticity`,
        )
        .set('authorization', `Bearer ${token}`)
        .send(body);
    const checked = await check(t.bva!, { result: 'AUTHENTIC', method: 'Document register query' });
    expect(checked.status, JSON.stringify(checked.body)).to.equal(201);
    expect(
      (await check(t.bva!, { result: 'NOT_AUTHENTIC', method: 'second opinion' })).status,
    ).to.equal(200);
    expect(
      (await check(t.applicant!, { result: 'AUTHENTIC', method: 'trust me' })).status,
    ).to.equal(403);
    expect((await check(t.bva!, { result: 'MAYBE', method: 'x' })).status).to.equal(400);

    const seenByApplicant = (await list(t.applicant!)).find((d) => d.type === 'PASSPORT')!;
    expect(seenByApplicant.authenticity).to.have.length(1);
    expect(seenByApplicant.authenticity[0]).to.include({
      result: 'AUTHENTIC',
      authority: 'BVA',
      checkedBy: 'bva-1',
      method: 'Document register query',
    });

    expect((await list(t.bva!)).map((d) => d.type)).to.deep.equal(['PASSPORT']);
    expect((await list(t.ba!)).map((d) => d.type)).to.deep.equal(['EMPLOYMENT_CONTRACT']);
    const hidden = await request(h.gatewayUrl)
      .get(`/api/v1/cases/${caseId}/documents/${encodeURIComponent(passport.documentId)}/content`)
      .set('authorization', `Bearer ${t.ba}`);
    expect(hidden.status).to.equal(404);
  });
});
