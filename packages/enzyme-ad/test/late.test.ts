import { createContext, declareAliasDomain, llvm, parseModule } from '@gpuc/core/llvm';
import { describe, expect, it } from 'vitest';
import { additionsLate } from '../src/plugin/late.js';

/**
 * Iterations of a reverse loop, unrolled: each reads and zeroes an element of `dy`, then adds
 * into `dx` atomically. `addScopes` is the additions' metadata; `between` is put after the first
 * iteration.
 */
function reordered(addScopes: string, between = '', iterations = 2): string {
  const context = createContext();
  const dy = ', !alias.scope !6, !noalias !7';
  const body = Array.from(
    { length: iterations },
    (_, k) => `  %p${k} = getelementptr double, ptr addrspace(1) %dy, i64 ${k}
  %a${k} = load double, ptr addrspace(1) %p${k}${dy}
  store double 0.0, ptr addrspace(1) %p${k}${dy}
  %s${k} = fmul double %a${k}, %v
  %q${k} = getelementptr double, ptr addrspace(1) %dx, i64 ${k}
  %u${k} = atomicrmw fadd ptr addrspace(1) %q${k}, double %s${k} monotonic${addScopes}
${k === 0 ? `  ${between}\n` : ''}`,
  ).join('');
  const module = parseModule(
    context,
    `define void @f(ptr addrspace(1) %dx, ptr addrspace(1) %dy, double %v) {
${body}  ret void
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

const iteration = 'load store';
const repeat = (text: string, n: number) => Array(n).fill(text).join(' ');

describe('shadow additions late', () => {
  it('moves atomic additions below the reads of a shadow their noalias scopes name', () => {
    expect(reordered(', !alias.scope !4, !noalias !5')).toBe('load store load store atomicrmw atomicrmw');
  });

  // The 17th addition sends the 16 before it on, after the reads its iteration made.
  it('moves at most 16 additions past one instruction', () => {
    expect(reordered(', !alias.scope !4, !noalias !5', '', 20)).toBe(
      `${repeat(iteration, 17)} ${repeat('atomicrmw', 16)} ${repeat(iteration, 3)} ${repeat('atomicrmw', 4)}`,
    );
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
