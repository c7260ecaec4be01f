/**
 * Functions the reference runner makes from text (kernels, device functions, their generator
 * versions), each text compiled once: a launch calls the compiled text with its own scope's
 * values, so that a scope changed between launches is seen, never an earlier launch's values.
 */
import { kernelCache } from '../support/cache-limits.js';

/** Compiled text: a function of the names' values, returning what the body returns. */
export type CompiledText = (...values: unknown[]) => unknown;

/** Texts compiled in this process by names and body, the least recently used dropped. */
const compiled = kernelCache<CompiledText>();

/** `body` as a function of `names`, compiled the first time these names and body are asked for. */
export function compileText(names: readonly string[], body: string): CompiledText {
  // Names are identifiers: no comma or line break in them.
  const key = `${names.join(',')}\n${body}`;
  let fn = compiled().get(key);
  if (!fn) {
    fn = new Function(...names, body) as CompiledText;
    compiled().set(key, fn);
  }
  return fn;
}
