// The parts every e-mail template is made of (lib/notifications/templates.ts renders them): a
// template declares its parameters, a subject and paragraphs of text, emphasised values and links.
// Pure: no I/O, no clock. Each domain keeps its own templates beside its code (lib/<domain>/mail.ts).
//
// Each template declares the parameters it takes, and nothing else is accepted: the message can
// carry only what the citizen gave us or what the case made public to them (tracking code, our
// registration number, dates, the body a case was forwarded to), never staff names or other
// people's data (Law 2297-VI; DESIGN.md "What the citizen sees"). There is deliberately no
// greeting by name: the name is not needed to tell someone their case moved.

export class TemplateError extends Error {
  override name = 'TemplateError';
}

export type ParamKind = 'text' | 'date' | 'url';

/** A piece of a paragraph: plain text, an emphasised value, or a link. */
export type Part = string | { strong: string } | { link: string; label?: string };
export type Paragraph = readonly Part[];

export interface TemplateDefinition {
  readonly params: Readonly<Record<string, { kind: ParamKind; required: boolean }>>;
  subject(p: Params): string;
  body(p: Params): Paragraph[];
}

export type Params = Readonly<Record<string, string | undefined>>;

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

export const MAX_TEXT = 500;

export const req = (kind: ParamKind) => ({ kind, required: true }) as const;
export const opt = (kind: ParamKind) => ({ kind, required: false }) as const;

/** "2026-12-11" -> "11.12.2026", the way dates are written in Ukrainian letters. */
export function date(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}




export function trackingLink(p: Params, lead: string): Paragraph {
  return p.trackingUrl ? [lead, { link: p.trackingUrl }] : [];
}

/**
 * Only the first e-mail carries the tracking code (it is stored nowhere else in the clear); later
 * ones name the case by its registration number and point to the code the author already has.
 */
export function codeLine(p: Params): Paragraph {
  return p.trackingCode
    ? ['Код для відстеження: ', { strong: p.trackingCode }, '.']
    : ['Перебіг розгляду можна переглянути на порталі за кодом для відстеження, який ви отримали в першому листі.'];
}

export function caseRef(p: Params): string {
  if (p.trackingCode) return `(код ${p.trackingCode})`;
  return p.registrationIndex ? `№ ${p.registrationIndex}` : '';
}

export function subjectOf(text: string, p: Params): string {
  const ref = caseRef(p);
  return ref ? `${text} ${ref}` : text;
}
