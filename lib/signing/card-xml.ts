// The registration-and-monitoring card (РМК, CMU 55/2018) as the XML document that gets signed:
// the card's registration data and the SHA-256 of the scan, so one signature covers both the exact
// bytes of the document and its registration data (Law 2155-VIII; DESIGN.md "Signatures").
//
// One element per field, in a fixed order, absent when the field is empty. Built by hand rather
// than by a serializer so that what is signed is exactly this text and nothing a library version
// might change.
import { DOMParser, type Element } from '@xmldom/xmldom';

export const CARD_NAMESPACE = 'urn:hromada:registration-card:1';

export const SignaturePurposes = {
  registration: 'registration',
  resolution: 'resolution',
  approval: 'approval',
} as const;
export type SignaturePurpose = (typeof SignaturePurposes)[keyof typeof SignaturePurposes];

export interface RegistrationCard {
  documentId: string;
  kind: string;
  correspondent: string;
  theirNumber: string | null;
  /** YYYY-MM-DD */
  theirDate: string | null;
  summary: string;
  registrationIndex: string;
  journalCode: string;
  /** ISO 8601, UTC */
  registeredAt: string;
  caseFileIndex: string;
  /** Lower-case hex SHA-256 of the scan's bytes. */
  scanSha256: string;
}

/** What the signature says about itself, signed with the card. */
export interface SignedCardEnvelope {
  purpose: string;
  /** ISO 8601, UTC */
  signedAt: string;
  card: RegistrationCard;
}

export const CARD_FIELDS = [
  'documentId', 'kind', 'correspondent', 'theirNumber', 'theirDate', 'summary',
  'registrationIndex', 'journalCode', 'registeredAt', 'caseFileIndex', 'scanSha256',
] as const satisfies ReadonlyArray<keyof RegistrationCard>;

/** Element names, grouped as the card reads: the letter, our registration, the scan. */
const LAYOUT: ReadonlyArray<{ group: string; fields: ReadonlyArray<[keyof RegistrationCard, string]> }> = [
  { group: 'Document', fields: [['documentId', 'Id'], ['kind', 'Kind'], ['correspondent', 'Correspondent'], ['theirNumber', 'TheirNumber'], ['theirDate', 'TheirDate'], ['summary', 'Summary']] },
  { group: 'Registration', fields: [['registrationIndex', 'Index'], ['journalCode', 'Journal'], ['registeredAt', 'RegisteredAt'], ['caseFileIndex', 'CaseFile']] },
  { group: 'Scan', fields: [['scanSha256', 'Sha256']] },
];

// XML 1.0 cannot carry these at all, not even as character references.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function text(value: string, field: string): string {
  if (FORBIDDEN.test(value)) throw new Error(`card field ${field} holds a control character XML cannot carry`);
  // \r as a reference: a parser turns a literal CR LF into LF, and the card would no longer match.
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

export function cardToXml(envelope: SignedCardEnvelope): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<RegistrationCard xmlns="${CARD_NAMESPACE}">`,
    `<Purpose>${text(envelope.purpose, 'purpose')}</Purpose>`,
    `<SignedAt>${text(envelope.signedAt, 'signedAt')}</SignedAt>`,
  ];
  for (const { group, fields } of LAYOUT) {
    lines.push(`<${group}>`);
    for (const [field, element] of fields) {
      const value = envelope.card[field];
      if (value !== null) lines.push(`<${element}>${text(value, field)}</${element}>`);
    }
    lines.push(`</${group}>`);
  }
  lines.push('</RegistrationCard>');
  return lines.join('\n');
}

/**
 * Reads a card back. Meant for the canonical XML that signature verification returns (what was
 * actually signed), never for the unverified document.
 */
export function parseCardXml(xml: string): SignedCardEnvelope {
  const doc = new DOMParser({ onError: (level, message) => { if (level !== 'warning') throw new Error(`card XML: ${message}`); } })
    .parseFromString(xml, 'text/xml');
  const root = doc.documentElement;
  if (!root || root.localName !== 'RegistrationCard' || root.namespaceURI !== CARD_NAMESPACE) {
    throw new Error('not a registration card');
  }
  const child = (parent: Element, name: string): Element | undefined => {
    const found = Array.from(parent.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).localName === name && (n as Element).namespaceURI === CARD_NAMESPACE);
    if (found.length > 1) throw new Error(`card XML: ${name} appears more than once`);
    return found[0];
  };
  const valueOf = (parent: Element, name: string): string | null => {
    const element = child(parent, name);
    return element ? element.textContent ?? '' : null;
  };
  const required = (parent: Element, name: string): string => {
    const value = valueOf(parent, name);
    if (value === null) throw new Error(`card XML: ${name} is missing`);
    return value;
  };
  const card: Partial<Record<keyof RegistrationCard, string | null>> = {};
  for (const { group, fields } of LAYOUT) {
    const element = child(root, group);
    if (!element) throw new Error(`card XML: ${group} is missing`);
    for (const [field, name] of fields) card[field] = valueOf(element, name);
  }
  for (const field of CARD_FIELDS) {
    if (field !== 'theirNumber' && field !== 'theirDate' && (card[field] === null || card[field] === undefined)) {
      throw new Error(`card XML: ${field} is missing`);
    }
  }
  return {
    purpose: required(root, 'Purpose'),
    signedAt: required(root, 'SignedAt'),
    card: card as unknown as RegistrationCard,
  };
}

/** The fields whose values differ: what changed on the card since it was signed. */
export function changedFields(signed: RegistrationCard, current: RegistrationCard): Array<keyof RegistrationCard> {
  return CARD_FIELDS.filter((field) => signed[field] !== current[field]);
}
