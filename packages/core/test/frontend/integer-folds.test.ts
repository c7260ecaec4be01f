// Literals folded into integers: bitwise operators and shifts give integers whatever their
// operands (`(7 / 2) | 0` is 3), and Math's rounding functions of a literal give the integer it
// rounds to, so that each is an integer literal where one is required (a wait count, a shared
// array's length, an index) and the value JavaScript computes everywhere.
import { describe, expect, it } from 'vitest';
import { launchNative } from '../../src/index.js';
import { refusalOf } from '../helpers.js';

let serial = 0;
/** `expression` evaluated by a native kernel into an f64. */
const computed = (expression: string, scope?: Record<string, unknown>, prelude = ''): number => {
  const out = new Float64Array(1);
  const text = `function k(out) { ${prelude} out[0] = ${expression}; }`;
  launchNative(
    { text, file: `integer-fold-${serial++}.js` },
    { grid: 1, block: 1, ...(scope ? { scope } : {}) },
    out,
  );
  return out[0] as number;
};

const INTEGERS = [
  '(7 / 2) | 0',
  '3.5 | 0',
  '7.5 & 6',
  '2.5 ^ 1',
  '1.5 << 2',
  '-7.5 >> 1',
  '-7.5 >>> 28',
  '~~3.7',
  '~2.5',
  'Math.trunc(3.5)',
  'Math.floor(7 / 2)',
  'Math.ceil(2.25)',
  'Math.round(2.5)',
  'Math.floor(-2.5)',
];

describe('an integer folded from float literals', () => {
  it.each(INTEGERS)('%s is an integer literal a wait count takes', (expression) => {
    expect(() => refusalOf(`gpu.copyAsyncWait(${expression});`)).toThrow(/^compiled: /);
  });

  // biome-ignore lint/security/noGlobalEval: JavaScript's own value, to compare with
  it.each(INTEGERS.filter((e) => eval(e) > 0))('%s is the length of a shared array', (expression) => {
    // biome-ignore lint/security/noGlobalEval: as above
    expect(computed(`gpu.sharedArray(Float32Array, ${expression}).length`)).toBe(eval(expression));
  });

  it.each(INTEGERS)('%s computes what JavaScript does', (expression) => {
    // biome-ignore lint/security/noGlobalEval: JavaScript's own value, to compare with
    expect(computed(expression)).toBe(eval(expression));
  });

  // Named by a key (a string of the scope, a const of the kernel), Math's rounding folds alike.
  const KEYED = INTEGERS.flatMap((e) => {
    const [, key, rest] = /^Math\.(\w+)(.*)$/.exec(e) ?? [];
    return key ? [[`Math[K]${rest}`, key] as const] : [];
  });
  it.each(KEYED)('%s with K = %j is an integer, as the direct call is', (expression, key) => {
    // gpu.popcount takes integers only: an f64 is a no-method error.
    const direct = expression.replace('Math[K]', `Math.${key}`);
    // biome-ignore lint/security/noGlobalEval: JavaScript's own value, to compare with
    const bits = (eval(direct) >>> 0).toString(2).replace(/0/g, '').length;
    expect(computed(`gpu.popcount(${expression})`, { K: key })).toBe(bits);
    expect(computed(`gpu.popcount(${expression})`, {}, `const K = '${key}';`)).toBe(bits);
  });

  it('types Math[K] of a literal as the direct call: a float where it rounds to -0', () => {
    // Math.round(-0.25) is -0, a float literal: popcount takes integers only, either way named.
    expect(refusalOf('out[0] = gpu.popcount(Math[K](-0.25));', { K: 'round' }).code).toBe('no-method');
    expect(refusalOf("const K = 'round'; out[0] = gpu.popcount(Math[K](-0.25));").code).toBe('no-method');
  });

  it('keeps a float literal where rounding gives -0 or no i32', () => {
    expect(computed('1 / Math.round(-0.25)')).toBe(-Infinity);
    expect(computed('Math.floor(3e10 + 0.5)')).toBe(3e10);
    expect(refusalOf('out[0] = gpu.popcount(Math.round(-0.25));').code).toBe('no-method');
  });

  it('takes a float literal holding an integer as a shared array length', () => {
    expect(computed('gpu.sharedArray(Float32Array, 32.0).length')).toBe(32);
    expect(computed('gpu.sharedArray(Float32Array, 64 / 2).length')).toBe(32);
  });
});

describe('a variable just assigned a literal, stepped', () => {
  // It is that literal ("Literals"), so `i += 1` and `i++` fold as `i = i + 1` does, exactly.
  const STEPS: [string, number][] = [
    ['let i = 2147483647; i += 1; out[0] = i;', 2147483648],
    ['let i = 2147483647; i++; out[0] = i;', 2147483648],
    ['let i = 2147483647; out[0] = ++i;', 2147483648],
    ['let i = -2147483648; i--; out[0] = i;', -2147483649],
    ['let i = 65536; i *= 65536; out[0] = i;', 4294967296],
    ['let i = 7; i /= 2; out[0] = i;', 3.5],
    ['let i = 1; i <<= 31; i = -i; out[0] = i;', 2147483648],
    ['let i = 5; i >>>= 0; i -= 6; out[0] = i;', -1],
  ];
  it.each(STEPS)('%s gives %d', (body, expected) => {
    const out = new Float64Array(1);
    launchNative(
      { text: `function k(out) { ${body} }`, file: `step-${serial++}.js` },
      { grid: 1, block: 1 },
      out,
    );
    expect(out[0]).toBe(expected);
  });
});

describe('BigInt and Number of literals', () => {
  // BigInt(literal) is the BigInt literal JavaScript makes (a float literal past i32 included),
  // and Number(BigInt literal) its exact value rounded, never a 64-bit wrap of it first.
  const EXACT = [
    'Number(BigInt(0xcd9e8d57) * 3n)',
    'Number(BigInt(2 ** 40) + 1n)',
    'Number(BigInt(-0) - 1n)',
    'Number(BigInt(-(2 ** 53)) / 3n)',
    'Number(BigInt(4294967295) % 7n)',
    'Number(BigInt(Math.floor(7.5)) << 40n)',
    'Number(18446744073709551615n)',
    'Number(9007199254740993n)',
    'Number(-9223372036854775808n) * 2',
    'Number(3000000n) * out.length * 1000',
    // A literal only u64 holds is a u64 with another literal, merged or passed: never -1n.
    '18446744073709551615n > 0n ? 1 : 0',
    'Number(18446744073709551615n / 3n)',
    'Number((out.length > 5 ? 3n : 18446744073709551615n) >> 60n)',
    'Number(0xffffffffffffffffn % 1000n)',
    // Negated, one is the literal JavaScript makes: i64's minimum, not a u64 negated.
    'Number(-9223372036854775808n / 3n)',
    'Number(~18446744073709551615n)',
    'Number(-(-5n))',
  ];
  it.each(EXACT)('%s computes what JavaScript does', (expression) => {
    // biome-ignore lint/security/noGlobalEval: JavaScript's own value, to compare with
    expect(computed(expression)).toBe(eval(expression.replaceAll('out.length', '1')));
  });

  it('refuses BigInt of a fraction or NaN, and unary + of a BigInt, which JavaScript throws for', () => {
    expect(refusalOf('out[0] = Number(BigInt(0.5));').code).toBe('no-method');
    expect(refusalOf('out[0] = Number(BigInt(NaN));').code).toBe('no-method');
    expect(refusalOf('out[0] = Number(+5n);').code).toBe('type-mismatch');
  });

  it('passes a BigInt literal only u64 holds to a device function as a u64', () => {
    const positive = new Function('return function positive(x) { return x > 0n ? Number(x >> 62n) : -1; }')();
    expect(computed('positive(18446744073709551615n)', { positive })).toBe(3);
  });

  it('refuses two BigInt literals whose operation would wrap one past 64 bits first', () => {
    // JavaScript computes with the exact values, where i64 gives 736 for the first.
    for (const body of [
      'out[0] = Number(1000000000000000000000n % 1000n);',
      'out[0] = Number(BigInt(1e21) % 1000n);',
      'out[0] = Number(BigInt(2 ** 64) / 3n);',
    ])
      expect(refusalOf(body).code).toBe('type-mismatch');
    // Where wrapping cannot change the result (+ - * & | ^), two literals compute as before.
    expect(computed('Number(BigInt.asUintN(64, 18446744073709551615n + 2n))')).toBe(1);
  });
});

describe('BigInts of the scope and arguments past i64', () => {
  it('compute with their exact values in u64, as JavaScript does', () => {
    const big = 2n ** 64n - 1n;
    expect(computed('BIG > 0n ? Number(BIG % 1000n) : -1', { BIG: big })).toBe(615);
    expect(computed('Number(BIG / 3n)', { BIG: 2n ** 63n + 3n })).toBe(Number((2n ** 63n + 3n) / 3n));
    const out = new Float64Array(1);
    launchNative(
      { text: 'function k(out, b) { out[0] = b > 0n ? Number(b >> 60n) : -1; }', file: 'big-argument.js' },
      { grid: 1, block: 1 },
      out,
      big,
    );
    expect(out[0]).toBe(15);
  });

  it('refuses one past 64 bits, naming it', () => {
    expect(() => computed('Number(BIG % 1000n)', { BIG: 10n ** 21n })).toThrow(
      /bigint past 64 bits.*bad-argument/s,
    );
  });
});
