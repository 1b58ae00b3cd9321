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
  /** The residence title granted, e.g. `{kind: 'EU_BLUE_CARD', basis: '§18g AufenthG'}`. */
  residenceTitle?: { kind: string; basis: string };
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
  APPROVED: { de: 'erteilt', en: 'granted' },
  DEEMED_APPROVED: {
    de: 'gilt als erteilt, weil die Bundesagentur für Arbeit nicht fristgerecht geantwortet hat (§ 36 Abs. 2 BeschV)',
    en: 'deemed granted, since the Federal Employment Agency did not answer in time (§ 36 (2) BeschV)',
  },
  CONFIRMED: { de: 'bestätigt', en: 'confirmed' },
  PERIOD_EXTENDED: { de: 'einmal verlängert (§ 6 BQFG)', en: 'extended once (§ 6 BQFG)' },
  NO_SKILLED_WORKER_ROUTE: {
    de: 'eingestellt: Für die Qualifikation gibt es keinen Aufenthaltszweck als Fachkraft',
    en: 'closed: the qualification gives no skilled-worker route',
  },
  BA_APPROVAL_REFUSED: {
    de: 'eingestellt: Die Bundesagentur für Arbeit hat die Zustimmung versagt (§ 39 AufenthG)',
    en: 'closed: the Federal Employment Agency refused its approval (§ 39 AufenthG)',
  },
  NOT_RECOGNISED: {
    de: 'eingestellt: Die Berufsqualifikation wurde nicht als gleichwertig anerkannt',
    en: 'closed: the qualification was not recognised as equivalent',
  },
  PARTIALLY_RECOGNISED: {
    de: 'eingestellt: Die Berufsqualifikation ist teilweise gleichwertig; möglich sind eine Anpassungsmaßnahme (§ 16d AufenthG) oder eine Anerkennungspartnerschaft',
    en: 'closed: the qualification is partially equivalent; a measure (§ 16d AufenthG) or a recognition partnership is possible',
  },
  MEASURE_MAX_STAY_REACHED: {
    de: 'eingestellt: Die Höchstdauer des Aufenthalts nach § 16d AufenthG ist erreicht, ohne dass die Berufsqualifikation anerkannt wurde',
    en: 'closed: the longest stay under § 16d AufenthG was reached without the qualification being recognised',
  },
  VISA_EXPIRED: {
    de: 'eingestellt: Das Visum ist abgelaufen, ohne dass die Einreise gemeldet wurde',
    en: 'closed: the visa expired without the entry being reported',
  },
  MAIN_APPLICANT_NOT_ADMITTED: {
    de: 'abgelehnt: Die Fachkraft besitzt keinen gültigen Aufenthaltstitel (§§ 29, 30, 32 AufenthG)',
    en: 'refused: the skilled worker holds no valid residence title (§§ 29, 30, 32 AufenthG)',
  },
  BA_REFUSED_NEW_JOB: {
    de: 'abgelehnt: Die Bundesagentur für Arbeit hat der neuen Beschäftigung nicht zugestimmt (§ 39 AufenthG)',
    en: 'refused: the Federal Employment Agency did not approve the new employment (§ 39 AufenthG)',
  },
  WITHDRAWN: {
    de: 'eingestellt: Der Antrag wurde zurückgenommen',
    en: 'closed: the application was withdrawn',
  },
  ABH_CONSENT_REFUSED: {
    de: 'abgelehnt: Die Ausländerbehörde hat dem Visum nicht zugestimmt (§ 31 AufenthV)',
    en: 'refused: the immigration office did not consent to the visa (§ 31 AufenthV)',
  },
  INCOMPLETE: {
    de: 'eingestellt: Die nachgeforderten Unterlagen sind nicht fristgerecht eingegangen',
    en: 'closed: the requested documents did not arrive in time',
  },
  EDUCATION_DISCONTINUED: {
    de: 'eingestellt: Die Ausbildung oder das Studium wurde ohne Abschluss beendet',
    en: 'closed: the training or the study ended without completion',
  },
  JOB_SEARCH_PERIOD_ENDED: {
    de: 'eingestellt: Der Zeitraum zur Arbeitsplatzsuche (§ 20 Abs. 2 AufenthG) ist ohne Stellenangebot abgelaufen',
    en: 'closed: the job-search period (§ 20 (2) AufenthG) ended without a job offer',
  },
  COVERED: {
    de: 'von der Chancenkarte erlaubt (§ 20a Abs. 2 AufenthG)',
    en: 'covered by the Chancenkarte (§ 20a (2) AufenthG)',
  },
  NOT_COVERED: {
    de: 'von der Chancenkarte nicht erlaubt (§ 20a Abs. 2 AufenthG)',
    en: 'not covered by the Chancenkarte (§ 20a (2) AufenthG)',
  },
  CHANCENKARTE_EXPIRED: {
    de: 'eingestellt: Die Chancenkarte ist abgelaufen, ohne dass ein Aufenthaltstitel zur Beschäftigung erteilt wurde',
    en: 'closed: the Chancenkarte expired without a work title being granted',
  },
  NO_WORK_TITLE_FOR_OFFER: {
    de: 'noch kein Aufenthaltstitel zur Beschäftigung: Das Angebot eröffnet keinen Aufenthaltszweck als Fachkraft; die Chancenkarte gilt weiter',
    en: 'no work title yet: the offer opens no skilled-worker route; the Chancenkarte stays valid',
  },
  RECOGNITION_REQUIRED: {
    de: 'noch kein Aufenthaltstitel zur Beschäftigung: Die Berufsqualifikation muss zuerst anerkannt werden; die Chancenkarte gilt weiter',
    en: 'no work title yet: the qualification must be recognised first; the Chancenkarte stays valid',
  },
};

const RESIDENCE_TITLE: Record<string, Text> = {
  EU_BLUE_CARD: { de: 'Blaue Karte EU', en: 'EU Blue Card' },
  RESIDENCE_PERMIT: { de: 'Aufenthaltserlaubnis', en: 'residence permit' },
  SETTLEMENT_PERMIT: { de: 'Niederlassungserlaubnis', en: 'settlement permit' },
  CHANCENKARTE: { de: 'Chancenkarte', en: 'Chancenkarte (opportunity card)' },
};

const TITLE: Record<NoticeKind, Text> = {
  RECOGNITION_DECISION: {
    de: 'Bescheid über die Gleichwertigkeit der Berufsqualifikation',
    en: 'Decision on the equivalence of the professional qualification',
  },
  RECOGNITION_PERIOD_EXTENDED: {
    de: 'Verlängerung der Frist für die Entscheidung über die Gleichwertigkeit',
    en: 'Extension of the period for the decision on equivalence',
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
  BA_APPROVAL_DECISION: {
    de: 'Zustimmung der Bundesagentur für Arbeit zur Beschäftigung (§ 39 AufenthG)',
    en: 'Approval of the employment by the Federal Employment Agency (§ 39 AufenthG)',
  },
  PRE_APPROVAL_DECISION: {
    de: 'Vorabzustimmung der Ausländerbehörde im beschleunigten Fachkräfteverfahren (§ 81a AufenthG)',
    en: "Immigration office's pre-approval in the accelerated skilled-worker procedure (§ 81a AufenthG)",
  },
  JOB_CHANGE_DECISION: {
    de: 'Entscheidung über den Wechsel der Beschäftigung',
    en: 'Decision on the change of employment',
  },
  APPLICATION_CLOSED: {
    de: 'Abschluss des Verfahrens',
    en: 'Procedure closed',
  },
  CHANCENKARTE_EMPLOYMENT: {
    de: 'Arbeit während der Suche mit der Chancenkarte (§ 20a Abs. 2 AufenthG)',
    en: 'Work during the search with the Chancenkarte (§ 20a (2) AufenthG)',
  },
  CHANCENKARTE_JOB_OFFER: {
    de: 'Arbeitsplatzangebot während der Chancenkarte',
    en: 'Job offer during the Chancenkarte',
  },
};

export function noticeText(f: NoticeFacts): { title: Text; body: Text } {
  const outcome = own(OUTCOME, f.outcome) ?? { de: f.outcome, en: f.outcome };
  // An extension's date is the new end of the period, not a validity.
  const validity: Text =
    f.kind === 'RECOGNITION_PERIOD_EXTENDED' && f.validUntil
      ? {
          de: ` Entscheidung bis spätestens ${f.validUntil}.`,
          en: ` Decision due by ${f.validUntil}.`,
        }
      : f.validFrom || f.validUntil
        ? {
            de: ` Gültig${f.validFrom ? ` ab ${f.validFrom}` : ''}${f.validUntil ? ` bis ${f.validUntil}` : ''}.`,
            en: ` Valid${f.validFrom ? ` from ${f.validFrom}` : ''}${f.validUntil ? ` until ${f.validUntil}` : ''}.`,
          }
        : { de: '', en: '' };
  const reasons: Text =
    f.reasons && f.reasons.length > 0
      ? { de: ` Gründe: ${f.reasons.join('; ')}.`, en: ` Reasons: ${f.reasons.join('; ')}.` }
      : { de: '', en: '' };
  const residenceTitle = f.residenceTitle ? titleText(f.residenceTitle) : undefined;
  // A Blue Card is a title of its own (§4 (1) AufenthG), not a residence permit: name it.
  const title: Text = residenceTitle
    ? {
        de: `Entscheidung über den Aufenthaltstitel: ${residenceTitle.de}`,
        en: `Decision on the residence title: ${residenceTitle.en}`,
      }
    : TITLE[f.kind];
  return {
    title,
    body: {
      de: `${title.de} für ${f.name} (Aktenzeichen ${f.reference}): ${outcome.de}.${validity.de}${reasons.de}`,
      en: `${title.en} for ${f.name} (file ${f.reference}): ${outcome.en}.${validity.en}${reasons.en}`,
    },
  };
}

/** "Blaue Karte EU (§ 18g AufenthG)": the kind of title and its legal basis. */
function titleText(t: { kind: string; basis: string }): Text {
  const kind = RESIDENCE_TITLE[t.kind] ?? { de: t.kind, en: t.kind };
  return { de: `${kind.de} (${t.basis})`, en: `${kind.en} (${t.basis})` };
}
