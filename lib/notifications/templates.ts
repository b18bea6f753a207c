// The e-mails a citizen gets about their case, in Ukrainian: a subject, plain text and simple HTML
// rendered from the same paragraphs, so both parts always say the same thing. Pure: no I/O, no clock.
// The templates are the domains' (each manifest's `mail`, from lib/<domain>/mail.ts); the parts
// they are made of are in template-kit.ts.
import { mailTemplates as templates } from '../domains.ts';
import { MAX_TEXT, TemplateError, type ParamKind, type Paragraph, type Params, type RenderedMessage, type TemplateDefinition } from './template-kit.ts';

export { TemplateError, type RenderedMessage } from './template-kit.ts';


export type TemplateName = string;
export const templateNames: readonly string[] = Object.keys(templates);

export function isTemplateName(name: unknown): name is TemplateName {
  return typeof name === 'string' && Object.hasOwn(templates, name);
}

const FOOTER: Paragraph = ['Цей лист надіслано автоматично, відповідати на нього не потрібно.'];

/**
 * Checks the parameters against the template. Errors name the template and the parameter, never
 * the value (it may be personal data, and the message goes to logs and the outbox row).
 */
export function checkParams(template: string, params: unknown): asserts params is Record<string, string> {
  if (!isTemplateName(template)) throw new TemplateError(`unknown e-mail template "${template}"`);
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new TemplateError(`${template}: params must be an object`);
  }
  const spec: Record<string, { kind: ParamKind; required: boolean }> = templates[template]!.params;
  for (const [name, value] of Object.entries(params)) {
    const param = spec[name];
    if (!param) throw new TemplateError(`${template}: unknown parameter "${name}"`);
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || value.trim() === '') throw new TemplateError(`${template}: "${name}" must be a non-empty string`);
    if (value.length > MAX_TEXT) throw new TemplateError(`${template}: "${name}" is longer than ${MAX_TEXT} characters`);
    // Control characters (line breaks included) have no place in these values; refusing them also
    // keeps anything that reaches the subject from folding into a new header.
    if (/[\u0000-\u001f\u007f]/.test(value)) throw new TemplateError(`${template}: "${name}" contains control characters`);
    if (param.kind === 'date' && !isIsoDate(value)) throw new TemplateError(`${template}: "${name}" must be a date YYYY-MM-DD`);
    if (param.kind === 'url' && !isWebUrl(value)) throw new TemplateError(`${template}: "${name}" must be an http(s) URL`);
  }
  for (const [name, param] of Object.entries(spec)) {
    const value = (params as Record<string, unknown>)[name];
    if (param.required && (value === undefined || value === null)) throw new TemplateError(`${template}: "${name}" is required`);
  }
}

export function renderMessage(template: string, params: unknown): RenderedMessage {
  checkParams(template, params);
  const definition: TemplateDefinition = templates[template]!;
  const p: Params = params;
  const paragraphs = [...definition.body(p).filter((paragraph) => paragraph.length > 0), FOOTER];
  return {
    subject: definition.subject(p),
    text: paragraphs.map(toText).join('\n\n') + '\n',
    html: '<!doctype html>\n<html lang="uk"><head><meta charset="utf-8"></head><body>\n'
      + paragraphs.map((paragraph) => `<p>${toHtml(paragraph)}</p>`).join('\n')
      + '\n</body></html>\n',
  };
}

function toText(paragraph: Paragraph): string {
  return paragraph.map((part) => {
    if (typeof part === 'string') return part;
    if ('strong' in part) return part.strong;
    return part.label ? `${part.label} (${part.link})` : part.link;
  }).join('');
}

function toHtml(paragraph: Paragraph): string {
  return paragraph.map((part) => {
    if (typeof part === 'string') return escapeHtml(part);
    if ('strong' in part) return `<strong>${escapeHtml(part.strong)}</strong>`;
    return `<a href="${escapeHtml(part.link)}">${escapeHtml(part.label ?? part.link)}</a>`;
  }).join('');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
}

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    // Only web links: a javascript: or data: URL in an e-mail is an attack, not a tracking page.
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
