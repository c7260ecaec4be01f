/**
 * The plain-JavaScript oracle: the kernel's own text evaluated by JavaScript over the grid, with
 * a `gpu` object answering for the current thread and the typed wrappers (`f32(x)`, `i8(x)`...)
 * meaning what docs/language.md says they mean (a store into that typed array). A kernel with the
 * block barrier or warp operations runs as a generator, every thread of a block advanced to the
 * barrier (or the warp operation) before any goes on; a block of 8 threads is one warp. The same
 * runner evaluates the emulated texts, given the emulation runtime as `$`.
 */
import { bf16Round, f16Round, gpu as reference } from '@gpuc/core';
import { BFloat16Bits, Float16Bits } from '@gpuc/core/host';
import { float16Array, numbersOf } from './arguments.js';
import { aggregateValue, BLOCK, blockShape, decode, type FuzzCase, GRID, gridShape } from './case.js';
import { convert, type Emulation } from './emulate.js';
import { ARRAY_OF, NUMBER_TYPES } from './types.js';

/** The warp operations, as the generator writes them: `gpu.shuffle(v, lane)` with plain arguments. */
const WARP_CALL = /gpu\.(shuffle|shuffleUp|shuffleDown|shuffleXor|voteAny|voteAll|ballot)\(([^()]*)\)/g;

type Element = number | bigint;
type Store = { [index: number]: Element };

/** Replaces an element by what `combine` makes of it (stored as the typed array converts); the old one. */
function update(array: Store, index: number, combine: (old: Element) => Element): Element {
  const old = array[index] as Element;
  array[index] = combine(old);
  return old;
}

/**
 * The atomics as JavaScript computes them: one thread at a time, each an element's update. The
 * emulation's f32 additions flush subnormals where it says CUDA's do (`Emulation.atomicF32`).
 */
const atomicsOf = (emulation?: Emulation) => {
  if (emulation === undefined) return ATOMICS;
  const sum = (a: Store, i: number, v: Element, sign: 1 | -1) => {
    if (!(a instanceof Float32Array)) return undefined;
    const flush = (x: number) => emulation.atomicF32(x);
    return update(a, i, (o) => flush(Math.fround(flush(o as number) + sign * flush(v as number))));
  };
  return {
    ...ATOMICS,
    atomicAdd: (a: Store, i: number, v: Element) => sum(a, i, v, 1) ?? ATOMICS.atomicAdd(a, i, v),
    atomicSub: (a: Store, i: number, v: Element) => sum(a, i, v, -1) ?? ATOMICS.atomicSub(a, i, v),
  };
};

const ATOMICS = {
  atomicAdd: (a: Store, i: number, v: Element) => update(a, i, (o) => (o as number) + (v as number)),
  atomicSub: (a: Store, i: number, v: Element) => update(a, i, (o) => (o as number) - (v as number)),
  atomicMin: (a: Store, i: number, v: Element) => update(a, i, (o) => (v < o ? v : o)),
  atomicMax: (a: Store, i: number, v: Element) => update(a, i, (o) => (v > o ? v : o)),
  atomicAnd: (a: Store, i: number, v: Element) => update(a, i, (o) => (o as number) & (v as number)),
  atomicOr: (a: Store, i: number, v: Element) => update(a, i, (o) => (o as number) | (v as number)),
  atomicXor: (a: Store, i: number, v: Element) => update(a, i, (o) => (o as number) ^ (v as number)),
  atomicExch: (a: Store, i: number, v: Element) => update(a, i, () => v),
  atomicCAS: (a: Store, i: number, compare: Element, v: Element) =>
    update(a, i, (o) => (o === compare ? v : o)),
};

/** An f64's two 32-bit words, little-endian: the low word first. */
const words = new Int32Array(2);
const wordsF64 = new Float64Array(words.buffer);

/** `gpu.popcount`, `highWord`, `lowWord` and `fromWords`, as JavaScript's typed arrays see the bits. */
const BITS = {
  popcount: (x: number | bigint) =>
    (typeof x === 'bigint' ? BigInt.asUintN(64, x) : x >>> 0).toString(2).replaceAll('0', '').length,
  highWord(x: number) {
    wordsF64[0] = x;
    return words[1] as number;
  },
  lowWord(x: number) {
    wordsF64[0] = x;
    return (words[0] as number) >>> 0;
  },
  fromWords(high: number, low: number) {
    words[1] = high;
    words[0] = low;
    return wordsF64[0] as number;
  },
};

/** `f16(x)` and `bf16(x)`: rounded as a store into a 16-bit float array, the f32 holding it. */
export const HALF_CONVERSIONS = [(x: number) => f16Round(Number(x)), (x: number) => bf16Round(Number(x))];

/** `i64(x)` and `u64(x)`: a store into a `BigInt64Array` or `BigUint64Array`. */
export const BIGINT_CONVERSIONS = [(x: bigint) => BigInt.asIntN(64, x), (x: bigint) => BigInt.asUintN(64, x)];

/** The values a case's kernel captures, by name: fresh typed arrays, plain numbers and BigInts. */
export function capturedValues(c: FuzzCase): Record<string, unknown> {
  return Object.fromEntries(
    (c.captured ?? []).map((p) => {
      if (p.kind === 'scalar') return [p.name, decode(p.value)];
      if (p.kind === 'key') return [p.name, p.value];
      if (p.kind === 'aggregate') return [p.name, aggregateValue(p)];
      const type = (globalThis as unknown as Record<string, new (v: unknown[]) => unknown>)[
        ARRAY_OF[p.type as keyof typeof ARRAY_OF]
      ] as new (
        v: unknown[],
      ) => unknown;
      return [p.name, new type(p.values.map(decode))];
    }),
  );
}

/** One lane's warp operation, as the kernel yields it: the operation and its arguments. */
type WarpCall = [op: string, value: unknown, amount?: number];

/** Each lane's result of a warp operation every lane of the warp (the block) waits at. */
function resolveWarp(calls: readonly WarpCall[]): unknown[] {
  const values = calls.map((c) => c[1]);
  // A source lane outside the warp gives the lane its own value (docs/language.md).
  const read = (source: number, lane: number) =>
    source >= 0 && source < values.length ? values[source] : values[lane];
  return calls.map(([op, , amount = 0], lane) => {
    switch (op) {
      case 'shuffle':
        // A lane past the warp's 32 counts modulo 32 (the sign kept: -1 is no lane).
        return read(amount % 32, lane);
      case 'shuffleUp':
        return read(lane - amount, lane);
      case 'shuffleDown':
        return read(lane + amount, lane);
      case 'shuffleXor':
        return read(lane ^ amount, lane);
      case 'voteAny':
        return values.some(Boolean);
      case 'voteAll':
        return values.every(Boolean);
      default:
        return values.reduce<bigint>((mask, v, i) => (v ? mask | (1n << BigInt(i)) : mask), 0n);
    }
  });
}

interface Thread {
  readonly thread: number;
  readonly block: number;
}

/** A shared 16-bit float array as plain JavaScript sees it (numbers); any other array itself. */
const numbersOfHalf = (array: unknown): unknown =>
  array instanceof Float16Bits || array instanceof BFloat16Bits ? numbersOf(array) : array;

/** Which texts of a case to run: the source, or the emulation (plain or fused). */
export type Form = 'source' | 'emulated' | 'fused';

/** Runs one form of a case on `args` (changed in place); throws what the kernel throws. */
export function runPlain(c: FuzzCase, form: Form, args: unknown[], emulation?: Emulation): void {
  let current: Thread = { thread: 0, block: 0 };
  let shared: unknown[] = [];
  let dynamicShared = new ArrayBuffer(0);
  // A thread's linear number in its block is (z * height + y) * width + x.
  const [width, height, depth] = blockShape(c);
  // A block's linear number `b` in the grid is y * columns + x.
  const [columns, rows] = gridShape(c);
  const dim = (x: () => number, y: () => number = () => 0, z: () => number = () => 0) => ({
    get x() {
      return x();
    },
    get y() {
      return y();
    },
    get z() {
      return z();
    },
  });
  const [tx, ty, tz] = [
    () => current.thread % width,
    () => Math.floor(current.thread / width) % height,
    () => Math.floor(current.thread / (width * height)),
  ];
  const gpu = {
    threadIdx: dim(tx, ty, tz),
    blockIdx: dim(
      () => current.block % columns,
      () => Math.floor(current.block / columns),
    ),
    blockDim: { x: width, y: height, z: depth },
    warpSize: 32,
    get laneId() {
      return current.thread % 32;
    },
    // JavaScript has no fma: the reference runner's, exact (a*b+c rounded once to a double).
    fma: reference.fma,
    ...atomicsOf(emulation),
    ...BITS,
    /** 16 bytes from `global` at `j` to `shared` at `i`, at once (a wait then has nothing to do). */
    copyAsync(shared: Store, i: number, global: Store & { BYTES_PER_ELEMENT: number }, j: number) {
      for (let k = 0; k < 16 / global.BYTES_PER_ELEMENT; k++) shared[i + k] = global[j + k] as Element;
    },
    copyAsyncCommit() {},
    copyAsyncWait() {},
    // An unrolling hint and the memory fences do nothing in plain JavaScript's one thread.
    unroll() {},
    threadFence() {},
    threadFenceBlock() {},
    threadFenceSystem() {},
    gridDim: { x: columns, y: rows, z: 1 },
    globalIdx: dim(
      () => (current.block % columns) * width + tx(),
      () => Math.floor(current.block / columns) * height + ty(),
      tz,
    ),
    /** One array per block for each place in the source (`site`, numbered as the text is read). */
    sharedArray(site: number, type: new (n: number) => unknown, length: number) {
      shared[site] ??= numbersOfHalf(new type(length));
      return shared[site];
    },
    /** The block's dynamic shared memory: every call of the block, the same bytes. */
    dynamicSharedArray(type: new (buffer: ArrayBuffer) => unknown) {
      return numbersOfHalf(new type(dynamicShared));
    },
  };
  const wrappers = [
    ...NUMBER_TYPES.map((t) => (x: number) => convert(t, Number(x))),
    ...BIGINT_CONVERSIONS,
    ...HALF_CONVERSIONS,
  ];
  const captured = capturedValues(c);
  const names = [
    'gpu',
    ...NUMBER_TYPES,
    'i64',
    'u64',
    'f16',
    'bf16',
    '$',
    'Float16Array',
    'Float16Bits',
    'BFloat16Bits',
    ...Object.keys(captured),
  ];
  const text = (source: string, emulated: string, fused: string) =>
    form === 'source' ? source : form === 'emulated' ? emulated : fused;
  // A device function with a barrier or warp operation runs as a generator too, called with `yield*`.
  // One that calls the function passed to it (`h.through`) runs that one with `yield*` too.
  const helperTexts = c.helpers.map((h) => {
    const body = text(h.source, h.emulated, h.fused);
    if (!h.collective) return body;
    // An arrow function of one expression (`const h = (x) => e;`) as the generator of its return.
    const arrow = new RegExp(`^const ${h.name} = \\(([^)]*)\\) => ([\\s\\S]*);$`);
    const generator = body
      .replace(arrow, `function ${h.name}($1) { return $2; }`)
      .replace(`function ${h.name}(`, `function* ${h.name}(`)
      .replaceAll('gpu.barrier();', 'yield;')
      .replace(WARP_CALL, "(yield ['$1', $2])");
    return h.through
      ? generator.replace(new RegExp(`\\b${h.through}\\(`, 'g'), `yield* ${h.through}(`)
      : generator;
  });
  let kernelText = text(c.source, c.emulated, c.fused ?? c.emulated);
  const collective = c.barrier || c.warp === true;
  if (collective)
    kernelText = kernelText
      .replace('function k(', 'function* k(')
      .replaceAll('gpu.barrier();', 'yield;')
      .replace(WARP_CALL, "(yield ['$1', $2])");
  for (const h of c.helpers)
    if (h.collective)
      kernelText = kernelText.replace(new RegExp(`\\b${h.name}\\(`, 'g'), `yield* ${h.name}(`);
  // Each `gpu.sharedArray(` of the texts is told its place, so that a device function called
  // twice (compiled twice, for two argument types) finds the one array there, as gpuc does.
  let site = 0;
  const body = `${helperTexts.map((h) => `${h}\n`).join('')}return (${kernelText});`.replace(
    /gpu\.sharedArray\(/g,
    () => `gpu.sharedArray(${site++}, `,
  );
  const make = new Function(...names, body);
  // Helpers are declared inside the same function so that each sees the others.
  const kernel = make(
    gpu,
    ...wrappers,
    emulation,
    float16Array,
    Float16Bits,
    BFloat16Bits,
    ...Object.values(captured),
  ) as (...a: unknown[]) => unknown;

  for (let block = 0; block < GRID; block++) {
    shared = [];
    dynamicShared = new ArrayBuffer(c.sharedBytes ?? 0);
    if (!collective) {
      for (let thread = 0; thread < BLOCK; thread++) {
        current = { thread, block };
        kernel(...args);
      }
      continue;
    }
    const threads = Array.from({ length: BLOCK }, (_, thread) => {
      current = { thread, block };
      return { thread, generator: kernel(...args) as Generator, done: false };
    });
    // Every thread runs to the barrier or warp operation (or its end), then every thread runs on,
    // given its result of the warp operation.
    let inputs: unknown[] = [];
    for (let phase = 0; threads.some((t) => !t.done); phase++) {
      const waits: unknown[] = [];
      for (const t of threads) {
        if (t.done) continue;
        current = { thread: t.thread, block };
        const step = t.generator.next(inputs[t.thread]);
        t.done = step.done === true;
        // A finished thread's value is what the kernel returned, which nothing reads.
        if (!t.done) waits.push(step.value);
      }
      if (threads.some((t) => t.done) && threads.some((t) => !t.done))
        throw new Error('plain JavaScript: threads of a block reached different collectives');
      const ops = new Set(waits.map((w) => (Array.isArray(w) ? w[0] : w)));
      if (ops.size > 1)
        throw new Error(`plain JavaScript: threads of a block reached ${[...ops].join(', ')}`);
      inputs = Array.isArray(waits[0]) ? resolveWarp(waits as WarpCall[]) : [];
      if (phase > 64) throw new Error('plain JavaScript: more collectives than the generator writes');
    }
  }
}
