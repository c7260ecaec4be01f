/**
 * Functions the reference runner makes from text (kernels, device functions, their generator
 * versions), each text compiled once: a launch calls the compiled text with its own scope's
 * values, so that a scope changed between launches is seen, never an earlier launch's values.
 * Each compiled text is named (`sourceURL`) so that a stack frame in it leads back to the text,
 * and texts made from others record where their offsets came from: race reports name the
 * places in the user's source.
 */
import { kernelCache } from '../support/cache-limits.js';

/** Compiled text: a function of the names' values, returning what the body returns. */
export type CompiledText = (...values: unknown[]) => unknown;

/** Texts compiled in this process by names and body, the least recently used dropped. */
const compiled = kernelCache<CompiledText>();

/** The bodies compiled, by the script name their frames carry. */
const bodies = kernelCache<string>();
let nextScript = 0;
const SCRIPT = 'gpuc-reference-';

/** `body` as a function of `names`, compiled the first time these names and body are asked for. */
export function compileText(names: readonly string[], body: string): CompiledText {
  // Names are identifiers: no comma or line break in them.
  const key = `${names.join(',')}\n${body}`;
  let fn = compiled().get(key);
  if (!fn) {
    const script = `${SCRIPT}${nextScript++}.js`;
    fn = new Function(...names, `${body}\n//# sourceURL=${script}`) as CompiledText;
    compiled().set(key, fn);
    bodies().set(script, body);
  }
  return fn;
}

/** Where a text made from another came from: that text, and the offset there of each of its own. */
interface Origin {
  readonly text: string;
  readonly offset: (made: number) => number;
}

const origins = kernelCache<Origin>();

/** Records that `made` was made from `text`, `offset` mapping its offsets to that text's. */
export function recordOrigin(made: string, text: string, offset: (made: number) => number): void {
  if (made !== text) origins().set(made, { text, offset });
}

/**
 * The text a frame of compiled text (its script name, 1-based line and column) lies in, as first
 * given to the runner (before any text was made from it), with the offset there. `known`: texts
 * that may be in the compiled text as they are.
 */
export function originOf(
  script: string,
  line: number,
  column: number,
  known: readonly string[],
): { text: string; offset: number } | undefined {
  const body = bodies().get(script);
  if (body === undefined) return undefined;
  // `new Function` puts two lines of its own before the body.
  const lines = body.split('\n');
  if (line < 3 || line - 3 >= lines.length) return undefined;
  let at = lines.slice(0, line - 3).reduce((sum, l) => sum + l.length + 1, 0) + column - 1;
  // The innermost made text around the offset, then the texts it was made from in turn.
  let found: { text: string; offset: number } | undefined;
  for (const made of [...known, ...[...origins().entries()].map(([made]) => made)]) {
    const start = body.indexOf(made);
    if (
      start >= 0 &&
      start <= at &&
      at < start + made.length &&
      made.length < (found?.text.length ?? Infinity)
    )
      found = { text: made, offset: at - start };
  }
  if (!found) return undefined;
  for (let origin = origins().get(found.text); origin; origin = origins().get(found.text)) {
    at = origin.offset(found.offset);
    found = { text: origin.text, offset: at };
  }
  return found;
}
