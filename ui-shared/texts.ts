/** Texts both apps show, in German and English. */
export const DOCUMENT_TYPES: Record<'de' | 'en', Record<string, string>> = {
  de: {
    PASSPORT: 'Reisepass',
    DEGREE_CERTIFICATE: 'Hochschulabschluss',
    VOCATIONAL_CERTIFICATE: 'Berufsabschluss',
    TRANSCRIPT: 'Fächer- und Notenübersicht',
    EMPLOYMENT_CONTRACT: 'Arbeitsvertrag',
    POWER_OF_ATTORNEY: 'Vollmacht',
    OTHER: 'Sonstiges',
  },
  en: {
    PASSPORT: 'Passport',
    DEGREE_CERTIFICATE: 'Degree certificate',
    VOCATIONAL_CERTIFICATE: 'Vocational certificate',
    TRANSCRIPT: 'Transcript of records',
    EMPLOYMENT_CONTRACT: 'Employment contract',
    POWER_OF_ATTORNEY: 'Power of attorney',
    OTHER: 'Other',
  },
};
