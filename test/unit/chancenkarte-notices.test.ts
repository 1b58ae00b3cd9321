import { expect } from 'chai';
import { noticeText } from '../../workers/notices/notice-texts.js';

/** The Chancenkarte's notices in German and English (workers/notices/notice-texts.ts). */
describe('notice texts: the Chancenkarte', () => {
  it('names the card as the residence title granted, with its basis and end', () => {
    const t = noticeText({
      kind: 'RESIDENCE_PERMIT_DECISION',
      outcome: 'GRANTED',
      reference: 'ABH-L-1',
      name: 'Ana Reyes',
      validUntil: '2027-11-30',
      residenceTitle: { kind: 'CHANCENKARTE', basis: '§20a (3) no. 2, §20b AufenthG' },
    });
    expect(t.title.de).to.equal(
      'Entscheidung über den Aufenthaltstitel: Chancenkarte (§20a (3) no. 2, §20b AufenthG)',
    );
    expect(t.body.de).to.contain('erteilt. Gültig bis 2027-11-30.');
    expect(t.title.en).to.contain('Chancenkarte (opportunity card)');
  });

  it('says whether the card covers work during the search', () => {
    const notCovered = noticeText({
      kind: 'CHANCENKARTE_EMPLOYMENT',
      outcome: 'NOT_COVERED',
      reference: 'ABH-L-1',
      name: 'Ana Reyes',
      reasons: ['MORE_THAN_20_HOURS_A_WEEK (§20a (2) no. 1 AufenthG)'],
    });
    expect(notCovered.title.de).to.equal(
      'Arbeit während der Suche mit der Chancenkarte (§ 20a Abs. 2 AufenthG)',
    );
    expect(notCovered.body.de).to.contain('von der Chancenkarte nicht erlaubt');
    expect(notCovered.body.en).to.contain('Reasons: MORE_THAN_20_HOURS_A_WEEK');
  });

  it('tells why a job offer gives no work title yet, and that the card stays valid', () => {
    const t = noticeText({
      kind: 'CHANCENKARTE_JOB_OFFER',
      outcome: 'RECOGNITION_REQUIRED',
      reference: 'ABH-L-1',
      name: 'Ana Reyes',
    });
    expect(t.body.en).to.contain('the qualification must be recognised first');
    expect(t.body.de).to.contain('die Chancenkarte gilt weiter');
    const closed = noticeText({
      kind: 'APPLICATION_CLOSED',
      outcome: 'CHANCENKARTE_EXPIRED',
      reference: 'ABH-L-1',
      name: 'Ana Reyes',
    });
    expect(closed.body.en).to.contain('the Chancenkarte expired without a work title');
  });
});
