// cuBLAS's rows of bench/cuda: each GEMM of cublas.ts at each size of the matmul rows, on the
// data of gemmCase (as f32, or rounded to f16 and bf16), checked once against the CPU, then timed.
import { type CudaStream, DeviceArray } from '../../packages/backend-cuda/src/index.js';
import { BFloat16Bits, Float16Bits } from '../../packages/core/src/index.js';
import { GEMM_SIZES, halfPattern, pattern } from './cases.js';
import { GEMM_KINDS, type GemmKind, loadCublas } from './cublas.js';
import { checkProduct } from './skilled-kernels.js';

export interface GemmRow {
  readonly kind: GemmKind;
  readonly n: number;
  readonly ms: number;
  /** 'ok', or what differs from the CPU reference. */
  readonly check: string;
}

export interface GemmRows {
  readonly rows: GemmRow[];
  /** cuBLAS's version, where it loaded. */
  readonly version?: number;
  /** Why there are no rows. */
  readonly skipped?: string;
}

/** How far a kind's result may be from f64 dot products of its inputs, relative to sum |a b|. */
const TOLERANCE: Record<GemmKind, number> = { sgemm: 1e-5, tf32: 2e-3, fp16: 1e-4, bf16: 1e-4 };

/** cuBLAS's GEMMs on `stream`, each timed with `time` (one call's milliseconds). */
export function gemmRows(
  stream: CudaStream,
  library: string | undefined,
  time: (enqueue: () => void) => number,
): GemmRows {
  const { cublas, failures } = loadCublas(stream.address, library);
  if (!cublas) return { rows: [], skipped: `cuBLAS not loaded: ${failures.join('; ')}` };
  const rows: GemmRow[] = [];
  for (const n of GEMM_SIZES) {
    const a = pattern(n * n, 1, -0.5);
    const b = pattern(n * n, 1, -0.25);
    const [a16, a16Values] = halfPattern(n * n, -0.5, Float16Bits);
    const [b16, b16Values] = halfPattern(n * n, -0.25, Float16Bits);
    const [aBf, aBfValues] = halfPattern(n * n, -0.5, BFloat16Bits);
    const [bBf, bBfValues] = halfPattern(n * n, -0.25, BFloat16Bits);
    // Per kind: the inputs as the device gets them, and the numbers they hold.
    const inputs: Record<
      GemmKind,
      [Float32Array | Uint16Array, Float32Array | Uint16Array, Float32Array, Float32Array]
    > = {
      sgemm: [a, b, a, b],
      tf32: [a, b, a, b],
      fp16: [a16, b16, a16Values, b16Values],
      bf16: [aBf, bBf, aBfValues, bBfValues],
    };
    const c = DeviceArray.zeros(Float32Array, n * n);
    for (const kind of GEMM_KINDS) {
      const [ha, hb, va, vb] = inputs[kind];
      const da = DeviceArray.from(ha);
      const db = DeviceArray.from(hb);
      cublas.gemm(kind, n, da.pointer, db.pointer, c.pointer);
      stream.synchronize();
      // cuBLAS is column-major: element (i, j) is at i + j n.
      const wrong = checkProduct(va, vb, c.read(), n, TOLERANCE[kind], (m, i, j) => m[i + j * n] as number);
      const ms = time(() => cublas.gemm(kind, n, da.pointer, db.pointer, c.pointer));
      rows.push({ kind, n, ms, check: wrong ?? 'ok' });
      da.free();
      db.free();
    }
    c.free();
  }
  return { rows, version: cublas.version };
}
