import { expect } from 'chai';
import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import wsaExample from '../../processes/wsa-application/examples/application.json' with { type: 'json' };
import recognitionExample from '../../processes/recognition/examples/application.json' with { type: 'json' };
import { getHarness, type Harness } from '../support/harness.js';
import { CaseClient } from '../support/case-client.js';
import { APPLICANT, EMPLOYER, RECOGNITION_BODY } from '../support/fixtures.js';
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

describe('documents: short ids, types, and the documents an authority asked for', function () {
  this.timeout(60_000);
  let h: Harness;
  const t: Record<string, string> = {};
  const pdf = (text: string) =>
    Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(`${text} ${randomUUID()}\n%%EOF`)]);

  before(async () => {
    h = await getHarness();
    t.applicant = await h.token(APPLICANT);
    t.employer = await h.token(EMPLOYER);
    t.recognition = await h.token({
      subject: 'an-cw-1',
      role: 'caseworker',
      authority: 'RECOGNITION',
    });
    t.body = await h.token(RECOGNITION_BODY);
    t.ba = await h.token({ subject: 'ba-cw-1', role: 'caseworker', authority: 'BA' });
  });

  const upload = (caseId: string, token: string, body: Buffer, type: string, name: string) =>
    request(h.gatewayUrl)
      .post(`/api/v1/cases/${caseId}/documents?type=${type}&name=${encodeURIComponent(name)}`)
      .set('authorization', `Bearer ${token}`)
      .set('content-type', 'application/pdf')
      .send(body);
  /** An application of the employer for the applicant (documents come afterwards). */
  const startApplication = () => {
    const application = structuredClone(wsaExample);
    application.employer.employerId = EMPLOYER.organisation!;
    application.applicant.applicantId = APPLICANT.subject;
    return new CaseClient(h.gatewayUrl, t.employer!).start('wsa-application', application);
  };
  const list = async (caseId: string, token: string) => {
    const res = await request(h.gatewayUrl)
      .get(`/api/v1/cases/${caseId}/documents`)
      .set('authorization', `Bearer ${token}`);
    expect(res.status).to.equal(200);
    return res.body.documents as { documentId: string; type: string; name: string }[];
  };

  it('references uploaded documents by their short id in the answer to a Nachforderung, and shows the recognition body what it asked for', async () => {
    const cases = new CaseClient(h.gatewayUrl, t.applicant!);
    const application = structuredClone(recognitionExample);
    application.applicant.applicantId = APPLICANT.subject;
    const caseId = await cases.start('recognition', application);
    await cases.at(caseId, 'AwaitCompletenessCheck');
    expect(
      (
        await cases.send(t.body!, caseId, 'recognition-documents-requested', {
          missingDocuments: ['Fächer- und Notenübersicht', 'Arbeitszeugnis'],
          answerWithin: 'P1M',
        })
      ).status,
    ).to.equal(202);
    await cases.at(caseId, 'AwaitApplicantDocuments');

    const transcript = await upload(
      caseId,
      t.applicant!,
      pdf('transcript'),
      'TRANSCRIPT',
      'Notenübersicht.pdf',
    );
    expect(transcript.status, JSON.stringify(transcript.body)).to.equal(201);
    expect(transcript.body.type).to.equal('TRANSCRIPT');
    const reference = await upload(
      caseId,
      t.applicant!,
      pdf('reference'),
      'OTHER',
      'Arbeitszeugnis.pdf',
    );
    expect(reference.status).to.equal(201);
    for (const id of [transcript.body.documentId, reference.body.documentId])
      expect(id).to.have.length.at.most(100);
    // Before the answer the recognition body sees the transcript (its type), not the other one.
    expect((await list(caseId, t.recognition!)).map((d) => d.type)).to.deep.equal(['TRANSCRIPT']);

    // A reference to something that is not a document of this case names the field.
    const foreign = await cases.send(t.applicant!, caseId, 'recognition-documents-provided', {
      documents: [
        { name: 'Notenübersicht.pdf', documentId: transcript.body.documentId },
        { name: 'Fremd.pdf', documentId: 'doc-000000000000000000000000' },
      ],
    });
    expect(foreign.status, JSON.stringify(foreign.body)).to.equal(400);
    expect(foreign.body.errors).to.deep.equal([
      { field: '/documents/1/documentId', reason: 'is not a document of this case' },
    ]);

    const provided = await cases.send(t.applicant!, caseId, 'recognition-documents-provided', {
      documents: [
        { name: 'Notenübersicht.pdf', documentId: transcript.body.documentId },
        { name: 'Arbeitszeugnis.pdf', documentId: reference.body.documentId },
      ],
    });
    expect(provided.status, JSON.stringify(provided.body)).to.equal(202);
    await cases.at(caseId, 'AwaitCompletenessRecheck');

    // The recognition body now sees the documents it asked for, and may download them.
    const seen = await list(caseId, t.recognition!);
    expect(seen.map((d) => d.documentId)).to.have.members([
      transcript.body.documentId,
      reference.body.documentId,
    ]);
    const download = await request(h.gatewayUrl)
      .get(reference.body.href)
      .set('authorization', `Bearer ${t.recognition}`);
    expect(download.status).to.equal(200);
    // Nobody else gained anything: the BA does not take part in a recognition.
    expect(
      (
        await request(h.gatewayUrl)
          .get(`/api/v1/cases/${caseId}/documents`)
          .set('authorization', `Bearer ${t.ba}`)
      ).status,
    ).to.equal(404);
  });

  it('still serves documents stored under the old long ids, and finds them again on upload', async () => {
    const caseId = await startApplication();
    // As the store kept a document before ids were short: `<case id>:<sha256>`.
    const bytes = pdf('stored before');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const oldId = `${caseId}:${sha256}`;
    await h.pool.query('insert into read_model.document_files (id, content) values ($1, $2)', [
      oldId,
      bytes,
    ]);
    await h.pool.query(
      `insert into read_model.documents (id, case_id, type, name, content_type, size, sha256,
         uploaded_at, uploaded_by) values ($1, $2, 'PASSPORT', 'old.pdf', 'application/pdf', $3,
         $4, now(), '{"subject":"x","role":"applicant"}')`,
      [oldId, caseId, bytes.length, sha256],
    );
    expect((await list(caseId, t.applicant!)).map((d) => d.documentId)).to.deep.equal([oldId]);
    const file = await request(h.gatewayUrl)
      .get(`/api/v1/cases/${caseId}/documents/${encodeURIComponent(oldId)}/content`)
      .set('authorization', `Bearer ${t.applicant}`);
    expect(file.status).to.equal(200);
    const again = await upload(caseId, t.applicant!, bytes, 'PASSPORT', 'again.pdf');
    expect(again.status).to.equal(200);
    expect(again.body.documentId).to.equal(oldId);
    const asDegree = await upload(caseId, t.applicant!, bytes, 'DEGREE_CERTIFICATE', 'd.pdf');
    expect(asDegree.status).to.equal(201);
    expect(asDegree.body.documentId).to.match(/^doc-[0-9a-f]{24}$/);
  });

  it('keeps the same bytes given as another type as a second document of that type', async () => {
    const caseId = await startApplication();
    const scan = pdf('one scan with passport and degree');
    const passport = await upload(caseId, t.applicant!, scan, 'PASSPORT', 'scan.pdf');
    expect(passport.status).to.equal(201);
    const degree = await upload(caseId, t.applicant!, scan, 'DEGREE_CERTIFICATE', 'scan.pdf');
    expect(degree.status, JSON.stringify(degree.body)).to.equal(201);
    expect(degree.body.type).to.equal('DEGREE_CERTIFICATE');
    expect(degree.body.documentId).to.not.equal(passport.body.documentId);
    expect(degree.body.sha256).to.equal(passport.body.sha256);
    const again = await upload(caseId, t.employer!, scan, 'DEGREE_CERTIFICATE', 'again.pdf');
    expect(again.status).to.equal(200);
    expect(again.body.documentId).to.equal(degree.body.documentId);
    expect(
      (await list(caseId, t.applicant!)).map((d) => [d.type, d.documentId]),
    ).to.have.deep.members([
      ['PASSPORT', passport.body.documentId],
      ['DEGREE_CERTIFICATE', degree.body.documentId],
    ]);
    // Each downloads as the same bytes.
    for (const doc of [passport.body, degree.body]) {
      const file = await request(h.gatewayUrl)
        .get(doc.href)
        .set('authorization', `Bearer ${t.applicant}`)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(Buffer.compare(file.body as Buffer, scan)).to.equal(0);
    }
  });
});
