// Kernels of warpgroup products that the native and reference tests and the GPU checks share.

/**
 * Two warpgroups, each C (64 x n) = 0.25 + A B over `k` in products of 16, each waited for at
 * once; A (128 x k) and B (k x n) row-major in global memory, staged by plain stores as
 * `bytes`-swizzled tiles (in static shared arrays): A in blocks of E = bytes / 2 columns of k (128 x E row-major each, then swizzled), B in
 * dense 16 x n slabs of E-wide strips of 16 rows.
 */
export const swizzledKernel = (bytes: number, n: number, k: number, kind = 'Float16Bits') => {
  const e = bytes / 2;
  return `function product(a, b, c) {
  const t = gpu.threadIdx.x;
  const group = t >> 7;
  const as = gpu.sharedArray(${kind}, ${128 * k});
  const bs = gpu.sharedArray(${kind}, ${k * n});
  for (let i = t; i < ${128 * k}; i += 256) {
    const r = (i / ${k}) | 0;
    const kk = i % ${k};
    const x = ((kk / ${e}) | 0) * ${128 * e} + r * ${e} + (kk % ${e});
    as[x ^ (((x >> 6) & ${bytes / 16 - 1}) << 3)] = a[i];
  }
  for (let i = t; i < ${k * n}; i += 256) {
    const kk = (i / ${n}) | 0;
    const j = i % ${n};
    const x = (kk >> 4) * ${16 * n} + ((j / ${e}) | 0) * ${16 * e} + (kk & 15) * ${e} + (j % ${e});
    bs[x ^ (((x >> 6) & ${bytes / 16 - 1}) << 3)] = b[i];
  }
  gpu.barrier();
  let acc = gpu.matrixWarpgroupFill(0.25, ${n});
  for (let s = 0; s < ${k / 16}; s++) {
    const aAt = (((s * 16) / ${e}) | 0) * ${128 * e} + group * ${64 * e} + ((s * 16) % ${e});
    acc = gpu.matrixWarpgroupMultiplyAddSwizzled(as, aAt, bs, s * ${16 * n}, acc, ${bytes});
    gpu.matrixWarpgroupCommit();
    acc = gpu.matrixWarpgroupWait(0, acc);
  }
  gpu.matrixWarpgroupStore(c, group * ${64 * n}, ${n}, acc);
}`;
};
