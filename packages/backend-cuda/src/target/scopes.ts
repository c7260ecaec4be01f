/**
 * LLVM's rule for alias scopes, as the schedule reads them: a write whose `!noalias` names, in
 * some domain, every scope a load has in that domain touches nothing the load reads.
 */
import type { MDNode, Metadata } from '@gpuc/core/llvm';

/** A scope's domain: its second operand (every scope has one). */
const domainOf = (scope: Metadata | null) => (scope as MDNode | null)?.getOperand(1) ?? null;

/** Whether a write with `!noalias` list `noalias` misses what a load with scopes `scope` reads. */
export function missesLoad(scope: MDNode | null, noalias: MDNode | null): boolean {
  if (scope === null || noalias === null) return false;
  if (scope.isSame(noalias)) return true;
  const scopes = scope.getOperands();
  const named = noalias.getOperands();
  const isNamed = (s: Metadata | null) => s !== null && named.some((n) => n !== null && s.isSame(n));
  return scopes.some((s) => {
    const domain = domainOf(s);
    return domain !== null && scopes.filter((t) => domainOf(t)?.isSame(domain) === true).every(isNamed);
  });
}
