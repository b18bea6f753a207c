// No input yields a 500 (STYLE: "no input ever yields a 500"). Every route of the OpenAPI document
// the running API serves that takes a body (JSON or multipart) or a query string, and every path
// parameter, is sent inputs no form would send: NUL characters (PostgreSQL refuses U+0000 in
// text), lone surrogates ("\uD800" in JSON), overlong strings, wrong types, deep nesting, a
// multipart body cut before its closing boundary, and for query dates the edges of the calendar.
// It goes as the caller the route is for (anonymous on public routes, else the first demo role the
// access rule lets through), over HTTP against the real stack. Every bad input must come back as a
// 4xx problem+json naming the field, never a 5xx; and nothing may be stored: no new rows in the
// main tables, no scan in the file store, no temp file left behind.
//
// The valid value each mutation starts from is built from the OpenAPI document itself: the
// schema's example when it gives one, else its default, enum, format or pattern. A route whose
// input cannot be built that way fails here with a request to add an `examples` entry.
import { expect } from 'chai';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { createDb, type Db } from '../../lib/db.ts';
import { samplePdf } from '../support/files.ts';
import { testConfig, testStack } from '../support/stack.ts';

type Schema = Record<string, any>;
type Key = string | number;

interface Case {
  /** What is sent, for the report. */
  what: string;
  method: string;
  url: string;
  body?: Buffer | string;
  contentType?: string;
  /** Bad input: a 4xx problem+json is due, naming `field` when given. Otherwise only "never a 5xx". */
  bad: boolean;
  /** The valid request itself (reads only): it must not be refused, or the mutations test nothing. */
  valid?: boolean;
  field?: string;
}

interface Operation {
  method: string;
  path: string;
  op: Schema;
  public: boolean;
}

const MAIN_TABLES = [
  'documents', 'appeals', 'appeal_attachments', 'info_requests', 'info_request_attachments', 'process_links',
  'case_files', 'calendar_holiday_rules', 'calendar_martial_law_periods', 'staff_users',
] as const;

/** Demo staff of the embedded stack (lib/staff/demo.ts), tried in this order on staff routes. */
const STAFF = ['clerk', 'admin', 'info', 'lawyer', 'head', 'executor', 'analyst'] as const;

/** Strings a pattern may accept, tried in order: the first that fits becomes the valid value. */
const PATTERN_CANDIDATES = [
  'Фаззинг перевірка', 'fuzz', '01-77', '1', '2026', '+380441234567', 'ABCDE-FGHJK-MNPQR-STVWX', 'A'.repeat(22),
];

const EDGE_DATES = ['0001-01-01', '1900-01-01', '1950-06-15', '1990-12-31', '1991-01-01', '2099-12-31', '2100-01-01', '9999-12-31'];

const DEEP = 5000;

/** The JSON text of nested(depth), written out: JSON.stringify itself recurses. */
function nestedJson(depth: number): string {
  return `${'['.repeat(depth)}"x"${']'.repeat(depth)}`;
}

describe('no input yields a 500: every body, query and path of the OpenAPI document, fuzzed', function () {
  this.timeout(300000);
  let api: string;
  let spec: Schema;
  let db: Db;
  /** Per demo user: the session cookie and its anti-forgery token (api/cross-origin-guard.ts). */
  const cookies = new Map<string, { cookie: string; csrfToken: string }>();
  // Unique bytes: if this scan is ever in the store, a refused request left it there.
  const scan = samplePdf(`fuzz ${randomBytes(8).toString('hex')}`);
  const scanSha = createHash('sha256').update(scan).digest('hex');

  before(async () => {
    api = testStack().apiUrl;
    db = createDb(testStack().database.appUrl, 2);
    spec = await (await fetch(`${api}/openapi.json`)).json() as Schema;
    for (const username of STAFF) {
      const res = await fetch(`${api}/api/v1/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo' }),
      });
      expect(res.status, `login of ${username}`).to.equal(200);
      cookies.set(username, { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrfToken: res.headers.get('x-csrf-token') ?? '' });
    }
  });
  after(async () => db?.destroy());

  // ---- the OpenAPI document -----------------------------------------------------------------

  function resolve(schema: Schema | undefined): Schema {
    let s = schema ?? {};
    for (let i = 0; i < 10 && typeof s.$ref === 'string'; i++) {
      const name = s.$ref.replace(/^#\/components\/schemas\//, '');
      s = spec.components?.schemas?.[name] ?? {};
    }
    return s;
  }

  /** The types a schema admits, as JSON types ('integer' counts as 'number'). */
  function typesOf(schema: Schema): Set<string> {
    const s = resolve(schema);
    const branches = s.anyOf ?? s.oneOf;
    if (branches) return new Set((branches as Schema[]).flatMap((b) => [...typesOf(b)]));
    if (s.const !== undefined) return new Set([jsonType(s.const)]);
    if (s.enum) return new Set((s.enum as unknown[]).map(jsonType));
    const t = s.type === undefined ? ['string', 'number', 'boolean', 'object', 'array', 'null'] : [s.type].flat();
    return new Set(t.map((x: string) => (x === 'integer' ? 'number' : x)));
  }

  function jsonType(v: unknown): string {
    return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
  }

  /** A valid value of the schema, or undefined when none can be built. */
  function sample(schema: Schema | undefined): unknown {
    const s = resolve(schema);
    if (Array.isArray(s.examples) && s.examples.length > 0) return structuredClone(s.examples[0]);
    if (s.example !== undefined) return structuredClone(s.example);
    if (s.default !== undefined) return structuredClone(s.default);
    if (s.const !== undefined) return s.const;
    if (Array.isArray(s.enum)) return s.enum[0];
    const branches = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
    if (branches) {
      // A real value rather than null: null tests nothing.
      const ordered = [...branches].sort((a, b) => Number(resolve(a).type === 'null') - Number(resolve(b).type === 'null'));
      for (const branch of ordered) {
        const v = sample(branch);
        if (v !== undefined) return v;
      }
      return undefined;
    }
    const type = [s.type].flat()[0];
    switch (type) {
      case 'string': return sampleString(s);
      case 'integer': case 'number': return s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
      case 'boolean': return true;
      case 'null': return null;
      case 'array': {
        if (!s.minItems) return [];
        const item = sample(s.items);
        return item === undefined ? undefined : Array.from({ length: s.minItems }, () => structuredClone(item));
      }
      case 'object': case undefined: {
        if (type === undefined && !s.properties) return undefined;
        const out: Record<string, unknown> = {};
        // The required properties, and optional ones as far as `minProperties` asks.
        const optional = Object.keys(s.properties ?? {}).filter((k) => !(s.required ?? []).includes(k));
        const keys = [...(s.required ?? []), ...optional.slice(0, Math.max(0, (s.minProperties ?? 0) - (s.required ?? []).length))] as string[];
        for (const key of keys) {
          const v = sample(s.properties?.[key]);
          if (v === undefined) return undefined;
          out[key] = v;
        }
        return out;
      }
      default: return undefined;
    }
  }

  function sampleString(s: Schema): string | undefined {
    switch (s.format) {
      case 'date': return '2026-01-15';
      case 'date-time': return '2026-01-15T10:00:00+02:00';
      case 'email': return 'fuzz@example.com';
      case 'uuid': return '00000000-0000-4000-8000-00000000f022';
      case 'binary': return undefined;
      default: break;
    }
    const fits = (v: string) => [...v].length >= (s.minLength ?? 0) && (s.maxLength === undefined || [...v].length <= s.maxLength)
      && (s.pattern === undefined || new RegExp(s.pattern, 'u').test(v));
    return PATTERN_CANDIDATES.find(fits);
  }

  interface Site { path: Key[]; schema: Schema }

  /**
   * Every property of a valid value that can be mutated: its declared properties (also optional
   * ones, set on top of the valid value), the items of its arrays, one made-up key of a map.
   */
  function sites(schema: Schema, at: Key[] = [], depth = 0): Site[] {
    const s = resolve(schema);
    if (depth > 6) return [];
    const branches = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
    if (branches) {
      const real = branches.find((b) => resolve(b).type !== 'null') ?? branches[0]!;
      const inner = sites(real, at, depth);
      return inner.some((x) => x.path.length === at.length) ? inner : [{ path: at, schema: s }, ...inner];
    }
    const out: Site[] = at.length > 0 ? [{ path: at, schema: s }] : [];
    const type = [s.type].flat()[0];
    if (type === 'object' || (type === undefined && s.properties)) {
      for (const [key, child] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) out.push(...sites(child, [...at, key], depth + 1));
      if (s.additionalProperties && typeof s.additionalProperties === 'object') out.push(...sites(s.additionalProperties, [...at, 'fuzzKey'], depth + 1));
    }
    if (type === 'array' && s.items) out.push(...sites(s.items, [...at, 0], depth + 1));
    return out;
  }

  /** The valid value with `path` set to `value`, building the containers on the way. */
  function withValue(base: unknown, schema: Schema, at: Key[], value: unknown): unknown {
    const [head, ...rest] = at;
    if (head === undefined) return value;
    const s = resolve(schema);
    const real = (s.anyOf ?? s.oneOf)?.find((b: Schema) => resolve(b).type !== 'null') ?? s;
    const r = resolve(real);
    if (typeof head === 'number') {
      const arr = Array.isArray(base) ? [...base] : [];
      const itemSchema = r.items ?? {};
      arr[head] = withValue(arr[head] ?? sample(itemSchema), itemSchema, rest, value);
      return arr;
    }
    const obj = base && typeof base === 'object' && !Array.isArray(base) ? { ...(base as Record<string, unknown>) } : {};
    const childSchema = r.properties?.[head] ?? (typeof r.additionalProperties === 'object' ? r.additionalProperties : {});
    obj[head] = withValue(obj[head] ?? sample(childSchema), childSchema, rest, value);
    return obj;
  }

  const fieldName = (at: Key[], prefix?: string) => [...(prefix ? [prefix] : []), ...at].join('.');

  /** Bad values for one site: NUL, a lone surrogate, too long, the wrong type. */
  function badValues(site: Site, valid: unknown, unbounded = 20000): Array<{ what: string; value: unknown }> {
    const out: Array<{ what: string; value: unknown }> = [];
    const types = typesOf(site.schema);
    if (types.has('string')) {
      const text = typeof valid === 'string' && valid !== '' ? valid : 'fuzz';
      out.push({ what: 'NUL', value: `${text.slice(0, 1)}\u0000${text.slice(1)}` });
      out.push({ what: 'lone surrogate', value: `${text}\uD800` });
      const s = resolve(site.schema);
      // Without a declared maximum, longer than any field of the API takes (URLs stay below Node's header limit).
      const max = typeof s.maxLength === 'number' ? s.maxLength : unbounded;
      out.push({ what: `overlong (${max + 1} characters)`, value: text + 'ї'.repeat(Math.max(1, max + 1 - [...text].length)) });
    }
    const wrong = [{}, [], 12345, 'fuzz', true].find((v) => !types.has(jsonType(v)));
    if (wrong !== undefined) out.push({ what: `wrong type (${jsonType(wrong)})`, value: wrong });
    return out;
  }

  /** The schema with every `$ref` to a component written out (the API's schemas have no cycles). */
  function inlined(schema: unknown, depth = 0): unknown {
    if (depth > 20 || schema === null || typeof schema !== 'object') return schema;
    if (Array.isArray(schema)) return schema.map((s) => inlined(s, depth + 1));
    const s = (schema as Schema).$ref ? resolve(schema as Schema) : (schema as Schema);
    return Object.fromEntries(Object.entries(s).filter(([k]) => k !== '$id').map(([k, v]) => [k, inlined(v, depth + 1)]));
  }

  const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: false });
  ajvFormats.default(ajv);

  /**
   * The value each mutation starts from must itself be valid, or every mutation is refused for the
   * wrong reason and tests nothing.
   */
  function assertValid(where: string, schema: Schema, value: unknown): void {
    const validate = ajv.compile(inlined(schema) as Schema);
    if (!validate(value)) {
      throw new Error(`${where}: the valid value built from the OpenAPI document is not valid (${ajv.errorsText(validate.errors)}): `
        + `${JSON.stringify(value)}; add an \`examples\` entry to its schema`);
    }
  }

  // ---- cases ------------------------------------------------------------------------------

  function operations(): Operation[] {
    const out: Operation[] = [];
    for (const [p, item] of Object.entries(spec.paths as Record<string, Schema>)) {
      for (const [method, op] of Object.entries(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        out.push({ method: method.toUpperCase(), path: p, op, public: !op.security });
      }
    }
    return out;
  }

  /** A parameter's schema with the parameter's own example (OpenAPI moves it out of the schema). */
  function paramSchema(param: Schema): Schema {
    const examples = param.example !== undefined ? [param.example]
      : param.examples ? Object.values(param.examples as Record<string, { value: unknown }>).map((e) => e.value) : undefined;
    return { ...resolve(param.schema), ...(examples ? { examples } : {}) };
  }

  function params(op: Operation, where: 'path' | 'query'): Schema[] {
    return ((op.op.parameters ?? []) as Schema[]).filter((x) => x.in === where);
  }

  function urlOf(op: Operation, pathValues: Record<string, string>, query: Record<string, string>): string {
    const p = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(pathValues[name] ?? ''));
    const qs = new URLSearchParams(query).toString();
    return qs ? `${p}?${qs}` : p;
  }

  function validParams(op: Operation, where: 'path' | 'query', requiredOnly: boolean): Record<string, string> {
    const out: Record<string, string> = {};
    for (const param of params(op, where)) {
      if (requiredOnly && !param.required && where === 'query') continue;
      const v = sample(paramSchema(param));
      if (v === undefined) throw new Error(`${op.method} ${op.path}: no valid value for ${where} parameter "${param.name}"; add an \`examples\` entry to its schema`);
      out[param.name] = String(v);
    }
    return out;
  }

  function boundary(): string {
    return `fuzz${randomBytes(12).toString('hex')}`;
  }

  function multipart(b: string, parts: Array<{ name: string; text?: string; file?: Buffer }>, end = true): Buffer {
    const chunks: Buffer[] = [];
    for (const part of parts) {
      const disposition = part.file ? `form-data; name="${part.name}"; filename="fuzz.pdf"\r\nContent-Type: application/pdf` : `form-data; name="${part.name}"`;
      chunks.push(Buffer.from(`--${b}\r\nContent-Disposition: ${disposition}\r\n\r\n`), part.file ?? Buffer.from(part.text ?? ''), Buffer.from('\r\n'));
    }
    if (end) chunks.push(Buffer.from(`--${b}--\r\n`));
    return Buffer.concat(chunks);
  }

  function casesOf(op: Operation): Case[] {
    const cases: Case[] = [];
    const pathValues = validParams(op, 'path', false);
    const query = validParams(op, 'query', true);
    const url = (pv = pathValues, q = query) => urlOf(op, pv, q);

    for (const param of params(op, 'path')) {
      const valid = pathValues[param.name]!;
      for (const [what, value] of [['NUL', `${valid}\u0000`], ['overlong', valid + 'ї'.repeat(300)]] as const) {
        cases.push({ what: `path ${param.name}: ${what}`, method: op.method, url: url({ ...pathValues, [param.name]: value }), bad: true, field: param.name });
      }
    }

    if (op.method === 'GET' && params(op, 'query').length > 0) cases.push({ what: 'the valid query', method: op.method, url: url(), bad: false, valid: true });
    for (const param of params(op, 'query')) {
      const schema = paramSchema(param);
      const valid = String(sample(schema) ?? 'fuzz');
      const bad = badValues({ path: [param.name], schema }, valid, 1000).filter((b) => b.what !== 'lone surrogate' && !b.what.startsWith('wrong type'));
      // A query string is text: a wrong type is a string of the wrong shape.
      if (typesOf(schema).has('number') || schema.enum || schema.pattern || schema.format) bad.push({ what: 'wrong shape', value: '{"x":[1]}' });
      for (const { what, value } of bad) {
        cases.push({ what: `query ${param.name}: ${what}`, method: op.method, url: url(pathValues, { ...query, [param.name]: String(value) }), bad: true, field: param.name });
      }
      // The edges of the calendar: an answer or a 400, never a 500.
      const dateLike = /^\d{4}-\d{2}-\d{2}/.exec(valid);
      if (dateLike) {
        for (const edge of EDGE_DATES) {
          cases.push({ what: `query ${param.name}: edge date ${edge}`, method: op.method, url: url(pathValues, { ...query, [param.name]: edge + valid.slice(10) }), bad: false });
        }
      }
    }

    const content = op.op.requestBody?.content as Record<string, Schema> | undefined;
    const json = content?.['application/json'];
    if (json) {
      const schema = json.schema as Schema;
      const base = json.example ?? (json.examples ? Object.values(json.examples as Record<string, { value: unknown }>)[0]?.value : undefined) ?? sample(schema);
      if (base === undefined) throw new Error(`${op.method} ${op.path}: no valid body can be built; add an \`examples\` entry to its schema`);
      assertValid(`${op.method} ${op.path} body`, schema, base);
      const send = (what: string, value: unknown, field?: string, raw?: string): Case => ({
        what: `body ${what}`, method: op.method, url: url(), body: raw ?? JSON.stringify(value), contentType: 'application/json', bad: true, ...(field ? { field } : {}),
      });
      for (const site of sites(schema)) {
        const valid = site.path.reduce<unknown>((v, k) => (v as Record<Key, unknown> | undefined)?.[k], base) ?? sample(site.schema);
        for (const { what, value } of badValues(site, valid)) cases.push(send(`${fieldName(site.path)}: ${what}`, withValue(base, schema, site.path, value), fieldName(site.path)));
      }
      const firstKey = Object.keys(resolve(schema).properties ?? {})[0];
      if (firstKey) {
        const raw = JSON.stringify({ ...(base as object), [firstKey]: 'DEEP' }).replace('"DEEP"', nestedJson(DEEP));
        cases.push(send(`${firstKey}: nested ${DEEP} deep`, undefined, firstKey, raw));
      }
      cases.push(send(`nested ${DEEP * 20} deep`, undefined, undefined, nestedJson(DEEP * 20)));
      cases.push(send('a property named with NUL', { ...(base as object), 'x\u0000y': 1 }));
      for (const wrong of [[], 'fuzz', null, 12345]) cases.push(send(`of the wrong type (${jsonType(wrong)})`, wrong));
      cases.push({ what: 'body as text/plain with NUL', method: op.method, url: url(), body: 'fuzz\u0000', contentType: 'text/plain', bad: true });
    }

    const form = content?.['multipart/form-data'];
    if (form) {
      const props = (resolve(form.schema).properties ?? {}) as Record<string, Schema>;
      const fileParts = Object.entries(props).filter(([, s]) => resolve(s).format === 'binary' || resolve(resolve(s).items).format === 'binary').map(([k]) => k);
      const jsonParts = Object.entries(props).filter(([, s]) => resolve(s).type === 'object').map(([k, s]) => ({ name: k, schema: s }));
      expect(fileParts.length + jsonParts.length, `${op.path}: the multipart form names its parts`).to.be.greaterThan(0);
      const bases = new Map(jsonParts.map((p) => [p.name, sample(p.schema)]));
      for (const [name, base] of bases) {
        if (base === undefined) throw new Error(`${op.method} ${op.path}: no valid "${name}" part can be built; add an \`examples\` entry`);
        assertValid(`${op.method} ${op.path} part ${name}`, props[name]!, base);
      }
      let n = 0;
      const send = (what: string, texts: Map<string, string>, field?: string, opts: { cut?: 'file' | 'end' } = {}): Case => {
        // Both orders: the JSON first (refused before any file is stored) and the file first (stored, then discarded).
        const fileFirst = n++ % 2 === 1;
        const jsonList = [...texts].map(([name, text]) => ({ name, text }));
        const fileList = fileParts.map((name) => ({ name, file: scan }));
        const b = boundary();
        let body = multipart(b, fileFirst ? [...fileList, ...jsonList] : [...jsonList, ...fileList], opts.cut === undefined);
        if (opts.cut === 'file') {
          const full = multipart(b, [...jsonList, ...fileList], false);
          body = full.subarray(0, full.length - Math.floor(scan.length / 2));
        }
        return {
          what: `multipart ${what}${fileFirst ? ' (file first)' : ''}`, method: op.method, url: url(), body,
          contentType: `multipart/form-data; boundary=${b}`, bad: true, ...(field ? { field } : {}),
        };
      };
      const validTexts = () => new Map([...bases].map(([k, v]) => [k, JSON.stringify(v)]));
      for (const part of jsonParts) {
        const base = bases.get(part.name);
        for (const site of sites(part.schema)) {
          const valid = site.path.reduce<unknown>((v, k) => (v as Record<Key, unknown> | undefined)?.[k], base) ?? sample(site.schema);
          for (const { what, value } of badValues(site, valid)) {
            const texts = validTexts().set(part.name, JSON.stringify(withValue(base, part.schema, site.path, value)));
            cases.push(send(`${fieldName(site.path, part.name)}: ${what}`, texts, fieldName(site.path, part.name)));
          }
        }
        for (const [what, text] of [['not JSON (a raw NUL)', '{"x":"\u0000"}'], ['an array', '[]'], ['a string', '"fuzz"'], [`nested ${DEEP} deep`, nestedJson(DEEP)]] as const) {
          cases.push(send(`${part.name}: ${what}`, validTexts().set(part.name, text), part.name));
        }
      }
      cases.push(send('cut inside the file', validTexts(), '(form)', { cut: 'file' }));
      cases.push(send('cut before the closing boundary', validTexts(), '(form)', { cut: 'end' }));
      cases.push(send('cut before the closing boundary', validTexts(), '(form)', { cut: 'end' }));
      cases.push({ what: 'multipart without a boundary', method: op.method, url: url(), body: multipart('x', [...validTexts()].map(([name, text]) => ({ name, text }))), contentType: 'multipart/form-data', bad: true });
    }
    return cases;
  }

  // ---- sending --------------------------------------------------------------------------------

  type Caller = { cookie: string; csrfToken: string } | undefined;

  async function send(c: Case, caller: Caller): Promise<{ status: number; type: string; body: any }> {
    const headers: Record<string, string> = {};
    if (caller) {
      headers.cookie = caller.cookie;
      headers['x-csrf-token'] = caller.csrfToken;
    }
    if (c.contentType) headers['content-type'] = c.contentType;
    const body = typeof c.body === 'string' || c.body === undefined ? c.body : new Uint8Array(c.body);
    const res = await fetch(api + c.url, { method: c.method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let parsed: unknown = text;
    try { parsed = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: parsed };
  }

  /** The session a route is for: none on a public route, else the first demo role let through. */
  async function callerOf(op: Operation, probe: Case): Promise<Caller> {
    if (op.public) return undefined;
    for (const username of STAFF) {
      const res = await send(probe, cookies.get(username));
      if (res.status !== 401 && res.status !== 403) return cookies.get(username);
    }
    return cookies.get('admin');
  }

  function judge(c: Case, res: { status: number; type: string; body: any }): string | undefined {
    const shown = `${c.method} ${c.url.slice(0, 120)} — ${c.what}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
    if (res.status >= 500) return shown;
    if (c.valid && res.status === 400) return `the valid request was refused, so its mutations test nothing (add \`examples\`): ${shown}`;
    if (!c.bad && res.status < 400) return undefined;
    if (c.bad && (res.status < 400 || res.status >= 500)) return `not refused: ${shown}`;
    if (!/^application\/problem\+json/.test(res.type)) return `not problem+json: ${shown}`;
    if (res.body?.status !== res.status || typeof res.body?.type !== 'string' || typeof res.body?.title_uk !== 'string') return `malformed problem: ${shown}`;
    if (c.field !== undefined && res.status === 400) {
      const fields = ((res.body.errors ?? []) as Array<{ field: string }>).map((e) => e.field);
      if (!fields.includes(c.field)) return `field ${c.field} not named: ${shown}`;
    }
    return undefined;
  }

  async function counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const table of MAIN_TABLES) {
      const q = db(table);
      // Reply letters are registered by workers as outgoing documents, whenever an earlier case gets there.
      if (table === 'documents') q.where({ kind: 'incoming' });
      out[table] = Number((await q.count<{ count: string }[]>('* as count'))[0]!.count);
    }
    return out;
  }

  async function tempFiles(): Promise<string[]> {
    return readdir(path.join(testConfig().filesDir, '.tmp')).catch(() => []);
  }

  it('answers every bad input with a 4xx problem+json naming the field, and stores nothing', async () => {
    const before = await counts();
    const tempBefore = new Set(await tempFiles());
    const failures: string[] = [];
    let sent = 0;
    const routes = new Set<string>();
    for (const op of operations()) {
      const cases = casesOf(op);
      if (cases.length === 0) continue;
      routes.add(`${op.method} ${op.path}`);
      const cookie = await callerOf(op, cases[0]!);
      for (const c of cases) {
        const res = await send(c, cookie);
        sent += 1;
        const failure = judge(c, res);
        if (failure) failures.push(failure);
      }
    }
    // Every kind of input the brief names was sent somewhere: the fuzz cannot pass by sending nothing.
    expect(routes, 'routes fuzzed').to.include.members([
      'POST /api/v1/documents/', 'POST /api/v1/appeals/with-attachments', 'POST /api/v1/info-requests/with-attachments',
      'POST /api/v1/appeals/', 'POST /api/v1/nomenclature/case-files', 'GET /api/v1/deadlines/', 'GET /api/v1/documents/search',
    ]);
    expect(sent, 'requests sent').to.be.greaterThan(300);
    expect(failures, `${failures.length} of ${sent} answers wrong:\n${failures.join('\n')}`).to.deep.equal([]);

    expect(await counts(), 'rows in the main tables').to.deep.equal(before);
    const filesDir = testConfig().filesDir;
    expect(existsSync(path.join(filesDir, scanSha.slice(0, 2), scanSha.slice(2, 4), scanSha)), 'the fuzz scan in the file store').to.equal(false);
    // A temp file another component is writing just now goes within moments; ours must not stay.
    const deadline = Date.now() + 5000;
    let left = (await tempFiles()).filter((f) => !tempBefore.has(f));
    while (left.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      left = (await tempFiles()).filter((f) => !tempBefore.has(f));
    }
    expect(left, 'temp files left in the file store').to.deep.equal([]);
  });
});
