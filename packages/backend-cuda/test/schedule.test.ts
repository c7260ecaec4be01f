import { createContext, declareAliasDomain, llvm, parseModule } from '@gpuc/core/llvm';
import { describe, expect, it } from 'vitest';
import { loadsEarly } from '../src/target/schedule.js';

/**
 * A block that adds into `out` atomically, then reads `in`; the metadata says how they alias,
 * in the domain the module declares (as the AD plugin does) unless `declared` is false.
 */
function scheduled(readMetadata: string, addMetadata: string, address = 'ptrmask', declared = true): string {
  const q =
    address === 'ptrmask'
      ? '%q = call ptr addrspace(1) @llvm.ptrmask.p1.i64(ptr addrspace(1) %p, i64 -1)'
      : '%v1 = call <1 x ptr addrspace(1)> @llvm.masked.load.v1p1.p1(ptr addrspace(1) %out, i32 8, <1 x i1> <i1 true>, <1 x ptr addrspace(1)> poison)\n  %q = extractelement <1 x ptr addrspace(1)> %v1, i32 0';
  const context = createContext();
  const module = parseModule(
    context,
    `define void @f(ptr addrspace(1) %in, ptr addrspace(1) %out, double %v) {
  %p = getelementptr double, ptr addrspace(1) %in, i64 1
  %a = load double, ptr addrspace(1) %in${readMetadata}
  %s = fadd double %a, %v
  %u = atomicrmw fadd ptr addrspace(1) %out, double %s monotonic${addMetadata}
  ${q}
  %b = load double, ptr addrspace(1) %q${readMetadata}
  %t = fadd double %b, %v
  %w = atomicrmw fadd ptr addrspace(1) %out, double %t monotonic${addMetadata}
  ret void
}
declare ptr addrspace(1) @llvm.ptrmask.p1.i64(ptr addrspace(1), i64)
declare <1 x ptr addrspace(1)> @llvm.masked.load.v1p1.p1(ptr addrspace(1), i32, <1 x i1>, <1 x ptr addrspace(1)>)
!0 = !{!"domain"}
!1 = !{!"primal", !0}
!2 = !{!"shadow", !0}
!3 = !{!1}
!4 = !{!2}
!5 = !{!"other shadow", !0}
!6 = !{!1, !5}
`,
  );
  if (declared) {
    const { MDNode, MDString } = llvm();
    declareAliasDomain(module, MDNode.get(context, [MDString.get(context, 'domain')]));
  }
  loadsEarly(module);
  const text = module.print();
  return (text.match(/= (load|atomicrmw|call <1 x ptr addrspace\(1\)> @llvm\.masked)/g) ?? [])
    .map((m) => m.slice(2).replace(/^call.*/, 'masked'))
    .join(' ');
}

describe('loads early', () => {
  it('moves a load above an atomic addition whose noalias scope names the load', () => {
    expect(scheduled(', !alias.scope !3, !noalias !4', ', !alias.scope !4, !noalias !3')).toBe(
      'load load atomicrmw atomicrmw',
    );
  });

  it('moves a load above an atomic addition whose noalias scopes include the load', () => {
    expect(scheduled(', !alias.scope !3, !noalias !4', ', !alias.scope !4, !noalias !6')).toBe(
      'load load atomicrmw atomicrmw',
    );
  });

  it('keeps a load below an atomic addition that may touch what it reads', () => {
    expect(scheduled('', '')).toBe('load atomicrmw load atomicrmw');
    // The addition says nothing of the load's scope.
    expect(scheduled(', !alias.scope !4', ', !alias.scope !4, !noalias !3')).toBe(
      'load atomicrmw load atomicrmw',
    );
    expect(scheduled(', !alias.scope !6', ', !alias.scope !4, !noalias !3')).toBe(
      'load atomicrmw load atomicrmw',
    );
    // The load's address is read from memory the addition may change.
    expect(scheduled(', !alias.scope !3, !noalias !4', ', !alias.scope !4, !noalias !3', 'masked')).toBe(
      'load atomicrmw masked load atomicrmw',
    );
  });

  it('reads no alias scopes in a module that declares none (gpuc gave its accesses none)', () => {
    expect(
      scheduled(', !alias.scope !3, !noalias !4', ', !alias.scope !4, !noalias !3', 'ptrmask', false),
    ).toBe('load atomicrmw load atomicrmw');
  });
});
