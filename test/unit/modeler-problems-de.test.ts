import { expect } from 'chai';
import { problemInGerman } from '../../ui-modeler/src/i18n/problems-de.js';

/** The deployment checks' reasons as the modeler shows them in DE (issue 18). */
describe('modeler: deployment problems in German', () => {
  it('translates the project’s own checks, keeping the names they quote', () => {
    expect(problemInGerman('no worker implements the job type "ba.x"')).to.equal(
      'kein Worker bearbeitet den Job-Typ „ba.x“',
    );
    expect(problemInGerman('wsa/external-tasks: must have a camunda:topic')).to.equal(
      'wsa/external-tasks: braucht ein camunda:topic',
    );
  });

  it('translates bpmnlint’s and camunda-compat’s wordings, with the rule in front', () => {
    expect(problemInGerman('label-required: Element is missing label/name')).to.equal(
      'label-required: Dem Element fehlt eine Beschriftung',
    );
    expect(
      problemInGerman(
        'camunda-compat/history-time-to-live: Element of type <bpmn:Process> must have property <historyTimeToLive>',
      ),
    ).to.equal(
      'camunda-compat/history-time-to-live: Ein Element vom Typ <bpmn:Process> braucht die Eigenschaft <historyTimeToLive>',
    );
  });

  it('leaves a reason it does not know as it came', () => {
    const engine = 'ENGINE-09005 Could not parse BPMN process. Errors: cvc-complex-type.2.4.a';
    expect(problemInGerman(engine)).to.equal(engine);
  });
});
