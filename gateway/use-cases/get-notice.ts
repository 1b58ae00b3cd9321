import type { NoticeKind, NoticeStore } from '../../common/notices.js';
import type { Procedure } from '../../processes/registry.js';
import type { Principal } from '../auth.js';
import type { CasesStore } from '../data/cases-store.js';
import type { ProjectionReader } from '../data/projection-reader.js';
import { Problem } from '../problem.js';
import type { Language } from './get-case-status.js';
import { readableCase } from './visible-case.js';
import { mayReadNotice } from '../data-minimisation.js';

export interface NoticeDocument {
  noticeId: string;
  caseId: string;
  kind: NoticeKind;
  authority: string;
  outcome: string;
  reference: string;
  issuedAt: string;
  validFrom: string | null;
  validUntil: string | null;
  addressee: { givenName: string; familyName: string; dateOfBirth: string };
  title: string;
  body: string;
}

/** A notice (Bescheid) of a case, for whoever may see the case, in the requested language. */
export async function getNotice(
  deps: {
    cases: CasesStore;
    procedures: Map<string, Procedure>;
    notices: NoticeStore;
    projection: Pick<ProjectionReader, 'caseInstances'>;
  },
  principal: Principal,
  caseId: string,
  noticeId: string,
  lang: Language,
): Promise<NoticeDocument> {
  await readableCase(deps, principal, caseId);
  const n = await deps.notices.get(noticeId);
  if (!n || n.caseId !== caseId || !mayReadNotice(principal, n))
    throw Problem.notFound(`No notice ${noticeId} in case ${caseId}`);
  return {
    noticeId: n._id,
    caseId: n.caseId,
    kind: n.kind,
    authority: n.authority,
    outcome: n.outcome,
    reference: n.reference,
    issuedAt: n.issuedAt.toISOString(),
    validFrom: n.validFrom ?? null,
    validUntil: n.validUntil ?? null,
    addressee: n.addressee,
    title: n.title[lang],
    body: n.body[lang],
  };
}
