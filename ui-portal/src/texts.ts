import { DOCUMENT_TYPES } from '../../ui-shared/texts.js';

/** Every text of the portal page, in German and English. */
const de = {
  appTitle: 'Mein Antrag',
  signInTitle: 'Work-and-Stay-Portal',
  signInIntro: 'Anmelden als (Demo-Benutzer des Entwicklungs-Ausstellers):',
  signInUnavailable: 'Die Demo-Anmeldung ist auf diesem System nicht eingeschaltet.',
  language: 'Sprache',
  signOut: 'Abmelden',
  loading: 'Wird geladen …',
  noCases: 'Sie haben noch keinen Antrag.',
  yourCases: 'Ihre Anträge',
  caseNumber: 'Vorgangsnummer',
  whereNow: 'Wo Ihr Antrag gerade ist',
  awaiting: (who: string) =>
    (
      ({
        applicant: 'Sie sind am Zug',
        system: 'wird automatisch bearbeitet',
        ABH: 'bei der Ausländerbehörde',
        BA: 'bei der Bundesagentur für Arbeit',
        BVA: 'beim Bundesverwaltungsamt',
        MISSION: 'bei der Auslandsvertretung',
        RECOGNITION: 'bei der Anerkennungsstelle',
        employer: 'beim Arbeitgeber',
      }) as Record<string, string>
    )[who] ?? who,
  starting: 'Der Antrag wird angelegt.',
  expected: (at: string) => `Voraussichtliche Entscheidung: ${at}`,
  expectedRange: (range: string, sameDay: boolean) =>
    sameDay ? `Wahrscheinlich am ${range}.` : `Wahrscheinlich im Zeitraum ${range}.`,
  expectedBasis: (n: number, step: boolean) =>
    `Geschätzt aus ${n} abgeschlossenen vergleichbaren Verfahren${step ? ' (ab dem Schritt, an dem Ihr Antrag gerade ist)' : ''}; eine Schätzung, keine Zusage.`,
  expectedBound: (basis: string, at: string) =>
    `Spätestens gilt die gesetzliche Frist: ${basis}, ${at}.`,
  finished: 'Abgeschlossen',
  technicalProblem: 'Eine technische Störung verzögert Ihren Antrag. Er geht nicht verloren.',
  missing: 'Es fehlen Unterlagen (Nachforderung)',
  missingIntro:
    'Bitte laden Sie diese Unterlagen hoch (PDF, PNG oder JPEG, höchstens 10 MB) und senden Sie sie ab.',
  upload: 'Hochladen',
  send: 'Unterlagen absenden',
  replace: 'Ersetzen',
  remove: 'Entfernen',
  errors: {
    type: (name: string) =>
      `„${name}“ ist keine PDF-, PNG- oder JPEG-Datei. Bitte wählen Sie eine solche Datei.`,
    size: (name: string) =>
      `${name ? `„${name}“ ist` : 'Die Datei ist'} größer als 10 MB. Bitte verkleinern Sie sie (z. B. geringere Auflösung) und wählen Sie sie erneut.`,
    content:
      'Der Inhalt der Datei passt nicht zu ihrer Endung. Bitte speichern Sie sie neu als PDF, PNG oder JPEG.',
    network:
      'Keine Verbindung. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.',
    signIn: 'Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an.',
    notYours: 'Dieser Antrag ist für Sie nicht sichtbar. Bitte wählen Sie einen anderen Antrag.',
    conflict:
      'Ihr Antrag ist inzwischen weiter. Bitte laden Sie die Seite neu und prüfen Sie, was noch fehlt.',
    busy: 'Der Dienst ist gerade ausgelastet. Bitte versuchen Sie es in einigen Minuten erneut.',
    generic: 'Das hat nicht geklappt. Bitte prüfen Sie Ihre Angaben und versuchen Sie es erneut.',
  },
  sent: 'Danke, die Unterlagen sind eingegangen.',
  deadlines: 'Fristen',
  notices: 'Bescheide',
  downloadPdf: 'Als PDF speichern',
  noNotices: 'Noch keine Bescheide.',
  documents: 'Ihre Dokumente',
  noDocuments: 'Noch keine Dokumente.',
  checkedBy: (authority: string) => `Echtheit geprüft (${authority})`,
  history: 'Verlauf',
  documentTypes: DOCUMENT_TYPES.de,
  noticeKinds: {
    RECOGNITION_DECISION: 'Anerkennungsbescheid',
    RECOGNITION_PERIOD_EXTENDED: 'Verlängerung der Entscheidungsfrist',
    VISA_DECISION: 'Visumbescheid',
    FIKTIONSBESCHEINIGUNG: 'Fiktionsbescheinigung',
    RESIDENCE_PERMIT_DECISION: 'Bescheid über die Aufenthaltserlaubnis',
    APPLICATION_CLOSED_INCOMPLETE: 'Abschluss: Unterlagen unvollständig',
    BA_APPROVAL_DECISION: 'Zustimmung der Bundesagentur für Arbeit',
    PRE_APPROVAL_DECISION: 'Vorabzustimmung (§ 81a AufenthG)',
    JOB_CHANGE_DECISION: 'Bescheid über den Stellenwechsel',
    APPLICATION_CLOSED: 'Abschluss des Verfahrens',
    CHANCENKARTE_EMPLOYMENT: 'Beschäftigung während der Chancenkarte',
    CHANCENKARTE_JOB_OFFER: 'Stellenangebot während der Chancenkarte',
  } as Record<string, string>,
};

export type Texts = typeof de;

const en: Texts = {
  appTitle: 'My application',
  signInTitle: 'Work-and-Stay portal',
  signInIntro: 'Sign in as (demo users of the development issuer):',
  signInUnavailable: 'Demo sign-in is not switched on for this system.',
  language: 'Language',
  signOut: 'Sign out',
  loading: 'Loading …',
  noCases: 'You have no application yet.',
  yourCases: 'Your applications',
  caseNumber: 'Case number',
  whereNow: 'Where your application is now',
  awaiting: (who: string) =>
    (
      ({
        applicant: 'it is your turn',
        system: 'processed automatically',
        ABH: 'at the immigration office',
        BA: 'at the Federal Employment Agency',
        BVA: 'at the Federal Office of Administration',
        MISSION: 'at the mission (embassy or consulate)',
        RECOGNITION: 'at the recognition body',
        employer: 'with the employer',
      }) as Record<string, string>
    )[who] ?? who,
  starting: 'The application is being created.',
  expected: (at: string) => `Expected decision: ${at}`,
  expectedRange: (range: string, sameDay: boolean) =>
    sameDay ? `Most likely on ${range}.` : `Most likely within ${range}.`,
  expectedBasis: (n: number, step: boolean) =>
    `Estimated from ${n} completed comparable cases${step ? ' (from the step your application is at now)' : ''}; an estimate, not a promise.`,
  expectedBound: (basis: string, at: string) =>
    `At the latest, the legal deadline applies: ${basis}, ${at}.`,
  finished: 'Finished',
  technicalProblem: 'A technical problem delays your application. It is not lost.',
  missing: 'Documents are missing (Nachforderung)',
  missingIntro: 'Please upload these documents (PDF, PNG or JPEG, at most 10 MB) and send them.',
  upload: 'Upload',
  send: 'Send the documents',
  replace: 'Replace',
  remove: 'Remove',
  errors: {
    type: (name: string) => `“${name}” is not a PDF, PNG or JPEG file. Please choose such a file.`,
    size: (name: string) =>
      `${name ? `“${name}” is` : 'The file is'} larger than 10 MB. Please make it smaller (e.g. a lower resolution) and choose it again.`,
    content:
      "The file's content does not match its type. Please save it again as PDF, PNG or JPEG.",
    network: 'No connection. Please check your internet connection and try again.',
    signIn: 'Your sign-in has expired. Please sign in again.',
    notYours: 'You cannot see this application. Please choose another one.',
    conflict:
      'Your application has moved on. Please reload the page and check what is still missing.',
    busy: 'The service is busy. Please try again in a few minutes.',
    generic: 'That did not work. Please check what you entered and try again.',
  },
  sent: 'Thank you, the documents have arrived.',
  deadlines: 'Deadlines',
  notices: 'Notices',
  downloadPdf: 'Save as PDF',
  noNotices: 'No notices yet.',
  documents: 'Your documents',
  noDocuments: 'No documents yet.',
  checkedBy: (authority: string) => `authenticity checked (${authority})`,
  history: 'History',
  documentTypes: DOCUMENT_TYPES.en,
  noticeKinds: {
    RECOGNITION_DECISION: 'Recognition decision',
    RECOGNITION_PERIOD_EXTENDED: 'Extension of the decision period',
    VISA_DECISION: 'Visa decision',
    FIKTIONSBESCHEINIGUNG: 'Interim certificate (Fiktionsbescheinigung)',
    RESIDENCE_PERMIT_DECISION: 'Residence permit decision',
    APPLICATION_CLOSED_INCOMPLETE: 'Closed: documents incomplete',
    BA_APPROVAL_DECISION: 'Approval of the Federal Employment Agency',
    PRE_APPROVAL_DECISION: 'Pre-approval (§ 81a AufenthG)',
    JOB_CHANGE_DECISION: 'Job change decision',
    APPLICATION_CLOSED: 'Procedure closed',
    CHANCENKARTE_EMPLOYMENT: 'Work during the Chancenkarte',
    CHANCENKARTE_JOB_OFFER: 'Job offer during the Chancenkarte',
  },
};

export const TEXT: Record<'de' | 'en', Texts> = { de, en };
