/**
 * A small back-end written against gpuc's public API only: kernels compiled to WebAssembly and
 * run in Node. It is the worked example of docs/writing-a-backend.md, and the tests run it.
 *
 * Threads of a one-dimensional launch run one after another in a loop the plugin generates; the
 * global thread index and the block size live in WebAssembly globals the intrinsics read; arrays
 * live in the instance's linear memory. Barriers, warps and atomics are not implemented, so
 * kernels that use them get a compile error naming the intrinsic and the target.
 */

import {
  findTool,
  type IntrinsicContext,
  type IntrinsicGenerator,
  runTool,
  toSource,
} from '../../src/entry/compiler.js';
import { type ConformanceBackend, entrySource } from '../../src/entry/tools.js';
import {
  type Compiler,
  type CompilerPlugin,
  compileJob,
  createCompiler,
  createJob,
  dim3,
  type FunctionInput,
  type KernelType,
  show,
  type Target,
  typeOfValue,
} from '../../src/index.js';
import {
  type LLVMContext,
  type LLVMFunction,
  llvm,
  type Module,
  type Type,
  targetMachine,
  type Value,
} from '../../src/llvm/index.js';

const TRIPLE = 'wasm32-unknown-unknown';

function wasmTarget(): Target {
  const described = {
    name: 'wasm',
    triple: TRIPLE,
    dataLayout: '',
    cpu: 'generic',
    features: '',
    hasMachine: true,
  };
  return Object.freeze({
    ...described,
    dataLayout: targetMachine(described).getDataLayoutString(),
    backend: 'wasm',
    addressSpaces: { generic: 0, global: 0, shared: 0, constant: 0, local: 0 },
    lacks: {},
  });
}

/** A launch value (`wasm.thread`, `wasm.block`, `wasm.count`): globals `run` writes, intrinsics read. */
function launchGlobal(module: Module, name: string) {
  const l = llvm();
  const i32 = l.Type.getInt32Ty(module.getContext());
  return (
    module.getGlobalVariable(name, true) ??
    l.GlobalVariable.Create(
      module,
      i32,
      false,
      l.GlobalValue.LinkageTypes.InternalLinkage,
      l.ConstantInt.get(i32, 0),
      name,
    )
  );
}

const read = (cx: IntrinsicContext, name: string) =>
  cx.builder.CreateLoad(llvm().Type.getInt32Ty(cx.module.getContext()), launchGlobal(cx.module, name));
const constant =
  (value: number): IntrinsicGenerator =>
  (cx) =>
    llvm().ConstantInt.get(llvm().Type.getInt32Ty(cx.module.getContext()), value);

/** The geometry of a one-dimensional launch; y and z are a single block and thread. */
const geometry: Record<string, IntrinsicGenerator> = {
  'gpu.globalIdx.x': (cx) => read(cx, 'wasm.thread'),
  'gpu.threadIdx.x': (cx) => cx.builder.CreateURem(read(cx, 'wasm.thread'), read(cx, 'wasm.block')),
  'gpu.blockIdx.x': (cx) => cx.builder.CreateUDiv(read(cx, 'wasm.thread'), read(cx, 'wasm.block')),
  'gpu.blockDim.x': (cx) => read(cx, 'wasm.block'),
  'gpu.gridDim.x': (cx) => cx.builder.CreateUDiv(read(cx, 'wasm.count'), read(cx, 'wasm.block')),
};
for (const axis of ['y', 'z']) {
  for (const index of ['globalIdx', 'threadIdx', 'blockIdx']) geometry[`gpu.${index}.${axis}`] = constant(0);
  for (const extent of ['blockDim', 'gridDim']) geometry[`gpu.${extent}.${axis}`] = constant(1);
}

export class WasmPlugin implements CompilerPlugin {
  readonly name = 'wasm';

  apply(compiler: Compiler): void {
    const hooks = compiler.hooks.for('wasm');
    compiler.registerTarget('wasm', wasmTarget);
    compiler.registerIntrinsics('wasm', geometry);
    // `run` passes typed arrays and scalars, none of half precision (which wasm32 has no
    // instructions for); refuse the rest before any work is done.
    hooks.prepareJob.tap('wasm', (job) => {
      for (const t of job.argTypes) {
        if (t.kind !== 'scalar' && !(t.kind === 'array' && t.rank === 1))
          throw new Error(`the wasm example passes typed arrays and scalars only, not ${show(t)}`);
        if (/^b?f16$/.test((t.kind === 'array' ? t.element : t).name))
          throw new Error(`the wasm example passes no half-precision values, not ${show(t)}`);
      }
    });
    hooks.finishModule.tap('wasm', (entry, module, job) => {
      buildRun(module, entry, job.argTypes);
      return entry;
    });
  }
}

/** LLVM's type for a scalar kernel type (bool as a byte, as gpuc stores it). */
function scalarType(context: LLVMContext, t: KernelType): Type {
  const l = llvm();
  if (t.kind !== 'scalar') throw new Error(`unreachable: prepareJob refused ${show(t)}`);
  if (t.name === 'f32') return l.Type.getFloatTy(context);
  if (t.name === 'f64') return l.Type.getDoubleTy(context);
  return l.Type.getIntNTy(context, t.name === 'bool' ? 8 : Number(t.name.slice(1)));
}

/**
 * `run(args..., count, block)` runs `count` threads one after another, in blocks of `block`.
 * Arrays arrive as (pointer, length) and are rebuilt into gpuc's array value `{ T* data, i32 length }`.
 */
function buildRun(module: Module, kernel: LLVMFunction, argTypes: readonly KernelType[]): void {
  const l = llvm();
  const context = module.getContext();
  const i32 = l.Type.getInt32Ty(context);
  const flat = argTypes.flatMap((t) =>
    t.kind === 'array'
      ? [l.PointerType.get(scalarType(context, t.element), 0), i32]
      : [scalarType(context, t)],
  );
  const run = l.Function.Create(
    l.FunctionType.get(l.Type.getVoidTy(context), [...flat, i32, i32], false),
    l.Function.LinkageTypes.ExternalLinkage,
    'run',
    module,
  );
  // Marked so that internalising keeps it visible.
  run.setMetadata('gpuc.export', l.MDNode.get(context, []));
  const entry = l.BasicBlock.Create(context, 'entry', run);
  const loop = l.BasicBlock.Create(context, 'loop', run);
  const done = l.BasicBlock.Create(context, 'done', run);
  const b = new l.IRBuilder(entry);
  let next = 0;
  const args = argTypes.map((t, i) => {
    if (t.kind !== 'array') return run.getArg(next++);
    let value: Value = l.UndefValue.get(kernel.getArg(i).getType());
    value = b.CreateInsertValue(value, run.getArg(next++), [0]);
    return b.CreateInsertValue(value, run.getArg(next++), [1]);
  });
  const count = run.getArg(next);
  b.CreateStore(count, launchGlobal(module, 'wasm.count'));
  b.CreateStore(run.getArg(next + 1), launchGlobal(module, 'wasm.block'));
  b.CreateCondBr(b.CreateICmpSGT(count, l.ConstantInt.get(i32, 0)), loop, done);
  b.SetInsertPoint(loop);
  const i = b.CreatePHI(i32, 2);
  i.addIncoming(l.ConstantInt.get(i32, 0), entry);
  b.CreateStore(i, launchGlobal(module, 'wasm.thread'));
  b.CreateCall(kernel, args);
  const following = b.CreateAdd(i, l.ConstantInt.get(i32, 1));
  i.addIncoming(following, loop);
  b.CreateCondBr(b.CreateICmpSLT(following, count), loop, done);
  b.SetInsertPoint(done);
  b.CreateRetVoid();
}

/** Compiles a kernel to a WebAssembly module with the plugin, and links it with wasm-ld. */
export function compileWasm(
  compiler: Compiler,
  kernel: FunctionInput,
  args: readonly unknown[],
  scope: Readonly<Record<string, unknown>> = {},
): Buffer {
  const argTypes = args.map((a) => typeOfValue(a) as KernelType);
  const job = createJob(toSource(kernel), argTypes, compiler.target('wasm'), {
    scope,
    config: { debugLevel: 0 },
  });
  const object = compileJob(compiler, job, { kind: 'object' }).output as Buffer;
  const linker = findTool({ names: ['wasm-ld-22', 'wasm-ld'], dirs: ['/usr/lib/llvm-22/bin'] });
  if (!linker) throw new Error('wasm-ld not found (Debian: lld-14)');
  return runTool(linker, [{ name: 'kernel.o', data: object }], 'kernel.wasm', ([input], output) => [
    '--no-entry',
    '--export=run',
    '--allow-undefined',
    '-o',
    output,
    input as string,
  ]);
}

/** The parts of Node's WebAssembly API the example uses (TypeScript's ES library omits them). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  instantiate(
    bytes: Uint8Array,
    imports: object,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const WebAssemblyApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/**
 * Runs a compiled kernel: copies arrays into linear memory, runs `count` threads in blocks of
 * `block`, copies back.
 */
export async function runWasm(
  wasm: Buffer,
  args: readonly unknown[],
  count: number,
  block = count,
): Promise<void> {
  // LLVM lowers `%` on floats to calls of C's fmod, which JavaScript's `%` is.
  const fmod = (a: number, b: number) => a % b;
  const { instance } = await WebAssemblyApi.instantiate(wasm, { env: { fmod, fmodf: fmod } });
  const memory = instance.exports.memory as WasmMemory;
  const run = instance.exports.run as (...values: number[]) => void;
  let top = memory.buffer.byteLength;
  const bytes = args.reduce<number>((n, a) => n + (ArrayBuffer.isView(a) ? a.byteLength + 16 : 0), 0);
  memory.grow(Math.ceil(bytes / 65536) + 1);
  const flat: number[] = [];
  const copies: [ArrayBufferView, number][] = [];
  for (const arg of args) {
    if (ArrayBuffer.isView(arg)) {
      top = (top + 15) & ~15;
      new Uint8Array(memory.buffer, top, arg.byteLength).set(
        new Uint8Array(arg.buffer, arg.byteOffset, arg.byteLength),
      );
      copies.push([arg, top]);
      flat.push(top, (arg as unknown as { length: number }).length);
      top += arg.byteLength;
    } else {
      flat.push(Number(arg));
    }
  }
  run(...flat, count, block);
  for (const [arg, at] of copies) {
    new Uint8Array(arg.buffer, arg.byteOffset, arg.byteLength).set(
      new Uint8Array(memory.buffer, at, arg.byteLength),
    );
  }
}

const conformanceCompiler = createCompiler().use(new WasmPlugin());

/**
 * The example in the conformance runner (`gpuc conformance --backend <this module>`): it runs
 * one-dimensional launches and refuses others.
 */
export const conformance: ConformanceBackend = {
  name: 'wasm',
  async run(entry, args) {
    const [gx, gy, gz] = dim3(entry.grid);
    const [bx, by, bz] = dim3(entry.block);
    if (gy * gz * by * bz !== 1) throw new Error('the wasm example runs one-dimensional launches only');
    const scope = entry.scope?.();
    await runWasm(compileWasm(conformanceCompiler, entrySource(entry), args, scope), args, gx * bx, bx);
  },
};
