import { expect } from 'chai';
import type {
  MissionAdapter,
  SecurityConsultationAdapter,
} from '../../../workers/adapters/visa-partners.js';
import { PartnerRefusal } from '../../../workers/framework/errors.js';
import { bookAppointment } from '../../../workers/visa/book-appointment.js';
import { requestSecurityConsultation } from '../../../workers/visa/request-security-consultation.js';
import {
  APPLICANT,
  engineCommand,
  expectCompletes,
  handle,
  IDEMPOTENCY_KEY,
  partnerCallTests,
  recording,
} from './support.js';

/** The visa workers with hand-written mission and BVA adapters. */
const mission: MissionAdapter = {
  bookAppointment: async () => ({
    appointmentAt: '2026-12-14T09:30:00.000Z',
    missionReference: 'IND-NEWDELHI-1a2b3c4d',
  }),
};

const bva: SecurityConsultationAdapter = {
  requestConsultation: async () => ({ bvaConsultationId: 'BVA-42' }),
};

describe('worker mission.book-appointment', () => {
  const input = () => ({
    caseId: 'case-1',
    applicant: { ...APPLICANT },
    mission: { code: 'IND-NEWDELHI' },
    bookWithin: 'P21D',
  });

  it('success: books within the deadline and completes with the appointment', async () => {
    const { fake, calls } = recording(mission);
    const worker = bookAppointment(fake);
    expect(worker.type).to.equal('mission.book-appointment');
    expect(await expectCompletes(worker, input())).to.deep.equal({
      appointmentAt: '2026-12-14T09:30:00.000Z',
      missionReference: 'IND-NEWDELHI-1a2b3c4d',
    });
    const request = {
      caseId: 'case-1',
      missionCode: 'IND-NEWDELHI',
      applicant: APPLICANT,
      bookWithin: 'P21D',
    };
    const call = { method: 'bookAppointment', args: [request, IDEMPOTENCY_KEY] };
    expect(calls).to.deep.equal([call, call]);
  });

  // The mission's answer as the simulator gives it: 409 NO_SLOT_WITHIN_DEADLINE.
  const noSlot = (details: Record<string, unknown>) =>
    new PartnerRefusal(
      'POST http://mission/appointments answered 409 NO_SLOT_WITHIN_DEADLINE',
      'NO_SLOT_WITHIN_DEADLINE',
      { code: 'NO_SLOT_WITHIN_DEADLINE', message: 'no free slot within 21 days', ...details },
    );

  it('business: no slot within the deadline is BPMN error NO_APPOINTMENT_SLOT with the earliest slot', async () => {
    const refusal = noSlot({ earliestAvailableAt: '2027-01-20T08:00:00.000Z' });
    const worker = bookAppointment(
      recording(mission, { bookAppointment: () => Promise.reject(refusal) }).fake,
    );
    expect(await handle(worker, input())).to.deep.equal({
      kind: 'bpmnError',
      errorCode: 'NO_APPOINTMENT_SLOT',
      message: refusal.message,
      variables: { earliestAvailableAt: '2027-01-20T08:00:00.000Z' },
    });
    expect(worker.bpmnErrorCodes).to.include('NO_APPOINTMENT_SLOT');
    expect(await engineCommand(worker, input())).to.deep.equal({
      command: 'throwError',
      errorCode: 'NO_APPOINTMENT_SLOT',
      errorMessage: refusal.message,
      variables: { earliestAvailableAt: '2027-01-20T08:00:00.000Z' },
    });
  });

  it('business: without an earliest slot from the mission, earliestAvailableAt is null', async () => {
    const worker = bookAppointment(
      recording(mission, { bookAppointment: () => Promise.reject(noSlot({})) }).fake,
    );
    expect(await engineCommand(worker, input())).to.deep.include({
      command: 'throwError',
      errorCode: 'NO_APPOINTMENT_SLOT',
      variables: { earliestAvailableAt: null },
    });
  });

  partnerCallTests({
    worker: bookAppointment,
    adapter: mission,
    method: 'bookAppointment',
    keyArg: 1,
    input,
    bpmnErrorCodes: ['NO_APPOINTMENT_SLOT'],
  });
});

describe('worker bva.request-security-consultation', () => {
  const input = () => ({
    caseId: 'case-1',
    applicant: { ...APPLICANT },
    travelDocument: { number: 'Z1234567', expiresOn: '2032-05-31' },
  });

  it('success: asks the BVA once and completes with the consultation id', async () => {
    const { fake, calls } = recording(bva);
    const worker = requestSecurityConsultation(fake);
    expect(worker.type).to.equal('bva.request-security-consultation');
    expect(await expectCompletes(worker, input())).to.deep.equal({ bvaConsultationId: 'BVA-42' });
    const call = { method: 'requestConsultation', args: [input(), IDEMPOTENCY_KEY] };
    expect(calls).to.deep.equal([call, call]);
  });

  // No BPMN error: the BVA's result comes later as a message. The business branch is a
  // refusal or data the BVA rejects: an incident at once (partnerCallTests).
  partnerCallTests({
    worker: requestSecurityConsultation,
    adapter: bva,
    method: 'requestConsultation',
    keyArg: 1,
    input,
    bpmnErrorCodes: [],
  });
});
