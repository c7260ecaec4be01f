import { createContext, parseModule } from '@gpuc/core/llvm';
import { describe, expect, it } from 'vitest';
import { loadsEarly } from '../src/target/schedule.js';

/** A block that adds into `out` atomically, then reads `in`; the metadata says how they alias. */
function scheduled(readMetadata: string, addMetadata: string): string {
  const module = parseModule(
    createContext(),
    `define void @f(ptr addrspace(1) %in, ptr addrspace(1) %out, double %v) {
  %p = getelementptr double, ptr addrspace(1) %in, i64 1
  %a = load double, ptr addrspace(1) %in${readMetadata}
  %s = fadd double %a, %v
  %u = atomicrmw fadd ptr addrspace(1) %out, double %s monotonic${addMetadata}
  %b = load double, ptr addrspace(1) %p${readMetadata}
  %t = fadd double %b, %v
  %w = atomicrmw fadd ptr addrspace(1) %out, double %t monotonic${addMetadata}
  ret void
}
!0 = !{!"domain"}
!1 = !{!"primal", !0}
!2 = !{!"shadow", !0}
!3 = !{!1}
!4 = !{!2}
`,
  );
  loadsEarly(module);
  const text = module.print();
  return (text.match(/= (load|atomicrmw)/g) ?? []).map((m) => m.slice(2)).join(' ');
}

describe('loads early', () => {
  it('moves a load above an atomic addition whose noalias scope names the load', () => {
    expect(scheduled(', !alias.scope !3, !noalias !4', ', !alias.scope !4, !noalias !3')).toBe(
      'load load atomicrmw atomicrmw',
    );
  });

  it('keeps a load below an atomic addition that may touch what it reads', () => {
    expect(scheduled('', '')).toBe('load atomicrmw load atomicrmw');
    // The addition says nothing of the load's scope.
    expect(scheduled(', !alias.scope !4', ', !alias.scope !4, !noalias !3')).toBe(
      'load atomicrmw load atomicrmw',
    );
  });
});
