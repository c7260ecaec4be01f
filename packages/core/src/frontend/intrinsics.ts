/**
 * The portable intrinsics as the bottom method table of every job: one method per entry of the
 * catalogue (what kernels reach through `gpu`, `Math`, `Number` and the scalar conversion
 * functions), typed by its rule. Back-ends implement them in code generators; a target that
 * cannot do one overlays it as unsupported.
 */
import { catalogueEntries } from './catalogue/index.js';
import { MethodTable } from './methods.js';

/** The table holding the portable intrinsics: the bottom of every method stack. */
export const intrinsicMethods = new MethodTable('intrinsics');

for (const [name, { signature, result, property = false }] of catalogueEntries()) {
  const rule = typeof result === 'function' ? result : () => result;
  intrinsicMethods.define(
    name,
    signature,
    { kind: 'intrinsic', result: rule, property },
    `intrinsic ${name}`,
  );
}
