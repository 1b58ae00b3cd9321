import { expect } from 'chai';
import { Binary, BSON } from 'mongodb';
import { reduceInstance, type InstanceView } from '../../projector/instance-view.js';
import { parseRecord } from '../../projector/records.js';
import { viewDocument, viewFromDocument } from '../../projector/view-documents.js';

/** The stored form of an instance view (projector/view-documents.ts), without a store. */
function exampleView(): InstanceView {
  // Keys above 2^53 as the engine writes them: raw digits in the JSON (`K` stands for them).
  const K = '9007199254740995';
  const record = (
    position: number,
    valueType: string,
    intent: string,
    key: string,
    value: object,
  ) =>
    parseRecord(
      JSON.stringify({
        partitionId: 1,
        position,
        key: 'KEY',
        timestamp: 1795460501000 + position,
        valueType,
        recordType: 'EVENT',
        intent,
        value: {
          processInstanceKey: 'PIK',
          bpmnProcessId: 'ba-approval',
          version: 2,
          processDefinitionKey: 7,
          parentProcessInstanceKey: -1,
          ...value,
        },
      })
        .replace('"KEY"', key)
        .replaceAll('"PIK"', K),
    );
  const records = [
    record(1, 'PROCESS_INSTANCE', 'ELEMENT_ACTIVATED', K, {
      elementId: 'ba-approval',
      bpmnElementType: 'PROCESS',
      flowScopeKey: -1,
    }),
    record(2, 'VARIABLE', 'CREATED', '9007199254740997', {
      name: 'jobOffer',
      value: '{"$salary":{"annual.gross":48000},"title":"Pflegefachkraft"}',
      scopeKey: 'PIK',
    }),
    record(3, 'PROCESS_INSTANCE', 'ELEMENT_ACTIVATED', '9007199254740999', {
      elementId: 'SubmitZustimmungRequest',
      bpmnElementType: 'SERVICE_TASK',
      flowScopeKey: 'PIK',
    }),
  ];
  const { view } = reduceInstance(null, K, records);
  view.revision = 4;
  view.openIncidents = 0;
  return view;
}

describe('projector: stored view documents', () => {
  it('keeps the whole view, dates and 64-bit keys exact, in one binary field', () => {
    const view = exampleView();
    const doc = viewDocument(view);
    expect(doc.bson).to.be.instanceOf(Binary);
    // Only the fields queries filter by sit beside it, equal to the view's.
    expect(Object.keys(doc).sort()).to.deep.equal(
      [
        '_id',
        'bpmnProcessId',
        'bson',
        'openIncidents',
        'parentProcessInstanceKey',
        'processDefinitionKey',
        'revision',
        'state',
      ].sort(),
    );
    expect(doc).to.include({
      _id: '9007199254740995',
      revision: 4,
      state: 'ACTIVE',
      processDefinitionKey: '7',
      parentProcessInstanceKey: '-1',
    });
    // Through BSON as the driver sends and reads it, then back to the view.
    const read = BSON.deserialize(BSON.serialize(doc)) as typeof doc;
    const back = viewFromDocument(read);
    expect(back).to.deep.equal(view);
    expect(back.startedAt).to.be.instanceOf(Date);
    expect(Object.keys(back.elements)).to.include('9007199254740999');
    expect(back.variables.find((v) => v.name === 'jobOffer')?.value).to.deep.equal({
      $salary: { 'annual.gross': 48000 },
      title: 'Pflegefachkraft',
    });
  });

  it('reads a view stored before the binary form as it is', () => {
    const view = exampleView();
    expect(viewFromDocument(view)).to.equal(view);
  });
});
