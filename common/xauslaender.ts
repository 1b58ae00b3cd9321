/**
 * Messages between the immigration office (ABH) and the Ausländerzentralregister in the SHAPE
 * of XAusländer (the XÖV standard of the foreigners' authorities): XML with a message head
 * (`nachrichtenkopf`: message UUID, message type, time, author and reader authority) and a
 * content part, German element names. Only the messages the ABH steps use: the AZR report
 * of an application or a decision (`azr.meldung`) and the register's receipt (`azr.quittung`)
 * carrying the AZR number. Simplified: not valid against the XAusländer schemas (no official
 * message codes, code lists or namespaces, no OSCI transport or signature); see
 * docs/partner-standards.md. The workers' adapter writes it, the AZR simulator reads it, and
 * so would the real register's gateway after a mapping to the official schema.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

export const XAUSLAENDER_NS = 'urn:wsa:xauslaender-shaped:1';
export const XML_CONTENT_TYPE = 'application/xml';

/** An AZR report as the workers hold it (`workers/adapters/residence-partners.ts`). */
export interface AzrReport {
  caseId: string;
  applicant: Record<string, unknown>;
  event: string;
  abhCode?: string;
  decision?: Record<string, unknown>;
}

/** Platform field → XAusländer-shaped element, for the person and the decision. */
const PERSON: Record<string, string> = {
  familyName: 'familienname',
  givenName: 'vorname',
  dateOfBirth: 'geburtsdatum',
  placeOfBirth: 'geburtsort',
  nationality: 'staatsangehoerigkeit',
  sex: 'geschlecht',
};
const DECISION: Record<string, string> = {
  authority: 'behoerde',
  outcome: 'ergebnis',
  reference: 'aktenzeichenEntscheidung',
  titleKind: 'aufenthaltstitel',
  basis: 'rechtsgrundlage',
  validUntil: 'gueltigBis',
  event: 'anlass',
};

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  format: true,
  suppressEmptyNode: true,
});
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  processEntities: true,
});

const renamed = (from: Record<string, unknown> | undefined, names: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(names)
      .filter(([k]) => from?.[k] !== undefined && from[k] !== null)
      .map(([k, element]) => [element, String(from![k])]),
  );
const back = (from: Record<string, unknown> | undefined, names: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(names)
      .filter(([, element]) => from?.[element] !== undefined)
      .map(([k, element]) => [k, String(from![element])]),
  );

function head(type: string, messageId: string, author: string, reader: string) {
  return {
    'identifikation.nachricht': {
      nachrichtenUUID: messageId,
      nachrichtentyp: type,
      erstellungszeitpunkt: new Date().toISOString(),
    },
    autor: { behoerdenkennung: author },
    leser: { behoerdenkennung: reader },
  };
}

const document = (root: string, content: object) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({
    [`xaus:${root}`]: { '@xmlns:xaus': XAUSLAENDER_NS, ...content },
  })}`;

/** The ABH's report to the AZR (an application, or a decision when `decision` is set). */
export function azrMeldung(r: AzrReport, messageId: string): string {
  return document('azr.meldung', {
    nachrichtenkopf: head('azr.meldung', messageId, r.abhCode ?? 'ABH', 'AZR'),
    nachrichteninhalt: {
      vorgang: { aktenzeichen: r.caseId, anlass: r.event },
      person: renamed(r.applicant, PERSON),
      ...(r.decision ? { entscheidung: renamed(r.decision, DECISION) } : {}),
    },
  });
}

/** The AZR's receipt of a report. */
export function azrQuittung(
  q: { azrNumber: string; caseId: string; inReplyTo: string },
  messageId: string,
): string {
  return document('azr.quittung', {
    nachrichtenkopf: head('azr.quittung', messageId, 'AZR', 'ABH'),
    nachrichteninhalt: {
      bezug: { nachrichtenUUID: q.inReplyTo, aktenzeichen: q.caseId },
      azrNummer: q.azrNumber,
    },
  });
}

/** A message that is not what it should be: the element at fault and why. */
export class XAuslaenderError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'XAuslaenderError';
  }
}

type Node = Record<string, unknown>;

function root(xml: string, name: string): Node {
  let doc: Node;
  try {
    doc = parser.parse(xml, true) as Node;
  } catch (err) {
    throw new XAuslaenderError('/', `not well-formed XML (${(err as Error).message})`);
  }
  const node = doc[name];
  if (!node || typeof node !== 'object') throw new XAuslaenderError('/', `no ${name} element`);
  return node as Node;
}

const child = (node: Node | undefined, name: string, path: string): Node => {
  const c = node?.[name];
  if (!c || typeof c !== 'object') throw new XAuslaenderError(`${path}/${name}`, 'missing');
  return c as Node;
};
const text = (node: Node | undefined, name: string, path: string): string => {
  const v = node?.[name];
  if (typeof v !== 'string' || v === '') throw new XAuslaenderError(`${path}/${name}`, 'missing');
  return v;
};

/** Reads an `azr.meldung` back into the report it carries, and its message id. */
export function readAzrMeldung(xml: string): { messageId: string; report: AzrReport } {
  const m = root(xml, 'azr.meldung');
  const kopf = child(m, 'nachrichtenkopf', '/azr.meldung');
  const id = child(kopf, 'identifikation.nachricht', '/azr.meldung/nachrichtenkopf');
  const inhalt = child(m, 'nachrichteninhalt', '/azr.meldung');
  const vorgang = child(inhalt, 'vorgang', '/azr.meldung/nachrichteninhalt');
  const person = child(inhalt, 'person', '/azr.meldung/nachrichteninhalt');
  const entscheidung = inhalt.entscheidung as Node | undefined;
  const autor = kopf.autor as Node | undefined;
  return {
    messageId: text(id, 'nachrichtenUUID', '/azr.meldung/nachrichtenkopf/identifikation.nachricht'),
    report: {
      caseId: text(vorgang, 'aktenzeichen', '/azr.meldung/nachrichteninhalt/vorgang'),
      event: text(vorgang, 'anlass', '/azr.meldung/nachrichteninhalt/vorgang'),
      applicant: back(person, PERSON),
      ...(typeof autor?.behoerdenkennung === 'string' ? { abhCode: autor.behoerdenkennung } : {}),
      ...(entscheidung ? { decision: back(entscheidung, DECISION) } : {}),
    },
  };
}

/** Reads the AZR number from an `azr.quittung`. */
export function readAzrQuittung(xml: string): { azrNumber: string; inReplyTo: string } {
  const q = root(xml, 'azr.quittung');
  const inhalt = child(q, 'nachrichteninhalt', '/azr.quittung');
  const bezug = child(inhalt, 'bezug', '/azr.quittung/nachrichteninhalt');
  return {
    azrNumber: text(inhalt, 'azrNummer', '/azr.quittung/nachrichteninhalt'),
    inReplyTo: text(bezug, 'nachrichtenUUID', '/azr.quittung/nachrichteninhalt/bezug'),
  };
}

/**
 * Inbound: the immigration office's decision from its own case-management system (its
 * Fachverfahren) instead of the platform's tasklist, as an `abh.entscheidung` in the same shape:
 * the platform's case (`vorgang/aktenzeichen`), what was decided (`vorgang/anlass`:
 * `aufenthaltserlaubnis`), and the decision (`ergebnis` erteilt/abgelehnt,
 * `aktenzeichenEntscheidung`, `gueltigBis`, `begruendung`). The gateway maps it onto the case's
 * open ABH task of that kind (`gateway/use-cases/inbound-xauslaender.ts`).
 */
export interface AbhDecision {
  caseId: string;
  /** What the decision is about (`aufenthaltserlaubnis`). */
  subject: string;
  outcome: 'GRANTED' | 'REFUSED';
  abhReference: string;
  validUntil?: string;
  reason?: string;
  /** The office that decided (the message's author). */
  abhCode?: string;
}

const OUTCOMES: Record<string, AbhDecision['outcome']> = {
  erteilt: 'GRANTED',
  abgelehnt: 'REFUSED',
};

/** The ABH's decision as its case-management system sends it. */
export function abhEntscheidung(d: AbhDecision, messageId: string): string {
  const ergebnis = Object.keys(OUTCOMES).find((k) => OUTCOMES[k] === d.outcome)!;
  return document('abh.entscheidung', {
    nachrichtenkopf: head('abh.entscheidung', messageId, d.abhCode ?? 'ABH', 'WSA'),
    nachrichteninhalt: {
      vorgang: { aktenzeichen: d.caseId, anlass: d.subject },
      entscheidung: {
        ergebnis,
        aktenzeichenEntscheidung: d.abhReference,
        ...(d.validUntil ? { gueltigBis: d.validUntil } : {}),
        ...(d.reason ? { begruendung: d.reason } : {}),
      },
    },
  });
}

/** Reads an `abh.entscheidung`; a missing or unknown element is an XAuslaenderError naming it. */
export function readAbhEntscheidung(xml: string): { messageId: string; decision: AbhDecision } {
  const at = '/abh.entscheidung';
  const m = root(xml, 'abh.entscheidung');
  const kopf = child(m, 'nachrichtenkopf', at);
  const id = child(kopf, 'identifikation.nachricht', `${at}/nachrichtenkopf`);
  const inhalt = child(m, 'nachrichteninhalt', at);
  const vorgang = child(inhalt, 'vorgang', `${at}/nachrichteninhalt`);
  const entscheidung = child(inhalt, 'entscheidung', `${at}/nachrichteninhalt`);
  const e = `${at}/nachrichteninhalt/entscheidung`;
  const ergebnis = text(entscheidung, 'ergebnis', e);
  const outcome = OUTCOMES[ergebnis];
  if (!outcome) throw new XAuslaenderError(`${e}/ergebnis`, 'one of erteilt, abgelehnt');
  const optional = (name: string) =>
    typeof entscheidung[name] === 'string' && entscheidung[name] !== ''
      ? (entscheidung[name] as string)
      : undefined;
  const autor = kopf.autor as Node | undefined;
  const validUntil = optional('gueltigBis');
  const reason = optional('begruendung');
  return {
    messageId: text(id, 'nachrichtenUUID', `${at}/nachrichtenkopf/identifikation.nachricht`),
    decision: {
      caseId: text(vorgang, 'aktenzeichen', `${at}/nachrichteninhalt/vorgang`),
      subject: text(vorgang, 'anlass', `${at}/nachrichteninhalt/vorgang`),
      outcome,
      abhReference: text(entscheidung, 'aktenzeichenEntscheidung', e),
      ...(validUntil ? { validUntil } : {}),
      ...(reason ? { reason } : {}),
      ...(typeof autor?.behoerdenkennung === 'string' ? { abhCode: autor.behoerdenkennung } : {}),
    },
  };
}
