import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { DEADLINE_EFFECTS, loadProcedures } from '../../processes/registry.js';

/**
 * Every statutory deadline a procedure names is a timer event in its model, of a known
 * authority, and says what passing it does: legal effect (the deemed approval, §36 (2) BeschV)
 * or only overdue (§6 BQFG, §31a AufenthV). A deadline that the law sets only in some cases
 * (§31a: the accelerated procedure) says when; otherwise the timer is a service target.
 */
describe('contract: statutory deadlines', () => {
  const procedures = [...loadProcedures().values()];

  it('names at least the BA, recognition and visa deadlines', () => {
    const all = procedures.flatMap((p) => Object.keys(p.statutoryDeadlines));
    expect(all).to.include.members([
      'DeemedApprovalPeriodElapsed',
      'DecisionPeriodElapsed',
      'DecisionDeadlineElapsed',
      'AppointmentDeadlineElapsed',
    ]);
  });

  it('points each one at a timer of the procedure’s own model', () => {
    for (const p of procedures)
      for (const [elementId, d] of Object.entries(p.statutoryDeadlines)) {
        const xml = p.resourcePaths
          .filter((f) => f.endsWith('.bpmn'))
          .map((f) => readFileSync(f, 'utf8'))
          .join('\n');
        const element = new RegExp(
          `<bpmn:(?:boundaryEvent|intermediateCatchEvent) id="${elementId}"[\\s\\S]*?</bpmn:(?:boundaryEvent|intermediateCatchEvent)>`,
        ).exec(xml)?.[0];
        expect(element, `${p.procedure}: ${elementId} in the model`).to.be.a('string');
        expect(element, `${p.procedure}: ${elementId} is a timer`).to.contain(
          'timerEventDefinition',
        );
        // the engine evaluates timers as JUEL or ISO 8601 text, never FEEL
        expect(element, `${p.procedure}: ${elementId} timer expression`).to.match(
          /<bpmn:time(?:Date|Duration|Cycle)[^>]*>(?:\$\{[^}]+\}|P[0-9A-Z]+)<\/bpmn:time/,
        );
        expect(p.authorities, `${p.procedure}: ${elementId} authority`).to.include(d.authority);
        expect(d.basis).to.match(/§|Art\. /);
        expect(DEADLINE_EFFECTS, `${p.procedure}: ${elementId} effect`).to.include(d.effect);
        // a condition names start variables of the procedure
        const start = p.startSchema as { properties?: Record<string, unknown> };
        for (const name of Object.keys(d.appliesWhen ?? {}))
          expect(
            start.properties,
            `${p.procedure}: ${elementId} appliesWhen ${name}`,
          ).to.have.property(name);
      }
  });

  it('gives legal effect to the deemed approval and consent, the end of the longest §16d stay, of the §20 job search and of the Chancenkarte only', () => {
    const effects = Object.fromEntries(
      procedures.flatMap((p) =>
        Object.entries(p.statutoryDeadlines).map(([id, d]) => [`${p.procedure}:${id}`, d.effect]),
      ),
    );
    expect(effects).to.deep.equal({
      'abh-consent:ConsentDeemedGiven': 'legal-effect',
      'ba-approval:DeemedApprovalPeriodElapsed': 'legal-effect',
      'data-correction:CorrectionPeriodElapsed': 'overdue',
      'qualification-measure:MaxStayReached': 'legal-effect',
      'recognition:DecisionPeriodElapsed': 'overdue',
      'recognition:ReceiptConfirmationElapsed': 'overdue',
      'visa:AppointmentDeadlineElapsed': 'overdue',
      'visa:DecisionDeadlineElapsed': 'overdue',
      'training-study:JobSearchPeriodEnded': 'legal-effect',
      'chancenkarte:CardValidityEnded': 'legal-effect',
    });
  });

  it('applies the §31a AufenthV periods only in the accelerated procedure, as the decision table says', () => {
    const visa = procedures.find((p) => p.procedure === 'visa')!;
    for (const [id, d] of Object.entries(visa.statutoryDeadlines)) {
      expect(d.basis, id).to.equal('§31a AufenthV');
      expect(d.appliesWhen, id).to.deep.equal({ accelerated: true });
    }
    const dmn = readFileSync(
      visa.resourcePaths.find((f) => f.endsWith('visa-deadlines.dmn'))!,
      'utf8',
    );
    const rule = (id: string) => new RegExp(`<rule id="${id}">[\\s\\S]*?</rule>`).exec(dmn)![0];
    expect(rule('Rule_Accelerated')).to.contain('"§31a AufenthV"');
    expect(rule('Rule_Standard')).to.contain('"service target"');
  });
});
