/**
 * `gpu`: the portable intrinsic namespace, as plain JavaScript.
 *
 * Kernels import this object and use it; compiled, its members become target intrinsics. Run as
 * plain JavaScript by the reference runner, it answers for the simulated thread the runner has
 * made current. Collective operations (the barrier, shuffles, votes) need every thread of a
 * block or warp at once; the runner rewrites them into yields, so calling them directly outside
 * the runner is an error.
 */

import { COPY_BYTES } from '../frontend/catalogue/async-copy.js';
import { importedNames } from '../frontend/imports.js';
import type { KernelSource } from '../frontend/source.js';
import type { TypedArray } from '../frontend/types.js';
import { convertValue, loaded, SCALARS, type ScalarName, scalar } from '../frontend/types.js';
import {
  BFloat16Bits,
  deviceAlias,
  Float16Bits,
  markNamespace,
  namespaceOf,
  TypedScalar,
} from '../frontend/values.js';
import type { BlockCopies, CopyThread } from './async-copies.js';
import { fma64 } from './fma.js';
import { halfArrayFace, isIndex } from './half-arrays.js';
import { MATRIX_OPERATIONS } from './matrix.js';
import type { AtomicUpdate, RaceCheck, Swap } from './races.js';
import { type BlockProducts, WARPGROUP_OPERATIONS } from './warpgroup.js';

/** Extents or indices along x, y and z (kernels read them; nothing writes them). */
export interface Dim3 {
  readonly x: number;
  readonly y: number;
  readonly z: number;
}

/** The element type of a typed array as a kernel's atomics take and return it. */
export type ElementOf<A extends TypedArray> = A extends BigInt64Array | BigUint64Array ? bigint : number;

/**
 * A number that passes to a kernel as the scalar type `Name` (`f32(2.5)`): on the host a
 * `TypedScalar` (a Number object saying its type), inside a kernel the number itself. It is a
 * number to TypeScript, so arithmetic on it (`i32(x) + u32(1)`) type-checks and gives a number.
 */
export type Scalar<Name extends ScalarName> = number & { readonly scalarType: Name };

/** The state of the simulated thread that is running now. */
export interface ThreadState {
  threadIdx: Dim3;
  blockIdx: Dim3;
  blockDim: Dim3;
  gridDim: Dim3;
  /** Shared arrays of the block, by the call site that asked for them (`callSite`). */
  shared: Map<string, unknown>;
  /** The block's dynamic shared memory (the launch's `sharedBytes`). */
  dynamicShared: ArrayBuffer;
  /** The names the kernel reads from outside (the launch's scope). */
  scope: Readonly<Record<string, unknown>>;
  /** The block's asynchronous copies, where the kernel starts any (reads of shared arrays are checked). */
  copies?: BlockCopies;
  /** The shared memory its warpgroup products read, where the kernel has any (writes are checked). */
  products?: BlockProducts;
  /** The launch's record of accesses, where races are checked (races.ts). */
  races?: RaceCheck;
}

let current: ThreadState | undefined;

/**
 * A block-wide array: every thread of the block gets the same one, and a call site gives the
 * same one each time it runs (in a loop, or in a device function called from two places), as
 * compiled code has one static array per `gpu.sharedArray` in the source. Kernels the runner
 * rewrote (those with collectives) pass their call site; for others the stack tells it.
 *
 * @param where the call site, as the runner's rewritten kernels pass it (kernels do not: the
 *   compiler refuses a third argument)
 */
function sharedArray<T extends ArrayConstructorOf>(kind: T, length: number, where?: string): InstanceType<T> {
  const t = thread();
  const site = where ?? callSite(sharedArray);
  let array = t.shared.get(site);
  if (array === undefined) {
    // A 16-bit float array's kernel face reads and writes numbers.
    array = sharedFace(t, new kind(length));
    if (t.races) array = t.races.wrapShared(array as object, sharedArray);
    t.shared.set(site, array);
  }
  return array as InstanceType<T>;
}

const callSites = (_: Error, sites: NodeJS.CallSite[]) => sites;

/**
 * Where the code that called `callee` is: its script (by the hash of its text, as functions
 * made from text have no file), its function and its offset there.
 */
function callSite(callee: (...args: never[]) => unknown): string {
  const { stackTraceLimit, prepareStackTrace } = Error;
  const holder: { stack?: NodeJS.CallSite[] } = {};
  Error.stackTraceLimit = 1;
  Error.prepareStackTrace = callSites;
  try {
    Error.captureStackTrace(holder, callee);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    Error.prepareStackTrace = prepareStackTrace;
  }
  const site = holder.stack?.[0] as Partial<NodeJS.CallSite> | undefined;
  if (!site) return '';
  // Tools that map stacks through source maps (vitest) wrap the sites, some methods left out.
  const script = site.getScriptHash?.() ?? `${site.getFileName?.()}|${site.getEvalOrigin?.()}`;
  const position = site.getPosition?.() ?? `${site.getLineNumber?.()}:${site.getColumnNumber?.()}`;
  return `${script}|${site.getFunctionName?.()}|${position}`;
}

/** Makes a simulated thread current (the reference runner calls this). */
export function setCurrentThread(state: ThreadState | undefined): void {
  current = state;
}

/**
 * The scope of the kernel the reference runner is running now, undefined outside a run: host
 * functions that stand for intrinsics (AD's `autodiff`) resolve names through it as the
 * compiler does.
 */
export function referenceScope(): Readonly<Record<string, unknown>> | undefined {
  return current?.scope;
}

function thread(): ThreadState {
  if (current === undefined) throw new Error('gpuc: gpu.* is only meaningful inside a kernel run by gpuc');
  return current;
}

const dim = (pick: (t: ThreadState) => Dim3): Dim3 =>
  Object.freeze({
    get x() {
      return pick(thread()).x;
    },
    get y() {
      return pick(thread()).y;
    },
    get z() {
      return pick(thread()).z;
    },
  });

type ArrayConstructorOf = new (length: number) => TypedArray;

/** A thread's index in its block, x fastest. */
const linearIndex = (t: ThreadState): number =>
  t.threadIdx.x + t.blockDim.x * (t.threadIdx.y + t.blockDim.y * t.threadIdx.z);

const copyThread = (t: ThreadState): CopyThread => ({
  index: linearIndex(t),
  name: `${t.threadIdx.x},${t.threadIdx.y},${t.threadIdx.z}`,
});

/** Where element `index` of a typed array (or its kernel face) lies: its buffer and byte. */
function bytePlace(array: object, index: number): [ArrayBufferLike, number] {
  const size = Reflect.get(array, 'BYTES_PER_ELEMENT') as number;
  return [
    Reflect.get(array, 'buffer') as ArrayBufferLike,
    (Reflect.get(array, 'byteOffset') as number) + index * size,
  ];
}

/**
 * A shared array's face in a block with asynchronous copies or warpgroup products: every element
 * read is checked against the copies that write it (async-copies.ts), every element written
 * against the products that read it (warpgroup.ts).
 */
function checkedAccesses<T extends object>(array: T, copies?: BlockCopies, products?: BlockProducts): T {
  return new Proxy(array, {
    get(target, key) {
      if (copies && isIndex(key)) {
        const why = copies.check(copyThread(thread()), ...bytePlace(target, Number(key)));
        if (why) throw new Error(why);
      }
      return Reflect.get(target, key, target);
    },
    set(target, key, value) {
      if (products && isIndex(key)) {
        const why = products.check(...bytePlace(target, Number(key)));
        if (why) throw new Error(why);
      }
      return Reflect.set(target, key, value, target);
    },
  });
}

/** The faces of each block's dynamic shared memory (its buffer), by array kind. */
const dynamicViews = new WeakMap<ArrayBuffer, Map<unknown, unknown>>();

/**
 * A shared array as a block's kernel sees it: numbers for 16-bit floats, reads checked where copies
 * run, writes where warpgroup products do.
 */
function sharedFace<T>(t: ThreadState, array: T): T {
  const face = halfArrayFace(array) as T & object;
  return t.copies || t.products ? checkedAccesses(face, t.copies, t.products) : face;
}

function collectiveOutsideRunner(name: string): never {
  throw new Error(
    `gpuc: gpu.${name} needs all threads of a block or warp; run the kernel with gpuc's reference runner`,
  );
}

/**
 * Replaces an element by what `combine` makes of it; returns the old element. Where the launch
 * checks races, it is an atomic access, by the thread in the kernel's code that called `callee`.
 */
function update<A extends TypedArray>(
  array: A,
  index: number,
  combine: (old: never) => unknown,
  callee: (...args: never[]) => unknown,
  kind: AtomicUpdate | Swap,
): ElementOf<A> {
  const operate = (raw: A) => {
    const old = raw[index] as never;
    (raw as unknown as unknown[])[index] = combine(old);
    return old;
  };
  const races = current?.races;
  return races ? races.atomic(array, index, operate, callee, kind) : operate(array);
}

/** What an atomic makes of the old element and the value (numbers or BigInts, as the array holds). */
type Combine = (old: number | bigint, value: number | bigint) => unknown;

/** The atomic read-modify-write `gpu[name]` of element `i` of `a` by `combine`. */
function atomic(name: AtomicUpdate['name'], combine: Combine) {
  const operation = <A extends TypedArray>(a: A, i: number, v: ElementOf<A>): ElementOf<A> => {
    const apply = (old: never) => combine(old, v);
    return update(a, i, apply, operation, { name, value: v, apply });
  };
  return operation;
}

function casOperation<A extends TypedArray>(
  a: A,
  i: number,
  compare: ElementOf<A>,
  v: ElementOf<A>,
): ElementOf<A> {
  return update(a, i, (old: never) => (old === compare ? v : old), casOperation, { compare, value: v });
}

const words = new DataView(new ArrayBuffer(8));

/** The portable intrinsics. */
export const gpu = markNamespace(
  Object.freeze({
    threadIdx: dim((t) => t.threadIdx),
    blockIdx: dim((t) => t.blockIdx),
    blockDim: dim((t) => t.blockDim),
    gridDim: dim((t) => t.gridDim),
    globalIdx: Object.freeze({
      get x() {
        const t = thread();
        return t.blockIdx.x * t.blockDim.x + t.threadIdx.x;
      },
      get y() {
        const t = thread();
        return t.blockIdx.y * t.blockDim.y + t.threadIdx.y;
      },
      get z() {
        const t = thread();
        return t.blockIdx.z * t.blockDim.z + t.threadIdx.z;
      },
    }),
    /** Threads per warp (the reference runner simulates 32). */
    warpSize: 32,
    get laneId(): number {
      return linearIndex(thread()) % 32;
    },
    barrier(): void {
      collectiveOutsideRunner('barrier');
    },
    shuffle(_value: number, _lane: number): number {
      return collectiveOutsideRunner('shuffle');
    },
    shuffleUp(_value: number, _delta: number): number {
      return collectiveOutsideRunner('shuffleUp');
    },
    shuffleDown(_value: number, _delta: number): number {
      return collectiveOutsideRunner('shuffleDown');
    },
    shuffleXor(_value: number, _mask: number): number {
      return collectiveOutsideRunner('shuffleXor');
    },
    voteAny(_predicate: unknown): boolean {
      return collectiveOutsideRunner('voteAny');
    },
    voteAll(_predicate: unknown): boolean {
      return collectiveOutsideRunner('voteAll');
    },
    ballot(_predicate: unknown): bigint {
      return collectiveOutsideRunner('ballot');
    },
    // The warp matrix operations (matrix.ts): warp collectives, a fragment an opaque object.
    matrixLoadA(_array: unknown, _offset: number, _ld: number): unknown {
      return collectiveOutsideRunner('matrixLoadA');
    },
    matrixLoadB(_array: unknown, _offset: number, _ld: number): unknown {
      return collectiveOutsideRunner('matrixLoadB');
    },
    matrixLoadAccumulator(_array: unknown, _offset: number, _ld: number): unknown {
      return collectiveOutsideRunner('matrixLoadAccumulator');
    },
    matrixFill(_value: number): unknown {
      return collectiveOutsideRunner('matrixFill');
    },
    matrixMultiplyAdd(_a: unknown, _b: unknown, _c: unknown): unknown {
      return collectiveOutsideRunner('matrixMultiplyAdd');
    },
    matrixStore(_array: unknown, _offset: number, _ld: number, _c: unknown): void {
      collectiveOutsideRunner('matrixStore');
    },
    // The warpgroup matrix operations (warpgroup.ts): collectives of four warps.
    matrixWarpgroupFill(_value: number, _columns: number): unknown {
      return collectiveOutsideRunner('matrixWarpgroupFill');
    },
    matrixWarpgroupMultiplyAdd(
      _a: unknown,
      _aOffset: number,
      _b: unknown,
      _bOffset: number,
      _c: unknown,
    ): unknown {
      return collectiveOutsideRunner('matrixWarpgroupMultiplyAdd');
    },
    matrixWarpgroupMultiplyAddSwizzled(
      _a: unknown,
      _aOffset: number,
      _b: unknown,
      _bOffset: number,
      _c: unknown,
      _bytes: number,
    ): unknown {
      return collectiveOutsideRunner('matrixWarpgroupMultiplyAddSwizzled');
    },
    matrixWarpgroupStore(_array: unknown, _offset: number, _ld: number, _c: unknown): void {
      collectiveOutsideRunner('matrixWarpgroupStore');
    },
    matrixWarpgroupCommit(): void {
      collectiveOutsideRunner('matrixWarpgroupCommit');
    },
    matrixWarpgroupWait(_pending: number, _c: unknown): unknown {
      return collectiveOutsideRunner('matrixWarpgroupWait');
    },
    /**
     * Copies 16 bytes of `src` from `srcOffset` into the shared array `dst` from `dstOffset`, at
     * once (compiled for CUDA sm_80 on, it only starts the copy): what it copies is there when
     * the call returns. Grouping and waiting only keep the account by which a read that would
     * come too early on a GPU is an error (async-copies.ts).
     */
    copyAsync<A extends TypedArray>(dst: A, dstOffset: number, src: A, srcOffset: number): void {
      const count = COPY_BYTES / dst.BYTES_PER_ELEMENT;
      if (dstOffset % count !== 0 || srcOffset % count !== 0)
        throw new Error(
          `gpu.copyAsync copies ${count} elements of this array and needs offsets that are multiples of ${count}, not ${dstOffset} and ${srcOffset}`,
        );
      const t = thread();
      for (let k = 0; k < count; k++) Reflect.set(dst, dstOffset + k, src[srcOffset + k]);
      t.copies?.start(copyThread(t), ...bytePlace(dst, dstOffset));
    },
    /** Closes the group of this thread's copies started since the last one. */
    copyAsyncCommit(): void {
      const t = thread();
      t.copies?.commit(linearIndex(t));
    },
    /** Waits until at most `pending` of this thread's newest groups are still copying. */
    copyAsyncWait(pending: number): void {
      const t = thread();
      t.copies?.wait(linearIndex(t), pending);
    },
    /** Memory fences order memory for other threads; sequential simulation needs none. */
    threadFence(): void {},
    threadFenceBlock(): void {},
    threadFenceSystem(): void {},
    /**
     * `a * b + c` rounded once to f64. A compiled kernel rounds an f32 fma once to f32; stored
     * into a `Float32Array`, this f64 result agrees with that except where it lies exactly
     * halfway between two f32s ("Where f32 differs" in docs/language.md).
     */
    fma: fma64,
    /**
     * A hint that the loop after it be unrolled by `count`, or fully: compiled code attaches it
     * to the loop; JavaScript runs the loop as written.
     */
    unroll(_count?: number): void {},
    clock(): bigint {
      return process.hrtime.bigint();
    },
    sharedArray,
    /** The block's dynamic shared memory as an array of `kind` (every call, the same memory). */
    dynamicSharedArray<T extends ArrayConstructorOf>(kind: T): InstanceType<T> {
      const t = thread();
      const memory = t.dynamicShared;
      // One array per kind and block, as for gpu.sharedArray: the lanes of a warp pass the same
      // one to a matrix operation.
      let views = dynamicViews.get(memory);
      if (!views) {
        views = new Map();
        dynamicViews.set(memory, views);
      }
      let face = views.get(kind);
      if (face === undefined) {
        const size = (kind as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
        const View = kind as unknown as new (
          buffer: ArrayBuffer,
          offset: number,
          length: number,
        ) => InstanceType<T>;
        face = sharedFace(t, new View(memory, 0, Math.floor(memory.byteLength / size)));
        if (t.races) face = t.races.wrap(face as object, () => 'the dynamic shared memory');
        views.set(kind, face);
      }
      return face as InstanceType<T>;
    },
    /** The number of one bits: of the 32-bit two's complement of a number, of the 64 of a BigInt. */
    popcount(x: number | bigint): number {
      let bits = typeof x === 'bigint' ? BigInt.asUintN(64, x) : BigInt(x >>> 0);
      let count = 0;
      for (; bits !== 0n; bits &= bits - 1n) count++;
      return count;
    },
    /** The upper 32 bits of an f64 (sign, exponent, top of the mantissa), as an i32. */
    highWord(x: number): number {
      words.setFloat64(0, x);
      return words.getInt32(0);
    },
    /** The lower 32 bits of an f64, as a u32. */
    lowWord(x: number): number {
      words.setFloat64(0, x);
      return words.getUint32(4);
    },
    /** The f64 with these upper and lower 32 bits. */
    fromWords(high: number, low: number): number {
      words.setUint32(0, high >>> 0);
      words.setUint32(4, low >>> 0);
      return words.getFloat64(0);
    },
    atomicAdd: atomic('atomicAdd', (old, v) => (old as number) + (v as number)),
    atomicSub: atomic('atomicSub', (old, v) => (old as number) - (v as number)),
    // biome-ignore lint/complexity/useMathMinMax: elements may be BigInts, and a NaN compares as here
    atomicMin: atomic('atomicMin', (old, v) => (v < old ? v : old)),
    // biome-ignore lint/complexity/useMathMinMax: elements may be BigInts, and a NaN compares as here
    atomicMax: atomic('atomicMax', (old, v) => (v > old ? v : old)),
    atomicAnd: atomic('atomicAnd', (old, v) => (old as number) & (v as number)),
    atomicOr: atomic('atomicOr', (old, v) => (old as number) | (v as number)),
    atomicXor: atomic('atomicXor', (old, v) => (old as number) ^ (v as number)),
    atomicExch: atomic('atomicExch', (_old, v) => v),
    atomicCAS: casOperation,
  }),
  'gpu',
);

/** The collective operations the reference runner turns into yields. */
export const COLLECTIVES = new Set([
  'barrier',
  'shuffle',
  'shuffleUp',
  'shuffleDown',
  'shuffleXor',
  'voteAny',
  'voteAll',
  'ballot',
  ...MATRIX_OPERATIONS,
  ...WARPGROUP_OPERATIONS,
]);

/** The conversion of a kernel's `name(x)`: as a store into that typed array, a primitive. */
const conversion = (name: ScalarName) => (value: number | bigint) =>
  convertValue(typeof value === 'bigint' ? value : Number(value), scalar(name));

/**
 * The conversions kernels call by name (`f32(x)`, `u64(x)`...), as the reference runner binds
 * them for kernels given as text.
 */
const KERNEL_CONVERSIONS: Readonly<Record<string, (value: number | bigint) => unknown>> = Object.fromEntries(
  SCALARS.filter((name) => name !== 'bool').map((name) => [name, conversion(name)]),
);

// Each stands for the conversion of its name, so a text kernel's scope may hold it. On the
// host it makes a typed scalar (its declared type); inside a kernel run, the number, as
// JavaScript and compiled code see it.
const scalarWrapper = <Name extends ScalarName, Passed extends ScalarName = Name>(name: Name) => {
  const convert = conversion(name);
  // A 16-bit float passes as the f32 holding it, as kernels compute with it.
  const passedAs = loaded(scalar(name)).name;
  return deviceAlias(
    (value: number): Scalar<Passed> =>
      (current === undefined
        ? new TypedScalar(convert(value) as number, passedAs)
        : convert(value)) as Scalar<Passed>,
    name,
  );
};

/**
 * A value with `leaf` applied to it, or where that leaves it, to the members of a record or tuple
 * it is, deep: copied only where a member changed; a record or tuple that holds itself is left as
 * it is there.
 */
export function mapMembers(
  value: unknown,
  leaf: (value: unknown) => unknown,
  within: readonly object[] = [],
): unknown {
  const mapped = leaf(value);
  if (mapped !== value) return mapped;
  // A namespace (`gpu`) is no record: its members are for kernel runs only.
  if (typeof value !== 'object' || value === null || within.includes(value) || namespaceOf(value))
    return value;
  const inner = (item: unknown) => mapMembers(item, leaf, [...within, value]);
  if (Array.isArray(value)) {
    const items = value.map(inner);
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  if (Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value).map(([key, field]) => [key, inner(field)] as const);
    return entries.some(([key, field]) => field !== (value as Record<string, unknown>)[key])
      ? Object.fromEntries(entries)
      : value;
  }
  return value;
}

/**
 * A value as the kernel sees it in the reference runner: typed scalars (`f32(2)`), also inside
 * records and tuples, become the numbers they stand for, and 16-bit float arrays read and write
 * numbers; anything else is itself.
 */
export function kernelValue(value: unknown): unknown {
  return mapMembers(value, (member) =>
    member instanceof TypedScalar ? member.valueOf() : halfArrayFace(member),
  );
}

/**
 * The names a kernel given as text sees in the reference runner, as the compiler resolves them:
 * `gpu`, the conversions and the 16-bit float array constructors, then the scope's names (whose
 * values may shadow those), with their values as `kernelValue` gives them, then the names the
 * source's file imports gpuc's under. `except` leaves names out.
 */
export function kernelBindings(
  source: KernelSource,
  scope: Readonly<Record<string, unknown>>,
  except: ReadonlySet<string> = new Set(),
): { names: string[]; values: unknown[] } {
  const known = new Map<string, unknown>([
    ['gpu', gpu],
    ...Object.entries(KERNEL_CONVERSIONS),
    ['Float16Bits', Float16Bits],
    ['BFloat16Bits', BFloat16Bits],
  ]);
  const bound = new Map(known);
  for (const [name, value] of Object.entries(scope))
    if (/^[A-Za-z_$][\w$]*$/.test(name) && name !== 'gpu') bound.set(name, kernelValue(value));
  for (const [local, name] of importedNames(source)) bound.set(local, known.get(name));
  for (const name of except) bound.delete(name);
  return { names: [...bound.keys()], values: [...bound.values()] };
}

/**
 * Host-side scalar types: `f32(2.5)` passes 2.5 to a kernel as an f32 (a plain number would be
 * an f64, an integer an i32). Inside kernels they convert, as a store into that typed array would.
 */
export const f32 = scalarWrapper('f32');
export const f64 = scalarWrapper('f64');
export const i8 = scalarWrapper('i8');
export const u8 = scalarWrapper('u8');
export const i16 = scalarWrapper('i16');
export const u16 = scalarWrapper('u16');
export const i32 = scalarWrapper('i32');
export const u32 = scalarWrapper('u32');
/**
 * `f16(x)` and `bf16(x)`: x rounded to the 16-bit float (half.ts says how), as the number (an
 * `f32` when passed to a kernel) that holds it; kernels compute with 16-bit floats in `f32`.
 */
export const f16 = scalarWrapper<'f16', 'f32'>('f16');
export const bf16 = scalarWrapper<'bf16', 'f32'>('bf16');
