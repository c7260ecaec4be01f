/**
 * Exact references for measuring the device math library: functions in 320-bit fixed point
 * with BigInt, rounded to the nearest double. Slow, so they are asked only about the inputs
 * where the library and the host's Math disagree by more than an ulp, to say which of the
 * two is right.
 */
const P = 320n;
const ONE = 1n << P;
type Fixed = bigint;

const view = new DataView(new ArrayBuffer(8));

/** A double as fixed point (exact, for |x| below 2^600 or so). */
function fixed(x: number): Fixed {
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  if (exponent) mantissa |= 1n << 52n;
  const e = BigInt((exponent || 1) - 1075);
  const v = e >= 0n ? mantissa << (P + e) : (mantissa << P) >> -e;
  return x < 0 ? -v : v;
}

/** Fixed point to the nearest double. */
function double(v: Fixed): number {
  if (v === 0n) return 0;
  const negative = v < 0n;
  const a = negative ? -v : v;
  const length = BigInt(a.toString(2).length);
  const shift = length - 53n;
  let m = shift > 0n ? a >> shift : a << -shift;
  if (shift > 0n) {
    const rest = a - (m << shift);
    const half = 1n << (shift - 1n);
    if (rest > half || (rest === half && (m & 1n) === 1n)) m += 1n;
  }
  const r = Number(m) * 2 ** Number(shift - P);
  return negative ? -r : r;
}

const mul = (a: Fixed, b: Fixed) => (a * b) >> P;
const div = (a: Fixed, b: Fixed) => (a << P) / b;

function sqrt(a: Fixed): Fixed {
  if (a <= 0n) return 0n;
  const n = a << P;
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** 2 atanh(1/3) */
const LN2 = (() => {
  const s = ONE / 3n;
  return 2n * atanhSeries(s);
})();

function atanhSeries(s: Fixed): Fixed {
  const s2 = mul(s, s);
  let term = s;
  let sum = 0n;
  for (let n = 1n; term !== 0n; n += 2n) {
    sum += term / n;
    term = mul(term, s2);
  }
  return sum;
}

function ln(a: Fixed): Fixed {
  let v = a;
  let k = 0n;
  while (v > 2n * ONE) {
    v >>= 1n;
    k++;
  }
  while (v < ONE) {
    v <<= 1n;
    k--;
  }
  return 2n * atanhSeries(div(v - ONE, v + ONE)) + k * LN2;
}

function exp(a: Fixed): Fixed {
  const k = a / LN2;
  const r = a - k * LN2;
  let term = ONE;
  let sum = 0n;
  for (let n = 1n; term !== 0n; n++) {
    sum += term;
    term = mul(term, r) / n;
  }
  return k >= 0n ? sum << k : sum >> -k;
}

/** atan by its series, after halving the argument until it is below 1/8. */
function atan(x: Fixed): Fixed {
  if (x < 0n) return -atan(-x);
  if (x > ONE) return PI / 2n - atan(div(ONE, x));
  let v = x;
  let halvings = 0n;
  while (v > ONE / 8n) {
    v = div(v, ONE + sqrt(ONE + mul(v, v)));
    halvings++;
  }
  const v2 = mul(v, v);
  let term = v;
  let sum = 0n;
  for (let n = 1n; term !== 0n; n += 2n) {
    sum += (n & 2n ? -term : term) / n;
    term = mul(term, v2);
  }
  return sum << halvings;
}

/** 16 atan(1/5) - 4 atan(1/239), by the series directly (atan needs PI itself). */
const PI = (() => {
  const series = (n: bigint) => {
    let term = ONE / n;
    let sum = 0n;
    for (let k = 1n; term !== 0n; k += 2n) {
      sum += (k & 2n ? -term : term) / k;
      term /= n * n;
    }
    return sum;
  };
  return 16n * series(5n) - 4n * series(239n);
})();

/** sin and cos by their series, after reducing by multiples of 2 pi. */
function sinCos(x: Fixed): [Fixed, Fixed] {
  const turns = x / (2n * PI);
  const r = x - turns * 2n * PI;
  let sin = 0n;
  let cos = 0n;
  let term = ONE;
  for (let n = 0n; term !== 0n; n++) {
    if (n % 2n === 0n) cos += (n % 4n === 0n ? 1n : -1n) * term;
    else sin += (n % 4n === 1n ? 1n : -1n) * term;
    term = mul(term, r) / (n + 1n);
  }
  return [sin, cos];
}

const unary: Record<string, (x: Fixed) => Fixed> = {
  sin: (x) => sinCos(x)[0],
  cos: (x) => sinCos(x)[1],
  tan: (x) => {
    const [s, c] = sinCos(x);
    return div(s, c);
  },
  atan,
  asin: (x) => (x === ONE || x === -ONE ? (x * PI) / (2n * ONE) : atan(div(x, sqrt(ONE - mul(x, x))))),
  acos: (x) =>
    PI / 2n - (x === ONE || x === -ONE ? (x * PI) / (2n * ONE) : atan(div(x, sqrt(ONE - mul(x, x))))),
  exp,
  expm1: (x) => exp(x) - ONE,
  log: ln,
  log1p: (x) => ln(ONE + x),
  log2: (x) => div(ln(x), LN2),
  log10: (x) => div(ln(x), ln(10n * ONE)),
  sinh: (x) => (exp(x) - exp(-x)) / 2n,
  cosh: (x) => (exp(x) + exp(-x)) / 2n,
  tanh: (x) => div(exp(2n * x) - ONE, exp(2n * x) + ONE),
  asinh: (x) => (x < 0n ? -1n : 1n) * ln((x < 0n ? -x : x) + sqrt(mul(x, x) + ONE)),
  acosh: (x) => ln(x + sqrt(mul(x, x) - ONE)),
  atanh: (x) => ln(div(ONE + x, ONE - x)) / 2n,
  cbrt: (x) => {
    const a = x < 0n ? -x : x;
    let y = fixed(Math.cbrt(double(a)));
    for (let i = 0; i < 8; i++) y = (2n * y + div(a, mul(y, y))) / 3n;
    return x < 0n ? -y : y;
  },
};

const binary: Record<string, (x: Fixed, y: Fixed) => Fixed> = {
  hypot: (x, y) => sqrt(mul(x, x) + mul(y, y)),
  atan2: (y, x) => {
    if (x === 0n) return y > 0n ? PI / 2n : -PI / 2n;
    const a = atan(div(y, x));
    if (x > 0n) return a;
    return y >= 0n ? a + PI : a - PI;
  },
  pow: (x, y) => exp(mul(y, ln(x))),
};

/** The correctly rounded value of a function at moderate arguments, or undefined if unknown. */
export function exactly(name: string, x: number, y?: number): number | undefined {
  if (
    name === 'hypot' &&
    y !== undefined &&
    Number.isFinite(x) &&
    Number.isFinite(y) &&
    (x !== 0 || y !== 0)
  ) {
    // Scaled by a power of two into the fixed-point range: exact both ways.
    const e = Math.floor(Math.log2(Math.max(Math.abs(x), Math.abs(y))));
    const down = (v: number) => v * 2 ** -Math.max(e, -1000) * 2 ** (e < -1000 ? -(e + 1000) : 0);
    const r = double((binary.hypot as (a: Fixed, b: Fixed) => Fixed)(fixed(down(x)), fixed(down(y))));
    return e < -1000 ? r * 2 ** -1000 * 2 ** (e + 1000) : r * 2 ** e;
  }
  if (!Number.isFinite(x) || Math.abs(x) > 1e15 || Math.abs(x) < 1e-15) return undefined;
  const f = unary[name];
  if (f && y === undefined) return double(f(fixed(x)));
  const g = binary[name];
  if (g && y !== undefined && Number.isFinite(y) && Math.abs(y) < 1e15) return double(g(fixed(x), fixed(y)));
  return undefined;
}
