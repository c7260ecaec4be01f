import { createContext, declareAliasDomain, llvm, parseModule, runPipeline } from '@gpuc/core/llvm';
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

/**
 * A block that reads and zeroes two elements of one array (a reverse sweep's seeds), at indices
 * %i and `second`, in one alias scope; `access` is the second element's type and alignment.
 * Returns the function after loadsEarly, and after instcombine where `fold`.
 */
function seeds(second: string, access = 'double, ptr addrspace(1) %q, align 8', fold = false): string {
  const context = createContext();
  const zero = access.startsWith('double') ? '0.0' : '0';
  const module = parseModule(
    context,
    `define double @g(ptr addrspace(1) %dy, i64 %i) {
  %p = getelementptr double, ptr addrspace(1) %dy, i64 %i
  %a = load double, ptr addrspace(1) %p, align 8, !alias.scope !1, !noalias !2
  store double 0.0, ptr addrspace(1) %p, align 8, !alias.scope !1, !noalias !2
  %j = ${second}
  %q = getelementptr double, ptr addrspace(1) %dy, i64 %j
  %b = load ${access}, !alias.scope !1, !noalias !2
  store ${access.replace(/^(\w+), /, `$1 ${zero}, `)}, !alias.scope !1, !noalias !2
  %c = ${access.startsWith('double') ? 'fadd double %b, 1.0' : 'sitofp i64 %b to double'}
  ret double %c
}
!0 = !{!"domain"}
!1 = !{!3}
!2 = !{!4}
!3 = !{!"seeds", !0}
!4 = !{!"other", !0}
`,
  );
  const { MDNode, MDString } = llvm();
  declareAliasDomain(module, MDNode.get(context, [MDString.get(context, 'domain')]));
  loadsEarly(module);
  if (fold) runPipeline(module, 'instcombine,early-cse,instcombine');
  return module.print();
}

const accesses = (text: string) =>
  (text.match(/^\s*(%\w+ = load|store)\b/gm) ?? []).map((m) => m.trim().replace(/^%\w+ = /, '')).join(' ');

describe('loads past stores into their own array', () => {
  it('reads both seeds before zeroing either', () => {
    expect(accesses(seeds('add i64 %i, 3'))).toBe('load load store store');
  });

  it('takes the zero where the second seed is the first (the stride is 0)', () => {
    // Same address: the read gives what the zeroing wrote, as in the block's own order.
    expect(seeds('add i64 %i, 0', undefined, true)).toMatch(/ret double 1\.000000e\+00/);
    // Apart: the value read.
    expect(seeds('add i64 %i, 1', undefined, true)).toMatch(
      /(%\w+) = fadd double %b, 1\.000000e\+00\n\s*ret double \1\n/,
    );
  });

  it('keeps the order where the accesses may overlap in part or differ in type', () => {
    expect(accesses(seeds('add i64 %i, 3', 'double, ptr addrspace(1) %q, align 4'))).toBe(
      'load store load store',
    );
    expect(accesses(seeds('add i64 %i, 3', 'i64, ptr addrspace(1) %q, align 8'))).toBe(
      'load store load store',
    );
    // The very address just written: nothing to gain.
    expect(accesses(seeds('add i64 %i, 3', 'double, ptr addrspace(1) %p, align 8'))).toBe(
      'load store load store',
    );
  });
});
