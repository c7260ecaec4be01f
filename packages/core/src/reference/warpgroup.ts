/**
 * The warpgroup matrix operations in the reference runner. Each is a collective of the four
 * warps of a warpgroup (128 threads, consecutive in the block's linear order): every thread calls
 * it with the same arguments, and all get one result. An accumulator here holds its whole 64xN
 * tile; a product reads A and B from shared memory when it is issued and accumulates in f32 in
 * the order of k, each addition rounded (a product of two 16-bit floats is exact in f32), as the
 * native target's emulation does too.
 *
 * Products are asynchronous on GPUs, so the runner keeps each warpgroup's account: a product's
 * accumulator may be stored only once a `gpu.matrixWarpgroupWait` has covered the group that
 * `gpu.matrixWarpgroupCommit` put it in (chaining it into the next product is fine, as on the
 * hardware).
 */
import {
  aIndex,
  bIndex,
  swizzled,
  swizzledAExtent,
  swizzledAIndex,
  swizzledBIndex,
  swizzleProblem,
  WARPGROUP_ALIGNMENT,
  WARPGROUP_DEPTH,
  WARPGROUP_ROWS,
  WARPGROUP_THREADS,
} from '../frontend/catalogue/warpgroup.js';

/** The `gpu` members that are warpgroup matrix operations, all warpgroup collectives. */
export const WARPGROUP_OPERATIONS = [
  'matrixWarpgroupFill',
  'matrixWarpgroupMultiplyAdd',
  'matrixWarpgroupMultiplyAddSwizzled',
  'matrixWarpgroupStore',
  'matrixWarpgroupCommit',
  'matrixWarpgroupWait',
] as const;

/** A warpgroup's products: how many it has issued, where each group ends, how many have completed. */
export class WarpgroupProducts {
  issued = 0;
  /** The products issued when each group was committed, oldest first. */
  readonly groups: number[] = [];
  /** Products known to have completed (a wait covered them). */
  completed = 0;
}

/** The shared bytes a product reads, until a wait covers it. */
interface Reading {
  readonly buffer: ArrayBufferLike;
  readonly start: number;
  readonly end: number;
  readonly products: WarpgroupProducts;
  readonly issue: number;
}

/**
 * A block's account of the shared memory its warpgroups' products read: on a GPU a product reads
 * its tiles while it runs, so a store or copy into them before a wait covers it would change what
 * it multiplies (the runner reads them at issue and would not see it).
 */
export class BlockProducts {
  private readings: Reading[] = [];

  /** Product `issue` of `products` reads `elements` elements of `array` from `offset`. */
  read(products: WarpgroupProducts, issue: number, array: object, offset: number, elements: number): void {
    const size = Reflect.get(array, 'BYTES_PER_ELEMENT') as number;
    const start = (Reflect.get(array, 'byteOffset') as number) + offset * size;
    const buffer = Reflect.get(array, 'buffer') as ArrayBufferLike;
    this.readings.push({ buffer, start, end: start + elements * size, products, issue });
  }

  /** Why the byte at `byte` of `buffer` may not be written now, or undefined. */
  check(buffer: ArrayBufferLike, byte: number): string | undefined {
    this.readings = this.readings.filter((r) => r.issue > r.products.completed);
    return this.readings.some((r) => r.buffer === buffer && byte >= r.start && byte < r.end)
      ? 'a shared element is overwritten while a gpu.matrixWarpgroupMultiplyAdd that reads it may still be running on a GPU: wait for its group first (gpu.matrixWarpgroupCommit, gpu.matrixWarpgroupWait), and pass a gpu.barrier() where another warpgroup writes'
      : undefined;
  }
}

/** An accumulator: its tile (row-major, 64 x columns) and the product that made it (0: none). */
class WarpgroupFragment {
  constructor(
    readonly columns: number,
    readonly tile: Float32Array,
    readonly issue: number,
  ) {
    Object.freeze(this);
  }
}

type Indexable = { [index: number]: number };

/** Where a tile's elements are in their arrays: A's (row, k), B's (k, column). */
interface Places {
  a(row: number, k: number): number;
  b(k: number, column: number): number;
}

/** The plain layout's places, from the tiles' offsets. */
const plainPlaces = (aOffset: number, bOffset: number): Places => ({
  a: (row, k) => aOffset + aIndex(row, k),
  b: (k, column) => bOffset + bIndex(k, column),
});

/** A `bytes`-swizzled layout's places, from the tiles' offsets. */
const swizzledPlaces = (bytes: number, aOffset: number, bOffset: number): Places => ({
  a: (row, k) => swizzled(bytes, aOffset + swizzledAIndex(bytes, row, k)),
  b: (k, column) => swizzled(bytes, bOffset + swizzledBIndex(bytes, k, column)),
});

function multiplyAdd(
  a: Indexable,
  b: Indexable,
  places: Places,
  c: WarpgroupFragment,
  issue: number,
): WarpgroupFragment {
  const n = c.columns;
  const tile = new Float32Array(WARPGROUP_ROWS * n);
  const aTile = Array.from({ length: WARPGROUP_ROWS * WARPGROUP_DEPTH }, (_, e) =>
    Number(a[places.a(e >> 4, e & 15)]),
  );
  const bTile = Array.from({ length: WARPGROUP_DEPTH * n }, (_, e) =>
    Number(b[places.b(e % WARPGROUP_DEPTH, Math.floor(e / WARPGROUP_DEPTH))]),
  );
  for (let i = 0; i < WARPGROUP_ROWS; i++)
    for (let j = 0; j < n; j++) {
      let sum = c.tile[i * n + j] as number;
      // f64 holds the sum of two f32s exactly, so rounding it once is f32 addition.
      for (let k = 0; k < WARPGROUP_DEPTH; k++)
        sum = Math.fround(
          sum + (aTile[i * WARPGROUP_DEPTH + k] as number) * (bTile[j * WARPGROUP_DEPTH + k] as number),
        );
      tile[i * n + j] = sum;
    }
  return new WarpgroupFragment(n, tile, issue);
}

const aligned = (op: string, ...offsets: number[]): string | undefined =>
  offsets.every((o) => Number.isInteger(o) && o % WARPGROUP_ALIGNMENT === 0)
    ? undefined
    : `gpu.${op} needs offsets${op.endsWith('Store') ? ' and a leading dimension' : ''} that are multiples of ${WARPGROUP_ALIGNMENT}, not ${offsets.join(' and ')}`;

/**
 * The result of warpgroup operation `op` that every thread of a warpgroup called with its `args`
 * (`threads` of them), given the warpgroup's account of products; or the message of the error
 * that the call is: threads missing, arguments differing, misaligned tiles, an accumulator read
 * before its product has completed.
 */
export function resolveWarpgroup(
  op: string,
  threads: readonly (readonly unknown[])[],
  products: WarpgroupProducts,
  block?: BlockProducts,
): { value: unknown } | string {
  if (threads.length !== WARPGROUP_THREADS)
    return `gpu.${op} needs a full warpgroup of ${WARPGROUP_THREADS} threads (four warps); this one has ${threads.length} (make the block a multiple of 128 threads)`;
  const args = threads[0] as readonly unknown[];
  const differs = args.findIndex((arg, i) => threads.some((t) => !Object.is(t[i], arg)));
  if (differs >= 0)
    return `the threads of a warpgroup passed different values as argument ${differs + 1} of gpu.${op}: every thread must pass the same`;
  switch (op) {
    case 'matrixWarpgroupFill': {
      const [value, columns] = args as [number, number];
      const tile = new Float32Array(WARPGROUP_ROWS * columns).fill(Number(value));
      return { value: new WarpgroupFragment(columns, tile, 0) };
    }
    case 'matrixWarpgroupMultiplyAdd': {
      const [a, aOffset, b, bOffset, c] = args as [Indexable, number, Indexable, number, WarpgroupFragment];
      const wrong = aligned(op, aOffset, bOffset);
      if (wrong) return wrong;
      products.issued++;
      block?.read(products, products.issued, a, aOffset, WARPGROUP_ROWS * WARPGROUP_DEPTH);
      block?.read(products, products.issued, b, bOffset, WARPGROUP_DEPTH * c.columns);
      return { value: multiplyAdd(a, b, plainPlaces(aOffset, bOffset), c, products.issued) };
    }
    case 'matrixWarpgroupMultiplyAddSwizzled': {
      const [a, aOffset, b, bOffset, c, bytes] = args as [
        Indexable,
        number,
        Indexable,
        number,
        WarpgroupFragment,
        number,
      ];
      const wrong = aligned(op, aOffset, bOffset) ?? swizzleProblem(bytes, aOffset, bOffset);
      if (wrong) return wrong.startsWith('gpu.') ? wrong : `gpu.${op}: ${wrong}`;
      products.issued++;
      // A's atoms, from the start of its first row.
      const aStart = aOffset + swizzledAExtent(bytes, aOffset) - WARPGROUP_ROWS * (bytes >> 1);
      block?.read(products, products.issued, a, aStart, WARPGROUP_ROWS * (bytes >> 1));
      block?.read(products, products.issued, b, bOffset, WARPGROUP_DEPTH * c.columns);
      return { value: multiplyAdd(a, b, swizzledPlaces(bytes, aOffset, bOffset), c, products.issued) };
    }
    case 'matrixWarpgroupCommit':
      products.groups.push(products.issued);
      return { value: undefined };
    case 'matrixWarpgroupWait': {
      const [pending, c] = args as [number, WarpgroupFragment];
      // What compiled code does with a count that is no non-negative integer: wait for all.
      const keep = Number.isInteger(pending) && pending >= 0 ? pending : 0;
      const covered = products.groups[products.groups.length - 1 - keep];
      if (covered !== undefined) products.completed = Math.max(products.completed, covered);
      return { value: c };
    }
    default: {
      const [array, offset, ld, c] = args as [Indexable, number, number, WarpgroupFragment];
      const wrong = aligned(op, offset, ld);
      if (wrong) return wrong;
      if (c.issue > products.completed)
        return `gpu.${op} reads an accumulator whose product may still be running on a GPU: commit it (gpu.matrixWarpgroupCommit) and wait for its group (gpu.matrixWarpgroupWait) first`;
      for (let r = 0; r < WARPGROUP_ROWS; r++)
        for (let col = 0; col < c.columns; col++)
          array[offset + r * ld + col] = c.tile[r * c.columns + col] as number;
      return { value: undefined };
    }
  }
}
