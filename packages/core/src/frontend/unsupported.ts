/**
 * Messages for JavaScript constructs the parser accepts and the kernel language refuses: each
 * names the construct as it is written, and says what to write instead where there is something.
 */
import type { Node } from './parse.js';

const CLASSES =
  'classes are not supported in kernels; pass records ({ x: 1 }) and define device functions outside';

/** Messages by node type, for the constructs lowering refuses as a whole. */
const BY_TYPE: Readonly<Record<string, string>> = {
  ClassDeclaration: CLASSES,
  ClassExpression: CLASSES,
  ChainExpression: "optional chaining ('?.') is not supported: kernel values are never null or undefined",
  ThisExpression: "'this' is not supported in kernels; pass the value as an argument",
  Super: "'super' is not supported in kernels",
  TaggedTemplateExpression: 'tagged templates are not supported in kernels',
  ImportExpression: "'import()' is not supported in kernels",
  WithStatement: "'with' statements are not supported in kernels",
  DebuggerStatement: "'debugger' statements are not supported in kernels",
  TSEnumDeclaration: 'TypeScript enums are not supported in kernels; use constants',
  TSModuleDeclaration: 'TypeScript namespaces are not supported in kernels',
};

/** The message for a statement or expression node that lowering does not take at all. */
export function unsupportedConstruct(node: Node): string {
  if (node.type === 'MetaProperty') {
    const meta = (node.meta as Node).name as string;
    const property = (node.property as Node).name as string;
    return `'${meta}.${property}' is not supported in kernels`;
  }
  return BY_TYPE[node.type] ?? `${describe(node)} is not supported in kernels`;
}

/** The message for a literal that is not a number, boolean, bigint or string. */
export function unsupportedLiteral(node: Node): string {
  if (node.regex) return 'regular expressions are not supported in kernels';
  return node.value === null
    ? 'null is not supported in kernels: kernel values are never null'
    : `${typeof node.value} literals are not supported in kernels`;
}

/** The message for a property of an object literal other than `name: value` (a record field). */
export function unsupportedProperty(property: Node): string {
  if (property.type === 'SpreadElement')
    return "spread properties ('...') are not supported in records; write each field";
  if (property.kind === 'get') return 'getters are not supported in records; records hold values';
  if (property.kind === 'set') return 'setters are not supported in records: records are immutable';
  if (property.method)
    return 'methods are not supported in records; define a device function outside the kernel';
  return 'computed keys ([key]: value) are not supported in records: a record has fixed field names';
}

/** The message for `new` of something other than a typed array. */
export function unsupportedNew(callee: Node): string {
  const name = callee.type === 'Identifier' ? (callee.name as string) : undefined;
  if (name === 'Error') return "'new Error' is only allowed in throw new Error('a constant message')";
  if (name === 'Uint8ClampedArray') return NO_CLAMPED;
  return `'new ${name ?? '...'}' is not supported: kernels create only typed arrays of constant length (new Float32Array(16))`;
}

/** Why `Uint8ClampedArray` is refused wherever a kernel names it. */
export const NO_CLAMPED =
  'a Uint8ClampedArray has no kernel type (its stores round half to even and clamp, which no target does): use a Uint8Array and store values already in 0..255';

/** A readable name for an AST node type: `WhileStatement` is "while statement". */
export function describe(node: Node): string {
  const words = node.type
    .replace(/^TS(?=[A-Z])/, '')
    .replace(/(?<=[a-z])(?=[A-Z])/g, ' ')
    .toLowerCase();
  return node.type.startsWith('TS') ? `TypeScript ${words}` : words;
}
