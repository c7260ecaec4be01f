// Conformance: reduction loops, which LLVM's optimiser turns into vector reductions where the
// target allows (a loop over a row of known length is unrolled and vectorised whole; a loop
// to n by the loop vectoriser). Math.max and Math.min keep JavaScript's NaN and -0 < +0.
const ROWS = 8;
const WIDTH = 16;
/** Thread t reduces row t % 8 with operation t >> 3 (one per branch, so loads are not shared). */
const OPERATIONS = 18;

/** Powers of two (sums and products exact in f32), with rows of NaN, zeros and infinities. */
function floats() {
  const steps = [0.5, -2, 1, -1, 2, -0.5, 4, 0.25];
  const f = Float32Array.from({ length: ROWS * WIDTH }, (_, i) => steps[(i * 3 + (i >> 4)) % 8]);
  f[2 * WIDTH + 7] = Number.NaN;
  f.fill(0, 3 * WIDTH, 4 * WIDTH);
  for (let i = 0; i < WIDTH; i += 3) f[3 * WIDTH + i] = -0;
  f.fill(-0, 4 * WIDTH, 5 * WIDTH);
  f[5 * WIDTH + 4] = Number.NEGATIVE_INFINITY;
  f[5 * WIDTH + 9] = Number.POSITIVE_INFINITY;
  f[6 * WIDTH] = Number.NaN;
  f.fill(0, 7 * WIDTH, 8 * WIDTH);
  f[7 * WIDTH] = -0;
  return f;
}

export default {
  name: 'reductions',
  description:
    'reduction loops the optimiser vectorises: Math.max/min (NaN, -0), sum, product, and, or, xor over f32, i32, u8',
  source: `function reductions(f, k, b, n, out32, outInt) {
  const t = gpu.globalIdx.x;
  const row = (t & 7) * 16;
  const op = t >> 3;
  if (op === 0) {
    let m = -Infinity;
    for (let i = 0; i < 16; i++) m = Math.max(m, f[row + i]);
    out32[t] = m;
  } else if (op === 1) {
    let m = Infinity;
    for (let i = 0; i < 16; i++) m = Math.min(m, f[row + i]);
    out32[t] = m;
  } else if (op === 2) {
    let m = -Infinity;
    for (let i = 0; i < n; i++) m = Math.max(m, f[row + i]);
    out32[t] = m;
  } else if (op === 3) {
    let m = Infinity;
    for (let i = 0; i < n; i++) m = Math.min(m, f[row + i]);
    out32[t] = m;
  } else if (op === 4) {
    let s = Math.fround(0);
    for (let i = 0; i < 16; i++) s += f[row + i];
    out32[t] = s;
  } else if (op === 5) {
    let p = Math.fround(1);
    for (let i = 0; i < 16; i++) p *= f[row + i];
    out32[t] = p;
  } else if (op === 6) {
    let m = -2147483648;
    for (let i = 0; i < 16; i++) m = Math.max(m, k[row + i]);
    outInt[t] = m;
  } else if (op === 7) {
    let m = 2147483647;
    for (let i = 0; i < 16; i++) m = Math.min(m, k[row + i]);
    outInt[t] = m;
  } else if (op === 8) {
    let s = 0;
    for (let i = 0; i < 16; i++) s += k[row + i];
    outInt[t] = s;
  } else if (op === 9) {
    let p = 1;
    for (let i = 0; i < 16; i++) p *= k[row + i];
    outInt[t] = p;
  } else if (op === 10) {
    let a = -1;
    for (let i = 0; i < 16; i++) a &= k[row + i];
    outInt[t] = a;
  } else if (op === 11) {
    let o = 0;
    for (let i = 0; i < 16; i++) o |= k[row + i];
    outInt[t] = o;
  } else if (op === 12) {
    let x = 0;
    for (let i = 0; i < n; i++) x ^= k[row + i];
    outInt[t] = x;
  } else if (op === 13) {
    let m = 0;
    for (let i = 0; i < 16; i++) m = Math.max(m, b[row + i]);
    outInt[t] = m;
  } else if (op === 14) {
    let s = 0;
    for (let i = 0; i < n; i++) s += b[row + i];
    outInt[t] = s;
  } else if (op === 15) {
    let a = 255;
    for (let i = 0; i < n; i++) a &= b[row + i];
    outInt[t] = a;
  } else if (op === 16) {
    let o = 0;
    for (let i = 0; i < n; i++) o |= b[row + i];
    outInt[t] = o;
  } else {
    let x = 0;
    for (let i = 0; i < 16; i++) x ^= b[row + i];
    outInt[t] = x;
  }
}`,
  grid: 1,
  block: ROWS * OPERATIONS,
  args: (h) => [
    floats(),
    h.iota(ROWS * WIDTH, (i) => ((i * 5 + (i >> 4)) % 13) - 6 || 7, Int32Array),
    Uint8Array.from({ length: ROWS * WIDTH }, (_, i) => ((i * 37 + 11) % 256) | (i >> 4 === 5 ? 129 : 0)),
    h.i32(WIDTH),
    new Float32Array(ROWS * OPERATIONS),
    new Int32Array(ROWS * OPERATIONS),
  ],
};
