// GPU targets: NVPTX for current architectures (checked by ptxas), AMDGPU code objects linked by
// the in-process lld (checked by LLVM 22's readelf).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LLVMContext, TargetMachine } from '../src/index.js';
import { l, machine, ptxas, run, saxpy, tool } from './helpers.js';

describe('NVPTX', () => {
  it.each([
    ['sm_90', '7.8'],
    ['sm_90a', '8.0'],
    ['sm_100a', '8.6'],
    ['sm_120', '8.7'],
  ])('writes PTX for %s with the PTX ISA it needs (%s), which ptxas assembles', (cpu, version) => {
    const nvptx = machine('nvptx64-nvidia-cuda', cpu);
    const context = new l.LLVMContext();
    const module = saxpy(
      context,
      'nvptx64-nvidia-cuda',
      nvptx.getDataLayoutString(),
      1,
      l.CallingConv.PTX_Kernel,
    );
    l.runPasses(module, 'default<O3>', nvptx);
    const ptx = nvptx.emitToBuffer(module, 'assembly').toString('utf8');
    expect(ptx).toContain(`.version ${version}`);
    expect(ptx).toContain(`.target ${cpu}`);
    expect(ptx).toMatch(/\.visible \.entry saxpy\(/);
    if (ptxas !== null) {
      const dir = mkdtempSync(join(tmpdir(), 'gpuc-llvm-ptx-'));
      try {
        writeFileSync(join(dir, 'k.ptx'), ptx);
        run(ptxas, [`-arch=${cpu}`, '-o', join(dir, 'k.cubin'), join(dir, 'k.ptx')]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    context.dispose();
  });

  it('runs nvvm-reflect, a pass the NVPTX machine registers', () => {
    const nvptx = machine('nvptx64-nvidia-cuda', 'sm_90');
    const context = new l.LLVMContext();
    const module = l.parseIR(
      `target triple = "nvptx64-nvidia-cuda"
declare i32 @__nvvm_reflect(ptr)
@ftz = private constant [11 x i8] c"__CUDA_FTZ\\00"
define i32 @f() {
  %r = call i32 @__nvvm_reflect(ptr @ftz)
  ret i32 %r
}
!llvm.module.flags = !{!0}
!0 = !{i32 4, !"nvvm-reflect-ftz", i32 1}`,
      context,
    );
    l.runPasses(module, 'nvvm-reflect', nvptx);
    expect(module.getFunction('f')?.print()).toContain('ret i32 1');
    context.dispose();
  });

  it("gives default<O3>'s full unroller and inliner thresholds to a pipeline written as text", () => {
    const nvptx = machine('nvptx64-nvidia-cuda', 'sm_90');
    // 24 steps of a few instructions: over O2's full-unroll threshold, under O3's.
    const loop = `target triple = "nvptx64-nvidia-cuda"
target datalayout = "${nvptx.getDataLayoutString()}"
define void @f(ptr addrspace(1) %x) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %next, %loop ]
  %p = getelementptr inbounds float, ptr addrspace(1) %x, i32 %i
  %v = load float, ptr addrspace(1) %p
  %m = fmul float %v, %v
  %a = fadd float %m, 1.0
  %d = fdiv float %a, %v
  store float %d, ptr addrspace(1) %p
  %next = add nuw nsw i32 %i, 1
  %done = icmp eq i32 %next, 24
  br i1 %done, label %exit, label %loop
exit:
  ret void
}`;
    const divisions = (pipeline: string) => {
      const context = new l.LLVMContext();
      const module = l.parseIR(loop, context);
      l.runPasses(module, pipeline, nvptx);
      const found = module.print().match(/fdiv/g)?.length ?? 0;
      context.dispose();
      return found;
    };
    expect(divisions('function(loop(loop-unroll-full))')).toBe(1);
    expect(divisions('function(loop(gpuc-loop-unroll-full<O3>))')).toBe(24);
    expect(divisions('function(loop(gpuc-loop-unroll-full<O2>))')).toBe(1);
    // The inliner's advice is set up for the cgscc inliner that follows.
    const context = new l.LLVMContext();
    const module = l.parseIR(loop, context);
    expect(l.runPasses(module, 'gpuc-inline-params<O3>,cgscc(inline)', nvptx)).toBe('');
    for (const bad of [
      'gpuc-inline-params<O4>',
      'gpuc-inline-params',
      'function(loop(gpuc-loop-unroll-full<Os>))',
    ]) {
      expect(() => l.runPasses(module, bad, nvptx)).toThrow(/unknown/);
    }
    context.dispose();
  });

  it('skips straight-line strength reduction, quadratic in LLVM 22, only in modules with a block of over 2000 instructions', () => {
    const nvptx = machine('nvptx64-nvidia-cuda', 'sm_90');
    // b*s, (b+1)*s, (b+2)*s: the pass makes the second and third products additions.
    const kernel = (padding: number) => `target triple = "nvptx64-nvidia-cuda"
target datalayout = "${nvptx.getDataLayoutString()}"
define ptx_kernel void @k(ptr addrspace(1) %y, i32 %b, i32 %s) {
${'  store volatile i32 7, ptr addrspace(1) %y\n'.repeat(padding)}  %m0 = mul i32 %b, %s
  store volatile i32 %m0, ptr addrspace(1) %y
  %b1 = add i32 %b, 1
  %m1 = mul i32 %b1, %s
  store volatile i32 %m1, ptr addrspace(1) %y
  %b2 = add i32 %b, 2
  %m2 = mul i32 %b2, %s
  store volatile i32 %m2, ptr addrspace(1) %y
  ret void
}`;
    const products = (padding: number) => {
      const context = new l.LLVMContext();
      const ptx = nvptx.emitToBuffer(l.parseIR(kernel(padding), context), 'assembly').toString('utf8');
      context.dispose();
      return ptx.match(/mul\.lo\.s32/g)?.length;
    };
    expect(products(10)).toBe(1);
    expect(products(2100)).toBe(2);
    // The gate goes with the module: the next short one is reduced again.
    expect(products(10)).toBe(1);
  });

  it("skips each function's first GVN when emitting at O3", () => {
    const target = l.TargetRegistry.lookupTarget('nvptx64-nvidia-cuda');
    if (target === null) throw new Error('no NVPTX target');
    // Reduced (llvm-reduce) from libdevice's f64 trigonometric slow path, where `llc-22 -O3`'s
    // PTX differs with and without the GVN after straight-line strength reduction: run, it
    // leaves the parameter read into %r1 (as O2's EarlyCSE does); skipped, into %r2.
    const ptxAt = (optLevel: 2 | 3) => {
      const nvptx = target.createTargetMachine('nvptx64-nvidia-cuda', 'sm_90', '', { optLevel });
      const context = new l.LLVMContext();
      const module = l.parseIR(
        `target triple = "nvptx64-nvidia-cuda"
target datalayout = "${nvptx.getDataLayoutString()}"
define void @f(i32 %0) {
  %result = alloca [5 x i64], align 8
  %2 = and i32 %0, 2047
  %3 = sub nsw i32 1, %2
  %4 = icmp slt i32 %3, 0
  br i1 %4, label %loop, label %exit
loop:
  %5 = sub nsw i32 0, %3
  %6 = sext i32 %5 to i64
  %7 = getelementptr i64, ptr %result, i64 %6
  br label %loop
exit:
  %8 = sext i32 0 to i64
  %9 = getelementptr i64, ptr %result, i64 %8
  store i64 0, ptr %9, align 8
  ret void
}`,
        context,
      );
      const ptx = nvptx.emitToBuffer(module, 'assembly').toString('utf8');
      context.dispose();
      return ptx.match(/ld\.param\.b32\s+(%r\d+)/)?.[1];
    };
    expect(ptxAt(3)).toBe('%r2');
    expect(ptxAt(2)).toBe('%r1');
  });

  it('upgrades intrinsics under their LLVM 14 names, as the IR reader does', () => {
    const nvptx = machine('nvptx64-nvidia-cuda', 'sm_80');
    const context = new l.LLVMContext();
    const module = new l.Module('barrier', context);
    module.setTargetTriple('nvptx64-nvidia-cuda');
    module.setDataLayout(nvptx.getDataLayoutString());
    const voidType = l.Type.getVoidTy(context);
    const fn = l.Function.Create(
      l.FunctionType.get(voidType, [], false),
      l.GlobalValue.LinkageTypes.ExternalLinkage,
      'k',
      module,
    );
    fn.setCallingConv(l.CallingConv.PTX_Kernel);
    const b = new l.IRBuilder(l.BasicBlock.Create(context, 'entry', fn));
    b.CreateCall(
      module.getOrInsertFunction('llvm.nvvm.barrier0', l.FunctionType.get(voidType, [], false)),
      [],
    );
    b.CreateRetVoid();
    expect(nvptx.emitToBuffer(module, 'assembly').toString('utf8')).toMatch(/bar\.sync\s+0;/);
    context.dispose();
  });

  it('emits module after module, of contexts made and freed between them, as a fresh machine does', () => {
    // The machine keeps its code generator's passes between modules: nothing of one module may
    // show in the next one's PTX (a shared variable the printer demotes into its function among
    // them), and a kind it cannot emit leaves it working.
    const header = (layout: string) =>
      `target triple = "nvptx64-nvidia-cuda"\ntarget datalayout = "${layout}"\n`;
    const lookup = [
      '@table = internal addrspace(1) constant [4 x float] [float 1.0, float 2.0, float 3.0, float 4.0]',
      'define ptx_kernel void @lookup(ptr addrspace(1) %out, i32 %i) {',
      '  %p = getelementptr [4 x float], ptr addrspace(1) @table, i32 0, i32 %i',
      '  %v = load float, ptr addrspace(1) %p',
      '  store float %v, ptr addrspace(1) %out',
      '  ret void',
      '}',
    ].join('\n');
    const staged = [
      '@tile = internal addrspace(3) global [4 x float] undef',
      'define ptx_kernel void @staged(ptr addrspace(1) %out, i32 %i) {',
      '  %p = getelementptr [4 x float], ptr addrspace(3) @tile, i32 0, i32 %i',
      '  store float 1.0, ptr addrspace(3) %p',
      '  %v = load float, ptr addrspace(3) %p',
      '  store float %v, ptr addrspace(1) %out',
      '  ret void',
      '}',
    ].join('\n');
    const kernels = [
      (context: LLVMContext, layout: string) =>
        saxpy(context, 'nvptx64-nvidia-cuda', layout, 1, l.CallingConv.PTX_Kernel),
      (context: LLVMContext, layout: string) => l.parseIR(header(layout) + lookup, context),
      (context: LLVMContext, layout: string) => l.parseIR(header(layout) + staged, context),
    ];
    const emitWith = (nvptx: TargetMachine, make: (typeof kernels)[number]) => {
      const context = new l.LLVMContext();
      try {
        return nvptx.emitToBuffer(make(context, nvptx.getDataLayoutString()), 'assembly').toString('utf8');
      } finally {
        context.dispose();
      }
    };
    const fresh = kernels.map((make) => emitWith(machine('nvptx64-nvidia-cuda', 'sm_90'), make));
    expect(fresh[2]).toContain('.shared');
    const kept = machine('nvptx64-nvidia-cuda', 'sm_90');
    for (const k of [0, 1, 2, 0, 2, 1, 1, 0, 0, 2]) {
      const make = kernels[k] as (typeof kernels)[number];
      const context = new l.LLVMContext();
      expect(() => kept.emitToBuffer(make(context, kept.getDataLayoutString()), 'object')).toThrow(
        /cannot emit object/,
      );
      context.dispose();
      expect(emitWith(kept, make)).toBe(fresh[k]);
    }
  });
});

describe('AMDGPU', () => {
  it.each(['gfx90a', 'gfx942', 'gfx950', 'gfx1100', 'gfx1201'])(
    'links a %s object into a code object with the lld inside the binary',
    (gfx) => {
      const amdgpu = machine('amdgcn-amd-amdhsa', gfx);
      const context = new l.LLVMContext();
      const module = saxpy(
        context,
        'amdgcn-amd-amdhsa',
        amdgpu.getDataLayoutString(),
        1,
        l.CallingConv.AMDGPU_KERNEL,
      );
      const object = amdgpu.emitToBuffer(module, 'object');
      const codeObject = l.lldLinkCodeObject(object);
      expect(codeObject.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
      const readelf = tool('llvm-readelf');
      if (readelf !== null) {
        const dir = mkdtempSync(join(tmpdir(), 'gpuc-llvm-hsaco-'));
        try {
          writeFileSync(join(dir, 'k.hsaco'), codeObject);
          const notes = run(readelf, ['--notes', '--file-header', join(dir, 'k.hsaco')]);
          expect(notes).toMatch(/Type:\s+DYN/);
          expect(notes).toContain(`amdhsa.target:   amdgcn-amd-amdhsa--${gfx}`);
          expect(notes).toMatch(/\.name:\s+saxpy/);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
      context.dispose();
    },
  );

  it("reports lld's message for an object it cannot link, and links again afterwards", () => {
    expect(() => l.lldLinkCodeObject(Buffer.from('\x7fELF not really an object'))).toThrow(
      /lld: linking the code object failed/,
    );
    expect(() => l.lldLinkCodeObject(Buffer.from('text'))).toThrow(/not an ELF object/);
    const amdgpu = machine('amdgcn-amd-amdhsa', 'gfx942');
    const context = new l.LLVMContext();
    const module = saxpy(
      context,
      'amdgcn-amd-amdhsa',
      amdgpu.getDataLayoutString(),
      1,
      l.CallingConv.AMDGPU_KERNEL,
    );
    expect(l.lldLinkCodeObject(amdgpu.emitToBuffer(module, 'object')).length).toBeGreaterThan(1000);
    context.dispose();
  });
});
