import { expect } from 'chai';
import {
  azrMeldung,
  azrQuittung,
  readAzrMeldung,
  readAzrQuittung,
  XAuslaenderError,
} from '../../../common/xauslaender.js';
import { xauslaenderAzrAdapter } from '../../../workers/adapters/residence-partners.js';
import { BadDataError } from '../../../workers/framework/errors.js';
import { startSimulators } from '../../../simulators/server.js';

const report = {
  caseId: '3f0c4b8e-1d2a-4c55-9e11-0a3b5c7d9e21',
  event: 'RESIDENCE_TITLE_GRANTED',
  abhCode: 'ABH-BERLIN',
  applicant: {
    givenName: 'Zoë <&>',
    familyName: 'O\'Neil "Ng"',
    dateOfBirth: '1994-03-12',
    nationality: 'IND',
  },
  decision: {
    authority: 'ABH',
    outcome: 'GRANTED',
    reference: 'ABH-42',
    titleKind: 'BLUE_CARD',
    basis: '§18g AufenthG',
    validUntil: '2030-01-31',
  },
};

describe('XAusländer-shaped AZR messages', () => {
  it('writes an azr.meldung with head and content that reads back to the same report', () => {
    const xml = azrMeldung(report, 'msg-1');
    expect(xml).to.match(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(xml).to.include('<nachrichtentyp>azr.meldung</nachrichtentyp>');
    expect(xml).to.include('<familienname>');
    expect(xml).to.include('&lt;&amp;&gt;');
    expect(readAzrMeldung(xml)).to.deep.equal({ messageId: 'msg-1', report });
  });

  it('sends only the person fields the message defines', () => {
    const { report: back } = readAzrMeldung(
      azrMeldung({ ...report, applicant: { ...report.applicant, passportNumber: 'X1' } }, 'm'),
    );
    expect(back.applicant).to.not.have.property('passportNumber');
  });

  it('names the element a message lacks', () => {
    const broken = azrQuittung({ azrNumber: 'AZR-1', caseId: 'c', inReplyTo: 'm' }, 'q').replace(
      /<azrNummer>.*<\/azrNummer>/,
      '',
    );
    expect(() => readAzrQuittung(broken))
      .to.throw(XAuslaenderError)
      .with.property('field', '/azr.quittung/nachrichteninhalt/azrNummer');
    expect(() => readAzrMeldung('<not-xml')).to.throw(XAuslaenderError);
  });

  describe('the AZR adapter against the AZR simulator over HTTP', () => {
    let sims: Awaited<ReturnType<typeof startSimulators>>;
    before(async () => {
      sims = await startSimulators(0);
    });
    after(async () => sims.stop());

    it('reports as XML, reads the receipt, and a retry is the same message', async () => {
      const azr = xauslaenderAzrAdapter(`${sims.url}/azr`);
      const first = await azr.report(report, 'key-1');
      const again = await azr.report(report, 'key-1');
      expect(first.azrNumber).to.match(/^AZR-/);
      expect(again).to.deep.equal(first);
      const effect = sims.simulators.azr.effects.get('key-1')!;
      expect(effect.calls).to.equal(2);
      expect(effect.body).to.deep.equal(report);
      expect(effect.result.azrNumber).to.equal(first.azrNumber);
    });

    it('gets 400 naming the element for a message without its case, which is not retried', async () => {
      const res = await fetch(`${sims.url}/azr/xauslaender`, {
        method: 'POST',
        headers: { 'content-type': 'application/xml', 'idempotency-key': 'k2' },
        body: azrMeldung(report, 'm').replace(/<aktenzeichen>.*<\/aktenzeichen>/, ''),
      });
      expect(res.status).to.equal(400);
      expect(((await res.json()) as { errors: unknown[] }).errors).to.deep.equal([
        { field: '/azr.meldung/nachrichteninhalt/vorgang/aktenzeichen', reason: 'missing' },
      ]);
      const azr = xauslaenderAzrAdapter(`${sims.url}/azr`);
      let error: unknown;
      try {
        await azr.report({ ...report, event: '' }, 'k3');
      } catch (err) {
        error = err;
      }
      expect(error).to.be.instanceOf(BadDataError);
    });
  });
});
