/**
 * A fuzz case: a generated kernel as source text (what gpuc compiles and JavaScript runs), the
 * same kernel with gpuc's documented semantics emulated, its inputs and its launch. Cases are
 * plain data, so a worker process can run them and a report can print them.
 */
import type { ElementType, Ty } from './types.js';

/** Threads per block and blocks: every thread writes element `gpu.globalIdx.x` of each output. */
export const BLOCK = 8;
export const GRID = 2;
export const LENGTH = BLOCK * GRID;

/**
 * A block's shape: 8 x 1 x 1 threads, (`FuzzCase.square`) 4 x 2 x 1 or (`FuzzCase.cube`)
 * 2 x 2 x 2, x the fastest. Either way a thread's linear number in its block, `(threadIdx.z *
 * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x`, is its warp lane.
 */
export const blockShape = (c: Pick<FuzzCase, 'square' | 'cube'>): [number, number, number] =>
  c.cube ? [2, 2, 2] : c.square ? [4, 2, 1] : [BLOCK, 1, 1];

/**
 * The grid's shape: 2 x 1 blocks, or (`FuzzCase.tall`) 1 x 2. Either way block `b` of the grid is
 * `blockIdx.y * gridDim.x + blockIdx.x`, and its threads hold elements `b * BLOCK` on.
 */
export const gridShape = (c: Pick<FuzzCase, 'tall'>): [number, number] => (c.tall ? [1, GRID] : [GRID, 1]);

/** A value as JSON can carry it: numbers with -0, NaN and the infinities spelled out; bigints. */
export type Encoded = string;

export type Param =
  | {
      readonly name: string;
      readonly kind: 'array';
      readonly type: ElementType;
      readonly values: Encoded[];
      /** Passed as `view(data, ...shape)`, a row-major view of the values. */
      readonly view?: readonly number[];
      /** Passed as the same array as the parameter of this name (whose values it has). */
      readonly alias?: string;
    }
  | { readonly name: string; readonly kind: 'scalar'; readonly type: Ty; readonly value: Encoded }
  /** A string of the scope (captured only): a constant key (`r[KEY]`) with a constant length. */
  | { readonly name: string; readonly kind: 'key'; readonly value: string }
  /** A plain object (a record, with `fields`) or a plain array (a tuple) of plain values. */
  | {
      readonly name: string;
      readonly kind: 'aggregate';
      readonly fields?: readonly string[];
      readonly types: readonly Ty[];
      readonly values: readonly Encoded[];
    };

/** An aggregate parameter's value: the plain object or array it stands for. */
export function aggregateValue(p: Extract<Param, { kind: 'aggregate' }>): unknown {
  const values = p.values.map(decode);
  const fields = p.fields;
  return fields ? Object.fromEntries(values.map((v, k) => [fields[k], v])) : values;
}

/** A device function the kernel calls, passed in the scope. */
export interface Helper {
  readonly name: string;
  readonly source: string;
  readonly emulated: string;
  readonly fused: string;
  /** It calls a barrier or warp operation: the kernel calls it where every thread does, as a statement. */
  readonly collective?: boolean;
  /** The parameter through which it calls a function passed to it (one with collectives). */
  readonly through?: string;
}

/** How far a float output may be from the emulation: a Math function at its root. */
export interface Tolerance {
  readonly ulps: number;
  /** The precision ulps are counted in. */
  readonly precision: 'f32' | 'f64';
}

export interface FuzzCase {
  /** The kernel's source text, `function k(...) {...}`. */
  readonly source: string;
  /** The kernel with gpuc's documented semantics emulated (operations call `$`). */
  readonly emulated: string;
  /** As `emulated`, with every f32 product-and-sum fused; undefined when there is none. */
  readonly fused?: string;
  readonly helpers: readonly Helper[];
  readonly params: readonly Param[];
  /**
   * Values the kernel captures from its scope (numbers, BigInts, booleans: compiled in; typed
   * arrays: copied in, read only), typed as host values are (docs/language.md "Captured values").
   */
  readonly captured?: readonly Param[];
  /** Per parameter index, the tolerance of an output whose stored value is a Math function. */
  readonly tolerance: Readonly<Record<number, Tolerance>>;
  /** The kernel uses the block barrier (the plain-JS run becomes a generator). */
  readonly barrier: boolean;
  /** The kernel uses warp operations (shuffles, votes, ballot): the plain-JS run is a generator. */
  readonly warp?: boolean;
  /**
   * Compile options the compiled runs use (the kernel's results do not depend on them): every
   * index checked (`boundsCheck`; an index out of range, which the generator writes only then,
   * is a device exception that the emulation raises too), an optimisation level.
   */
  readonly config?: { readonly boundsCheck?: boolean; readonly optLevel?: 0 | 1 | 2 | 3 };
  /** The launch's dynamic shared memory in bytes (`gpu.dynamicSharedArray`); none when absent. */
  readonly sharedBytes?: number;
  /** Launched with blocks of 4 x 2 threads rather than 8 x 1 (see {@link blockShape}). */
  readonly square?: boolean;
  /** Launched with blocks of 2 x 2 x 2 threads (see {@link blockShape}). */
  readonly cube?: boolean;
  /** Launched on a grid of 1 x 2 blocks rather than 2 x 1 (see {@link gridShape}). */
  readonly tall?: boolean;
  /**
   * The `CompileError` code every compiled back-end must refuse the kernel with, where it uses
   * what docs/language.md rejects (`recursion`: a device function that reaches itself). Plain
   * JavaScript and the reference runner still run it, and must agree.
   */
  readonly refusal?: string;
  /** Constructs the kernel uses, to name failure classes. */
  readonly features: readonly string[];
}

export function encode(value: number | bigint | boolean): Encoded {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'boolean') return String(value);
  return Object.is(value, -0) ? '-0' : String(value);
}

export function decode(text: Encoded): number | bigint | boolean {
  if (text.endsWith('n')) return BigInt(text.slice(0, -1));
  if (text === 'true' || text === 'false') return text === 'true';
  return text === '-0' ? -0 : Number(text);
}
