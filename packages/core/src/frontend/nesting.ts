/**
 * Limits on how deeply a kernel nests, checked before the recursive steps that would otherwise
 * crash on it: oxc's parser overflows the native stack (a segfault of the whole process) some
 * thousands of brackets deep, and lowering recurses on the syntax tree. Kernels written by hand
 * stay far below both limits.
 */
import type { Node } from './parse.js';

/** The deepest brackets (`(`, `[`, `{`, `${`) kernel text may nest. */
export const MAX_BRACKETS = 256;

/** The deepest syntax tree lowering takes. */
export const MAX_DEPTH = 1000;

/**
 * The most operators and keywords that may chain without brackets: they nest no deeper than
 * that (the parser takes 4,500 of each kind), and a chain of more nests deeper than MAX_DEPTH in
 * practice.
 */
const MAX_CHAIN = 4 * MAX_DEPTH;

/**
 * How far a token's nesting reaches: `line` nests within an expression (operators, `typeof`,
 * `new`...), `statement` nests statements until one ends with `;` or a block (`if`, `for`,
 * `while`, `with`, labels' `:`), `chain` nests across statements (`else if`, `do`).
 */
type Reach = 'line' | 'statement' | 'chain';

const KEYWORDS: ReadonlyMap<string, Reach> = new Map([
  ['typeof', 'line'],
  ['void', 'line'],
  ['delete', 'line'],
  ['new', 'line'],
  ['await', 'line'],
  ['yield', 'line'],
  ['if', 'statement'],
  ['for', 'statement'],
  ['while', 'statement'],
  ['with', 'statement'],
  ['else', 'chain'],
  ['do', 'chain'],
]);

/** The longest keyword: longer words are looked up not at all. */
const LONGEST_KEYWORD = 6;

/**
 * What an ASCII character does to nesting, looked up by code (the scan runs once per compile over
 * the whole text, so no regular expression runs per character): most do nothing.
 */
const Char = { nothing: 0, operator: 1, wordStart: 2, word: 3, other: 4 } as const;

const CHARS = (() => {
  const chars = new Uint8Array(128);
  for (const c of '=?!~-+*/%&|^<>') chars[c.charCodeAt(0)] = Char.operator;
  for (let code = 0; code < 128; code++) {
    const c = String.fromCharCode(code);
    if (/[A-Za-z_$]/.test(c)) chars[code] = Char.wordStart;
    else if (/[0-9]/.test(c)) chars[code] = Char.word;
  }
  // Handled one by one in the scan (comments start with the operator `/`).
  for (const c of '\'"`([{)]};,\n:') chars[c.charCodeAt(0)] = Char.other;
  return chars;
})();

/** Operator characters that continue a run (`===`, `>>>=`): not `!`, `~` or `/`. */
const RUN = /[=?\-+*%&|^<>]/;

/** The end of the word (letters, digits, `_`, `$`) starting at `from`. */
function wordEnd(text: string, from: number): number {
  let end = from + 1;
  for (; end < text.length; end++) {
    const code = text.charCodeAt(end);
    const kind = code < 128 ? (CHARS[code] as number) : Char.nothing;
    if (kind !== Char.wordStart && kind !== Char.word) break;
  }
  return end;
}

/** Where text nests too deeply for the parser, and how. */
export interface Overflow {
  readonly at: number;
  /** Brackets past MAX_BRACKETS, or a chain of operators and keywords past MAX_CHAIN. */
  readonly kind: 'brackets' | 'chain';
}

/** The chains counted at one bracket level. */
type Counts = Record<Reach, number>;

const fresh = (): Counts => ({ line: 0, statement: 0, chain: 0 });

/**
 * Where JavaScript text first nests deeper than the parser takes, or undefined: brackets (`(`,
 * `[`, `{`, `${`) past MAX_BRACKETS, or more than MAX_CHAIN operators or keywords chained
 * without brackets (`a = b = c`, `!!x`, `if (a) if (b)`, `else if`), counted per bracket level
 * from where their nesting ends (see Reach). Strings, templates' text and comments do not count;
 * regular expressions are not told apart from division (a bracket in one counts).
 */
export function nestingOverflow(text: string): Overflow | undefined {
  // What each open bracket closes into: code, or a template's text after `${`.
  const open: ('code' | 'template')[] = [];
  const levels: Counts[] = [fresh()];
  let level = levels[0] as Counts;
  let i = 0;
  const enter = (kind: 'code' | 'template'): void => {
    open.push(kind);
    level = fresh();
    levels.push(level);
  };
  const skipTemplateText = (): void => {
    for (; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '`') return;
      else if (text[i] === '$' && text[i + 1] === '{') {
        enter('template');
        i++;
        return;
      }
    }
  };
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const kind = code < 128 ? (CHARS[code] as number) : Char.nothing;
    if (kind === Char.nothing || kind === Char.word) continue;
    const c = text[i] as string;
    const next = text[i + 1];
    let reach: Reach | undefined;
    const at = i;
    if (c === '/' && next === '/') i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
    else if (c === '/' && next === '*')
      i = text.indexOf('*/', i + 2) < 0 ? text.length : text.indexOf('*/', i + 2) + 1;
    else if (c === "'" || c === '"') {
      for (i++; i < text.length && text[i] !== c && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
    } else if (c === '`') {
      i++;
      skipTemplateText();
    } else if (c === '(' || c === '[' || c === '{') enter('code');
    else if (c === ')' || c === ']' || c === '}') {
      levels.pop();
      if (levels.length === 0) levels.push(fresh());
      level = levels[levels.length - 1] as Counts;
      // A block ends the statements it belongs to.
      if (c === '}') level.statement = 0;
      if (open.pop() === 'template') {
        i++;
        skipTemplateText();
      }
    } else if (c === ';') {
      level.line = 0;
      level.statement = 0;
    } else if (c === ',' || c === '\n') level.line = 0;
    else if (c === ':') reach = 'statement';
    else if (kind === Char.operator) {
      // A run of operators is one (`===`, `>>>=`, `!==`), but each prefix `!` and `~` nests.
      if (c !== '~' && (c !== '!' || next === '=')) while (RUN.test(text[i + 1] ?? '')) i++;
      if (nestsRight(text, at, text.slice(at, i + 1))) reach = 'line';
    } else {
      const end = wordEnd(text, i);
      if (end - i <= LONGEST_KEYWORD) reach = KEYWORDS.get(text.slice(i, end));
      i = end - 1;
    }
    if (reach !== undefined && ++level[reach] > MAX_CHAIN) return { at, kind: 'chain' };
    if (open.length > MAX_BRACKETS) return { at: Math.min(at, text.length - 1), kind: 'brackets' };
  }
  return undefined;
}

/**
 * Whether the operator `op` at `at` nests what follows it: prefix operators, assignments,
 * conditionals and `**`. Left-associative binary operators (`a + b + c`) do not: the parser
 * and lowering take their chains without recursing.
 */
function nestsRight(text: string, at: number, op: string): boolean {
  if (op.includes('?') || op.startsWith('**')) return true;
  if (op.endsWith('=') && !['==', '===', '!=', '!==', '<=', '>='].includes(op)) return true;
  let before = at - 1;
  while (before >= 0 && /\s/.test(text[before] as string)) before--;
  // After an operand (a name, a number, a closing bracket) the operator is binary.
  return before < 0 || !/[\w$)\]}'"`.]/.test(text[before] as string);
}

/**
 * A node of a syntax tree deeper than MAX_DEPTH, the first in the text, or undefined. Walked
 * without recursion.
 */
const CHAINS = new Set(['BinaryExpression', 'LogicalExpression']);

export function depthOverflow(root: Node): Node | undefined {
  let first: Node | undefined;
  // Objects and arrays still to visit, with their depths (two stacks: no pair made per value).
  const values: object[] = [root];
  const depths: number[] = [0];
  const push = (value: unknown, depth: number): void => {
    if (value !== null && typeof value === 'object') {
      values.push(value);
      depths.push(depth);
    }
  };
  while (values.length > 0) {
    const value = values.pop() as object;
    const depth = depths.pop() as number;
    if (Array.isArray(value)) {
      for (const item of value) push(item, depth);
    } else {
      const node = value as Node;
      if (depth > MAX_DEPTH) {
        if (first === undefined || node.start < first.start) first = node;
        continue;
      }
      // A syntax tree's nodes are plain objects parsed from JSON: `for in` sees their own keys
      // without making an array of them per node.
      for (const key in node) {
        const child = node[key];
        if (child === null || typeof child !== 'object') continue;
        // A left-nested chain of binary operators is lowered in a loop: its spine adds no depth.
        const spine = key === 'left' && CHAINS.has(node.type) && CHAINS.has((child as Node).type);
        push(child, spine ? depth : depth + 1);
      }
    }
  }
  return first;
}
