/**
 * The warp matrix operations in the reference runner. Each is a warp collective: every lane of
 * a full warp calls it with the same arguments (the same array, offset and leading dimension,
 * the same fragments), and all get one result. A fragment here holds its whole 16x16 tile; the
 * product accumulates in f32 in the order of k, each addition rounded (a product of 16-bit
 * floats, or of TF32s, is exact in f32), which the native target's emulation follows too.
 */
import { TILE } from '../frontend/catalogue/matrix.js';
import type { FragmentUse } from '../frontend/types.js';

/** The `gpu` members that are matrix operations, all warp collectives. */
export const MATRIX_OPERATIONS = [
  'matrixLoadA',
  'matrixLoadB',
  'matrixLoadAccumulator',
  'matrixFill',
  'matrixMultiplyAdd',
  'matrixStore',
] as const;

/** A fragment as the reference runner holds it: the tile, row-major, and what it is for. */
class MatrixFragment {
  constructor(
    readonly use: FragmentUse,
    readonly tile: Float32Array,
  ) {
    Object.freeze(this);
  }
}

/**
 * What offsets and leading dimensions are multiples of, so that a lane's neighbouring elements
 * are one aligned access (as WMMA asks too).
 */
export const ALIGNMENT = 8;

type Indexable = { [index: number]: number };

const bits = new DataView(new ArrayBuffer(4));

/**
 * An f32 rounded to TF32: 10 bits of mantissa, to nearest with ties away from zero (half the
 * dropped bits' weight added to the magnitude), NaN kept; the largest values round to Infinity.
 */
export function tf32Round(x: number): number {
  if (Number.isNaN(x)) return x;
  bits.setFloat32(0, x);
  bits.setUint32(0, ((bits.getUint32(0) + 0x1000) & 0xffffe000) >>> 0);
  return bits.getFloat32(0);
}

function load(use: FragmentUse, array: Indexable, offset: number, ld: number): MatrixFragment {
  const tile = new Float32Array(TILE * TILE);
  // f32 operands multiply in TF32; accumulators stay f32.
  const round = use !== 'accumulator' && array instanceof Float32Array ? tf32Round : Number;
  for (let r = 0; r < TILE; r++)
    for (let c = 0; c < TILE; c++) tile[r * TILE + c] = round(Number(array[offset + r * ld + c]));
  return new MatrixFragment(use, tile);
}

function multiplyAdd(a: MatrixFragment, b: MatrixFragment, c: MatrixFragment): MatrixFragment {
  const tile = new Float32Array(TILE * TILE);
  for (let i = 0; i < TILE; i++)
    for (let j = 0; j < TILE; j++) {
      let sum = c.tile[i * TILE + j] as number;
      // f64 holds the sum of two f32s rounded once more to f32 exactly as f32 addition would.
      for (let k = 0; k < TILE; k++)
        sum = Math.fround(sum + (a.tile[i * TILE + k] as number) * (b.tile[k * TILE + j] as number));
      tile[i * TILE + j] = sum;
    }
  return new MatrixFragment('accumulator', tile);
}

function store(array: Indexable, offset: number, ld: number, c: MatrixFragment): undefined {
  for (let r = 0; r < TILE; r++)
    for (let col = 0; col < TILE; col++) array[offset + r * ld + col] = c.tile[r * TILE + col] as number;
  return undefined;
}

/**
 * The result of matrix operation `op` that every lane of a warp called with its `args`, or the
 * message of the error that the call is: lanes missing, or arguments differing between lanes.
 */
export function resolveMatrix(
  op: string,
  lanes: readonly (readonly unknown[])[],
): { value: unknown } | string {
  if (lanes.length !== 32)
    return `gpu.${op} needs a full warp of 32 lanes; this warp has ${lanes.length} (make the block a multiple of 32 threads)`;
  const args = lanes[0] as readonly unknown[];
  const differs = args.findIndex((arg, i) => lanes.some((lane) => !Object.is(lane[i], arg)));
  if (differs >= 0)
    return `the lanes of a warp passed different values as argument ${differs + 1} of gpu.${op}: every lane must pass the same`;
  const [x, offset, ld] = args as [unknown, number, number];
  if (op !== 'matrixFill' && op !== 'matrixMultiplyAdd' && (offset % ALIGNMENT !== 0 || ld % ALIGNMENT !== 0))
    return `gpu.${op} needs an offset and a leading dimension that are multiples of ${ALIGNMENT}, not ${offset} and ${ld}`;
  switch (op) {
    case 'matrixLoadA':
      return { value: load('a', x as Indexable, offset, ld) };
    case 'matrixLoadB':
      return { value: load('b', x as Indexable, offset, ld) };
    case 'matrixLoadAccumulator':
      return { value: load('accumulator', x as Indexable, offset, ld) };
    case 'matrixFill':
      return { value: new MatrixFragment('accumulator', new Float32Array(TILE * TILE).fill(Number(x))) };
    case 'matrixMultiplyAdd':
      return { value: multiplyAdd(...(args as [MatrixFragment, MatrixFragment, MatrixFragment])) };
    default:
      return { value: store(x as Indexable, offset, ld, args[3] as MatrixFragment) };
  }
}
