/**
 * Runs a case everywhere: plain JavaScript (the oracle) and the two emulations, the reference
 * runner, the native target (compiled, linked, loaded, run and unloaded: no disk cache, no
 * library left mapped), CUDA compiled to PTX and assembled by ptxas, and CUDA on a GPU when the
 * driver finds one. Results come back as encoded arrays, errors as what they are: a coded
 * `CompileError`, the kernel's own exception, or anything else (an internal error).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemblePTX, CudaPlugin, findPtxas, hasCudaDevice, launchCuda } from '@gpuc/backend-cuda';
import {
  createCompiler,
  f32,
  f64,
  gpu,
  i8,
  i16,
  i32,
  linkSharedLibrary,
  NativeKernel,
  runReference,
  u8,
  u16,
  u32,
} from '@gpuc/core';
import {
  CompileError,
  type Compiler,
  compileJob,
  createJob,
  sourceFromText,
  typeOfValue,
} from '@gpuc/core/compiler';
import type { KernelType as Type } from '@gpuc/core/host';
import { DeviceError, koffi } from '@gpuc/core/host';
import { arrays, kernelArguments, plainArguments } from './arguments.js';
import { blockShape, type FuzzCase, gridShape } from './case.js';
import { type DivergenceTag, Emulation, type EmulationOptions } from './emulate.js';
import { BIGINT_CONVERSIONS, capturedValues, type Form, HALF_CONVERSIONS, runPlain } from './oracle.js';
import { attempt, compileFailure, message, type Run } from './outcome.js';
import { runWebGPU } from './webgpu.js';

export type { Run } from './outcome.js';

/** The back-ends a case can run on besides plain JavaScript. */
export const BACKENDS = ['reference', 'native', 'ptx', 'cuda', 'webgpu'] as const;
export type Backend = (typeof BACKENDS)[number];

export interface Runs {
  readonly js: Run;
  readonly emulated: Run & { readonly tags?: DivergenceTag[] };
  readonly fused?: Run & { readonly tags?: DivergenceTag[] };
  /**
   * The emulations (plain and fused) with f32 subnormals flushed, where WebGPU ran: what a
   * driver that flushes them may give (judged so only where the run says the device flushes).
   */
  readonly flushed?: readonly (Run & { readonly tags?: DivergenceTag[] })[];
  /** The emulations with f32 atomic additions flushing subnormals, as CUDA's do, where CUDA ran. */
  readonly atomicFlushed?: readonly (Run & { readonly tags?: DivergenceTag[] })[];
  readonly backends: Partial<Record<Backend, Run>>;
}

function runForm(c: FuzzCase, form: Form, options?: EmulationOptions): Run & { tags?: DivergenceTag[] } {
  const emulation = new Emulation(options);
  const run = attempt(
    () => {
      const args = kernelArguments(c);
      runPlain(c, form, plainArguments(args), emulation);
      return arrays(args);
    },
    (error) => ({ status: 'threw', message: message(error), ms: 0 }),
  );
  return form === 'source' ? run : { ...run, tags: [...emulation.fired].sort() };
}

const CONVERSIONS = { f32, f64, i8, u8, i16, u16, i32, u32 };

/**
 * The scope a case's kernel sees: its device functions, as JavaScript functions that see `gpu`
 * and the conversions from @gpuc/core (as a module that imports them) and one another.
 */
function scopeOf(c: FuzzCase): Record<string, unknown> {
  const [i64, u64] = BIGINT_CONVERSIONS;
  const [f16, bf16] = HALF_CONVERSIONS;
  const imports = { gpu, ...CONVERSIONS, i64, u64, f16, bf16 };
  const body = `${c.helpers.map((h) => `${h.source}\n`).join('')}return { ${c.helpers.map((h) => h.name).join(', ')} };`;
  const helpers = new Function(...Object.keys(imports), body)(...Object.values(imports));
  return { ...capturedValues(c), ...helpers };
}

const compilers: { native?: Compiler; cuda?: Compiler } = {};
let scratch: string | undefined;

/** Compiles a case for the host, runs it once over the grid and unloads it. */
function runNative(c: FuzzCase, argTypes: readonly Type[], scope: Record<string, unknown>): Run {
  compilers.native ??= createCompiler();
  const compiler = compilers.native;
  let compiled: ReturnType<typeof compileJob>;
  const start = performance.now();
  try {
    const job = createJob(sourceFromText(c.source, 'fuzz.js'), argTypes, compiler.target('native'), {
      scope,
      config: c.config ?? {},
    });
    compiled = compileJob(compiler, job, { kind: 'object', memory: false });
  } catch (error) {
    return { ...compileFailure(error), ms: performance.now() - start } as Run;
  }
  return attempt(
    () => {
      if (scratch === undefined) {
        const folder = mkdtempSync(join(tmpdir(), 'gpuc-fuzz-'));
        process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
        scratch = folder;
      }
      const path = join(scratch, 'kernel.so');
      writeFileSync(path, linkSharedLibrary(compiled.output as Buffer));
      const library = koffi().load(path);
      try {
        const args = kernelArguments(c);
        new NativeKernel(compiled.entry, argTypes, library, { captures: compiled.captures, scope }).launch(
          gridShape(c),
          blockShape(c),
          args,
          1,
          c.sharedBytes ?? 0,
        );
        return arrays(args);
      } finally {
        library.unload();
      }
    },
    (error) => ({ status: 'threw', message: message(error), ms: 0 }),
  );
}

/** Compiles a case to PTX and assembles it with ptxas for sm_90. */
function runPtx(c: FuzzCase, argTypes: readonly Type[], scope: Record<string, unknown>): Run {
  compilers.cuda ??= createCompiler().use(new CudaPlugin());
  const compiler = compilers.cuda;
  const start = performance.now();
  let ptx: string;
  try {
    const job = createJob(sourceFromText(c.source, 'fuzz.js'), argTypes, compiler.target('cuda'), {
      scope,
      config: c.config ?? {},
    });
    ptx = compileJob(compiler, job, { kind: 'assembly', memory: false }).output as string;
  } catch (error) {
    return { ...compileFailure(error), ms: performance.now() - start } as Run;
  }
  if (!findPtxas()) return { status: 'skipped', message: 'no ptxas', ms: 0 };
  return attempt(
    () => {
      assemblePTX(ptx, 'sm_90');
      return 'compiled';
    },
    (error) => ({ status: 'internal', message: `ptxas: ${message(error)}`, ms: 0 }),
  );
}

function runCuda(c: FuzzCase, scope: Record<string, unknown>): Run {
  if (!hasCudaDevice()) return { status: 'skipped', message: 'no CUDA device', ms: 0 };
  const start = performance.now();
  const args = kernelArguments(c);
  try {
    launchCuda(
      sourceFromText(c.source, 'fuzz.js'),
      {
        grid: gridShape(c),
        block: blockShape(c),
        scope,
        sharedBytes: c.sharedBytes ?? 0,
        config: c.config ?? {},
      },
      ...args,
    );
    return { status: 'ok', arrays: arrays(args), ms: performance.now() - start };
  } catch (error) {
    const ms = performance.now() - start;
    if (error instanceof CompileError) return { ...compileFailure(error), ms } as Run;
    // Device exceptions carry the kernel's message; anything else is the launch failing.
    return {
      status: error instanceof DeviceError ? 'threw' : 'internal',
      message: message(error),
      ms,
    } as Run;
  }
}

function runReferenceRunner(c: FuzzCase, scope: Record<string, unknown>): Run {
  return attempt(
    () => {
      const args = kernelArguments(c);
      // Text kernels on the reference runner see only the scope: the conversions come from
      // @gpuc/core, as a kernel module imports them.
      runReference(
        sourceFromText(c.source, 'fuzz.js'),
        {
          grid: gridShape(c),
          block: blockShape(c),
          scope: { ...scope, ...CONVERSIONS },
          sharedBytes: c.sharedBytes ?? 0,
        },
        args,
      );
      return arrays(args);
    },
    (error) => ({ status: 'threw', message: message(error), ms: 0 }),
  );
}

/** Runs a case on plain JavaScript, its emulations and the chosen back-ends. */
export async function execute(c: FuzzCase, backends: readonly Backend[]): Promise<Runs> {
  const runs: Partial<Record<Backend, Run>> = {};
  const argTypes = kernelArguments(c).map((a, k) => {
    const type = typeOfValue(a);
    if (!type) throw new Error(`fuzz: argument ${k + 1} has no kernel type`);
    return type;
  });
  // A device function that JavaScript cannot even create is the generator's fault: it throws.
  const scope = scopeOf(c);
  for (const backend of backends) {
    if (backend === 'reference') runs.reference = runReferenceRunner(c, scope);
    if (backend === 'native') runs.native = runNative(c, argTypes, scope);
    if (backend === 'ptx') runs.ptx = runPtx(c, argTypes, scope);
    if (backend === 'cuda') runs.cuda = runCuda(c, scope);
    if (backend === 'webgpu') runs.webgpu = await runWebGPU(c, scope);
  }
  return {
    js: runForm(c, 'source'),
    emulated: runForm(c, 'emulated'),
    ...(c.fused ? { fused: runForm(c, 'fused') } : {}),
    ...(backends.includes('webgpu')
      ? {
          flushed: (['emulated', ...(c.fused ? ['fused' as const] : [])] as const).map((form) =>
            runForm(c, form, { flushF32Subnormals: true }),
          ),
        }
      : {}),
    ...(backends.includes('cuda')
      ? {
          atomicFlushed: (['emulated', ...(c.fused ? ['fused' as const] : [])] as const).map((form) =>
            runForm(c, form, { flushF32Atomics: true }),
          ),
        }
      : {}),
    backends: runs,
  };
}
