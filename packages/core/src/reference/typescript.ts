/**
 * TypeScript kernel text as the JavaScript it runs as. The compiler takes a kernel's text as
 * TypeScript and ignores its types (docs/language.md, "Where kernels come from"); the reference
 * runner evaluates the text, so it removes them first: annotations, a parameter's `?`, type
 * parameters and arguments, `as`, `satisfies`, `!`, `<T>x`, a `this` parameter, and type
 * aliases and interfaces. What has no JavaScript (an `enum`) stays, for JavaScript to refuse.
 */
import { parseSync } from 'oxc-parser';
import { type Node, TEXT_WRAPPINGS } from '../frontend/parse.js';

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
/** Members holding types only, removed where they are written. */
const TYPE_MEMBERS = ['typeAnnotation', 'returnType', 'typeParameters', 'typeArguments'];

/** The text parsed in the first wrapping that parses, with the text parsed and the wrapping. */
function parsedAsCompiled(text: string) {
  for (const [open, close] of TEXT_WRAPPINGS) {
    const wrapped = `${open}${text}${close}`;
    const { program, errors } = parseSync('kernel.ts', wrapped, { lang: 'ts', sourceType: 'module' });
    if (errors.length === 0) return { program, wrapped, open, close };
  }
  return undefined;
}

/** The text without its TypeScript, or the text itself where it has none (or does not parse). */
export function withoutTypes(text: string): string {
  // Parsed as the compiler parses it: as it is (text holding more than the function, a `#!`
  // line too), else in parentheses or as a method, closed on a line of its own.
  const parsed = parsedAsCompiled(text);
  if (!parsed) return text;
  const { program, wrapped, open, close } = parsed;
  const edits: Edit[] = [];
  const remove = (start: number, end: number) => edits.push({ start, end, text: '' });
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const node = value as Node;
    if (node.type === 'Identifier' && (node.typeAnnotation || node.optional || node.definite)) {
      // Its span holds `x?: T` (or `x!: T`): the name is what runs.
      edits.push({ start: node.start, end: node.end, text: String(node.name) });
      return;
    }
    if (node.type === 'TSTypeAliasDeclaration' || node.type === 'TSInterfaceDeclaration') {
      remove(node.start, node.end);
      return;
    }
    if (
      node.type === 'TSAsExpression' ||
      node.type === 'TSSatisfiesExpression' ||
      node.type === 'TSNonNullExpression'
    ) {
      remove((node.expression as Node).end, node.end);
      walk(node.expression);
      return;
    }
    if (node.type === 'TSTypeAssertion') {
      remove(node.start, (node.expression as Node).start);
      walk(node.expression);
      return;
    }
    for (const member of TYPE_MEMBERS) {
      const type = node[member] as Node | null | undefined;
      if (type && typeof type === 'object' && typeof type.start === 'number') remove(type.start, type.end);
    }
    if (FUNCTIONS.has(node.type)) {
      const params = node.params as Node[];
      const [first, second] = params;
      // `this: T` declares the type of `this`: no parameter in JavaScript.
      if (first?.type === 'Identifier' && first.name === 'this') {
        remove(first.start, second ? second.start : first.end);
        walk(params.slice(1));
      } else walk(params);
      walk(node.body);
      return;
    }
    for (const [key, child] of Object.entries(node)) if (!TYPE_MEMBERS.includes(key)) walk(child);
  };
  walk(program.body);
  if (edits.length === 0) return text;
  let out = wrapped;
  for (const edit of edits.sort((a, b) => b.start - a.start))
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out.slice(open.length, out.length - close.length);
}
