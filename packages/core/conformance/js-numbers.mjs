// Conformance: numbers exactly as JavaScript computes them, at their edges.
export default {
  name: 'js-numbers',
  description:
    "JavaScript's numbers at their edges: ToInt32, -0, rounding, unfused f32, integer powers, BigInt shifts, hypot at the top of the range, loop counters with u32",
  source: `function jsNumbers(x, k, a, b, c, f, big, shift, u, out64, out32, outBig) {
  const i = gpu.globalIdx.x;
  const v = x[i];
  out64[i * 10] = v | 0;
  out64[i * 10 + 1] = v >>> 0;
  out64[i * 10 + 2] = Math.round(v);
  out64[i * 10 + 3] = -(k[i] | 0);
  out64[i * 10 + 4] = k[i] % 4294967295;
  out64[i * 10 + 5] = (3 ** k[i]) | 0;
  out64[i * 10 + 6] = Math.atan2(0, -(k[i] - k[i]));
  out64[i * 10 + 7] = (-4 * (k[i] & 255)) % 2;
  out64[i * 10 + 8] = Math.hypot(v, Number.MAX_VALUE);
  let s = 0;
  for (let n = 0; n < 3; n++) s = n + u[i];
  out64[i * 10 + 9] = s;
  out32[i * 2] = Math.fround(Math.fround(a[i] * b[i]) + c[i]);
  let z = Math.fround(0);
  for (let n = 0; n < 8; n++) z = Math.fround(Math.fround(z * z) + f[i]);
  out32[i * 2 + 1] = z;
  outBig[i * 2] = big[i] << shift[i];
  outBig[i * 2 + 1] = big[i] >> shift[i];
}`,
  grid: 1,
  block: 8,
  args: () => [
    Float64Array.from([-(2 ** 62) - 2 ** 10, -0.4, -0.5, 2.5, 1e20, -(2 ** 63), 2 ** 53 + 2, -0]),
    Int32Array.from([0, 1, 5, 19, 20, -3, 7, 2147483647]),
    Float32Array.from({ length: 8 }, (_, i) => 1 + 2 ** -12 * (i + 1)),
    Float32Array.from({ length: 8 }, (_, i) => 1 + 2 ** -12 * (i + 1)),
    Float32Array.from({ length: 8 }, () => -1),
    Float32Array.from([0.25, -1.5, 0.3, -0.7, 0.1, -1.9, 0.26, -0.75]),
    BigInt64Array.from([1n, -1n, 3n, -(2n ** 63n), 2n ** 62n, 12345678901234n, -7n, 5n]),
    BigInt64Array.from([70n, 63n, 64n, 1n, 1n, 20n, 65n, -2n]),
    Uint32Array.from([4294967295, 4294967294, 0, 1, 2147483648, 7, 4294967293, 65535]),
    new Float64Array(80),
    new Float32Array(16),
    new BigInt64Array(16),
  ],
};
