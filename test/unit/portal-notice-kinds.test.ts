import { expect } from 'chai';
import { NOTICE_KINDS } from '../../workers/notices/issue-notice.js';
import { TEXT } from '../../ui-portal/src/texts.js';

/** A notice kind without a title showed its raw code in the portal ("CHANCENKARTE_JOB_OFFER"). */
describe('portal: every notice kind has a title in German and English', () => {
  for (const lang of ['de', 'en'] as const)
    it(`names each kind the notice worker issues (${lang})`, () => {
      const missing = NOTICE_KINDS.filter((k) => !TEXT[lang].noticeKinds[k]);
      expect(missing).to.deep.equal([]);
    });
});
