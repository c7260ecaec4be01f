import { createContext, declareAliasDomain, llvm, parseModule } from '@gpuc/core/llvm';
import { describe, expect, it } from 'vitest';
import { additionsLate } from '../src/plugin/late.js';

/**
 * Two iterations of a reverse loop, unrolled: each reads and zeroes an element of `dy`, then
 * adds into `dx` atomically. `addScopes` is the additions' metadata; `between` is put between
 * the iterations.
 */
function reordered(addScopes: string, between = ''): string {
  const context = createContext();
  const dy = ', !alias.scope !6, !noalias !7';
  const module = parseModule(
    context,
    `define void @f(ptr addrspace(1) %dx, ptr addrspace(1) %dy, double %v) {
  %a = load double, ptr addrspace(1) %dy${dy}
  store double 0.0, ptr addrspace(1) %dy${dy}
  %s = fmul double %a, %v
  %u = atomicrmw fadd ptr addrspace(1) %dx, double %s monotonic${addScopes}
  ${between}
  %p = getelementptr double, ptr addrspace(1) %dy, i64 1
  %b = load double, ptr addrspace(1) %p${dy}
  store double 0.0, ptr addrspace(1) %p${dy}
  %t = fmul double %b, %v
  %q = getelementptr double, ptr addrspace(1) %dx, i64 1
  %w = atomicrmw fadd ptr addrspace(1) %q, double %t monotonic${addScopes}
  ret void
}
declare void @opaque()
!0 = !{!"domain"}
!1 = !{!"primal", !0}
!2 = !{!"dx", !0}
!3 = !{!"dy", !0}
!4 = !{!2}
!5 = !{!1, !3}
!6 = !{!3}
!7 = !{!1, !2}
!8 = !{!1}
`,
  );
  const { MDNode, MDString } = llvm();
  declareAliasDomain(module, MDNode.get(context, [MDString.get(context, 'domain')]));
  additionsLate(module);
  return (module.print().match(/^\s+(%\w+ = )?(load|store|atomicrmw|call)/gm) ?? [])
    .map((m) => m.trim().replace(/^%\w+ = /, ''))
    .join(' ');
}

describe('shadow additions late', () => {
  it('moves atomic additions below the reads of a shadow their noalias scopes name', () => {
    expect(reordered(', !alias.scope !4, !noalias !5')).toBe('load store load store atomicrmw atomicrmw');
  });

  it('keeps an addition above what it may touch', () => {
    // The additions' noalias names the primal arrays only (the shadows share a scope).
    expect(reordered(', !alias.scope !4, !noalias !8')).toBe('load store atomicrmw load store atomicrmw');
    // No scopes: not a derivative's addition.
    expect(reordered('')).toBe('load store atomicrmw load store atomicrmw');
    // A call that may touch memory.
    expect(reordered(', !alias.scope !4, !noalias !5', 'call void @opaque()')).toBe(
      'load store atomicrmw call load store atomicrmw',
    );
  });
});
