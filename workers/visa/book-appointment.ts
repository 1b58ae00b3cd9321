import { bpmnError, complete, defineWorker } from '../framework/define-worker.js';
import { PartnerRefusal } from '../framework/errors.js';
import { closedObject, nonEmptyString, personSchema } from '../framework/schemas.js';
import type { MissionAdapter } from '../adapters/visa-partners.js';
import visaStart from '../../processes/visa/schemas/start.schema.json' with { type: 'json' };

/**
 * mission.book-appointment: books the visa appointment within what is left of the appointment
 * window (`bookWithin`, an ISO 8601 duration the model computes from the one due date set when
 * the procedure started, so a retry does not measure the window again; null once the window
 * has passed: then the first free slot). No free slot within it is a business outcome: BPMN
 * error NO_APPOINTMENT_SLOT with the earliest slot the mission offers, for the model to handle.
 */
export function bookAppointment(mission: MissionAdapter) {
  return defineWorker({
    type: 'mission.book-appointment',
    description: 'Book the visa appointment at the mission within the deadline',
    inputSchema: {
      type: 'object',
      required: ['caseId', 'applicant', 'mission', 'bookWithin'],
      properties: {
        caseId: nonEmptyString,
        applicant: personSchema,
        mission: visaStart.properties.mission,
        bookWithin: { type: ['string', 'null'], pattern: '^P' },
      },
    },
    outputSchema: closedObject({
      appointmentAt: { type: 'string', format: 'date-time' },
      missionReference: nonEmptyString,
    }),
    timeoutMs: 30_000,
    retries: 5,
    bpmnErrorCodes: ['NO_APPOINTMENT_SLOT'],
    async handler(input, ctx) {
      let booked: Awaited<ReturnType<MissionAdapter['bookAppointment']>>;
      try {
        booked = await mission.bookAppointment(
          {
            caseId: input.caseId,
            missionCode: input.mission.code,
            applicant: input.applicant,
            bookWithin: input.bookWithin,
          },
          ctx.idempotencyKey,
        );
      } catch (err) {
        if (err instanceof PartnerRefusal && err.code === 'NO_SLOT_WITHIN_DEADLINE')
          return bpmnError('NO_APPOINTMENT_SLOT', err.message, {
            earliestAvailableAt: err.details.earliestAvailableAt ?? null,
          });
        throw err;
      }
      return complete({
        appointmentAt: booked.appointmentAt,
        missionReference: booked.missionReference,
      });
    },
  });
}
