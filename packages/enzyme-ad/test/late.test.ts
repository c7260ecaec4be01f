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

/**
 * A forward sweep's block: `body` over arrays `%x`, `%y`, `%dy` with AD's scopes (`{x}`, `{y}`,
 * `{dy}` stand for an array's scope and a noalias naming the other two); returns its memory
 * accesses in their new order, each as its opcode and the address or value it names.
 */
function writesLate(body: string): string {
  const context = createContext();
  const text = body
    .replaceAll('{x}', ', !alias.scope !4, !noalias !7')
    .replaceAll('{y}', ', !alias.scope !5, !noalias !8')
    .replaceAll('{dy}', ', !alias.scope !6, !noalias !9');
  const module = parseModule(
    context,
    `define void @f(ptr addrspace(1) %x, ptr addrspace(1) %y, ptr addrspace(1) %dy, double %v) {
${text}
  ret void
}
!0 = !{!"domain"}
!1 = !{!"x", !0}
!2 = !{!"y", !0}
!3 = !{!"dy", !0}
!4 = !{!1}
!5 = !{!2}
!6 = !{!3}
!7 = !{!2, !3}
!8 = !{!1, !3}
!9 = !{!1, !2}
!10 = !{!1}
`,
  );
  const { MDNode, MDString } = llvm();
  declareAliasDomain(module, MDNode.get(context, [MDString.get(context, 'domain')]));
  additionsLate(module);
  const accesses = module
    .print()
    .match(/^\s+(%\w+ = )?(load double, ptr addrspace\(1\) %\w+|store double [^,]+)/gm);
  return (accesses ?? [])
    .map((m) =>
      m
        .trim()
        .replace(/^%\w+ = /, '')
        .replace(/ double,? (ptr addrspace\(1\) )?/, ' '),
    )
    .join(' ');
}

describe('stores of computed values late', () => {
  const forward = (scopes: string) => `  %a = load double, ptr addrspace(1) %x{x}
  %s = fmul double %a, %a
  store double %s, ptr addrspace(1) %y${scopes}`;

  it('moves a computed store below the reads and constant writes of arrays its noalias names', () => {
    const body = `${forward('{y}')}
  %b = load double, ptr addrspace(1) %dy{dy}
  store double 0.0, ptr addrspace(1) %dy{dy}
  %c = getelementptr double, ptr addrspace(1) %dy, i64 1
  %d = load double, ptr addrspace(1) %c{dy}`;
    expect(writesLate(body)).toBe('load %x load %dy store 0.000000e+00 load %c store %s');
  });

  it('keeps it above a read of its own array, and a store without scopes or of a constant', () => {
    const own = `${forward('{y}')}
  %p = getelementptr double, ptr addrspace(1) %y, i64 1
  %b = load double, ptr addrspace(1) %p{y}
  %d = load double, ptr addrspace(1) %dy{dy}`;
    expect(writesLate(own)).toBe('load %x store %s load %p load %dy');
    const unscoped = `${forward('')}
  %d = load double, ptr addrspace(1) %dy{dy}`;
    expect(writesLate(unscoped)).toBe('load %x store %s load %dy');
    const constant = `  store double 1.0, ptr addrspace(1) %y{y}
  %d = load double, ptr addrspace(1) %dy{dy}`;
    expect(writesLate(constant)).toBe('store 1.000000e+00 load %dy');
  });

  // A read that must follow the second store but not the first: the first, which may write the
  // same element, goes on with it, ahead of it.
  it('sends on, with a write that must stay, the earlier writes that may touch its memory', () => {
    const body = `${forward('{y}')}
  %p = getelementptr double, ptr addrspace(1) %y, i64 1
  %t = fadd double %a, %v
  store double %t, ptr addrspace(1) %p, !alias.scope !5, !noalias !10
  %d = load double, ptr addrspace(1) %dy{dy}
  %e = load double, ptr addrspace(1) %x{x}`;
    expect(writesLate(body)).toBe('load %x store %s store %t load %dy load %x');
  });
});
