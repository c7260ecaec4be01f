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
 * The offset of the first bracket nested deeper than MAX_BRACKETS in JavaScript text, or
 * undefined. Brackets in strings, templates' text and comments do not count; regular
 * expressions are not told apart from division (a bracket in one counts).
 */
export function bracketOverflow(text: string): number | undefined {
  // What each open bracket closes into: code, or a template's text after `${`.
  const open: ('code' | 'template')[] = [];
  let i = 0;
  const skipTemplateText = (): void => {
    for (; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '`') return;
      else if (text[i] === '$' && text[i + 1] === '{') {
        open.push('template');
        i++;
        return;
      }
    }
  };
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
    else if (c === '/' && text[i + 1] === '*')
      i = text.indexOf('*/', i + 2) < 0 ? text.length : text.indexOf('*/', i + 2) + 1;
    else if (c === "'" || c === '"') {
      for (i++; i < text.length && text[i] !== c && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
    } else if (c === '`') {
      i++;
      skipTemplateText();
      if (open.length > MAX_BRACKETS) return i - 1;
    } else if (c === '(' || c === '[' || c === '{') {
      open.push('code');
      if (open.length > MAX_BRACKETS) return i;
    } else if (c === ')' || c === ']' || c === '}') {
      if (open.pop() === 'template') {
        i++;
        skipTemplateText();
        if (open.length > MAX_BRACKETS) return i - 1;
      }
    }
  }
  return undefined;
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
