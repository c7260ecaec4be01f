/**
 * What launches say of a kernel before compiling it: its name and its parameters' names (a
 * launch checks its argument count against them, on every back-end and in the reference runner;
 * errors name them).
 */
import { type FunctionInput, lowerSource, toSource } from './infer.js';
import { type Node, parseFunction } from './parse.js';

/** A parameter's name as written (`x`, `x = 1`, `...rest`); '' for a pattern. */
function parameterName(node: Node): string {
  if (node.type === 'Identifier') return String(node.name);
  if (node.type === 'AssignmentPattern') return parameterName(node.left as Node);
  if (node.type === 'RestElement') return `...${parameterName(node.argument as Node)}`;
  return '';
}

const namesOf = new WeakMap<object, readonly string[]>();

/** A kernel's parameter names, parsed when first asked for and kept per kernel. */
export function parameterNames(kernel: FunctionInput): () => readonly string[] {
  return () => {
    let names = namesOf.get(kernel);
    if (!names) {
      const source = toSource(kernel);
      const params = parseFunction(source).params;
      // A rest parameter takes no one argument: lowering refuses it, at it, before a count would.
      if (params.some((p) => p.type === 'RestElement')) lowerSource(source);
      names = params.map(parameterName);
      namesOf.set(kernel, names);
    }
    return names;
  };
}

/**
 * A kernel's name in launch errors: the function's (`anonymous` for an unnamed one, as its
 * compiled kernel is named), or a source text's file.
 */
export function kernelName(kernel: FunctionInput): string {
  if (typeof kernel === 'function') return kernel.name || 'anonymous';
  return toSource(kernel).file;
}
