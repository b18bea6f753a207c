// A small interpreter of the JSON Schema keywords lib/schemas/appeal.json uses, so the form checks
// the very rules the API checks, from the same file, before anything is sent. ajv cannot run here
// (it compiles schemas to code, which this page's Content-Security-Policy forbids), so the server
// stays the judge: whatever this lets through, its problem+json field errors are shown the same way.
//
// Supported: type, properties, required, additionalProperties: false, enum, const, minLength,
// maxLength, pattern (Unicode, as ajv), format (date; email by the HTML standard's rule, looser than
// the server's), if/then/else, allOf, anyOf. Anything else is left to the server.

// The WHATWG "valid e-mail address" (what <input type="email"> accepts).
const EMAIL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

function validDate(value) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const formats = { date: validDate, email: (v) => EMAIL.test(v) };

function typeOf(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected, actual) {
  const list = Array.isArray(expected) ? expected : [expected];
  return list.some((t) => t === actual || (t === 'number' && actual === 'integer'));
}

/**
 * Errors of `data` against `schema`: [{ field, keyword, params }], `field` being the property name
 * as the API's problem+json names it (nested paths joined with dots).
 */
export function check(schema, data, path = []) {
  const errors = [];
  const at = (extra) => [...path, ...(extra === undefined ? [] : [extra])].join('.') || '(body)';
  if (schema === true || schema === undefined) return errors;
  if (schema === false) return [{ field: at(), keyword: 'false', params: {} }];

  if (schema.type !== undefined && !typeMatches(schema.type, typeOf(data))) {
    return [{ field: at(), keyword: 'type', params: { type: schema.type } }];
  }
  if (schema.const !== undefined && data !== schema.const) errors.push({ field: at(), keyword: 'const', params: { allowedValue: schema.const } });
  if (schema.enum !== undefined && !schema.enum.includes(data)) errors.push({ field: at(), keyword: 'enum', params: { allowedValues: schema.enum } });

  if (typeof data === 'string') {
    const length = [...data].length; // code points, as ajv counts
    if (schema.minLength !== undefined && length < schema.minLength) errors.push({ field: at(), keyword: 'minLength', params: { limit: schema.minLength } });
    if (schema.maxLength !== undefined && length > schema.maxLength) errors.push({ field: at(), keyword: 'maxLength', params: { limit: schema.maxLength } });
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(data)) errors.push({ field: at(), keyword: 'pattern', params: { pattern: schema.pattern } });
    const format = schema.format !== undefined ? formats[schema.format] : undefined;
    if (format && !format(data)) errors.push({ field: at(), keyword: 'format', params: { format: schema.format } });
  }

  if (typeOf(data) === 'object') {
    for (const name of schema.required ?? []) {
      if (data[name] === undefined) errors.push({ field: at(name), keyword: 'required', params: { missingProperty: name } });
    }
    for (const [name, value] of Object.entries(data)) {
      const sub = schema.properties?.[name];
      if (sub !== undefined) errors.push(...check(sub, value, [...path, name]));
      else if (schema.additionalProperties === false) errors.push({ field: at(name), keyword: 'additionalProperties', params: { additionalProperty: name } });
    }
  }

  if (schema.if !== undefined) {
    const branch = check(schema.if, data, path).length === 0 ? schema.then : schema.else;
    if (branch !== undefined) errors.push(...check(branch, data, path));
  }
  if (Array.isArray(schema.allOf)) {
    for (const sub of schema.allOf) errors.push(...check(sub, data, path));
  }
  if (Array.isArray(schema.anyOf)) {
    const results = schema.anyOf.map((sub) => check(sub, data, path));
    if (!results.some((r) => r.length === 0)) {
      // "One of these" is one error per field involved, each knowing its alternatives.
      const fields = [...new Set(results.flat().map((e) => e.field))];
      for (const field of fields) errors.push({ field, keyword: 'anyOf', params: { alternatives: fields } });
    }
  }
  return errors;
}
