import { createCompiler, OptionError } from '@gpuc/core';
import {
  createContext,
  LLVMError,
  llvm,
  type MDNode,
  type MDString,
  type Metadata,
  parseModule,
  type ValueAsMetadata,
} from '@gpuc/core/llvm';
import { describe, expect, it } from 'vitest';
import { compiledSaxpy } from '../../core/test/saxpy.js';
import { thrown } from '../../core/test/thrown.js';
import { emitAIR, MetalPlugin, markKernel, metalCompileTarget, metalTarget } from '../src/index.js';

const context = createContext();
const compiler = createCompiler().use(new MetalPlugin());
const saxpy = () => compiledSaxpy(compiler, context, 'metal');
const L = llvm();

const text = (md: Metadata | null) => (md as MDString).getString();

describe('Metal target', () => {
  it('describes AIR without an LLVM machine', () => {
    const target = metalTarget({ macos: '14.0' });
    expect(target.triple).toBe('air64-apple-macosx14.0.0');
    expect(target.hasMachine).toBe(false);
    expect(() => metalTarget({ macos: 'fourteen' })).toThrow(/not a macOS version/);
  });

  it('refuses a bad param with a coded error naming it and the releases it takes', () => {
    for (const [params, message] of [
      [{ macos: 'fourteen' }, /'fourteen' is not a macOS version/],
      [{ macos: '12.0' }, /target macOS 13, 14, 15; not 12\.0/],
      // A value of the wrong kind was silently dropped for the default.
      [{ macos: true }, /macos is a release such as '14\.0', not true/],
    ] as const) {
      const error = thrown(() => metalCompileTarget(params));
      expect(error).toBeInstanceOf(OptionError);
      expect(error).toMatchObject({ code: 'bad-option', option: 'macos' });
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).toMatch(/macos takes 13\.0, 14\.0, 15\.0 \[bad-option\]$/);
    }
    // As `--param macos=14.0` gives it.
    expect(metalCompileTarget({ macos: 14 }).triple).toBe('air64-apple-macosx14.0.0');
    const compiler = createCompiler().use(new MetalPlugin());
    expect(thrown(() => compiler.target('metal', { gfx: 'gfx90a' }))).toMatchObject({
      code: 'bad-option',
      option: 'gfx',
      message: expect.stringMatching(
        /target 'metal' has no param gfx; its params are fastMath, macos \[bad-option\]/,
      ),
    });
  });

  it('emits a compiled kernel as AIR bitcode that reads back with its kernel metadata', () => {
    const bitcode = emitAIR(saxpy());
    // Apple triples get LLVM's bitcode wrapper: magic 0x0B17C0DE, then the offset of the bitcode.
    expect(bitcode.readUInt32LE(0)).toBe(0x0b17c0de);
    const offset = bitcode.readUInt32LE(8);
    expect(bitcode.subarray(offset, offset + 4)).toEqual(Buffer.from([0x42, 0x43, 0xc0, 0xde]));
    const back = parseModule(context, bitcode, 'saxpy.air');
    expect(back.getTargetTriple()).toBe('air64-apple-macosx13.0.0');
    expect(back.verify()).toBeNull();
    const kernels = back.getNamedMetadata('air.kernel');
    expect(kernels?.getNumOperands()).toBe(1);
    const entry = kernels?.getOperand(0) as MDNode;
    const fn = (entry.getOperand(0) as ValueAsMetadata).getValue();
    expect(fn.getName()).toBe('saxpy');
    const args = (entry.getOperand(2) as MDNode).getOperands() as MDNode[];
    expect(args.map((arg) => text(arg.getOperand(1)))).toEqual([
      'air.buffer',
      'air.buffer',
      'air.buffer',
      'air.buffer',
      'air.buffer',
      'air.thread_position_in_threadgroup',
      'air.threadgroup_position_in_grid',
      'air.threads_per_threadgroup',
    ]);
    expect(args.map((arg) => text(arg.getOperand(arg.getNumOperands() - 1)))).toEqual([
      'a',
      'x',
      'y',
      'n',
      'gpuc_status',
      'thread_in_group',
      'group',
      'group_size',
    ]);
    // The status word is the one buffer the kernel writes.
    expect(text(args[4]?.getOperand(5) ?? null)).toBe('air.read_write');
    expect(back.getModuleFlag('air.max_device_buffers')).not.toBeNull();
    const language = back.getNamedMetadata('air.language_version')?.getOperand(0);
    expect(text(language?.getOperand(0) ?? null)).toBe('Metal');
    // Arguments (scalars and array descriptors) arrive by reference in the constant address
    // space, the status word in device memory, then the thread's positions.
    expect(back.getFunction('saxpy')?.getFunctionType().print()).toBe(
      'void (ptr addrspace(2), ptr addrspace(2), ptr addrspace(2), ptr addrspace(2), ptr addrspace(1), <3 x i32>, <3 x i32>, <3 x i32>)',
    );
    back.dispose();
  });

  it('refuses argument lists that do not match the kernel, and invalid or foreign modules', () => {
    const target = metalTarget();
    const module = saxpy();
    const kernel = module.getFunction('saxpy');
    if (!kernel) throw new Error('missing');
    expect(() => markKernel(module, kernel, [])).toThrow(/has 8 parameters but 0 described/);
    module.setTargetTriple('x86_64-unknown-linux-gnu');
    expect(() => emitAIR(module)).toThrow(/not an AIR module/);
    module.setTargetTriple(target.triple);
    const broken = L.BasicBlock.Create(context, 'orphan', kernel);
    expect(broken.getParent()?.getName()).toBe('saxpy');
    expect(() => emitAIR(module)).toThrow(LLVMError);
    module.dispose();
  });
});
