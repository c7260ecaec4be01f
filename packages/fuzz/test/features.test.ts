import { gpu } from '@gpuc/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FuzzCase } from '../src/case.js';
import { isFailure, judge } from '../src/classify.js';
import { Emulation, fma32 } from '../src/emulate.js';
import { execute, type Run } from '../src/execute.js';
import { tapes } from '../src/fuzz.js';
import { generate } from '../src/generate.js';

/**
 * The first of a fixed sample of generated kernels that uses a feature matching `pattern` and
 * runs to its end as plain JavaScript (so that results, not exceptions, are compared).
 */
async function firstWith(pattern: RegExp): Promise<FuzzCase> {
  // Transcendental Math stands only at the root of an output's store, so its rarer forms (three
  // values to hypot, about one in 10,000 kernels) may come tens of thousands of kernels in: the
  // search stops at the first match.
  for (const tape of fc.sample(tapes, { seed: 17, numRuns: 60000 })) {
    const c = generate(tape);
    if (c.features.some((f) => pattern.test(f)) && (await execute(c, [])).js.status === 'ok') return c;
  }
  throw new Error(`no kernel with ${pattern}`);
}

const arrays = (run: Run | undefined) => (run?.status === 'ok' ? run.arrays : run?.status);

/** A case written by hand: no helpers, no tolerance, no barrier unless `more` says so. */
const handCase = (
  source: string,
  emulated: string,
  params: FuzzCase['params'],
  more: Partial<FuzzCase> = {},
): FuzzCase => ({
  source,
  emulated,
  helpers: [],
  params,
  tolerance: {},
  barrier: false,
  features: [],
  ...more,
});

describe('the language users write, generated and matched', () => {
  // Each feature: a generated kernel that has it runs as plain JavaScript, on the reference
  // runner and natively with no failure (a documented divergence at most).
  it.each([
    ['atomics', /^atomic(Add|Sub|Min|Max|And|Or|Xor|Exch|CAS):/],
    ['float atomics', /^atomic(Add|Sub|Min|Max):f(32|64)$/],
    ['float compare-and-swap', /^atomicCAS:f(32|64)(:own)?$/],
    ['atomics on shared memory', /^shared-atomic/],
    ['atomics on own elements, old values used', /:own$/],
    ['warp shuffles', /^warp:shuffle/],
    ['votes and ballots', /^warp:(vote|ballot)/],
    ['warp reductions in loops', /^warp:reduce-/],
    ['gpu.fma in f32', /^fma:f32$/],
    ['gpu.fma in f64', /^fma:f64$/],
    ['compound assignments to elements', /^element[^+-]+=$/],
    ['++ and -- of elements', /^element(\+\+|--)$/],
    ['neighbouring loads', /^vector-load:/],
    ['neighbouring stores', /^vector-store:[24]$/],
    ['views', /^view$/],
    ['.length', /^length$/],
    ['dynamic shared memory', /^dynamic-shared$/],
    ['BigInt ~ and u64(x)', /^(~:[iu]64|convert:u64)$/],
    ['f16(x) and bf16(x)', /^convert:b?f16$/],
    ['element updates as values', /^element-update-value$/],
    ['early returns from the kernel', /^return:kernel$/],
    ['a value returned from the kernel', /^return:kernel-value$/],
    ['early returns from device functions', /^return:early$/],
    ['loops with trip counts the data gives', /^loop:data-bound$/],
    ['loops counting down', /^loop:down$/],
    ['device functions of 3 and 4 parameters', /^helper:arity>2$/],
    ['records returned by device functions', /^helper:record$/],
    ['tuples returned by device functions', /^helper:tuple$/],
    ['switch on f64, f32, u32, i64 and bool values', /^switch:(f64|f32|u32|i64|bool)$/],
    ['tuples indexed by a variable', /^tuple-index$/],
    ['records destructured', /^destructure:record$/],
    ['tuples destructured into lets and swapped by [a, b] = [b, a]', /^destructure:swap$/],
    ['boundary guards through a device function returning the element, h0(a, k) ?? b', /^guard:call$/],
    ['records and tuples whose number fields merge at an if', /^merged:(record|tuple)$/],
    ['integer literals beyond the other operand', /^literal:beyond-type$/],
    ['gpu.popcount', /^gpu\.popcount:/],
    ['gpu.highWord, lowWord and fromWords', /^gpu\.(highWord|lowWord|fromWords)$/],
    ['Math.min and max of one or three values', /^Math\.(min|max):[13]$/],
    ['Math.hypot of three values', /^Math\.hypot:3$/],
    ['unary +', /^unary\+$/],
    ['++ and -- of variables as values', /^(prefix|postfix)-value$/],
    ['||=, &&= and ??=', /^(\|\||&&|\?\?)=$/],
    ['while (true) and for (;;) left by break', /^loop:forever$/],
    ['loop counters compared with u32 and f64 bounds', /^loop:bound-(u32|f64)$/],
    ['gpu.unroll hints', /^gpu\.unroll$/],
    ['device functions as arrow functions and function expressions', /^helper:(arrow|expression)$/],
    ['device functions passed to device functions', /^helper:function-argument$/],
    ['stores converting another type', /^store:/],
    ['plain stores into input elements', /^element=$/],
    ['views of three dimensions', /^view:3$/],
    ['numbers, BigInts and booleans captured from the scope', /^captured:(i32|f64|i64|bool)$/],
    ['typed arrays captured from the scope', /^captured:array$/],
    ['memory fences', /^gpu\.threadFence/],
    ['records and tuples as kernel arguments', /^parameter:(record|tuple)$/],
    ['records and tuples captured from the scope', /^captured:(record|tuple)$/],
    ['atomics with values of another type than the element', /^atomic-value:/],
    ['compiled with every index checked', /^config:bounds-check$/],
    ['compiled at optimisation level 0', /^config:O0$/],
    ['one array passed as an input and an output', /^alias$/],
    ['warp operations inside device functions', /^warp:in-function$/],
    ['warp reductions inside device functions', /^warp:reduce-in-function$/],
    ['device functions of warp operations called in a loop', /^warp:in-function-loop$/],
    ['device functions of warp operations passed to another', /^warp:in-function-argument$/],
    ['warp operations under a condition every thread computes alike', /^warp:uniform-branch$/],
    ['warp operations in arrow device functions', /^warp:in-arrow$/],
    ['warp operations in a loop of a trip count every thread computes alike', /^warp:uniform-loop$/],
    ['barriers in a loop of a trip count every thread computes alike', /^barrier:uniform-loop$/],
    ['barriers inside device functions', /^barrier:in-function$/],
    ['asynchronous copies into shared memory', /^copy-async:/],
    ['large kernels', /^large$/],
    ['BigInt.asIntN and BigInt.asUintN', /^BigInt\.as(Int|Uint)N$/],
    ['booleans compared for equality', /^cmp:bool$/],
    ['labelled if statements left by break', /^label:if$/],
    ['kernels as arrow functions and function expressions', /^kernel:(arrow|expression)$/],
    ['local arrays of i8, u16 and u64', /^local-array:(i8|u16|u64)$/],
    ['Math functions of integers', /^Math\.\w+:int$/],
    ['assignments as values', /^(assign-value|.+=:value)$/],
    ['the comma operator', /^comma$/],
    ['device functions held in records and tuples', /^helper:held$/],
    ['device functions writing a local array passed to them', /^helper:array-call$/],
    ['device functions reading a table passed to them', /^helper:table-argument$/],
    ['literals spelled in hex, binary, octal, with separators or exponents', /^literal:spelled$/],
    ['variables declared without a value, assigned on every path', /^merge:unassigned$/],
    ['for loops of two counters', /^loop:two-counters$/],
    ['comments', /^comment$/],
    ['records and tuples passed to device functions', /^helper:(record|tuple)-argument$/],
    ['reductions and scans of the block in shared memory', /^block-(reduce|scan):/],
    ['if statements without braces', /^if:unbraced$/],
    ['blocks of 4 x 2 threads', /^block:4x2$/],
    ['views read anywhere, and passed to device functions', /^(view-read:.|helper:view-argument)$/],
    ['default parameter values, left out by a call', /^helper:default-used$/],
    ['members read by a constant string key', /^member:string-key$/],
    ['strings of the scope as member keys', /^member:scope-key$/],
    ["a scope string's length", /^key-length$/],
    ['local Float16Array arrays', /^local-array:f16$/],
    ['shared Float16Bits and BFloat16Bits arrays', /^shared-array:b?f16$/],
    ['16-bit float tables passed to device functions', /^helper:table-argument:b?f16$/],
    ['device functions returning booleans, u64 and narrow integers', /^helper:returns-/],
    ['records and tuples destructured in a parameter list', /^helper:(record|tuple)-pattern$/],
    ['compound assignments and ++/-- of local elements', /^local(.+=|\+\+|--)$/],
    ['local elements updated at an index with an effect', /^local-update:effect-index$/],
    ['arrays indexed by a loop counter', /^index:counter:/],
    ['a shared array in a device function called for two argument types', /^shared:in-function:/],
    ['variables widened to f64 by an assignment in a loop', /^widen:/],
    ['conditions on u32, f32, BigInts and narrow integers', /^condition:(u32|f32|i64|u64|i8|u16)$/],
    ['! of u32, f32, BigInts and narrow integers', /^!:(u32|f32|i64|u64|i8|u16)$/],
    ['device functions reading values of the scope', /^helper:reads-scope$/],
    ['grids of 1 x 2 blocks', /^grid:1x2$/],
    ['blocks of 2 x 2 x 2 threads', /^block:2x2x2$/],
    ['counters counting down, tested through ? : or ||', /^loop:down-test/],
    ['shuffles of u64 values and narrow integers', /^warp:shuffle-(u64|i8|u16)$/],
    ['switch cases computed as the switch runs', /^switch:computed-case$/],
    ['||=, &&= and ??= into array elements', /^(local|element)(\|\||&&|\?\?)=$/],
    ['compound assignments into elements computing in another type', /^(element|local)-cross:/],
    ['device functions returning nothing, called as statements', /^helper:void-call$/],
    ['early returns from device functions returning nothing', /^return:early-void$/],
    ['shared arrays written at a permutation of the threads', /^shared:permuted-store$/],
    ['shared arrays read at an index the data gives', /^shared:data-index$/],
    ['variables declared again in an inner block', /^shadow(:other-type)?$/],
    ['parameters declared again in an inner block', /^shadow:parameter$/],
    ['effects under && || and ?: as statements', /^effect:(&&|\|\||\?:)$/],
    ['accumulators started from a literal and updated in a loop', /^accumulate:/],
    ['loops counting a variable down in their test, while (n--)', /^countdown:i32:/],
    ['u32 counts stepped down in a loop test, compared or not', /^countdown:u32:(--n >= 0|do|n--)$/],
    ['boundary guards a[k] ?? b at indices past either end', /^guard$/],
    ['chained boundary guards (a[k] ?? c[m]) ?? b', /^guard:chain$/],
    ['boundary guards through the arms of ?:, (p ? a[k] : c[m]) ?? b', /^guard:\?:$/],
    ['??= of local elements past either end, as values and statements', /^guard:\?\?=(:value)?$/],
    ['geometry groups read whole, as records', /^geometry-group$/],
    ['geometry groups destructured', /^geometry-group:destructure$/],
    ['f64 device functions returning an i32, u32 or f32 early', /^return:early-mixed:(i32|u32|f32)$/],
    ['|| and && of numbers of different types', /^(\|\||&&):mixed:f64$/],
    ['device functions ending in an if/else that returns on both paths', /^return:every-path:if$/],
    ['device functions ending in a switch whose every case returns', /^return:every-path:switch$/],
    ['a xorshift generator, a u32 assigned i32 results in a loop', /^idiom:xorshift$/],
    ['an FNV-1a hash of a local array', /^idiom:fnv$/],
    ['an escape-time loop of a compound test', /^idiom:escape-time$/],
    ['a value clamped and rounded into a byte', /^idiom:byte-clamp$/],
    ['a stencil whose boundary is left by continue', /^idiom:stencil$/],
    ['a device function called for several argument types', /^generic:specialised$/],
    ['a clamp of early returns called for several argument types', /^generic:clamp$/],
    ['boundary guards through a sequence, (v++, a[k]) ?? b', /^guard:comma$/],
    ['boundary guards through || and &&, (a[k] || c[m]) ?? b', /^guard:(\|\||&&)$/],
    ['boundary guards through a chain in an arm of ?:', /^guard:\?:nested$/],
    ['boundary guards of a ??= of a local element, (l[k] ??= c[m]) ?? b', /^guard:\?\?=:left$/],
    ['?: of arms of different types under a literal condition', /^\?:literal-condition$/],
    ['BigInt shifts by a negative i64 count', /^shift-count:negative$/],
    ['compare-and-swap loops of BigInt arrays', /^cas-loop:\w+:[iu]64$/],
    ['compare-and-swap loops that stop once the element passes the value', /^cas-loop:early:/],
    ['records merged with their fields listed in another order', /^merged:record:reordered$/],
    ['records and tuples merged by the arms of ?:', /^merged:(record|tuple):\?:$/],
    ['indices out of range under boundsCheck, read and written', /^bounds-check:(read|write)$/],
    ['a value chased through an array of 32-bit integers, read whole', /^idiom:chase:/],
  ])('%s', async (_, pattern) => {
    const c = await firstWith(pattern);
    const runs = await execute(c, ['reference', 'native']);
    const verdicts = judge(c, runs);
    expect(Object.keys(verdicts)).toEqual(['reference', 'native']);
    for (const verdict of Object.values(verdicts))
      expect(isFailure(verdict), JSON.stringify(verdict)).toBe(false);
    expect(arrays(runs.backends.reference)).toEqual(arrays(runs.js));
  });
});

describe('generated kernels gpuc once refused, compiled now', () => {
  // A refusal is no failure to the fuzzer: these ask that neither back-end refuses.
  it.each([
    // `p && (v = x);`, `c ? (v = x) : (b = !b);` merged a boolean with a number (or a call with
    // no value) though the statement discards the value (`unstable-type`).
    ['effects of values no merge takes, under && || and ?: as statements', /^effect:mixed$/],
    // gpuc merged the old element with the value though only the store happens (`unstable-type`).
    ['||= and &&= of a BigInt into an element of the other BigInt type', /^logical-store:(\|\||&&)=/],
    // `Math[K](x)`, `K` a string of the scope, was `unsupported`.
    ['Math functions named by a string of the scope', /^member:namespace-key$/],
    // `c ? fail(x) : y` of a device function that always throws: its call had no type
    // (`invalid-assignment`, or a crash where merged).
    ['device functions that always throw, called as values on a path not taken', /^always-throws:/],
    // `u64 >> i64`, `i64 << u64` had no common type (`type-mismatch`).
    ['BigInt shifts by a count of the other BigInt type', /^shift-count:(i64<-u64|u64<-i64)$/],
    // A compare-and-swap loop's `old = seen` widened a u32 to f64 as a loop counter, an f64
    // compare value (`type-mismatch`).
    ['compare-and-swap loops on a Uint32Array', /^cas-loop:\w+:u32$/],
    // `a[-1] ?? b`, `a[16] ?? b` were `bad-index` errors.
    ['boundary guards at a constant index no array holds, a[-1] ?? b', /^guard:constant-outside$/],
  ])('%s', async (_, pattern) => {
    const c = await firstWith(pattern);
    const runs = await execute(c, ['reference', 'native']);
    const verdicts = Object.values(judge(c, runs));
    expect(verdicts).toHaveLength(2);
    for (const verdict of verdicts) {
      expect(isFailure(verdict), JSON.stringify(verdict)).toBe(false);
      expect(verdict.kind, JSON.stringify(verdict)).not.toBe('refused');
    }
    expect(arrays(runs.backends.reference)).toEqual(arrays(runs.js));
  });
});

describe('the typing of literals', () => {
  // `(4294967296.0 | 0) & 3` folds to a float literal (docs/language.md "Literals"), which an
  // atomic's index does not take: where an i32 is wanted the generator makes it one, `i32(...)`.
  it('makes a literal folded from a float literal an i32 where an i32 is wanted', async () => {
    const folded = /i32\(\([\d.e+]+ (\||&|\^|<<|>>) [\d.e+]+\)\)/;
    const c = fc
      .sample(tapes, { seed: 17, numRuns: 5000 })
      .map((tape) => generate(tape))
      .find((k) => folded.test(k.source));
    expect(c, 'a kernel with such a literal').toBeDefined();
    const verdicts = judge(c as FuzzCase, await execute(c as FuzzCase, ['native']));
    expect(verdicts.native?.kind, JSON.stringify(verdicts.native)).not.toBe('refused');
    expect(isFailure(verdicts.native as never), JSON.stringify(verdicts.native)).toBe(false);
  });
});

describe('what the language rejects', () => {
  it.each([
    ['a device function that reaches itself', /^recursion$/, 'recursion'],
    ['device functions that reach each other', /^recursion:mutual$/, 'recursion'],
    ['a local Uint8ClampedArray', /^local-array:u8-clamped$/, 'unsupported'],
    ['for-of over a local array', /^refused:for-of$/, 'unsupported'],
    ['for-in over a local array', /^refused:for-in$/, 'unsupported'],
    ['a constant index outside a local array', /^refused:outside-index$/, 'bad-index'],
    ['arithmetic on booleans', /^refused:boolean-arithmetic$/, 'type-mismatch'],
    ['Math.max, min and hypot of no values', /^refused:no-argument$/, 'type-mismatch'],
    ['var', /^refused:var$/, 'unsupported'],
    ['typeof', /^refused:typeof$/, 'unsupported'],
    ['functions made inside the kernel', /^refused:form:(arrow|function)$/, 'unsupported'],
    ['null, this, in and new Error not thrown', /^refused:form:(null|this|in|new-error)$/, 'unsupported'],
    [
      'template strings, regular expressions and classes',
      /^refused:form:(template|regexp|class)$/,
      'unsupported',
    ],
    ['try, spreads and holes', /^refused:form:(try|spread|hole)$/, 'unsupported'],
    ['void', /^refused:void$/, 'unsupported'],
    ['default values in tuple destructuring', /^refused:tuple-default$/, 'unsupported'],
    ['default values in record destructuring', /^refused:record-default$/, 'unsupported'],
    ["a record's field assigned", /^refused:aggregate-assign$/, 'invalid-assignment'],
    ["??= of a tuple's element", /^refused:aggregate-nullish$/, 'invalid-assignment'],
    [
      'a tuple of a number and a boolean indexed by a variable',
      /^refused:aggregate-mixed-index$/,
      'bad-index',
    ],
    ['a tuple indexed past its end', /^refused:aggregate-past-end$/, 'bad-index'],
    ['BigInt.asIntN and asUintN of more than 64 bits', /^refused:wide-as-n$/, 'type-mismatch'],
  ])('refuses %s, which JavaScript and the reference runner run', async (_, pattern, code) => {
    const c = await firstWith(pattern);
    expect(c.refusal).toBe(code);
    const runs = await execute(c, ['reference', 'native']);
    const verdicts = judge(c, runs);
    expect(verdicts.native).toMatchObject({ kind: 'refused', code });
    expect(verdicts.reference?.kind).toBe('match');
    expect(arrays(runs.backends.reference)).toEqual(arrays(runs.js));
  });
});

describe('the oracle of the new features', () => {
  it('runs warp operations over the block of 8 as one warp, a lane outside it reading its own value', async () => {
    const source = `function k(o0, o1, o2, a0) {
  const i = gpu.globalIdx.x;
  const w0 = a0[i];
  const w1 = gpu.shuffleDown(w0, 3);
  const w2 = gpu.shuffleXor(w0, 9);
  const w3 = gpu.ballot(w0);
  o0[i] = w1;
  o1[i] = w2;
  o2[i] = w3;
}`;
    const c = handCase(
      source,
      source,
      [
        { name: 'o0', kind: 'array', type: 'i32', values: Array(16).fill('0') },
        { name: 'o1', kind: 'array', type: 'i32', values: Array(16).fill('0') },
        { name: 'o2', kind: 'array', type: 'u64', values: Array(16).fill('0n') },
        {
          name: 'a0',
          kind: 'array',
          type: 'i32',
          values: Array.from({ length: 16 }, (_, k) => String(k % 3)),
        },
      ],
      { warp: true },
    );
    const runs = await execute(c, ['reference', 'native']);
    const lanes = [0, 1, 2, 0, 1, 2, 0, 1];
    const block = (b: number) => Array.from({ length: 8 }, (_, t) => (b * 8 + t) % 3);
    const js = arrays(runs.js) as string[][];
    // Block 1 starts at element 8: its lanes hold 2, 0, 1, 2...
    expect(js[0]?.slice(8)).toEqual(block(1).map((v, t, all) => String(t + 3 < 8 ? all[t + 3] : v)));
    expect(js[1]?.slice(0, 8)).toEqual(lanes.map((v, t) => String((t ^ 9) < 8 ? lanes[t ^ 9] : v)));
    const ballot = lanes.reduce((m, v, t) => (v ? m | (1n << BigInt(t)) : m), 0n);
    expect(js[2]?.[0]).toBe(`${ballot}n`);
    expect(arrays(runs.backends.reference)).toEqual(js);
    expect(arrays(runs.backends.native)).toEqual(js);
  });

  it('applies atomics as JavaScript does, the same in any order', async () => {
    const source = `function k(o0, c0, c1) {
  const i = gpu.globalIdx.x;
  gpu.atomicAdd(c0, i & 3, Math.fround((i & 255) * 0.25));
  gpu.atomicMax(c1, 1, i - 5);
  o0[i] = i;
}`;
    const c = handCase(source, source, [
      { name: 'o0', kind: 'array', type: 'i32', values: Array(16).fill('0') },
      { name: 'c0', kind: 'array', type: 'f32', values: Array(16).fill('-64') },
      { name: 'c1', kind: 'array', type: 'i32', values: Array(16).fill('-100') },
    ]);
    const runs = await execute(c, ['reference', 'native']);
    const js = arrays(runs.js) as string[][];
    // Lanes 0, 4, 8, 12 add 0 + 1 + 2 + 3 to element 0; 1, 5, 9, 13 add 7 to element 1...
    expect(js[1]?.slice(0, 5)).toEqual(['-58', '-57', '-56', '-55', '-64']);
    expect(js[2]?.slice(0, 3)).toEqual(['-100', '10', '-100']);
    expect(arrays(runs.backends.native)).toEqual(js);
  });

  it('holds the device exception of an index out of range under boundsCheck a documented divergence', async () => {
    // JavaScript reads undefined past l0 (the sum is NaN); compiled code with every index
    // checked throws there, and so does the emulation's $.check.
    const source = `function k(o0, a0) {
  const i = gpu.globalIdx.x;
  const l0 = new Int16Array(4);
  l0[i & 3] = a0[i];
  o0[i] = l0[i - 2] + 1;
}`;
    const params: FuzzCase['params'] = [
      { name: 'o0', kind: 'array', type: 'f64', values: Array(16).fill('0') },
      { name: 'a0', kind: 'array', type: 'i32', values: Array(16).fill('3') },
    ];
    const checked = handCase(source, source.replace('l0[i - 2]', 'l0[$.check(l0, i - 2)]'), params, {
      config: { boundsCheck: true },
    });
    const runs = await execute(checked, ['native']);
    expect((arrays(runs.js) as string[][])[0]?.[0]).toBe('NaN');
    expect(runs.backends.native?.status).toBe('threw');
    expect(judge(checked, runs).native).toEqual({ kind: 'documented', tags: ['bounds-check'] });
    // Without the check in the emulation, the exception is no divergence the language documents.
    const unchecked = handCase(source, source, params, { config: { boundsCheck: true } });
    expect(judge(unchecked, await execute(unchecked, ['native'])).native?.kind).toBe('undocumented');
  });

  it("holds an f32 fma's one-ulp difference from JavaScript's a documented divergence", async () => {
    const source = `function k(o0, a0) {
  const i = gpu.globalIdx.x;
  o0[i] = gpu.fma(a0[0], a0[1], a0[2]);
}`;
    const emulated = source.replace('gpu.fma(', '$.fmaf(');
    const c = handCase(source, emulated, [
      { name: 'o0', kind: 'array', type: 'f32', values: Array(16).fill('0') },
      {
        name: 'a0',
        kind: 'array',
        type: 'f32',
        values: [
          String(1 + 2 ** -23),
          String(1 - 2 ** -24),
          String(2 ** -47 + 2 ** -70),
          ...Array(13).fill('0'),
        ],
      },
    ]);
    const runs = await execute(c, ['native']);
    expect((arrays(runs.js) as string[][])[0]?.[0]).toBe('1');
    expect((arrays(runs.backends.native) as string[][])[0]?.[0]).toBe(String(1 + 2 ** -23));
    expect(judge(c, runs).native).toEqual({ kind: 'documented', tags: ['f32-rounding'] });
  });

  it("rounds an f32 fma once, where JavaScript's double differs by an ulp at most", () => {
    // (1 + 2^-23)(1 - 2^-24) + 2^-47 + 2^-70 is 1 + 2^-24 + 2^-70: as a double, the tie
    // 1 + 2^-24 between two f32s, which rounds to even (1); rounded once, 1 + 2^-23.
    const a = 1 + 2 ** -23;
    const b = 1 - 2 ** -24;
    const c = 2 ** -47 + 2 ** -70;
    expect(Math.fround(c)).toBe(c);
    expect(Math.fround(gpu.fma(a, b, c))).toBe(1);
    expect(fma32(a, b, c)).toBe(1 + 2 ** -23);
    expect(fma32(a, b, -c)).toBe(1);
    expect(fma32(3, 0.5, -1.5)).toBe(0);
    expect(Number.isNaN(fma32(Number.POSITIVE_INFINITY, 0, 1))).toBe(true);
    const e = new Emulation();
    expect(e.fmaf(2, 3, 1)).toBe(7);
    expect(e.fired.size).toBe(0);
  });
});
