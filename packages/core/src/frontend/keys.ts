/**
 * Member keys written as constant strings, which JavaScript reads as the names after a dot:
 * `o['f']` and `` o[`f`] `` are `o.f`. Lowering and the reference runner's rewriting of
 * collectives (`gpu['barrier']()`) read them alike.
 */
import type { Node } from './parse.js';

/** An expression without the parentheses around it. */
export function unparenthesized(node: Node): Node {
  let inner = node;
  while (inner.type === 'ParenthesizedExpression') inner = inner.expression as Node;
  return inner;
}

/** The value of a constant string written as a key: `'f'`, `` `f` ``. */
export function constantString(key: Node): string | undefined {
  const inner = unparenthesized(key);
  if (inner.type === 'Literal' && typeof inner.value === 'string') return inner.value;
  const quasis = inner.quasis as Node[] | undefined;
  if (inner.type === 'TemplateLiteral' && (inner.expressions as Node[]).length === 0)
    return (quasis?.[0]?.value as { cooked?: string } | undefined)?.cooked;
  return undefined;
}

/** The name a member expression reads where its key is one (`o.f`, `o['f']`), else undefined. */
export function memberName(member: Node): string | undefined {
  if (member.type !== 'MemberExpression') return undefined;
  const key = member.property as Node;
  return member.computed ? constantString(key) : (key.name as string | undefined);
}
