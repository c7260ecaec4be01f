import { assemblePTX, CudaPlugin, findPtxas } from '@gpuc/backend-cuda';
import {
  compileJob,
  createCompiler,
  createJob,
  type KernelType,
  parseType,
  sourceFromText,
} from '@gpuc/core';
import type { Job } from '@gpuc/core/compiler';
import { createContext, declareAliasDomain, llvm, parseModule } from '@gpuc/core/llvm';
import { describe, expect, it } from 'vitest';
import { CASES } from '../corpus/cases.js';
import { caseKernel, scopeOf } from '../corpus/harness.js';
import { autodiff, Const, Duplicated, EnzymePlugin, Reverse } from '../src/index.js';
import { likelyUniform } from '../src/plugin/uniform.js';
import { warpAdditions } from '../src/plugin/warp.js';

const types = (...names: string[]) => names.map((t) => parseType(t) as KernelType);
const job = (cpu = 'sm_90', params = {}, features = '') =>
  ({ target: { cpu, features }, params }) as unknown as Job;

/** A module of `body` (a kernel over `%dw`, `%n`), with AD's alias scopes on `!s` and `!a`. */
function moduleOf(body: string, kernel = true) {
  const context = createContext();
  const module = parseModule(
    context,
    `define ${kernel ? 'ptx_kernel ' : ''}void @k(ptr addrspace(1) %dw, i32 %n, double %v) {
${body}
}
declare i32 @llvm.nvvm.read.ptx.sreg.tid.x()
declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
!0 = !{!"domain"}
!1 = !{!"primal", !0}
!2 = !{!"shadow", !0}
!3 = !{!2}
!4 = !{!1}
`,
  );
  const { MDNode, MDString } = llvm();
  declareAliasDomain(module, MDNode.get(context, [MDString.get(context, 'domain')]));
  return module;
}
const add = (name: string, address: string, scopes = ', !alias.scope !3, !noalias !4') =>
  `  %${name} = atomicrmw fadd ptr addrspace(1) ${address}, double %v monotonic${scopes}`;
const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

describe('addresses likely the same across a warp', () => {
  const addressOf = (body: string, kernel = true) => {
    const module = moduleOf(`${body}\n  ret void`, kernel);
    const fn = module.getFunction('k');
    if (!fn) throw new Error('no function');
    const insts = fn.getBasicBlocks().flatMap((b) => b.getInstructions());
    const last = insts.filter((i) => i.getOpcodeName() === 'getelementptr').pop();
    if (!last) throw new Error('no address');
    return likelyUniform(fn, last);
  };

  it('follows a loop counter over a kernel argument, and the block index', () => {
    expect(
      addressOf(`entry:
  br label %loop
loop:
  %k = phi i32 [ 0, %entry ], [ %next, %loop ]
  %b = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
  %j = add i32 %k, %b
  %p = getelementptr double, ptr addrspace(1) %dw, i32 %j
  %next = add i32 %k, 1
  %c = icmp slt i32 %next, %n
  br i1 %c, label %loop, label %exit
exit:`),
    ).toBe(true);
  });

  it("is not the thread's index, or an argument of a function that is not a kernel", () => {
    expect(
      addressOf(`  %t = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
  %p = getelementptr double, ptr addrspace(1) %dw, i32 %t`),
    ).toBe(false);
    expect(addressOf('  %p = getelementptr double, ptr addrspace(1) %dw, i32 %n', false)).toBe(false);
    expect(addressOf('  %p = getelementptr double, ptr addrspace(1) %dw, i32 %n')).toBe(true);
  });
});

describe('warp-aggregated shadow additions', () => {
  it('replaces a run of additions at uniform addresses with one vote and a predicated red each', () => {
    const module = moduleOf(`  %p = getelementptr double, ptr addrspace(1) %dw, i32 %n
  %q = getelementptr double, ptr addrspace(1) %dw, i32 3
${add('a', '%p')}
${add('b', '%q')}
  ret void`);
    warpAdditions(module, job('sm_90', { adBlockAccumulate: false }));
    const ir = module.print();
    expect(ir).not.toMatch(/atomicrmw/);
    expect(count(ir, /call i32 @llvm\.nvvm\.activemask/g)).toBe(1);
    expect(count(ir, /call i1 @llvm\.nvvm\.vote\.all\.sync/g)).toBe(1);
    // Each f64 amount: five steps of two words; each address: two words from the leader.
    expect(count(ir, /call i32 @llvm\.nvvm\.shfl\.sync\.idx\.i32/g)).toBe(2 * 5 * 2 + 2 * 2);
    // The steps' source lanes, found once for the run.
    expect(count(ir, /fns\.b32/g)).toBe(5);
    expect(count(ir, /@p red\.global\.add\.f64/g)).toBe(2);
    expect(module.getFunction('k')?.verify()).toBeNull();
  });

  it("leaves additions whose addresses vary, that are not a derivative's, or that are used", () => {
    const module = moduleOf(`  %t = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
  %p = getelementptr double, ptr addrspace(1) %dw, i32 %t
  %q = getelementptr double, ptr addrspace(1) %dw, i32 %n
${add('a', '%p')}
${add('b', '%q', '')}
${add('c', '%q')}
  store double %c, ptr addrspace(1) %p
  ret void`);
    warpAdditions(module, job());
    expect(count(module.print(), /atomicrmw fadd/g)).toBe(3);
    expect(module.print()).not.toMatch(/activemask/);
  });

  it('ends a run at a memory access, and leaves f64 additions alone before sm_60 or when asked', () => {
    const body = `  %q = getelementptr double, ptr addrspace(1) %dw, i32 %n
${add('a', '%q')}
  %x = load double, ptr addrspace(1) %dw
${add('b', '%q')}
  ret void`;
    const module = moduleOf(body);
    warpAdditions(module, job('sm_90', { adBlockAccumulate: false }));
    expect(count(module.print(), /call i32 @llvm\.nvvm\.activemask/g)).toBe(2);
    const old = moduleOf(body);
    warpAdditions(old, job('sm_52'));
    expect(count(old.print(), /atomicrmw fadd/g)).toBe(2);
    const off = moduleOf(body);
    warpAdditions(off, job('sm_90', { adWarpAggregate: false }));
    expect(count(off.print(), /atomicrmw fadd/g)).toBe(2);
  });

  it("leaves them alone where the PTX ISA lacks activemask (6.2): sm_70's default, 6.0", () => {
    const body = `  %q = getelementptr double, ptr addrspace(1) %dw, i32 %n
${add('a', '%q')}
  ret void`;
    const volta = moduleOf(body);
    warpAdditions(volta, job('sm_70'));
    expect(volta.print()).not.toMatch(/activemask/);
    const newer = moduleOf(body);
    warpAdditions(newer, job('sm_70', {}, '+ptx63'));
    expect(newer.print()).toMatch(/activemask/);
  });

  describe.skipIf(!findPtxas())('in PTX', () => {
    const cuda = createCompiler().use(new CudaPlugin(), new EnzymePlugin());
    // Warp by warp: block accumulation (block.test.ts) off.
    const params = { adBlockAccumulate: false };
    const ptxOf = (text: string, argTypes: string[], scope: Record<string, unknown>) =>
      compileJob(
        cuda,
        createJob(sourceFromText(text, 'kernel.js'), types(...argTypes), cuda.target('cuda'), {
          scope,
          params,
        }),
        { kind: 'assembly' },
      ).output as string;
    /** The kernel's own body (a derivative kept out of line follows it as a `.func`). */
    const entryOf = (ptx: string) => {
      const start = ptx.indexOf('.entry');
      const end = ptx.indexOf('.func', start);
      return ptx.slice(start, end < 0 ? undefined : end);
    };

    // Every thread adds its gradient into each of the 8 weights: one lane per warp does.
    it('aggregates the corpus shared-weights gradient: no lane-by-lane atomic in the kernel', () => {
      const c = CASES.find((x) => x.name === 'shared-weights');
      if (!c) throw new Error('shared-weights');
      const kernel = caseKernel(c, 'reverse', 4);
      const ptx = ptxOf(kernel.text, [...kernel.types], scopeOf(c) as Record<string, unknown>);
      const entry = entryOf(ptx);
      expect(count(entry, /\batom\.global\.add\.f64/g)).toBe(0);
      expect(count(entry, /@p red\.global\.add\.f64/g)).toBeGreaterThanOrEqual(1);
      expect(entry).toMatch(/activemask\.b32/);
      expect(entry).toMatch(/vote\.sync\.all\.pred/);
      expect(assemblePTX(ptx, 'sm_90').length).toBeGreaterThan(0);
    });

    it('aggregates f32 additions with one shuffle a step', () => {
      const loss = (w: Float32Array, x: Float32Array, i: number) => {
        let p = 0.0;
        for (let k = 0; k < 4; k++) p += w[k]! * x[i * 4 + k]!;
        return p * p;
      };
      const ptx = ptxOf(
        `function k(w, dw, x, n) {
  const i = gpu.globalIdx.x;
  if (i < n) autodiff(Reverse, loss, Duplicated(w, dw), Const(x), Const(i));
}`,
        ['f32[]', 'f32[]', 'f32[]', 'i32'],
        { loss, autodiff, Reverse, Duplicated, Const },
      );
      const entry = entryOf(ptx);
      const adds = count(entry, /@p red\.global\.add\.f32/g);
      expect(adds).toBeGreaterThanOrEqual(1);
      // Five steps of one word, and the address's two words.
      expect(count(entry, /shfl\.sync\.idx\.b32/g)).toBe(7 * adds);
      expect(assemblePTX(ptx, 'sm_90').length).toBeGreaterThan(0);
    });

    it('keeps lane-by-lane atomics where each thread adds into its own elements', () => {
      const c = CASES.find((x) => x.name === 'sum-of-squares');
      if (!c) throw new Error('sum-of-squares');
      const kernel = caseKernel(c, 'reverse', 4);
      const ptx = ptxOf(kernel.text, [...kernel.types], scopeOf(c) as Record<string, unknown>);
      expect(ptx).toMatch(/\batom\.global\.add\.f64/);
      expect(ptx).not.toMatch(/activemask|shfl/);
    });
  });
});

describe('block-accumulated shadow additions', () => {
  const twoWeights = `  %p = getelementptr double, ptr addrspace(1) %dw, i32 %n
  %q = getelementptr double, ptr addrspace(1) %dw, i32 3
${add('a', '%p')}
${add('b', '%q')}`;

  it('adds into shared slots, and once per block into global memory at each return', () => {
    const module = moduleOf(`entry:
  %c = icmp slt i32 %n, 0
  br i1 %c, label %early, label %body
early:
  ret void
body:
${twoWeights}
  ret void`);
    warpAdditions(module, job());
    const ir = module.print();
    expect(ir).not.toMatch(/atomicrmw|vote\.all/);
    // The slots: a counter, then a sum and an address for each addition.
    expect(ir).toMatch(/@gpuc_ad_block_slots = internal addrspace\(3\) global \[5 x i64\] undef, align 16/);
    expect(count(ir, /@p red\.relaxed\.cta\.shared\.add\.f64/g)).toBe(2);
    expect(count(ir, /@p st\.relaxed\.cta\.shared\.b64/g)).toBe(2);
    // Zeroed by thread 0 before the block's barrier, the kernel's first call.
    const first = module.getFunction('k')?.getEntryBlock().getInstructions();
    expect(first?.findIndex((i) => /barrier0/.test(i.print()))).toBeLessThan(8);
    // Each return: one tally, and the lanes of the warp that completes the block add both slots,
    // a slot a lane, with one addition (in a loop over the slots by the lanes' ranks).
    expect(count(ir, /atom\.acq_rel\.cta\.shared\.add\.u32/g)).toBe(2);
    expect(count(ir, /@p red\.global\.add\.f64 \[a\]/g)).toBe(2);
    expect(count(ir, /^ad\.flush\.slot\d*:/gm)).toBe(2);
    expect(count(ir, /ret void/g)).toBe(2);
    expect(module.getFunction('k')?.verify()).toBeNull();
  });

  // One addition the slot, one after the other, queued at the weights' L2 line (1.36 ns each
  // on an H100); a warp's addition to several elements of one line is one request there.
  it('adds the slots of each kind in one instruction of the warp that completes the block', () => {
    const module = moduleOf(`  %p = getelementptr double, ptr addrspace(1) %dw, i32 %n
  %q = getelementptr double, ptr addrspace(1) %dw, i32 3
  %f = getelementptr float, ptr addrspace(1) %dw, i32 9
  %g = addrspacecast ptr addrspace(1) %q to ptr
  %w = fptrunc double %v to float
${add('a', '%p')}
  %b = atomicrmw fadd ptr addrspace(1) %f, float %w monotonic, !alias.scope !3, !noalias !4
${add('c', '%q')}
  %d = atomicrmw fadd ptr %g, double %v monotonic, !alias.scope !3, !noalias !4
  ret void`);
    warpAdditions(module, job());
    const ir = module.print();
    expect(count(ir, /red\.relaxed\.cta\.shared/g)).toBe(4);
    // Three kinds (f64 global, f32 global, f64 generic): one addition each, the f64 global
    // slots side by side (offsets 8 and 24), the others after them.
    expect(count(ir, /@p red\.global\.add\.f64 \[a\]/g)).toBe(1);
    expect(count(ir, /@p red\.global\.add\.f32 \[a\]/g)).toBe(1);
    expect(count(ir, /@p red\.add\.f64 \[a\]/g)).toBe(1);
    const slotOf = (name: string) =>
      Number(new RegExp(`shared\\.add\\.f\\d\\d \\[\\$0\\+(\\d+)\\][^\\n]*%${name}\\b`).exec(ir)?.[1]);
    expect([slotOf('p'), slotOf('q'), slotOf('f'), slotOf('g')]).toEqual([8, 24, 40, 56]);
    expect(module.getFunction('k')?.verify()).toBeNull();
  });

  const deferred = (body: string, kernel = true, sm = 'sm_90', params = {}) => {
    const module = moduleOf(body, kernel);
    warpAdditions(module, job(sm, params));
    return count(module.print(), /red\.relaxed\.cta\.shared/g);
  };

  it('defers only additions at addresses the whole block shares, into arrays nothing else touches', () => {
    expect(deferred(`${twoWeights}\n  ret void`)).toBe(2);
    // A thread's own element, or a loop counter's (a phi: another slot each iteration).
    expect(
      deferred(`  %t = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
  %p = getelementptr double, ptr addrspace(1) %dw, i32 %t
${add('a', '%p')}
  ret void`),
    ).toBe(0);
    expect(
      deferred(`entry:
  br label %loop
loop:
  %k = phi i32 [ 0, %entry ], [ %next, %loop ]
  %p = getelementptr double, ptr addrspace(1) %dw, i32 %k
${add('a', '%p')}
  %next = add i32 %k, 1
  %c = icmp slt i32 %next, %n
  br i1 %c, label %loop, label %exit
exit:
  ret void`),
    ).toBe(0);
    // The kernel reads the shadow too: it would miss the block's sums.
    expect(deferred(`${twoWeights}\n  %r = load double, ptr addrspace(1) %dw\n  ret void`)).toBe(0);
    // The index's argument may go anywhere (here into memory); the array may not.
    expect(deferred(`${twoWeights}\n  store i32 %n, ptr addrspace(1) null\n  ret void`)).toBe(2);
    expect(deferred(`${twoWeights}\n  store ptr addrspace(1) %dw, ptr addrspace(1) null\n  ret void`)).toBe(
      0,
    );
    // Not a kernel, before sm_70, or asked not to.
    expect(deferred(`${twoWeights}\n  ret void`, false)).toBe(0);
    expect(deferred(`${twoWeights}\n  ret void`, true, 'sm_60')).toBe(0);
    expect(deferred(`${twoWeights}\n  ret void`, true, 'sm_90', { adBlockAccumulate: false })).toBe(0);
  });

  describe.skipIf(!findPtxas())('in PTX', () => {
    const cuda = createCompiler().use(new CudaPlugin(), new EnzymePlugin());
    // Every thread of the corpus's shared-weights adds into the same 8 weights.
    it('adds the shared-weights gradient once per block and weight, in one instruction of a warp', () => {
      const c = CASES.find((x) => x.name === 'shared-weights');
      if (!c) throw new Error('shared-weights');
      const kernel = caseKernel(c, 'reverse', 4);
      const target = cuda.target('cuda', { computeCapability: 90, archSpecific: true });
      const ptx = compileJob(
        cuda,
        createJob(sourceFromText(kernel.text, 'kernel.js'), types(...kernel.types), target, {
          scope: scopeOf(c),
        }),
        { kind: 'assembly' },
      ).output as string;
      expect(count(ptx, /\batom\.global/g)).toBe(0);
      expect(count(ptx, /@p red\.relaxed\.cta\.shared\.add\.f64/g)).toBe(8);
      // The 8 weights' slots by 8 lanes of the warp that completes the block.
      expect(count(ptx, /@p red\.global\.add\.f64/g)).toBe(1);
      expect(ptx).toMatch(/bar\.sync/);
      expect(ptx).not.toMatch(/vote\.sync/);
      expect(assemblePTX(ptx, 'sm_90a').length).toBeGreaterThan(0);
    });

    it('keeps f32 sums in their slots', () => {
      const loss = (w: Float32Array, x: Float32Array, i: number) => {
        let p = 0.0;
        for (let k = 0; k < 4; k++) p += w[k]! * x[i * 4 + k]!;
        return p * p;
      };
      const text = `function k(w, dw, x, n) {
  const i = gpu.globalIdx.x;
  if (i < n) autodiff(Reverse, loss, Duplicated(w, dw), Const(x), Const(i));
}`;
      const ptx = compileJob(
        cuda,
        createJob(
          sourceFromText(text, 'kernel.js'),
          types('f32[]', 'f32[]', 'f32[]', 'i32'),
          cuda.target('cuda'),
          {
            scope: { loss, autodiff, Reverse, Duplicated, Const },
          },
        ),
        { kind: 'assembly' },
      ).output as string;
      expect(count(ptx, /@p red\.relaxed\.cta\.shared\.add\.f32/g)).toBe(4);
      expect(count(ptx, /ld\.shared\.f32 v[^;]*; setp\.ne\.b64 p, a, 0; @p red\.global\.add\.f32/g)).toBe(1);
      expect(assemblePTX(ptx, 'sm_80').length).toBeGreaterThan(0);
    });
  });
});
