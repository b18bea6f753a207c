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
  /** An outgoing reply letter, signed by the head who approved it (its card in the outgoing journal). */
  reply: 'reply',
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

/**
 * The head's resolution as signed with the card (purposes `resolution` and `approval`): every value
 * as text, so a signed value and the current one compare as strings.
 */
export interface ResolutionPart {
  /** The resolutions row. */
  id: string;
  text: string;
  /** `department:03=responsible;department:06=co-executor`, sorted by executor: one canonical form. */
  executors: string;
  /** YYYY-MM-DD */
  term: string;
  controlDate: string;
  /** `true` | `false` */
  replyNeeded: string;
  /** ISO 8601, UTC */
  resolvedAt: string;
}

/** The controller's acceptance of the execution (purpose `approval`). */
export interface ApprovalPart {
  decision: 'accepted';
  /** ISO 8601, UTC */
  acceptedAt: string;
  /** Returns for rework before the acceptance, as text. */
  reworkCount: string;
  /** The responsible executor's consolidated summary that was accepted. */
  summary: string;
}

/** What the signature says about itself, signed with the card. */
export interface SignedCardEnvelope {
  purpose: string;
  /** ISO 8601, UTC */
  signedAt: string;
  card: RegistrationCard;
  resolution?: ResolutionPart;
  approval?: ApprovalPart;
}

const RESOLUTION_LAYOUT: ReadonlyArray<[keyof ResolutionPart, string]> = [
  ['id', 'Id'], ['text', 'Text'], ['executors', 'Executors'], ['term', 'Term'], ['controlDate', 'ControlDate'],
  ['replyNeeded', 'ReplyNeeded'], ['resolvedAt', 'ResolvedAt'],
];
const APPROVAL_LAYOUT: ReadonlyArray<[keyof ApprovalPart, string]> = [
  ['decision', 'Decision'], ['acceptedAt', 'AcceptedAt'], ['reworkCount', 'ReworkCount'], ['summary', 'Summary'],
];

/** The canonical text of a resolution's executors (see ResolutionPart.executors). */
export function executorsText(executors: Record<string, string>): string {
  return Object.keys(executors).sort().map((key) => `${key}=${executors[key]}`).join(';');
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
  // After the card, so a registration seal's XML is exactly what it was before resolutions were signed.
  const parts: Array<[string, ReadonlyArray<[string, string]>, Record<string, string> | undefined]> = [
    ['Resolution', RESOLUTION_LAYOUT, envelope.resolution as Record<string, string> | undefined],
    ['Approval', APPROVAL_LAYOUT, envelope.approval as Record<string, string> | undefined],
  ];
  for (const [group, fields, values] of parts) {
    if (!values) continue;
    lines.push(`<${group}>`);
    for (const [field, element] of fields) lines.push(`<${element}>${text(values[field]!, `${group}.${field}`)}</${element}>`);
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
  const part = (group: string, fields: ReadonlyArray<[string, string]>): Record<string, string> | undefined => {
    const element = child(root, group);
    if (!element) return undefined;
    const out: Record<string, string> = {};
    for (const [field, name] of fields) out[field] = required(element, name);
    return out;
  };
  const resolution = part('Resolution', RESOLUTION_LAYOUT) as ResolutionPart | undefined;
  const approval = part('Approval', APPROVAL_LAYOUT) as ApprovalPart | undefined;
  return {
    purpose: required(root, 'Purpose'),
    signedAt: required(root, 'SignedAt'),
    card: card as unknown as RegistrationCard,
    ...(resolution ? { resolution } : {}),
    ...(approval ? { approval } : {}),
  };
}

/** The names (`resolution.term`, `approval.summary`) of the signed resolution or acceptance values that differ now. */
export function changedParts(signed: SignedCardEnvelope, current: { resolution?: ResolutionPart; approval?: ApprovalPart }): string[] {
  const out: string[] = [];
  const compare = (name: string, a: Record<string, string> | undefined, b: Record<string, string> | undefined, fields: ReadonlyArray<[string, string]>) => {
    if (!a) return;
    for (const [field] of fields) if (a[field] !== b?.[field]) out.push(`${name}.${field}`);
  };
  compare('resolution', signed.resolution as Record<string, string> | undefined, current.resolution as Record<string, string> | undefined, RESOLUTION_LAYOUT);
  compare('approval', signed.approval as Record<string, string> | undefined, current.approval as Record<string, string> | undefined, APPROVAL_LAYOUT);
  return out;
}

/** The fields whose values differ: what changed on the card since it was signed. */
export function changedFields(signed: RegistrationCard, current: RegistrationCard): Array<keyof RegistrationCard> {
  return CARD_FIELDS.filter((field) => signed[field] !== current[field]);
}
