import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { loadProcedures } from '../../processes/registry.js';

/** Every statutory deadline a procedure names is a timer event in its model, of a known authority. */
describe('contract: statutory deadlines', () => {
  const procedures = [...loadProcedures().values()];

  it('names at least the BA, recognition and visa deadlines', () => {
    const all = procedures.flatMap((p) => Object.keys(p.statutoryDeadlines));
    expect(all).to.include.members([
      'DeemedApprovalPeriodElapsed',
      'DecisionPeriodElapsed',
      'DecisionDeadlineElapsed',
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
        expect(d.basis).to.match(/§/);
      }
  });
});
