import type { WorkerDefinition } from './framework/define-worker.js';
import { httpBaZustimmungAdapter } from './adapters/ba-zustimmung.js';
import { submitZustimmungRequest } from './ba/submit-zustimmung-request.js';
import { submitAdditionalInformation } from './ba/submit-additional-information.js';
import { httpRecognitionBodyAdapter } from './adapters/recognition-body.js';
import { submitRecognitionApplication } from './recognition/submit-application.js';
import { forwardDocuments } from './recognition/forward-documents.js';
import { httpMissionAdapter, httpSecurityConsultationAdapter } from './adapters/visa-partners.js';
import { bookAppointment } from './visa/book-appointment.js';
import { requestSecurityConsultation } from './visa/request-security-consultation.js';
import type { EvidenceStore } from './evidence/evidence-store.js';
import { lookUpEvidence } from './evidence/look-up-evidence.js';
import { recordEvidence } from './evidence/record-evidence.js';
import {
  httpAzrAdapter,
  httpEatProductionAdapter,
  xauslaenderAzrAdapter,
} from './adapters/residence-partners.js';
import { reportToAzr } from './residence/report-to-azr.js';
import { reportDecisionToAzr } from './residence/report-decision-to-azr.js';
import { orderEat } from './residence/order-eat.js';
import type { NoticeStore } from '../common/notices.js';
import { perPartner, type Partner } from '../common/partners.js';
import { issueNotice } from './notices/issue-notice.js';

/** Every partner system's base URL (common/partners.ts). */
export type PartnerUrls = Record<Partner, string>;

/**
 * Every job worker of the platform. Add a worker here after writing its file; the
 * contract test checks that each external task topic (`camunda:topic`) in processes/ has exactly
 * one worker in this list and that every worker here is used by some model.
 */
export interface WorkerStores {
  evidence: EvidenceStore;
  notices: NoticeStore;
}

export function allWorkers(
  partners: PartnerUrls,
  { evidence, notices }: WorkerStores,
  /** Which wire format a partner speaks, where there is a choice (workers/config.ts). */
  formats: { azr?: 'json' | 'xauslaender' } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
): WorkerDefinition<any, any>[] {
  const ba = httpBaZustimmungAdapter(partners.ba);
  const azr =
    formats.azr === 'xauslaender'
      ? xauslaenderAzrAdapter(partners.azr)
      : httpAzrAdapter(partners.azr);
  const recognition = httpRecognitionBodyAdapter(partners.recognition);
  return [
    submitZustimmungRequest(ba),
    submitAdditionalInformation(ba),
    submitRecognitionApplication(recognition),
    forwardDocuments(recognition),
    bookAppointment(httpMissionAdapter(partners.mission)),
    requestSecurityConsultation(httpSecurityConsultationAdapter(partners.bva)),
    lookUpEvidence(evidence),
    recordEvidence(evidence),
    reportToAzr(azr),
    reportDecisionToAzr(azr),
    orderEat(httpEatProductionAdapter(partners.eat)),
    issueNotice(notices),
  ];
}

/**
 * The workers' definitions for those who only read them (the deployment checks, element
 * templates): built with placeholder partner addresses and stores, never run.
 */
export function workerCatalogue(): WorkerDefinition<unknown, unknown>[] {
  const nowhere = 'http://127.0.0.1:9/not-used';
  const partners: PartnerUrls = perPartner(() => nowhere);
  return allWorkers(partners, { evidence: {} as EvidenceStore, notices: {} as NoticeStore });
}
