import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadProcedures } from '../../processes/registry.js';

/**
 * Central vs local immigration office (issue 19 item 6): every user task of the immigration
 * office in every procedure goes to the office the decision table abh-competence names
 * (candidate group `ABH/${competentAbh}`), and the model determines that office first.
 */
describe('contract: every immigration office task is routed to the competent office', () => {
  const procedures = [...loadProcedures().values()];

  it('has no ABH user task bound to the whole authority', () => {
    const tasks: string[] = [];
    for (const p of procedures)
      for (const file of p.resourcePaths.filter((f) => f.endsWith('.bpmn'))) {
        const xml = readFileSync(file, 'utf8');
        for (const m of xml.matchAll(
          /<bpmn:userTask id="([^"]+)"[^>]*camunda:candidateGroups="([^"]+)"/g,
        )) {
          if (!m[2]!.startsWith('ABH')) continue;
          tasks.push(m[1]!);
          expect(m[2], `${path.basename(file)} ${m[1]}`).to.equal('ABH/${competentAbh}');
          expect(xml, `${path.basename(file)} determines the office`).to.match(
            /<bpmn:businessRuleTask [^>]*camunda:resultVariable="competentAbh" camunda:decisionRef="abh-competence"/,
          );
        }
        if (xml.includes('decisionRef="abh-competence"'))
          expect(
            p.resourcePaths.map((r) => path.basename(r)),
            `${p.procedure} deploys the decision it uses`,
          ).to.include('abh-competence.dmn');
      }
    expect(tasks).to.include.members([
      'DecideResidencePermit',
      'DecideVorabzustimmung',
      'ReviewUnansweredNachforderung',
      'ConfirmJobChange',
      'DecideCorrection',
      'DecideVisaConsent',
      'DecideVisaConsentWithinSilence',
    ]);
  });
});
