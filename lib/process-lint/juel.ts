// The part of JUEL (the expression language of Camunda 7) the lint needs: find the expressions in
// an attribute, parse them, name the variables they read, and tell the few shapes that only read
// data from the ones that run code in the engine (method calls, arithmetic, beans, functions).

/** A piece of an attribute: literal text, or the body of one `${...}` / `#{...}`. */
export type Segment = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'expression'; readonly body: string };

/** Whether a value holds an expression at all (plain text is not evaluated). */
export function hasExpression(value: string): boolean {
  return /[$#]\{/.test(value);
}

/**
 * Splits a composite value ("${execution.processInstanceId}:task") into text and expression
 * bodies; quotes inside an expression may hold braces. Undefined when an expression is not closed.
 */
export function segments(value: string): Segment[] | undefined {
  const out: Segment[] = [];
  let i = 0;
  let textStart = 0;
  while (i < value.length) {
    if ((value[i] === '$' || value[i] === '#') && value[i + 1] === '{') {
      if (i > textStart) out.push({ kind: 'text', text: value.slice(textStart, i) });
      let j = i + 2;
      let quote: string | undefined;
      for (; j < value.length; j += 1) {
        const c = value[j];
        if (quote) {
          if (c === '\\') j += 1;
          else if (c === quote) quote = undefined;
        } else if (c === "'" || c === '"') quote = c;
        else if (c === '}') break;
      }
      if (j >= value.length) return undefined;
      out.push({ kind: 'expression', body: value.slice(i + 2, j) });
      i = j + 1;
      textStart = i;
    } else {
      i += 1;
    }
  }
  if (textStart < value.length) out.push({ kind: 'text', text: value.slice(textStart) });
  return out;
}

type Token =
  | { readonly kind: 'ident'; readonly value: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'op'; readonly value: string };

/** Words JUEL reserves: operators and literals, never variables. */
const WORD_OPERATORS = new Set(['and', 'or', 'not', 'eq', 'ne', 'lt', 'gt', 'le', 'ge', 'div', 'mod', 'empty', 'instanceof']);
const WORD_LITERALS = new Set(['true', 'false', 'null']);
const SYMBOLS = ['==', '!=', '<=', '>=', '&&', '||', '!', '<', '>', '?', ':', '(', ')', '[', ']', '.', ',', '+', '-', '*', '/', '%'];

/** Tokens of one expression body; undefined when it holds a character JUEL does not know. */
export function tokenize(body: string): Token[] | undefined {
  const tokens: Token[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      let value = '';
      for (; j < body.length && body[j] !== c; j += 1) {
        if (body[j] === '\\' && j + 1 < body.length) j += 1;
        value += body[j];
      }
      if (j >= body.length) return undefined;
      tokens.push({ kind: 'string', value });
      i = j + 1;
    } else if (/[0-9]/.test(c)) {
      const match = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(body.slice(i))!;
      tokens.push({ kind: 'number', value: Number(match[0]) });
      i += match[0].length;
    } else if (/[A-Za-z_$]/.test(c)) {
      const match = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(body.slice(i))!;
      const word = match[0];
      if (WORD_LITERALS.has(word)) tokens.push({ kind: 'ident', value: word });
      else if (WORD_OPERATORS.has(word)) tokens.push({ kind: 'op', value: word });
      else tokens.push({ kind: 'ident', value: word });
      i += word.length;
    } else {
      const symbol = SYMBOLS.find((s) => body.startsWith(s, i));
      if (!symbol) return undefined;
      tokens.push({ kind: 'op', value: symbol });
      i += symbol.length;
    }
  }
  return tokens;
}

/** A parsed expression. */
export type Expr =
  | { readonly kind: 'variable'; readonly name: string }
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null }
  | { readonly kind: 'member'; readonly object: Expr; readonly name: string }
  | { readonly kind: 'index'; readonly object: Expr; readonly index: Expr }
  | { readonly kind: 'call'; readonly callee: Expr; readonly args: readonly Expr[] }
  | { readonly kind: 'function'; readonly name: string; readonly args: readonly Expr[] }
  | { readonly kind: 'unary'; readonly op: string; readonly operand: Expr }
  | { readonly kind: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'conditional'; readonly test: Expr; readonly then: Expr; readonly otherwise: Expr };

const OR = ['||', 'or'];
const AND = ['&&', 'and'];
const EQUALITY = ['==', '!=', 'eq', 'ne'];
const RELATION = ['<', '>', '<=', '>=', 'lt', 'gt', 'le', 'ge', 'instanceof'];
const ADDITIVE = ['+', '-'];
const MULTIPLICATIVE = ['*', '/', '%', 'div', 'mod'];
const UNARY = ['!', 'not', '-', 'empty'];

/** Parses one expression body (without `${` and `}`); undefined when it is not valid JUEL. */
export function parse(body: string): Expr | undefined {
  const tokens = tokenize(body);
  if (!tokens || tokens.length === 0) return undefined;
  let at = 0;
  const peekOp = (ops: readonly string[]): string | undefined => {
    const t = tokens[at];
    return t?.kind === 'op' && ops.includes(t.value) ? t.value : undefined;
  };
  const expectOp = (op: string): void => {
    if (peekOp([op]) === undefined) throw new SyntaxError(op);
    at += 1;
  };
  const binary = (ops: readonly string[], next: () => Expr) => (): Expr => {
    let left = next();
    for (let op = peekOp(ops); op !== undefined; op = peekOp(ops)) {
      at += 1;
      left = { kind: 'binary', op, left, right: next() };
    }
    return left;
  };
  const args = (): Expr[] => {
    expectOp('(');
    const out: Expr[] = [];
    if (peekOp([')'])) {
      at += 1;
      return out;
    }
    for (;;) {
      out.push(expression());
      if (peekOp([')'])) {
        at += 1;
        return out;
      }
      expectOp(',');
    }
  };
  const primary = (): Expr => {
    const t = tokens[at];
    if (!t) throw new SyntaxError('end');
    at += 1;
    if (t.kind === 'string' || t.kind === 'number') return { kind: 'literal', value: t.value };
    if (t.kind === 'ident') {
      if (t.value === 'true' || t.value === 'false') return { kind: 'literal', value: t.value === 'true' };
      if (t.value === 'null') return { kind: 'literal', value: null };
      // A function of the engine's context, e.g. now(), dateTime() (also prefix:name()).
      if (peekOp([':']) && tokens[at + 1]?.kind === 'ident' && tokens[at + 2]?.kind === 'op' && tokens[at + 2]!.value === '(') {
        const name = `${t.value}:${(tokens[at + 1] as { value: string }).value}`;
        at += 2;
        return { kind: 'function', name, args: args() };
      }
      if (peekOp(['('])) return { kind: 'function', name: t.value, args: args() };
      return { kind: 'variable', name: t.value };
    }
    if (t.value === '(') {
      const inner = expression();
      expectOp(')');
      return inner;
    }
    throw new SyntaxError(t.value);
  };
  const postfix = (): Expr => {
    let e = primary();
    for (;;) {
      if (peekOp(['.'])) {
        at += 1;
        const name = tokens[at];
        if (name?.kind !== 'ident') throw new SyntaxError('.');
        at += 1;
        e = { kind: 'member', object: e, name: name.value };
        if (peekOp(['('])) e = { kind: 'call', callee: e, args: args() };
      } else if (peekOp(['['])) {
        at += 1;
        const index = expression();
        expectOp(']');
        e = { kind: 'index', object: e, index };
      } else {
        return e;
      }
    }
  };
  const unary = (): Expr => {
    const op = peekOp(UNARY);
    if (op === undefined) return postfix();
    at += 1;
    return { kind: 'unary', op, operand: unary() };
  };
  const multiplicative = binary(MULTIPLICATIVE, unary);
  const additive = binary(ADDITIVE, multiplicative);
  const relation = binary(RELATION, additive);
  const equality = binary(EQUALITY, relation);
  const and = binary(AND, equality);
  const or = binary(OR, and);
  function expression(): Expr {
    const test = or();
    if (!peekOp(['?'])) return test;
    at += 1;
    const then = expression();
    expectOp(':');
    return { kind: 'conditional', test, then, otherwise: expression() };
  }
  try {
    const e = expression();
    return at === tokens.length ? e : undefined;
  } catch (err) {
    if (err instanceof SyntaxError) return undefined;
    throw err;
  }
}

/** `execution`: the engine's object, never a process variable. */
const EXECUTION = 'execution';

/**
 * The process variables an expression body reads: its variables, and `x` of
 * `execution.getVariable('x')`; not `execution`, literals, operators, functions nor the names after
 * a dot. An expression that does not parse is read token by token, so a condition outside the
 * allowed shapes still names its variables.
 */
export function variablesRead(body: string): string[] {
  const e = parse(body);
  const names = new Set<string>();
  if (e) collectVariables(e, names);
  else collectVariableTokens(tokenize(body) ?? [], names);
  return [...names];
}

function collectVariables(e: Expr, names: Set<string>): void {
  switch (e.kind) {
    case 'variable':
      if (e.name !== EXECUTION) names.add(e.name);
      return;
    case 'literal':
      return;
    case 'member':
      collectVariables(e.object, names);
      return;
    case 'index':
      collectVariables(e.object, names);
      collectVariables(e.index, names);
      return;
    case 'call': {
      const arg = e.args[0];
      if (e.callee.kind === 'member' && /^getVariable(Local|Typed)?$/.test(e.callee.name) && e.callee.object.kind === 'variable'
        && e.callee.object.name === EXECUTION && arg?.kind === 'literal' && typeof arg.value === 'string') {
        names.add(arg.value);
        return;
      }
      collectVariables(e.callee, names);
      for (const a of e.args) collectVariables(a, names);
      return;
    }
    case 'function':
      for (const a of e.args) collectVariables(a, names);
      return;
    case 'unary':
      collectVariables(e.operand, names);
      return;
    case 'binary':
      collectVariables(e.left, names);
      collectVariables(e.right, names);
      return;
    case 'conditional':
      collectVariables(e.test, names);
      collectVariables(e.then, names);
      collectVariables(e.otherwise, names);
  }
}

/** Identifiers not after a dot nor before a parenthesis, and getVariable's argument. */
function collectVariableTokens(tokens: readonly Token[], names: Set<string>): void {
  tokens.forEach((t, i) => {
    if (t.kind !== 'ident' || WORD_LITERALS.has(t.value)) return;
    const before = tokens[i - 1];
    const after = tokens[i + 1];
    if (before?.kind === 'op' && before.value === '.') return;
    if (after?.kind === 'op' && after.value === '(') return;
    if (t.value !== EXECUTION) {
      names.add(t.value);
      return;
    }
    const method = tokens[i + 2];
    const arg = tokens[i + 4];
    if (method?.kind === 'ident' && /^getVariable(Local|Typed)?$/.test(method.value) && arg?.kind === 'string') names.add(arg.value);
  });
}

/** The variables of every expression in a value (composite values included). */
export function variablesReadIn(value: string): string[] {
  const names = new Set<string>();
  for (const s of segments(value) ?? []) if (s.kind === 'expression') for (const n of variablesRead(s.body)) names.add(n);
  return [...names];
}

/** `${v}`: the one variable of a value that is exactly a plain reference, else undefined. */
export function plainVariable(value: string): string | undefined {
  const m = /^\s*[$#]\{\s*([A-Za-z_$][A-Za-z0-9_$]*)\s*\}\s*$/.exec(value);
  return m && !WORD_LITERALS.has(m[1]!) && !WORD_OPERATORS.has(m[1]!) && m[1] !== EXECUTION ? m[1] : undefined;
}

/**
 * What a condition tests when it tests one variable against one value: `${v == 'x'}`, `${v eq true}`,
 * `${v}` (v == true), `${!v}` / `${not v}` (v != true), `${v != false}`, `${execution.getVariable('v') == 'x'}`,
 * with the literal on either side. `negated` for != and each !; undefined for anything else
 * (&&, ||, comparisons of two variables, numbers, null), so a caller never reads more into it.
 */
export interface EqualityTest {
  readonly variable: string;
  readonly value: string | boolean;
  readonly negated: boolean;
}

export function equalityTest(value: string): EqualityTest | undefined {
  const parts = segments(value.trim());
  if (!parts || parts.length !== 1 || parts[0]!.kind !== 'expression') return undefined;
  const e = parse(parts[0]!.body);
  return e ? testOf(e) : undefined;
}

function testedVariable(e: Expr): string | undefined {
  if (isVariable(e)) return e.name;
  // isGetVariable: a call whose one argument is a string literal.
  if (isGetVariable(e) && e.kind === 'call' && e.args[0]!.kind === 'literal') return String(e.args[0]!.value);
  return undefined;
}

function testOf(e: Expr): EqualityTest | undefined {
  const variable = testedVariable(e);
  if (variable !== undefined) return { variable, value: true, negated: false };
  if (e.kind === 'unary' && (e.op === '!' || e.op === 'not')) {
    const inner = testOf(e.operand);
    return inner && { ...inner, negated: !inner.negated };
  }
  if (e.kind !== 'binary' || !EQUALITY.includes(e.op)) return undefined;
  const negated = e.op === '!=' || e.op === 'ne';
  for (const [side, other] of [[e.left, e.right], [e.right, e.left]] as const) {
    const name = testedVariable(side);
    if (name !== undefined && other.kind === 'literal' && (typeof other.value === 'string' || typeof other.value === 'boolean')) {
      return { variable: name, value: other.value, negated };
    }
  }
  return undefined;
}

// The shapes that only read data (DESIGN.md 3a: "scripts, Java classes and expressions beyond
// plain variable references and an allow-list are refused").

function isVariable(e: Expr): e is { kind: 'variable'; name: string } {
  return e.kind === 'variable' && e.name !== EXECUTION;
}

/** `execution.getVariable('x')`. */
function isGetVariable(e: Expr): boolean {
  return e.kind === 'call' && e.callee.kind === 'member' && e.callee.name === 'getVariable'
    && e.callee.object.kind === 'variable' && e.callee.object.name === EXECUTION
    && e.args.length === 1 && e.args[0]!.kind === 'literal' && typeof e.args[0]!.value === 'string';
}

/** A value a condition may compare: a variable, a literal (a negative number too), getVariable. */
function isValue(e: Expr): boolean {
  if (isVariable(e) || e.kind === 'literal' || isGetVariable(e)) return true;
  return e.kind === 'unary' && e.op === '-' && e.operand.kind === 'literal' && typeof e.operand.value === 'number';
}

/** Values, their comparisons, `empty`, joined by && || and negated by !. */
function isCondition(e: Expr): boolean {
  if (isValue(e)) return true;
  if (e.kind === 'unary') return (e.op === '!' || e.op === 'not') ? isCondition(e.operand) : e.op === 'empty' && isValue(e.operand);
  if (e.kind !== 'binary') return false;
  if (OR.includes(e.op) || AND.includes(e.op)) return isCondition(e.left) && isCondition(e.right);
  if (EQUALITY.includes(e.op) || (RELATION.includes(e.op) && e.op !== 'instanceof')) return isValue(e.left) && isValue(e.right);
  return false;
}

/** `v.prop('p').stringValue()` (a Spin JSON variable's string property); returns [v, p]. */
function spinString(e: Expr): [string, string] | undefined {
  if (e.kind !== 'call' || e.args.length > 0 || e.callee.kind !== 'member' || e.callee.name !== 'stringValue') return undefined;
  const prop = e.callee.object;
  if (prop.kind !== 'call' || prop.callee.kind !== 'member' || prop.callee.name !== 'prop' || !isVariable(prop.callee.object)) return undefined;
  const arg = prop.args.length === 1 ? prop.args[0]! : undefined;
  return arg?.kind === 'literal' && typeof arg.value === 'string' ? [prop.callee.object.name, arg.value] : undefined;
}

/** `v.hasProp('p') ? v.prop('p').stringValue() : null`. */
function isSpinOptional(e: Expr): boolean {
  if (e.kind !== 'conditional' || e.otherwise.kind !== 'literal' || e.otherwise.value !== null) return false;
  const test = e.test;
  const read = spinString(e.then);
  if (!read || test.kind !== 'call' || test.callee.kind !== 'member' || test.callee.name !== 'hasProp') return false;
  const object = test.callee.object;
  const arg = test.args.length === 1 ? test.args[0]! : undefined;
  return isVariable(object) && object.name === read[0] && arg?.kind === 'literal' && arg.value === read[1];
}

/**
 * `v.elements()`: the items of a Spin JSON array variable, as a multi-instance collection. Reading
 * an array is data access, like `v.prop('p')`: the items are what a worker wrote.
 */
function isSpinElements(e: Expr): boolean {
  return e.kind === 'call' && e.args.length === 0 && e.callee.kind === 'member' && e.callee.name === 'elements' && isVariable(e.callee.object);
}

/** `execution.processInstanceId`. */
function isProcessInstanceId(e: Expr): boolean {
  return e.kind === 'member' && e.name === 'processInstanceId' && e.object.kind === 'variable' && e.object.name === EXECUTION;
}

/** Whether one expression body has one of the allowed shapes. */
export function isAllowedExpression(body: string): boolean {
  const e = parse(body);
  if (!e) return false;
  return isCondition(e) || spinString(e) !== undefined || isSpinOptional(e) || isSpinElements(e) || isProcessInstanceId(e);
}

/**
 * Whether a value evaluates only allowed expressions: each `${...}` of it has an allowed shape
 * (text around them, as in `${execution.processInstanceId}:task-id`, is only text).
 */
export function isAllowedValue(value: string): boolean {
  const parts = segments(value);
  return parts !== undefined && parts.every((s) => s.kind === 'text' || isAllowedExpression(s.body));
}
