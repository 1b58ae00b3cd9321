import { complete, defineWorker } from '../framework/define-worker.js';
import { closedObject, nonEmptyString } from '../framework/schemas.js';
import type { MissionAdapter } from '../adapters/visa-partners.js';
import visaStart from '../../processes/visa/schemas/start.schema.json' with { type: 'json' };
import baStart from '../../processes/ba-approval/schemas/start.schema.json' with { type: 'json' };

/** mission.book-appointment: books the visa appointment within the deadline of the decision table. */
interface Input {
  caseId: string;
  applicant: Record<string, unknown>;
  mission: { code: string };
  visaDeadlines: { appointmentWithin: string };
}

interface Output {
  appointmentAt: string;
  missionReference: string;
}

export function bookAppointment(mission: MissionAdapter) {
  return defineWorker<Input, Output>({
    type: 'mission.book-appointment',
    description: 'Book the visa appointment at the mission within the deadline',
    inputSchema: {
      type: 'object',
      required: ['caseId', 'applicant', 'mission', 'visaDeadlines'],
      properties: {
        caseId: nonEmptyString,
        applicant: baStart.properties.applicant,
        mission: visaStart.properties.mission,
        visaDeadlines: {
          type: 'object',
          required: ['appointmentWithin'],
          properties: { appointmentWithin: { type: 'string', pattern: '^P' } },
        },
      },
    },
    outputSchema: closedObject({
      appointmentAt: { type: 'string', format: 'date-time' },
      missionReference: nonEmptyString,
    }),
    timeoutMs: 30_000,
    retries: 5,
    async handler(input, ctx) {
      const booked = await mission.bookAppointment(
        {
          caseId: input.caseId,
          missionCode: input.mission.code,
          applicant: input.applicant,
          bookWithin: input.visaDeadlines.appointmentWithin,
        },
        ctx.idempotencyKey,
      );
      return complete({
        appointmentAt: booked.appointmentAt,
        missionReference: booked.missionReference,
      });
    },
  });
}
