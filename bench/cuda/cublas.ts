// cuBLAS, the peer of bench/cuda's matmul rows: the CUDA toolkit's libcublas loaded through koffi
// at bench time (no build step), its GEMMs on gpuc's stream so that the same events time them.
// cuBLAS runs on the current context, which is the primary one gpuc's device uses.
import { loadFirstLibrary } from '../../packages/core/src/host/index.js';

/** The GEMMs compared: f32 in and out, computed in f32 (sgemm), through TF32 tensor cores, and f16 or bf16 inputs accumulated in f32. */
export type GemmKind = 'sgemm' | 'tf32' | 'fp16' | 'bf16';

export const GEMM_KINDS: readonly GemmKind[] = ['sgemm', 'tf32', 'fp16', 'bf16'];

/** Where libcublas is looked for when the bench is not told: the loader's path, then the toolkit's. */
const LIBRARIES = [
  'libcublas.so',
  'libcublas.so.13',
  'libcublas.so.12',
  '/usr/local/cuda/lib64/libcublas.so',
  '/usr/local/cuda/targets/x86_64-linux/lib/libcublas.so',
];

// cublas_api.h and library_types.h.
const OP_N = 0;
const CUDA_R_32F = 0;
const CUDA_R_16F = 2;
const CUDA_R_16BF = 14;
const COMPUTE_32F = 68;
const COMPUTE_32F_FAST_TF32 = 77;
const GEMM_DEFAULT = -1;

/** Per kind: the element type of A and B (C is f32 for all) and the compute type. */
const TYPES: Record<GemmKind, [number, number]> = {
  sgemm: [CUDA_R_32F, COMPUTE_32F],
  tf32: [CUDA_R_32F, COMPUTE_32F_FAST_TF32],
  fp16: [CUDA_R_16F, COMPUTE_32F],
  bf16: [CUDA_R_16BF, COMPUTE_32F],
};

export interface Cublas {
  /** cuBLAS's version (major*10000 + minor*100 + patch). */
  readonly version: number;
  /**
   * Queues C = A B for n x n column-major matrices at device addresses, A and B of the kind's
   * element type, C f32.
   */
  gemm(kind: GemmKind, n: number, a: bigint, b: bigint, c: bigint): void;
}

type Fn = (...args: unknown[]) => number;

/**
 * cuBLAS on `stream` (a stream's handle as an integer), from `library` or the first of the usual
 * places that loads; without one, why each place failed.
 */
export function loadCublas(stream: bigint, library?: string): { cublas?: Cublas; failures: string[] } {
  const { library: lib, failures } = loadFirstLibrary(library ? [library] : LIBRARIES);
  if (!lib) return { failures };
  const fn = (declaration: string) => lib.func(declaration) as Fn;
  const create = fn('int cublasCreate_v2(_Out_ void **handle)');
  const getVersion = fn('int cublasGetVersion_v2(void *handle, _Out_ int *version)');
  const setStream = fn('int cublasSetStream_v2(void *handle, uint64_t stream)');
  const gemmEx = fn(
    'int cublasGemmEx(void *handle, int transa, int transb, int m, int n, int k, const float *alpha, uint64_t a, int aType, int lda, uint64_t b, int bType, int ldb, const float *beta, uint64_t c, int cType, int ldc, int computeType, int algo)',
  );
  const check = (name: string, status: number) => {
    if (status !== 0) throw new Error(`${name} failed: cuBLAS status ${status}`);
  };
  const handle: [unknown] = [null];
  try {
    check('cublasCreate', create(handle));
  } catch (error) {
    return { failures: [...failures, (error as Error).message] };
  }
  check('cublasSetStream', setStream(handle[0], stream));
  const version = [0];
  check('cublasGetVersion', getVersion(handle[0], version));
  const one = new Float32Array([1]);
  const zero = new Float32Array([0]);
  return {
    failures,
    cublas: {
      version: version[0] as number,
      gemm(kind, n, a, b, c) {
        const [input, compute] = TYPES[kind];
        check(
          `cublasGemmEx (${kind})`,
          gemmEx(
            handle[0],
            OP_N,
            OP_N,
            n,
            n,
            n,
            one,
            a,
            input,
            n,
            b,
            input,
            n,
            zero,
            c,
            CUDA_R_32F,
            n,
            compute,
            GEMM_DEFAULT,
          ),
        );
      },
    },
  };
}
