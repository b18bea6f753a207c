// The small FEEL subset a form's `conditional.hide` may use, so that the server can turn "this field
// is shown only when ..." into a JSON Schema condition and re-check it on every completion. A larger
// FEEL (functions, arithmetic, paths, ranges) would be evaluated only by the browser's form-js and
// the server could not say which fields were required: such an expression is refused, not guessed.
//
//   expression := "=" or
//   or         := and ("or" and)*
//   and        := unary ("and" unary)*
//   unary      := "not" "(" or ")" | "(" or ")" | comparison
//   comparison := name ("=" | "!=") literal
//   literal    := "string" | number | true | false
//
// `name` is a key of the same form. A comparison is true or false, never null: `x = v` holds when
// the variable is present and equal to v (a missing variable equals nothing), `x != v` is its
// negation, which is also FEEL's answer for a missing (null) x.
import type { JsonSchema } from './types.ts';

export type FeelLiteral = string | number | boolean;

export type FeelCondition =
  | { readonly kind: 'compare'; readonly name: string; readonly op: '=' | '!='; readonly value: FeelLiteral }
  | { readonly kind: 'and' | 'or'; readonly items: readonly FeelCondition[] }
  | { readonly kind: 'not'; readonly item: FeelCondition };

export class FeelSubsetError extends Error {
  constructor(readonly message_uk: string, message_en: string) {
    super(message_en);
    this.name = 'FeelSubsetError';
  }
}

type Token =
  | { readonly t: 'name'; readonly v: string }
  | { readonly t: 'string'; readonly v: string }
  | { readonly t: 'number'; readonly v: number }
  | { readonly t: 'op'; readonly v: '=' | '!=' | '(' | ')' };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?/;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let rest = source;
  while (rest.length > 0) {
    const space = /^\s+/.exec(rest);
    if (space) { rest = rest.slice(space[0].length); continue; }
    if (rest.startsWith('!=')) { tokens.push({ t: 'op', v: '!=' }); rest = rest.slice(2); continue; }
    const c = rest[0]!;
    if (c === '=' || c === '(' || c === ')') { tokens.push({ t: 'op', v: c }); rest = rest.slice(1); continue; }
    if (c === '"') {
      let value = '';
      let i = 1;
      for (; i < rest.length && rest[i] !== '"'; i += 1) {
        if (rest[i] === '\\') {
          const next = rest[i + 1];
          if (next !== '"' && next !== '\\') throw unsupported(`\\${next ?? ''}`);
          value += next;
          i += 1;
        } else {
          value += rest[i];
        }
      }
      if (i >= rest.length) throw new FeelSubsetError('рядок у виразі FEEL не закрито лапками', 'a string in the FEEL expression is not closed');
      tokens.push({ t: 'string', v: value });
      rest = rest.slice(i + 1);
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) { tokens.push({ t: 'number', v: Number(number[0]) }); rest = rest.slice(number[0].length); continue; }
    const name = NAME.exec(rest);
    if (name) { tokens.push({ t: 'name', v: name[0] }); rest = rest.slice(name[0].length); continue; }
    throw unsupported(c);
  }
  return tokens;
}

function unsupported(what: string): FeelSubsetError {
  return new FeelSubsetError(
    `«${what}» не входить до підмножини FEEL, яку перевіряє сервер: лише порівняння поля форми з рядком, числом, true чи false (=, !=), and, or, not(...) і дужки`,
    `"${what}" is outside the FEEL subset the server checks: only comparisons of a form field with a string, number, true or false (=, !=), and, or, not(...) and parentheses`,
  );
}

const KEYWORDS = new Set(['and', 'or', 'not', 'true', 'false', 'null']);

/** Parses `=<expression>` in the subset; throws FeelSubsetError for anything else. */
export function parseFeelCondition(expression: string): FeelCondition {
  if (!expression.startsWith('=')) {
    throw new FeelSubsetError('вираз FEEL має починатися зі знака «=»', 'a FEEL expression starts with "="');
  }
  const tokens = tokenize(expression.slice(1));
  let at = 0;
  const peek = () => tokens[at];
  const isWord = (word: string) => peek()?.t === 'name' && peek()!.v === word;
  const expectOp = (op: string) => {
    const token = tokens[at];
    if (token?.t !== 'op' || token.v !== op) throw unsupported(token ? String(token.v) : `(кінець виразу / end of expression, «${op}» expected)`);
    at += 1;
  };

  const or = (): FeelCondition => {
    const items = [and()];
    while (isWord('or')) { at += 1; items.push(and()); }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  };
  const and = (): FeelCondition => {
    const items = [unary()];
    while (isWord('and')) { at += 1; items.push(unary()); }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  };
  const unary = (): FeelCondition => {
    if (isWord('not')) {
      at += 1;
      expectOp('(');
      const item = or();
      expectOp(')');
      return { kind: 'not', item };
    }
    const token = peek();
    if (token?.t === 'op' && token.v === '(') {
      at += 1;
      const inner = or();
      expectOp(')');
      return inner;
    }
    return comparison();
  };
  const comparison = (): FeelCondition => {
    const name = tokens[at];
    if (name?.t !== 'name' || KEYWORDS.has(name.v)) throw unsupported(name ? String(name.v) : '(порожній вираз / empty expression)');
    at += 1;
    const op = tokens[at];
    if (op?.t !== 'op' || (op.v !== '=' && op.v !== '!=')) throw unsupported(op ? String(op.v) : `${name.v} (без порівняння / no comparison)`);
    at += 1;
    const literal = tokens[at];
    at += 1;
    if (literal?.t === 'string' || literal?.t === 'number') return { kind: 'compare', name: name.v, op: op.v, value: literal.v };
    if (literal?.t === 'name' && (literal.v === 'true' || literal.v === 'false')) return { kind: 'compare', name: name.v, op: op.v, value: literal.v === 'true' };
    throw unsupported(literal ? String(literal.v) : `${name.v} ${op.v} (без значення / no value)`);
  };

  const condition = or();
  if (at < tokens.length) throw unsupported(String(tokens[at]!.v));
  return condition;
}

/** The form keys a condition reads, each with the literals it is compared with. */
export function conditionComparisons(condition: FeelCondition): Array<{ name: string; value: FeelLiteral }> {
  switch (condition.kind) {
    case 'compare': return [{ name: condition.name, value: condition.value }];
    case 'not': return conditionComparisons(condition.item);
    default: return condition.items.flatMap(conditionComparisons);
  }
}

/** What the condition says of the submitted variables (the server's reading, also for tests). */
export function evaluateCondition(condition: FeelCondition, variables: Readonly<Record<string, unknown>>): boolean {
  switch (condition.kind) {
    case 'compare': {
      const equal = Object.hasOwn(variables, condition.name) && variables[condition.name] === condition.value;
      return condition.op === '=' ? equal : !equal;
    }
    case 'not': return !evaluateCondition(condition.item, variables);
    case 'and': return condition.items.every((c) => evaluateCondition(c, variables));
    case 'or': return condition.items.some((c) => evaluateCondition(c, variables));
  }
}

function negate(schema: JsonSchema): JsonSchema {
  const keys = Object.keys(schema);
  return keys.length === 1 && keys[0] === 'not' ? (schema.not as JsonSchema) : { not: schema };
}

/** The JSON Schema an object of variables matches exactly when the condition holds. */
export function conditionSchema(condition: FeelCondition): JsonSchema {
  switch (condition.kind) {
    case 'compare': {
      const equal = { properties: { [condition.name]: { const: condition.value } }, required: [condition.name] };
      return condition.op === '=' ? equal : { not: equal };
    }
    case 'not': return negate(conditionSchema(condition.item));
    case 'and': return { allOf: condition.items.map(conditionSchema) };
    case 'or': return { anyOf: condition.items.map(conditionSchema) };
  }
}

/** The JSON Schema of "the field is shown": the hide condition does not hold. */
export function shownSchema(hide: FeelCondition): JsonSchema {
  return negate(conditionSchema(hide));
}
