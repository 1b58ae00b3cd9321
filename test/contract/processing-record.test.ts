import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import prettier from 'prettier';
import { loadProcedures } from '../../processes/registry.js';
import {
  processingActivities,
  processingActivitiesMarkdown,
} from '../../privacy/processing-record.js';
import { RECORD_FILE } from '../../scripts/processing-record.js';

/**
 * The record of processing activities (Art. 30 GDPR) is generated from the procedures: the
 * committed document is what the code makes of them now (run `npm run ropa` after changing a
 * procedure, a model or the retention table), and every procedure declares its purpose.
 */
describe('contract: record of processing activities', () => {
  const activities = processingActivities(loadProcedures());

  it('declares a purpose, legal basis, recipients and every retention period per procedure', () => {
    expect(activities.map((a) => a.procedure)).to.include.members(['wsa-application', 'visa']);
    for (const a of activities) {
      expect(a.purpose, a.procedure).to.not.match(/^\(no purpose/);
      expect(a.legalBasis, a.procedure).to.match(/GDPR/);
      expect(a.recipients.authorities.length, a.procedure).to.be.greaterThan(0);
      expect(a.personalData.length, a.procedure).to.be.greaterThan(0);
      expect(a.retention).to.have.length(12);
      for (const r of a.retention)
        expect(r.period, `${a.procedure} ${r.outcome}`).to.not.equal('?');
    }
    const wsa = activities.find((a) => a.procedure === 'wsa-application')!;
    // Called procedures' partner systems are the application's recipients too.
    expect(wsa.recipients.partnerSystems).to.include.members(['BA', 'BVA', 'MISSION']);
    expect(wsa.personalData).to.include('applicant.familyName');
  });

  it('is committed as generated (npm run ropa)', async () => {
    const generated = await prettier.format(processingActivitiesMarkdown(activities), {
      ...(await prettier.resolveConfig(RECORD_FILE)),
      filepath: RECORD_FILE,
    });
    expect(readFileSync(RECORD_FILE, 'utf8') === generated, 'run npm run ropa').to.equal(true);
  });
});
