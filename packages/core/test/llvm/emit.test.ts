import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nativeTarget } from '../../src/index.js';
import { createModule, emit, LLVMError, parseModule, targetMachine } from '../../src/llvm/index.js';
import { context, cudaLikeTarget, ir, L, llvmTool, run } from '../helpers.js';

describe('target machines and emission', () => {
  it('creates machines with CPU, features, level, relocation and code model', () => {
    const x86 = L.TargetRegistry.lookupTarget('x86_64-unknown-linux-gnu');
    if (!x86) throw new Error('no x86 target');
    const machine = x86.createTargetMachine('x86_64-unknown-linux-gnu', 'znver3', '+avx2', {
      optLevel: 3,
      relocModel: 'pic',
      codeModel: 'small',
    });
    expect(machine.getTargetTriple()).toBe('x86_64-unknown-linux-gnu');
    expect(machine.getTargetCPU()).toBe('znver3');
    expect(machine.getTargetFeatureString()).toBe('+avx2');
    expect(machine.getDataLayoutString()).toBe(
      'e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128',
    );
    expect(() =>
      x86.createTargetMachine('x86_64-unknown-linux-gnu', 'znver3', '', { codeModel: 'huge' as never }),
    ).toThrow(/codeModel must be/);
    expect(() =>
      x86.createTargetMachine('x86_64-unknown-linux-gnu', 'znver3', '', { optLevel: 7 as never }),
    ).toThrow(/optLevel/);
  });

  it('emits a host object in memory that the system tools read', () => {
    const target = nativeTarget();
    const module = createModule(context, 'add', target);
    const i32 = L.Type.getInt32Ty(context);
    const fn = L.Function.Create(
      L.FunctionType.get(i32, [i32, i32], false),
      L.Function.LinkageTypes.ExternalLinkage,
      'gpuc_add',
      module,
    );
    const builder = new L.IRBuilder(L.BasicBlock.Create(context, 'entry', fn));
    builder.CreateRet(builder.CreateAdd(fn.getArg(0), fn.getArg(1)));
    const object = emit(module, target, 'object');
    expect(object.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    const dir = mkdtempSync(join(tmpdir(), 'gpuc-test-'));
    try {
      writeFileSync(join(dir, 'add.o'), object);
      expect(run(llvmTool('llvm-readelf'), ['--symbols', join(dir, 'add.o')])).toMatch(
        /FUNC\s+GLOBAL\s+DEFAULT\s+\d+ gpuc_add/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(emit(module, target, 'assembly')).toMatch(/gpuc_add:/);
    module.dispose();
  });

  it('refuses a module for another triple, an invalid module, and unknown kinds', () => {
    const target = cudaLikeTarget();
    const wrongTriple = ir('define void @f() {\n  ret void\n}');
    wrongTriple.setTargetTriple('x86_64-unknown-linux-gnu');
    expect(() => emit(wrongTriple, target, 'assembly')).toThrow(/differs from the machine's/);
    const invalid = createModule(context, 'invalid', target);
    const fn = L.Function.Create(
      L.FunctionType.get(L.Type.getVoidTy(context), [], false),
      L.Function.LinkageTypes.ExternalLinkage,
      'f',
      invalid,
    );
    L.BasicBlock.Create(context, 'empty', fn);
    expect(() => emit(invalid, target, 'assembly')).toThrow(/does not verify/);
    expect(() => targetMachine(target).emitToBuffer(invalid, 'exe' as never)).toThrow(/kind must be/);
    wrongTriple.dispose();
    invalid.dispose();
  });

  it('turns an LLVM fatal error during code generation into an exception', () => {
    const target = cudaLikeTarget();
    const module = parseModule(
      context,
      `target triple = "${target.triple}"
target datalayout = "${target.dataLayout}"
define fp128 @add(fp128 %a, fp128 %b) {
  %q = fadd fp128 %a, %b
  ret fp128 %q
}`,
    );
    expect(() => emit(module, target, 'assembly')).toThrow(
      /LLVM fatal error: unsupported library call operation/,
    );
    module.dispose();
    // The process and LLVM remain usable.
    const next = createModule(context, 'next', target);
    expect(emit(next, target, 'assembly')).toContain('.target sm_80');
    next.dispose();
    expect(LLVMError).toBeDefined();
  });
});
