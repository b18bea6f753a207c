// Text that can be stored: every string that reaches the API (body, query, path, the JSON part of a
// multipart form) is checked here once, before any schema or handler sees it. PostgreSQL refuses the
// NUL character (U+0000) in text and in jsonb, and refuses a lone UTF-16 surrogate (`"\uD800"` in
// JSON) in jsonb, while node-postgres silently turns one in a text column into U+FFFD: neither is
// anything a person typed, so both are refused with the field named, instead of a 500 from the
// database or a quietly altered record. Deep nesting is refused too: no input of this API is
// deeper than a few levels, and walking (or forwarding to the engine) an arbitrarily deep value
// costs the server, not the sender.
import type { FieldError } from './problem.ts';

/** Deeper than any input schema of the API (task variables: variables → object → array → value). */
export const MAX_INPUT_DEPTH = 16;

/** More would only make the answer to a 1 MB body of NULs longer, not more useful. */
const MAX_ERRORS = 20;

const NUL = '\u0000';
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** What is wrong with a string, or undefined when it can be stored. */
function textProblem(text: string): Pick<FieldError, 'message' | 'message_uk'> | undefined {
  if (text.includes(NUL)) return { message: 'must not contain the NUL character (U+0000)', message_uk: 'не може містити символ NUL (U+0000)' };
  if (LONE_SURROGATE.test(text)) {
    return { message: 'must be valid Unicode text (no lone surrogate such as U+D800)', message_uk: 'має бути коректним текстом Unicode (без непарного сурогату, як-от U+D800)' };
  }
  return undefined;
}

/**
 * A field name as it can be shown: a key may itself carry the characters refused here, and the
 * problem body names it (U+FFFD, the replacement character, stands in for each).
 */
export function printableName(name: string): string {
  return name.replace(UNSTORABLE, '\uFFFD');
}

/**
 * Every string (values and property names) of a parsed input that cannot be stored, as field
 * errors named like the schema errors (`metadata.summary`, `add.0.kind`), plus a value nested deeper
 * than MAX_INPUT_DEPTH. Iterative: a deep value must not exhaust the stack of the one checking it.
 */
export function storableTextErrors(value: unknown, prefix?: string): FieldError[] {
  const errors: FieldError[] = [];
  const root = prefix ? [prefix] : [];
  // Values still to look at, and errors about property names, waiting their turn in input order.
  const stack: Array<{ value: unknown; path: string[]; depth: number } | { error: FieldError }> = [{ value, path: root, depth: 0 }];
  const name = (path: string[]) => path.join('.') || '(body)';
  // Too deep is said of the field a form shows (`title`, `metadata`), not of a path 16 levels down.
  const outer = root.length + (value !== null && typeof value === 'object' && !Array.isArray(value) ? 1 : 0);
  while (stack.length > 0 && errors.length < MAX_ERRORS) {
    const next = stack.pop()!;
    if ('error' in next) {
      errors.push(next.error);
      continue;
    }
    const { value: current, path, depth } = next;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) errors.push({ field: name(path), ...problem });
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= MAX_INPUT_DEPTH) {
      errors.push({ field: name(path.slice(0, outer)), message: `is nested deeper than ${MAX_INPUT_DEPTH} levels`, message_uk: `має вкладеність, глибшу за ${MAX_INPUT_DEPTH} рівнів` });
      continue;
    }
    const entries = Array.isArray(current) ? current.map((v, i) => [String(i), v] as const) : Object.entries(current);
    // Reversed onto the stack, so the errors come in the order of the input.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      const childPath = [...path, printableName(key)];
      const keyProblem = Array.isArray(current) ? undefined : textProblem(key);
      if (keyProblem) {
        stack.push({ error: { field: name(childPath), message: `its name ${keyProblem.message}`, message_uk: `його назва ${keyProblem.message_uk}` } });
        continue;
      }
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return errors;
}
