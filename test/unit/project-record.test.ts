import { expect } from 'chai';
import { projectRecord } from '../../projector/project-record.js';
import { parseRecord, sortablePosition } from '../../projector/records.js';

/** Mapping exported records to projection writes, without a store or broker. */
const base = {
  partitionId: 1,
  timestamp: 1795460501123,
  recordType: 'EVENT',
  rejectionType: 'NULL_VAL',
  brokerVersion: '8.5.8',
};

describe('projector: record mapping', () => {
  it('keeps 64-bit keys exact as strings', () => {
    const rec = parseRecord(
      `{"partitionId":4,"position":9007199254740993,"key":9007199254740995,"timestamp":1,"valueType":"PROCESS_INSTANCE","recordType":"EVENT","intent":"ELEMENT_ACTIVATED","value":{"processInstanceKey":9007199254740995}}`,
    );
    expect(rec.key).to.equal('9007199254740995');
    expect(rec.position).to.equal('9007199254740993');
    expect(String(rec.value.processInstanceKey)).to.equal('9007199254740995');
  });

  it('orders positions as strings the way they order as numbers', () => {
    expect(sortablePosition(1, '99') < sortablePosition(1, '100')).to.equal(true);
    expect(
      sortablePosition(1, '9007199254740993') > sortablePosition(1, '9007199254740992'),
    ).to.equal(true);
  });

  it('turns an element activation into a history event and an element-instance state', () => {
    const writes = projectRecord(
      parseRecord(
        JSON.stringify({
          ...base,
          position: 42,
          key: 100,
          valueType: 'PROCESS_INSTANCE',
          intent: 'ELEMENT_ACTIVATED',
          value: {
            processInstanceKey: 90,
            elementId: 'SubmitZustimmungRequest',
            bpmnElementType: 'SERVICE_TASK',
            bpmnProcessId: 'ba-approval',
            version: 1,
            processDefinitionKey: 7,
            flowScopeKey: 90,
            parentProcessInstanceKey: -1,
          },
        }),
      ),
    );
    expect(writes.map((w) => w.kind)).to.deep.equal(['insertOnce', 'advance']);
    const [event, state] = writes as [
      Extract<(typeof writes)[0], { kind: 'insertOnce' }>,
      Extract<(typeof writes)[0], { kind: 'advance' }>,
    ];
    expect(event.doc._id).to.equal(sortablePosition(1, '42'));
    expect(event.doc.processInstanceKey).to.equal('90');
    expect(state.id).to.equal('100');
    expect(state.set.state).to.equal('ACTIVE');
    expect(state.set.activatedAt).to.be.instanceOf(Date);
    expect(state.set).to.not.have.property('endedAt');
  });

  it('ignores commands, rejections and transitional intents', () => {
    const r = (recordType: string, intent: string) =>
      projectRecord(
        parseRecord(
          JSON.stringify({
            ...base,
            recordType,
            position: 1,
            key: 1,
            valueType: 'PROCESS_INSTANCE',
            intent,
            value: { processInstanceKey: 1 },
          }),
        ),
      );
    expect(r('COMMAND', 'ACTIVATE_ELEMENT')).to.deep.equal([]);
    expect(r('COMMAND_REJECTION', 'ACTIVATE_ELEMENT')).to.deep.equal([]);
    expect(r('EVENT', 'ELEMENT_ACTIVATING')).to.deep.equal([]);
  });

  it('projects only root-scope variables, parsed losslessly, and links the case from caseId', () => {
    const variable = (scopeKey: number, name: string, value: string) =>
      projectRecord(
        parseRecord(
          JSON.stringify({
            ...base,
            position: 5,
            key: 3,
            valueType: 'VARIABLE',
            intent: 'CREATED',
            value: { processInstanceKey: 90, scopeKey, name, value },
          }),
        ),
      );
    expect(variable(91, 'local', '1')).to.deep.equal([]);
    const [outcome] = variable(90, 'zustimmungOutcome', '"APPROVED"');
    expect(outcome).to.include({ kind: 'advance', id: '90:zustimmungOutcome' });
    const big = variable(90, 'reference', '{"n":12345678901234567890}')[0] as unknown as {
      set: { value: { n: unknown } };
    };
    expect(big.set.value.n).to.equal('12345678901234567890');
    const caseWrites = variable(90, 'caseId', '"c-1"');
    expect(caseWrites[1]).to.deep.equal({
      kind: 'linkCase',
      caseId: 'c-1',
      processInstanceKey: '90',
    });
  });

  it('tracks timers, incidents and message subscriptions with their state', () => {
    const one = (valueType: string, intent: string, value: object) =>
      projectRecord(
        parseRecord(JSON.stringify({ ...base, position: 9, key: 55, valueType, intent, value })),
      ) as { set: Record<string, unknown>; id: string }[];
    const timer = one('TIMER', 'CREATED', {
      processInstanceKey: 90,
      elementInstanceKey: 91,
      targetElementId: 'DeemedApprovalPeriodElapsed',
      dueDate: 1796670219651,
    });
    expect(timer[0]!.set).to.include({ state: 'ACTIVE', elementId: 'DeemedApprovalPeriodElapsed' });
    expect((timer[0]!.set.dueDate as Date).getTime()).to.equal(1796670219651);
    expect(one('TIMER', 'TRIGGERED', { processInstanceKey: 90 })[0]!.set.state).to.equal(
      'TRIGGERED',
    );
    expect(
      one('INCIDENT', 'CREATED', {
        processInstanceKey: 90,
        errorType: 'JOB_NO_RETRIES',
        errorMessage: 'BA down',
      })[0]!.set,
    ).to.include({ state: 'OPEN', errorType: 'JOB_NO_RETRIES' });
    expect(one('INCIDENT', 'RESOLVED', { processInstanceKey: 90 })[0]!.set.state).to.equal(
      'RESOLVED',
    );
    const sub = one('PROCESS_MESSAGE_SUBSCRIPTION', 'CREATED', {
      processInstanceKey: 90,
      elementInstanceKey: 92,
      messageName: 'ba-zustimmung-decision',
      correlationKey: 'c-1',
      elementId: 'BaDecisionReceived',
    });
    expect(sub[0]!.id).to.equal('92:ba-zustimmung-decision');
    expect(sub[0]!.set).to.include({ state: 'OPEN', correlationKey: 'c-1' });
    expect(
      one('PROCESS_MESSAGE_SUBSCRIPTION', 'DELETED', {
        elementInstanceKey: 92,
        messageName: 'ba-zustimmung-decision',
      })[0]!.set.state,
    ).to.equal('CLOSED');
  });
});
