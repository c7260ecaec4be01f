/**
 * Parsing: kernel source text to an ESTree function node, with oxc's parser (TypeScript
 * annotations are accepted and ignored by lowering).
 */
import { parseSync } from 'oxc-parser';
import { ErrorCode } from './errors.js';
import { depthOverflow, MAX_BRACKETS, MAX_DEPTH, nestingOverflow } from './nesting.js';
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

const NESTING = {
  brackets: `brackets nested more than ${MAX_BRACKETS} deep are not supported in kernels`,
  chain: `expressions and statements nested more than ${MAX_DEPTH} deep are not supported in kernels`,
};

/**
 * What a kernel's text is parsed in, in this order: as it is (a module, whose first statement is
 * the function), in parentheses (a function expression), as an object's method (a shorthand).
 * The wrapped forms close on a line of their own: a line comment after the function (`}
 * // done`) would otherwise take the closing brackets with it.
 */
export const TEXT_WRAPPINGS = [
  ['', ''],
  ['(', '\n)'],
  ['({', '\n})'],
] as const;

/**
 * Parses a function's text. `Function.prototype.toString` gives declarations, expressions,
 * arrows and method shorthands (`name(a) {...}`); the last is wrapped to parse.
 */
export function parseFunction(source: KernelSource): FunctionNode {
  const deep = nestingOverflow(source.text);
  if (deep !== undefined) throw source.error(ErrorCode.tooLarge, NESTING[deep.kind], deep.at, deep.at + 1);
  let firstError: { message: string; start: number; end: number } | undefined;
  for (const [open, close] of TEXT_WRAPPINGS) {
    const text = `${open}${source.text}${close}`;
    const shift = open.length;
    const name = source.file.endsWith('.js') ? 'kernel.js' : 'kernel.ts';
    // One parse that reports early errors too serves text with no errors of either kind (most
    // kernels): its tree is then the plain parse's. Other text is parsed again to tell them apart.
    const checked = parseSync(name, text, { lang: 'ts', sourceType: 'module', showSemanticErrors: true });
    const clean = checked.errors.length === 0;
    const result = clean ? checked : parseSync(name, text, { lang: 'ts', sourceType: 'module' });
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
    if (!fn) continue;
    const tooDeep = depthOverflow(fn);
    if (tooDeep)
      throw source.error(ErrorCode.tooLarge, NESTING.chain, tooDeep.start - shift, tooDeep.end - shift);
    const node = shiftNode(fn, shift) as FunctionNode;
    if (node.async || node.generator)
      throw source.error(
        ErrorCode.unsupported,
        'kernels cannot be async or generators',
        node.start,
        node.end,
      );
    // A TypeScript `this: T` parameter types `this`: JavaScript's function has no such parameter.
    const [first] = node.params;
    const params = first?.type === 'Identifier' && first.name === 'this' ? node.params.slice(1) : node.params;
    return { ...node, params, earlyErrors: clean ? [] : earlyErrors(text, shift) };
  }
  if (firstError) throw source.error(ErrorCode.syntax, firstError.message, firstError.start, firstError.end);
  throw source.error(ErrorCode.syntax, 'expected a single function', 0, source.text.length);
}

/**
 * Where the function the compiler takes from a text lies in it: the text may hold more (a `#!`
 * line before it, other statements after it), of which the kernel is the first function. A
 * method's span starts where the text does, with its name.
 */
export function functionSpan(source: KernelSource): { start: number; end: number } {
  const fn = parseFunction(source);
  return { start: fn.id && fn.id.start < fn.start ? 0 : fn.start, end: fn.end };
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
