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

/** Where text nests too deeply for the parser, and how. */
export interface Overflow {
  readonly at: number;
  /** Brackets past MAX_BRACKETS, or a chain of right-nesting operators past MAX_DEPTH. */
  readonly kind: 'brackets' | 'chain';
}

/**
 * Where JavaScript text first nests deeper than the parser takes, or undefined: brackets (`(`,
 * `[`, `{`, `${`) past MAX_BRACKETS, or more than MAX_DEPTH right-nesting operators (`=` and
 * its compound forms, `?`, `=>`) on one line of one expression, which nest without brackets
 * (`a = b = c`).
 * Strings, templates' text and comments do not count; regular expressions are not told apart
 * from division (a bracket in one counts).
 */
export function nestingOverflow(text: string): Overflow | undefined {
  // What each open bracket closes into: code, or a template's text after `${`.
  const open: ('code' | 'template')[] = [];
  // The right-nesting operators since the expression began, at each bracket depth.
  const chains = [0];
  let i = 0;
  const skipTemplateText = (): void => {
    for (; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '`') return;
      else if (text[i] === '$' && text[i + 1] === '{') {
        open.push('template');
        chains.push(0);
        i++;
        return;
      }
    }
  };
  for (; i < text.length; i++) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (c === '/' && next === '/') i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
    else if (c === '/' && next === '*')
      i = text.indexOf('*/', i + 2) < 0 ? text.length : text.indexOf('*/', i + 2) + 1;
    else if (c === "'" || c === '"') {
      for (i++; i < text.length && text[i] !== c && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
    } else if (c === '`') {
      i++;
      skipTemplateText();
    } else if (c === '(' || c === '[' || c === '{') {
      open.push('code');
      chains.push(0);
    } else if (c === ')' || c === ']' || c === '}') {
      chains.pop();
      if (chains.length === 0) chains.push(0);
      if (open.pop() === 'template') {
        i++;
        skipTemplateText();
      }
    } else if (c === ';' || c === ',' || c === '\n') chains[chains.length - 1] = 0;
    else if (rightNesting(text, i)) {
      const count = (chains[chains.length - 1] as number) + 1;
      chains[chains.length - 1] = count;
      if (count > MAX_DEPTH) return { at: i, kind: 'chain' };
    }
    if (open.length > MAX_BRACKETS) return { at: Math.min(i, text.length - 1), kind: 'brackets' };
  }
  return undefined;
}

/** Whether text at `i` is an operator the parser nests to the right: `=`, `+=`..., `?`, `=>`. */
function rightNesting(text: string, i: number): boolean {
  const c = text[i];
  const before = text[i - 1] ?? '';
  const after = text[i + 1] ?? '';
  if (c === '?') return after !== '.' && after !== '?' && before !== '?';
  if (c !== '=') return false;
  // Not a comparison (==, ===, !=, <=, >=) nor the second character of one.
  return after !== '=' && !'=!<>'.includes(before);
}

/**
 * A node of a syntax tree deeper than MAX_DEPTH, the first in the text, or undefined. Walked
 * without recursion.
 */
export function depthOverflow(root: Node): Node | undefined {
  let first: Node | undefined;
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (Array.isArray(value)) {
      for (const item of value) stack.push([item, depth]);
    } else if (value !== null && typeof value === 'object') {
      const node = value as Node;
      if (depth > MAX_DEPTH) {
        if (first === undefined || node.start < first.start) first = node;
        continue;
      }
      for (const key of Object.keys(node))
        if (key !== 'start' && key !== 'end') stack.push([node[key], depth + 1]);
    }
  }
  return first;
}
