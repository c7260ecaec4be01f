/**
 * The index arguments of intrinsics (an atomic's index, a tile's offset and leading dimension, a
 * copy's offsets, a shuffle's lane): each takes what an array access takes (an integer, or a
 * float known to hold one: `16.0`, `8 / 4`, a widened loop counter), by the one predicate
 * inference answers (`RuleContext.index`), and refuses anything else as `bad-index`.
 */
import { ErrorCode } from '../errors.js';
import type { RuleContext } from '../methods.js';
import { show, type Type } from '../types.js';
import type { Rule } from './entry.js';

/** Why argument `position` (of type `type`) is no index, as a `bad-index` refusal; `what` names it. */
export function refuseIndex(
  context: RuleContext,
  position: number,
  type: Type | undefined,
  what: string,
): never {
  return context.refuse(
    position,
    `${what} must be an integer, not ${type ? show(type) : 'nothing'}: Math.floor and \`/\` give floats; write Math.floor(x) | 0 or (a / b) | 0 for an integer`,
    ErrorCode.badIndex,
  );
}

/**
 * `rule`, once the arguments at `positions` (named by `names`, as a refusal says them) are
 * indices: each converted as an index is, or the call refused as `bad-index` at the first that
 * is not.
 */
export const withIndices =
  (names: Readonly<Record<number, string>>, rule: Rule | Type): Rule =>
  (args, context) => {
    for (const [at, what] of Object.entries(names)) {
      const position = Number(at);
      if (!context.index(position)) refuseIndex(context, position, args[position], what);
    }
    return typeof rule === 'function' ? rule(args, context) : rule;
  };
