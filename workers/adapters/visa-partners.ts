import { callPartner } from './http.js';

/**
 * The mission abroad (Auslandsvertretung / BfAA appointment system) and the BVA's security
 * consultation, as seen by the workers. Here they are simulators (simulators/mission,
 * simulators/bva); real connections implement the same interfaces.
 */
export interface MissionAdapter {
  bookAppointment(
    request: {
      caseId: string;
      missionCode: string;
      applicant: Record<string, unknown>;
      /** What is left of the appointment window (ISO 8601 duration); null: it has passed, book the first free slot. */
      bookWithin: string | null;
    },
    idempotencyKey: string,
  ): Promise<{ appointmentAt: string; missionReference: string }>;
}

export interface SecurityConsultationAdapter {
  requestConsultation(
    request: {
      caseId: string;
      applicant: Record<string, unknown>;
      travelDocument: Record<string, unknown>;
    },
    idempotencyKey: string,
  ): Promise<{ bvaConsultationId: string }>;
}

export function httpMissionAdapter(baseUrl: string, timeoutMs = 10_000): MissionAdapter {
  return {
    bookAppointment: (request, idempotencyKey) =>
      callPartner({
        method: 'POST',
        url: `${baseUrl}/appointments`,
        body: request,
        idempotencyKey,
        timeoutMs,
      }),
  };
}

export function httpSecurityConsultationAdapter(
  baseUrl: string,
  timeoutMs = 10_000,
): SecurityConsultationAdapter {
  return {
    requestConsultation: (request, idempotencyKey) =>
      callPartner({
        method: 'POST',
        url: `${baseUrl}/consultations`,
        body: request,
        idempotencyKey,
        timeoutMs,
      }),
  };
}
