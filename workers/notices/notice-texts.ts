import type { NoticeKind } from '../../common/notices.js';
import { own } from '../../common/own.js';

/**
 * The wording of each kind of notice, in German and English. The legally binding text is
 * the issuing authority's; these are the platform's plain-language renderings of it.
 */
export interface NoticeFacts {
  kind: NoticeKind;
  outcome: string;
  reference: string;
  name: string;
  validFrom?: string;
  validUntil?: string;
  reasons?: string[];
}

type Text = { de: string; en: string };

const OUTCOME: Record<string, Text> = {
  GRANTED: { de: 'erteilt', en: 'granted' },
  REFUSED: { de: 'abgelehnt', en: 'refused' },
  EQUIVALENT: { de: 'voll gleichwertig', en: 'fully equivalent' },
  PARTIALLY_EQUIVALENT: { de: 'teilweise gleichwertig', en: 'partially equivalent' },
  NOT_EQUIVALENT: { de: 'nicht gleichwertig', en: 'not equivalent' },
  ISSUED: { de: 'ausgestellt', en: 'issued' },
  CLOSED: { de: 'abgeschlossen', en: 'closed' },
};

const TITLE: Record<NoticeKind, Text> = {
  RECOGNITION_DECISION: {
    de: 'Bescheid über die Gleichwertigkeit der Berufsqualifikation',
    en: 'Decision on the equivalence of the professional qualification',
  },
  VISA_DECISION: {
    de: 'Entscheidung über das nationale Visum',
    en: 'Decision on the national visa',
  },
  FIKTIONSBESCHEINIGUNG: {
    de: 'Fiktionsbescheinigung (§ 81 Abs. 4 AufenthG)',
    en: 'Interim certificate (Fiktionsbescheinigung, § 81 (4) AufenthG)',
  },
  RESIDENCE_PERMIT_DECISION: {
    de: 'Entscheidung über die Aufenthaltserlaubnis',
    en: 'Decision on the residence permit',
  },
  APPLICATION_CLOSED_INCOMPLETE: {
    de: 'Abschluss des Antrags wegen fehlender Unterlagen',
    en: 'Application closed: documents missing',
  },
};

export function noticeText(f: NoticeFacts): { title: Text; body: Text } {
  const outcome = own(OUTCOME, f.outcome) ?? { de: f.outcome, en: f.outcome };
  const validity: Text =
    f.validFrom || f.validUntil
      ? {
          de: ` Gültig${f.validFrom ? ` ab ${f.validFrom}` : ''}${f.validUntil ? ` bis ${f.validUntil}` : ''}.`,
          en: ` Valid${f.validFrom ? ` from ${f.validFrom}` : ''}${f.validUntil ? ` until ${f.validUntil}` : ''}.`,
        }
      : { de: '', en: '' };
  const reasons: Text =
    f.reasons && f.reasons.length > 0
      ? { de: ` Gründe: ${f.reasons.join('; ')}.`, en: ` Reasons: ${f.reasons.join('; ')}.` }
      : { de: '', en: '' };
  const title = TITLE[f.kind];
  return {
    title,
    body: {
      de: `${title.de} für ${f.name} (Aktenzeichen ${f.reference}): ${outcome.de}.${validity.de}${reasons.de}`,
      en: `${title.en} for ${f.name} (file ${f.reference}): ${outcome.en}.${validity.en}${reasons.en}`,
    },
  };
}
