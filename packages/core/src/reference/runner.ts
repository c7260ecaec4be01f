/**
 * The reference runner: any kernel, run as plain JavaScript over a grid, as the oracle every
 * back-end is compared with.
 *
 * Blocks run one after another, threads of a block one after another, each with `gpu` answering
 * for it. A kernel that uses collective operations (the block barrier, warp shuffles and votes)
 * is rewritten into a generator that yields at each of them: the runner advances every thread
 * of the block to its next collective, resolves each warp whose lanes all wait at the same warp
 * operation (a shuffle reads the other lanes' values) and the block once every thread waits at
 * a barrier, and resumes them.
 *
 * Every launch is checked for data races unless `races: false` (races.ts, race-runs.ts): the
 * order the runner picks is one of many a GPU may take, so a race is an error, not an answer.
 */

import { LRUCache } from 'lru-cache';
import { WARPGROUP_THREADS } from '../frontend/catalogue/warpgroup.js';
import { CompileError, ErrorCode } from '../frontend/errors.js';
import { inferKernel } from '../frontend/index.js';
import { callsByName, type FunctionInput, toSource } from '../frontend/infer.js';
import { currentWorld } from '../frontend/methods.js';
import { kernelName, parameterNames } from '../frontend/parameters.js';
import { parseFunction } from '../frontend/parse.js';
import { type KernelSource, sourceFromText } from '../frontend/source.js';
import { capturedType, typeOfValue } from '../frontend/values.js';
import { checkArgumentList, checkCount } from '../host/check-arguments.js';
import { checkSharedBytes, type Dim, dim3 } from '../host/dim.js';
import { DEFAULT_BLOCK, launchGeometry, type SizedLaunch } from '../host/sized-launch.js';
import { BlockCopies } from './async-copies.js';
import { type Collective, collectiveVersion, type KernelGenerator } from './collectives.js';
import {
  findsItsNames,
  instantiate,
  kernelNames,
  readsScopeNames,
  scopeDeviceFunctions,
  unboundName,
} from './device-functions.js';
import { kernelValue, setCurrentThread, type ThreadState } from './gpu.js';
import { Float16ArrayStandIn, holdsHalfArray } from './half-arrays.js';
import { KernelError } from './kernel-error.js';
import { MATRIX_OPERATIONS, resolveMatrix } from './matrix.js';
import { checkingRaces, trackedArguments } from './race-runs.js';
import { type RaceCheck, RaceFound } from './races.js';
import { withoutTypes } from './typescript.js';
import { BlockProducts, resolveWarpgroup, WARPGROUP_OPERATIONS, WarpgroupProducts } from './warpgroup.js';

export { KernelError } from './kernel-error.js';

/** A launch size: a number is a 1-D size. */

export interface ReferenceLaunch {
  grid: Dim;
  block: Dim;
  /** Bytes of dynamic shared memory per block (`gpu.dynamicSharedArray`). */
  sharedBytes?: number;
  /** Names the kernel reads from outside (the same scope object the compiler gets). */
  scope?: Readonly<Record<string, unknown>>;
  /**
   * Whether to check the launch for data races (races.ts), a {@link DataRaceError} if it has one;
   * on unless false.
   */
  races?: boolean;
}

type Kernel = (...args: unknown[]) => unknown;

/** TypeScript kernel texts without their types, by the source given (a launch strips them once). */
const untyped = new WeakMap<KernelSource, KernelSource>();

/**
 * A kernel for the reference runner: a JavaScript function, or source text (as the CLI and code
 * whose imports a bundler renamed must give it; TypeScript unless its file is a `.js`, run
 * without its types). Text kernels see `gpu` and the scope's names.
 */
export type ReferenceKernel = FunctionInput;

/** A reference launch by thread count (`{ size: n }`): blocks of 256 cover `size`, as natively. */
export type ReferenceSizedLaunch = Omit<ReferenceLaunch, 'grid' | 'block'> & SizedLaunch;

/** Runs the kernel once per thread of the grid (or of `size` threads). */
export function runReference(
  kernel: ReferenceKernel,
  launch: ReferenceLaunch | ReferenceSizedLaunch,
  args: readonly unknown[],
): void {
  const geometry = launchGeometry(launch, () => DEFAULT_BLOCK);
  const [gx, gy, gz] = dim3(geometry.grid);
  const [bx, by, bz] = dim3(geometry.block, 'block');
  const sharedBytes = checkSharedBytes(launch.sharedBytes ?? 0);
  const scope = launch.scope ?? {};
  const given = toSource(kernel);
  // What the compiler refuses to take as a kernel at all (an async function, text that is no
  // function), the runner refuses with the same error.
  if (!takenAsKernels.has(given)) {
    parseFunction(given);
    takenAsKernels.add(given);
  }
  // Text the compiler reads as TypeScript runs without its types (stripped once per source).
  let source = given;
  if (typeof kernel !== 'function' && !given.file.endsWith('.js')) {
    source = untyped.get(given) ?? sourceFromText(withoutTypes(given.text), given.file);
    untyped.set(given, source);
  }
  // A typed array in the arguments' place would be spread, one element a parameter; a missing
  // argument would read `undefined`: both refused as launches refuse them.
  const name = kernelName(kernel);
  checkArgumentList(name, args);
  const parameters = parameterNames(kernel);
  checkCount({ name, parameterNames: parameters }, parameters().length, args.length);
  // Device functions (of the scope, its records and tuples, the arguments) see the scope's
  // names, as compiled, not their closures.
  const bound = scopeDeviceFunctions(source, scope, args);
  // Text sees the device functions of the method tables too, as the compiler's names do.
  const names = kernelNames(source.text, bound.scope);
  // Text sees no name but these: one it reads that none binds (a function declared in the text
  // beside the kernel is none) is the compiler's unknown-name error here too, not a
  // ReferenceError once a thread reaches it.
  if (typeof kernel !== 'function' && unboundName(given, names) !== undefined)
    refuseUnknownNames(given, args, scope);
  // A function's closure would hand it the bits of a 16-bit float array in the scope, its own
  // values of the scope's names (or none), or call device functions as their closures: such a
  // kernel is made again from its text, seeing the scope's values as the compiler does (where it
  // finds every name it reads there).
  const own =
    typeof kernel === 'function' &&
    !Object.values(scope).some((value) => holdsHalfArray(value)) &&
    !((bound.rebound || readsScopeNames(source, scope)) && findsItsNames(source, names));
  const plain = own ? (kernel as Kernel) : (instantiate(source, names) as Kernel);
  // Typed scalars (`f32(2)`) carry their type to the compiler; the kernel sees numbers.
  const values = bound.args.map((value) => kernelValue(value));
  // Blocks keep an account of asynchronous copies (and check shared reads), and of the shared
  // memory warpgroup products read (and check the writes), where the kernel issues any.
  const calls = callsOf(source, args, launch.scope);
  const copying = calls('gpu.copyAsync');
  const multiplying =
    calls('gpu.matrixWarpgroupMultiplyAdd') || calls('gpu.matrixWarpgroupMultiplyAddSwizzled');
  const run = (races: RaceCheck | undefined) => {
    const given = races ? trackedArguments(races, values, parameters()) : values;
    const collective = collectiveVersion(source, names, given);
    for (let z = 0; z < gz; z++) {
      for (let y = 0; y < gy; y++) {
        for (let x = 0; x < gx; x++) {
          races?.enterBlock();
          const threads: ThreadState[] = [];
          const shared = new Map<string, unknown>();
          const dynamicShared = new ArrayBuffer(sharedBytes);
          const copies = copying ? new BlockCopies() : undefined;
          const products = multiplying ? new BlockProducts() : undefined;
          for (let tz = 0; tz < bz; tz++) {
            for (let ty = 0; ty < by; ty++) {
              for (let tx = 0; tx < bx; tx++) {
                threads.push({
                  threadIdx: { x: tx, y: ty, z: tz },
                  blockIdx: { x, y, z },
                  blockDim: { x: bx, y: by, z: bz },
                  gridDim: { x: gx, y: gy, z: gz },
                  shared,
                  dynamicShared,
                  scope,
                  ...(copies ? { copies } : {}),
                  ...(products ? { products } : {}),
                  ...(races ? { races } : {}),
                });
              }
            }
          }
          if (collective) runCollectiveBlock(collective.kernel, threads, collective.args);
          else for (const thread of threads) runThread(thread, () => plain(...given));
        }
      }
    }
  };
  // Kernels and their device functions (closures too) find Float16Array where the runtime has
  // none, as the compiler does, for the run only.
  const lent = !('Float16Array' in globalThis);
  if (lent) Object.assign(globalThis, { Float16Array: Float16ArrayStandIn });
  try {
    if (launch.races === false) run(undefined);
    else checkingRaces(run, values, { name, source, scope: bound.scope, args: bound.args });
  } finally {
    setCurrentThread(undefined);
    if (lent) delete (globalThis as { Float16Array?: unknown }).Float16Array;
  }
}

/** Throws the error inference gives a kernel for a name it cannot resolve, if it gives that error. */
function refuseUnknownNames(
  source: KernelSource,
  args: readonly unknown[],
  scope: Readonly<Record<string, unknown>>,
): void {
  try {
    inferKernel(source, { values: args }, { scope });
  } catch (error) {
    // Others (what compiled kernels do not support) leave the runner to run what JavaScript does.
    if (error instanceof CompileError && error.code === ErrorCode.unknownName) throw error;
  }
}

/** Sources the compiler takes as kernels (a source is its text: the answer never changes). */
const takenAsKernels = new WeakSet<KernelSource>();

/** The operations whose accounts blocks keep. */
const ACCOUNTED = [
  'gpu.copyAsync',
  'gpu.matrixWarpgroupMultiplyAdd',
  'gpu.matrixWarpgroupMultiplyAddSwizzled',
] as const;

/**
 * What {@link callsOf} found, by kernel source and by what inference of it depends on (the
 * latest few: launches with new function values each time would add new ones without end).
 */
const calledByKernel = new WeakMap<KernelSource, LRUCache<string, ReadonlySet<string>>>();

/**
 * Whether the kernel, or a function it calls (of its scope or the method tables), calls an
 * operation, as inference of the kernel for these arguments finds: the operations whose
 * accounts blocks keep. A kernel inference refuses compiles for no GPU, so none is kept there.
 * Kept for the types of the arguments, the types of the scope's values (function values have
 * one type each) and the values of its primitives (which inference may fold), and the methods
 * defined: what inference depends on, so that repeated launches infer once.
 */
function callsOf(
  source: KernelSource,
  args: readonly unknown[],
  scope: Readonly<Record<string, unknown>> | undefined,
): (name: (typeof ACCOUNTED)[number]) => boolean {
  const typeKey = (value: unknown) => typeOfValue(value)?.key ?? '?';
  const key = [
    currentWorld(),
    args.map(typeKey).join(','),
    Object.entries(scope ?? {})
      .map(([name, value]) => {
        const type = capturedType(value)?.key ?? '?';
        return typeof value === 'object' || typeof value === 'function'
          ? `${name}:${type}`
          : `${name}:${type}=${String(value)}`;
      })
      .join(','),
  ].join('\n');
  let known = calledByKernel.get(source);
  if (!known) {
    known = new LRUCache({ max: 16 });
    calledByKernel.set(source, known);
  }
  let called = known.get(key);
  if (!called) {
    try {
      const inferred = inferKernel(source, { values: args }, scope ? { scope } : {});
      called = new Set(ACCOUNTED.filter((name) => callsByName(inferred, name)));
    } catch {
      called = new Set();
    }
    known.set(key, called);
  }
  const found = called;
  return (name) => found.has(name);
}

function runThread<T>(thread: ThreadState, body: () => T): T {
  setCurrentThread(thread);
  thread.races?.enter(thread);
  try {
    return body();
  } catch (error) {
    if (error instanceof KernelError || error instanceof RaceFound) throw error;
    const { blockIdx: b, threadIdx: t } = thread;
    throw new KernelError((error as Error).message ?? String(error), [b.x, b.y, b.z], [t.x, t.y, t.z], {
      cause: error,
    });
  }
}

/** A simulated thread of a block that uses collectives, between two of them. */
interface Running {
  thread: ThreadState;
  generator: Generator<Collective, unknown, unknown>;
  /** The collective it waits at; undefined once it has returned. */
  pending: Collective | undefined;
  /** What the collective it waited at gave it, sent in when it resumes. */
  input: unknown;
  /** Whether it may run on: its collective is resolved (or it has not started). */
  ready: boolean;
}

/** Lanes per warp, as every back-end's portable warp has (partial warps have fewer). */
const WARP = 32;

/**
 * Runs a block whose kernel yields at collectives. Warp operations synchronise the lanes of one
 * warp (32 threads in the block's linear order; the last warp may be partial): a warp whose
 * lanes all wait at the same warp operation is resolved and resumed, whatever the other warps
 * do. The barrier synchronises the whole block: it is resolved once every thread waits at one.
 * Lanes of a warp at different places, or threads of the block some at a barrier and some
 * returned, are divergent collectives, an error.
 */
function runCollectiveBlock(kernel: KernelGenerator, threads: ThreadState[], args: readonly unknown[]): void {
  const running: Running[] = threads.map((thread) => ({
    thread,
    generator: runThread(thread, () => kernel(...args)),
    pending: undefined,
    input: undefined,
    ready: true,
  }));
  const warps: Running[][] = [];
  for (let start = 0; start < running.length; start += WARP) warps.push(running.slice(start, start + WARP));
  const groups: Running[][] = [];
  for (let start = 0; start < running.length; start += WARPGROUP_THREADS)
    groups.push(running.slice(start, start + WARPGROUP_THREADS));
  const products = groups.map(() => new WarpgroupProducts());
  for (;;) {
    for (const t of running) {
      if (!t.ready) continue;
      const step = runThread(t.thread, () => t.generator.next(t.input));
      t.pending = step.done ? undefined : step.value;
      t.ready = false;
    }
    let resolved = false;
    warps.forEach((warp, index) => {
      const ops = new Set(warp.map((t) => t.pending?.op));
      // With no lane at a warp operation, the check is the block's barrier check below.
      if (![...ops].some((op) => op !== undefined && op !== 'barrier')) return;
      if (ops.size !== 1) divergent(`lanes of warp ${index}`, 'lanes', warp, warp[0]?.thread);
      // A warpgroup operation waits for the warpgroup's other warps (below).
      if (isWarpgroupOperation(warp[0]?.pending?.op)) return;
      unchecked(warp, () => resolveWarp(warp));
      resolved = true;
    });
    groups.forEach((group, index) => {
      const op = group[0]?.pending?.op;
      if (!isWarpgroupOperation(op) || group.some((t) => t.pending?.op !== op)) return;
      unchecked(group, () => resolveGroup(group, products[index] as WarpgroupProducts));
      resolved = true;
    });
    if (resolved) continue;
    // Threads at a warpgroup operation that the rest of their warpgroup can no longer reach.
    groups.forEach((group, index) => {
      if (group.some((t) => isWarpgroupOperation(t.pending?.op)))
        divergent(`threads of warpgroup ${index}`, 'threads', group, group[0]?.thread);
    });
    const ops = new Set(running.map((t) => t.pending?.op));
    if (ops.size === 1 && ops.has(undefined)) return;
    if (ops.size !== 1) divergent('threads of the block', 'threads', running, running[0]?.thread);
    const copies = running[0]?.thread.copies;
    if (copies) copies.barriers++;
    running[0]?.thread.races?.barrier();
    for (const t of running) {
      t.input = undefined;
      t.ready = true;
    }
  }
}

/**
 * Resolves a warp's (or warpgroup's) operation with races unchecked: its loads and stores are the
 * lanes' together, not the thread's that ran last. Passed, it orders the lanes' accesses.
 */
function unchecked(group: Running[], resolve: () => void): void {
  const races = group[0]?.thread.races;
  if (races) races.suspended = true;
  try {
    resolve();
  } finally {
    if (races) races.suspended = false;
  }
  races?.warpMet(group.map((t) => t.thread));
}

/** Throws the error for threads that reached different collectives, listing who reached which. */
function divergent(who: string, unit: string, group: Running[], first: ThreadState | undefined): never {
  const at = new Map<string, number[]>();
  group.forEach((t, i) => {
    const op = t.pending?.op ?? 'none';
    at.set(op, [...(at.get(op) ?? []), i]);
  });
  const where = [...at].map(([op, indices]) => `${op} at ${unit} ${ranges(indices)}`).join(', ');
  const b = first?.blockIdx ?? { x: 0, y: 0, z: 0 };
  const t = first?.threadIdx ?? { x: 0, y: 0, z: 0 };
  throw new KernelError(
    `${who} reached different collective operations (${where}): a barrier or warp operation under divergent control flow`,
    [b.x, b.y, b.z],
    [t.x, t.y, t.z],
  );
}

/** Sorted indices as runs: `0-7, 9`. */
function ranges(indices: number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < indices.length; ) {
    let j = i;
    while (j + 1 < indices.length && (indices[j + 1] as number) === (indices[j] as number) + 1) j++;
    runs.push(j > i + 1 ? `${indices[i]}-${indices[j]}` : indices.slice(i, j + 1).join(', '));
    i = j + 1;
  }
  return runs.join(', ');
}

const isWarpgroupOperation = (op: string | undefined): boolean =>
  (WARPGROUP_OPERATIONS as readonly (string | undefined)[]).includes(op);

/**
 * Computes the result of the warpgroup operation every thread of a warpgroup waits at, as its
 * first thread (whose reads of shared memory the account of asynchronous copies checks), and
 * readies them.
 */
function resolveGroup(group: Running[], products: WarpgroupProducts): void {
  const first = group[0] as Running;
  const op = first.pending?.op as string;
  const result = runThread(first.thread, () =>
    resolveWarpgroup(
      op,
      group.map((t) => t.pending?.args ?? []),
      products,
      first.thread.products,
    ),
  );
  if (typeof result === 'string') {
    const { blockIdx: b, threadIdx: t } = first.thread;
    throw new KernelError(result, [b.x, b.y, b.z], [t.x, t.y, t.z]);
  }
  for (const t of group) {
    t.input = result.value;
    t.ready = true;
  }
}

/** Computes the result of the warp operation every lane of a warp waits at, and readies them. */
function resolveWarp(warp: Running[]): void {
  const first = warp[0] as Running;
  const op = first.pending?.op as string;
  if ((MATRIX_OPERATIONS as readonly string[]).includes(op)) {
    const result = resolveMatrix(
      op,
      warp.map((t) => t.pending?.args ?? []),
    );
    if (typeof result === 'string') {
      const { blockIdx: b, threadIdx: t } = first.thread;
      throw new KernelError(result, [b.x, b.y, b.z], [t.x, t.y, t.z]);
    }
    for (const t of warp) {
      t.input = result.value;
      t.ready = true;
    }
    return;
  }
  const values = warp.map((t) => t.pending?.args[0]);
  if (op.startsWith('shuffle')) {
    // Warps exchange numbers; compiled code refuses anything else (a boolean too) at its type.
    const lane = values.findIndex((v) => typeof v !== 'number' && typeof v !== 'bigint');
    if (lane >= 0) {
      const { blockIdx: b, threadIdx: t } = (warp[lane] as Running).thread;
      throw new KernelError(
        `gpu.${op} cannot shuffle a ${typeof values[lane]}; warps exchange numbers${typeof values[lane] === 'boolean' ? ' (shuffle p ? 1 : 0)' : ''}`,
        [b.x, b.y, b.z],
        [t.x, t.y, t.z],
      );
    }
  }
  /** Lane `source`'s value, or the lane's own where `source` is not a lane of this warp. */
  const read = (source: number, lane: number) =>
    source >= 0 && source < warp.length ? values[source] : values[lane];
  warp.forEach((t, lane) => {
    const { op, args } = t.pending as Collective;
    const amount = Number(args[1]) | 0;
    switch (op) {
      case 'shuffle':
        t.input = read(amount % WARP, lane);
        break;
      case 'shuffleUp':
        t.input = read(lane - amount, lane);
        break;
      case 'shuffleDown':
        t.input = read(lane + amount, lane);
        break;
      case 'shuffleXor':
        t.input = read(lane ^ amount, lane);
        break;
      case 'voteAny':
        t.input = values.some(Boolean);
        break;
      case 'voteAll':
        t.input = values.every(Boolean);
        break;
      case 'ballot':
        t.input = values.reduce<bigint>((mask, v, i) => (v ? mask | (1n << BigInt(i)) : mask), 0n);
        break;
    }
    t.ready = true;
  });
}
