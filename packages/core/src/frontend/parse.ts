/**
 * Parsing: kernel source text to an ESTree function node, with oxc's parser (TypeScript
 * annotations are accepted and ignored by lowering).
 */
import { parseSync } from 'oxc-parser';
import { ErrorCode } from './errors.js';
import type { KernelSource } from './source.js';

/** The ESTree node shapes lowering reads (oxc's AST, loosely typed). */
export interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

export type FunctionNode = Node & {
  params: Node[];
  body: Node;
  async: boolean;
  generator: boolean;
  id?: Node | null;
  /**
   * Strict mode's early errors (reserved words as names, octal literals, `eval` or `arguments`
   * bound or assigned, duplicate labels...), offsets in the function's text. Lowering reports
   * the first once its own checks (which give some of them more precise codes) have passed.
   */
  earlyErrors?: readonly EarlyError[];
};

/** An error JavaScript reports before running code, located in the function's text. */
export interface EarlyError {
  message: string;
  start: number;
  end: number;
}

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/**
 * Parses a function's text. `Function.prototype.toString` gives declarations, expressions,
 * arrows and method shorthands (`name(a) {...}`); the last is wrapped to parse.
 */
export function parseFunction(source: KernelSource): FunctionNode {
  const tooDeep = nestingPast(source.text, MAX_NESTING);
  if (tooDeep !== undefined) {
    throw source.error(
      ErrorCode.tooLarge,
      `this code nests too deeply for the parser (more than ${MAX_NESTING} brackets, or ${4 * MAX_NESTING} assignments or conditionals in one statement, or else branches); split it with const names or device functions`,
      tooDeep,
      tooDeep + 1,
    );
  }
  const attempts: [string, number][] = [
    [source.text, 0],
    [`(${source.text})`, 1],
    [`({${source.text}})`, 2],
  ];
  let firstError: { message: string; start: number; end: number } | undefined;
  for (const [text, shift] of attempts) {
    const result = parseSync(source.file.endsWith('.js') ? 'kernel.js' : 'kernel.ts', text, {
      lang: 'ts',
      sourceType: 'module',
    });
    if (result.errors.length > 0) {
      const error = result.errors[0];
      const label = error?.labels?.[0];
      firstError ??= {
        message: error?.message ?? 'syntax error',
        start: Math.max(0, (label?.start ?? 0) - shift),
        end: Math.max(1, (label?.end ?? 1) - shift),
      };
      continue;
    }
    const fn = findFunction(result.program as unknown as Node);
    if (fn) return { ...(shiftNode(fn, shift) as FunctionNode), earlyErrors: earlyErrors(text, shift) };
  }
  if (firstError) throw source.error(ErrorCode.syntax, firstError.message, firstError.start, firstError.end);
  throw source.error(ErrorCode.syntax, 'expected a single function', 0, source.text.length);
}

/**
 * How deeply code may nest: the parser exhausts its native stack (and kills the process) some
 * thousands of levels down, in brackets or in right-nested chains (`a = b = ...`,
 * `c ? x : d ? y : ...`, `else if` chains).
 */
const MAX_NESTING = 1000;

/**
 * The offset where the text first nests deeper than `limit`, outside strings and comments:
 * brackets (`( [ {`), or assignments and conditionals within one statement, or `else`s (each
 * may open a level), counted past four times the limit. Undefined when it never does.
 */
function nestingPast(text: string, limit: number): number | undefined {
  let depth = 0;
  let chain = 0;
  let elses = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (c === '/' && (next === '/' || next === '*')) {
      const end = next === '/' ? text.indexOf('\n', i) : text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end;
    } else if (c === '"' || c === "'" || c === '`') {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
    } else if (c === '(' || c === '[' || c === '{') {
      if (++depth > limit) return i;
    } else if (c === ')' || c === ']' || c === '}') {
      depth--;
    } else if (c === ';') {
      chain = 0;
    } else if ((c === '?' && next !== '.' && next !== '?' && text[i - 1] !== '?') || isAssignment(text, i)) {
      if (++chain > 4 * limit) return i;
    } else if (
      c === 'e' &&
      text.startsWith('else', i) &&
      !/[\w$]/.test(text[i - 1] ?? '') &&
      !/[\w$]/.test(text[i + 4] ?? '')
    ) {
      if (++elses > 4 * limit) return i;
    }
  }
  return undefined;
}

/** Whether the `=` at `i` is an assignment (not `==`, `=>`, `<=`, `>=`, `!=`). */
function isAssignment(text: string, i: number): boolean {
  return text[i] === '=' && text[i + 1] !== '=' && text[i + 1] !== '>' && !'=<>!'.includes(text[i - 1] ?? '');
}

function findFunction(program: Node): Node | undefined {
  const [statement] = program.body as Node[];
  if (!statement) return undefined;
  if (FUNCTION_TYPES.has(statement.type)) return statement;
  if (statement.type !== 'ExpressionStatement') return undefined;
  let expression = statement.expression as Node;
  while (expression.type === 'ParenthesizedExpression') expression = expression.expression as Node;
  if (FUNCTION_TYPES.has(expression.type)) return expression;
  if (expression.type === 'ObjectExpression') {
    const [property] = expression.properties as Node[];
    const value = property?.value as Node | undefined;
    if (value && FUNCTION_TYPES.has(value.type)) return { ...value, id: property?.key as Node };
  }
  return undefined;
}

/** Moves every offset in a subtree back by `shift` (the wrapper characters added for parsing). */
function shiftNode(node: Node, shift: number): Node {
  if (shift === 0) return node;
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
    } else if (value && typeof value === 'object') {
      const n = value as Node;
      if (typeof n.start === 'number') {
        n.start -= shift;
        n.end -= shift;
      }
      for (const key of Object.keys(n)) if (key !== 'start' && key !== 'end') visit(n[key]);
    }
  };
  visit(node);
  return node;
}

/** The semantic (early) errors of text that parses: kernels are strict code, as modules are. */
function earlyErrors(text: string, shift: number): EarlyError[] {
  const result = parseSync('kernel.ts', text, { lang: 'ts', sourceType: 'module', showSemanticErrors: true });
  return result.errors.map((error) => {
    const label = error.labels?.[0];
    return {
      message: error.message,
      start: Math.max(0, (label?.start ?? 0) - shift),
      end: Math.max(1, (label?.end ?? 1) - shift),
    };
  });
}
