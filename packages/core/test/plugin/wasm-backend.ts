/**
 * A small back-end written against gpuc's public API only: kernels compiled to WebAssembly and
 * run in Node. It is the worked example of docs/writing-a-backend.md, and the tests run it.
 *
 * Threads run one after another in a loop the plugin generates; the thread index lives in a
 * WebAssembly global the intrinsics read; arrays live in the instance's linear memory.
 */
import {
  type Compiler,
  type CompilerPlugin,
  compileJob,
  currentWorld,
  defaultConfig,
  type FunctionInput,
  findTool,
  type IntrinsicGenerator,
  type Job,
  type KernelType,
  type LLVMContext,
  type LLVMFunction,
  llvm,
  type Module,
  runTool,
  sourceFromText,
  type Target,
  type Type,
  targetMachine,
  typeOfValue,
  type Value,
} from '../../src/index.js';

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

/** The current thread's index: a global the generated loop writes and the intrinsics read. */
function threadIndex(module: Module) {
  const l = llvm();
  const i32 = l.Type.getInt32Ty(module.getContext());
  return (
    module.getGlobalVariable('wasm.thread', true) ??
    l.GlobalVariable.Create(
      module,
      i32,
      false,
      l.GlobalValue.LinkageTypes.InternalLinkage,
      l.ConstantInt.get(i32, 0),
      'wasm.thread',
    )
  );
}

const index: IntrinsicGenerator = (cx) =>
  cx.builder.CreateLoad(llvm().Type.getInt32Ty(cx.module.getContext()), threadIndex(cx.module));

export class WasmPlugin implements CompilerPlugin {
  readonly name = 'wasm';

  apply(compiler: Compiler): void {
    const mine = (job: Job) => job.target.backend === 'wasm';
    compiler.registerTarget('wasm', wasmTarget);
    compiler.registerIntrinsics('wasm', { 'gpu.globalIdx.x': index, 'gpu.threadIdx.x': index });
    compiler.hooks.finishModule.tap('wasm', (module, entry, job) => {
      if (mine(job)) buildRun(module, entry, job.argTypes);
    });
  }
}

/** LLVM's type for a scalar kernel type (bool as a byte, as gpuc stores it). */
function scalarType(context: LLVMContext, t: KernelType): Type {
  const l = llvm();
  if (t.kind !== 'scalar') throw new Error(`the wasm example passes arrays and scalars only, not ${t.key}`);
  if (t.name === 'f32') return l.Type.getFloatTy(context);
  if (t.name === 'f64') return l.Type.getDoubleTy(context);
  return l.Type.getIntNTy(context, t.name === 'bool' ? 8 : Number(t.name.slice(1)));
}

/**
 * `run(args..., count)` runs `count` threads one after another. Arrays arrive as (pointer,
 * length) and are rebuilt into gpuc's array value `{ T* data, i32 length }`.
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
    l.FunctionType.get(l.Type.getVoidTy(context), [...flat, i32], false),
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
  b.CreateCondBr(b.CreateICmpSGT(count, l.ConstantInt.get(i32, 0)), loop, done);
  b.SetInsertPoint(loop);
  const i = b.CreatePHI(i32, 2);
  i.addIncoming(l.ConstantInt.get(i32, 0), entry);
  b.CreateStore(i, threadIndex(module));
  b.CreateCall(kernel, args);
  const following = b.CreateAdd(i, l.ConstantInt.get(i32, 1));
  i.addIncoming(following, loop);
  b.CreateCondBr(b.CreateICmpSLT(following, count), loop, done);
  b.SetInsertPoint(done);
  b.CreateRetVoid();
}

/** Compiles a kernel to a WebAssembly module with the plugin, and links it with wasm-ld. */
export function compileWasm(compiler: Compiler, kernel: FunctionInput, args: readonly unknown[]): Buffer {
  const source =
    typeof kernel === 'object' && 'text' in kernel ? sourceFromText(kernel.text, kernel.file) : undefined;
  if (!source) throw new Error('the wasm example compiles kernels given as text');
  const argTypes = args.map((a) => typeOfValue(a) as KernelType);
  const job: Job = {
    source,
    argTypes,
    target: compiler.target('wasm'),
    params: {},
    config: { ...defaultConfig, debugLevel: 0 },
    scope: {},
    world: currentWorld(),
  };
  const object = compileJob(compiler, job, { kind: 'object' }).output as Buffer;
  const linker = findTool({ names: ['wasm-ld', 'wasm-ld-14'], dirs: ['/usr/lib/llvm-14/bin'] });
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

/** Runs a compiled kernel: copies arrays into linear memory, runs `count` threads, copies back. */
export async function runWasm(wasm: Buffer, args: readonly unknown[], count: number): Promise<void> {
  const { instance } = await WebAssemblyApi.instantiate(wasm, { env: {} });
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
  run(...flat, count);
  for (const [arg, at] of copies) {
    new Uint8Array(arg.buffer, arg.byteOffset, arg.byteLength).set(
      new Uint8Array(memory.buffer, at, arg.byteLength),
    );
  }
}
