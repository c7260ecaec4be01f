import { describe, expect, it } from 'vitest';
import { ArrayView, view } from '../../src/entry/compiler.js';
import {
  bigLiteral,
  floatLiteral,
  intLiteral,
  join,
  negativeIntLiteral,
  record,
  SCALARS,
  scalar,
  type Type,
  tuple,
} from '../../src/frontend/types.js';
import {
  f32,
  inferKernel,
  type KernelType,
  parseType,
  printFunction,
  show,
  typeOfValue,
  u32,
} from '../../src/index.js';

const source = (text: string) => ({ text, file: 'types.test.js' });

/** The type of an expression over arguments `a` and `b` of the given types. */
function typeOf(expression: string, types: string[]): string {
  const names = ['a', 'b'].slice(0, types.length).join(', ');
  const spec = inferKernel(source(`function probe(${names}) { return ${expression}; }`), { types });
  return show(spec.returnType);
}

describe('typing rules', () => {
  it('types literals by the operand they meet', () => {
    expect(typeOf('a * 0.5', ['f32'])).toBe('f32');
    expect(typeOf('a + 1', ['i32'])).toBe('i32');
    expect(typeOf('a + 1.5', ['i32'])).toBe('f64');
    expect(typeOf('a * 2', ['f64'])).toBe('f64');
    expect(typeOf('a + 1n', ['i64'])).toBe('i64');
  });

  it('promotes mixed operands as documented', () => {
    expect(typeOf('a + b', ['i32', 'f32'])).toBe('f32');
    expect(typeOf('a + b', ['f32', 'f64'])).toBe('f64');
    expect(typeOf('a + b', ['i32', 'u32'])).toBe('f64');
    expect(typeOf('a + b', ['u8', 'u8'])).toBe('i32');
    expect(typeOf('a + b', ['i16', 'u16'])).toBe('i32');
    expect(typeOf('a + b', ['u32', 'u32'])).toBe('u32');
  });

  it('gives integer division and powers doubles, as JavaScript does', () => {
    expect(typeOf('a / b', ['i32', 'i32'])).toBe('f64');
    expect(typeOf('(a / b) | 0', ['i32', 'i32'])).toBe('i32');
    expect(typeOf('a ** 2', ['i32'])).toBe('f64');
    expect(typeOf('a / 2', ['f32'])).toBe('f32');
    expect(typeOf('a / b', ['i64', 'i64'])).toBe('i64');
  });

  it('gives bitwise operators int32 results and >>> uint32', () => {
    expect(typeOf('a & b', ['u32', 'u32'])).toBe('i32');
    expect(typeOf('a | 0', ['f64'])).toBe('i32');
    expect(typeOf('a >>> 0', ['i32'])).toBe('u32');
    expect(typeOf('~a', ['f32'])).toBe('i32');
    expect(typeOf('a & b', ['i64', 'i64'])).toBe('i64');
  });

  it('keeps BigInts and numbers apart, as JavaScript does', () => {
    expect(() => typeOf('a + b', ['i64', 'i32'])).toThrow(/cannot mix BigInts and numbers/);
    expect(() => typeOf('a + b', ['i64', 'u64'])).toThrow(/no common type for i64 \+ u64/);
    // A shift keeps its value's type whatever BigInt type the count has.
    expect(typeOf('a >> b', ['u64', 'i64'])).toBe('u64');
    expect(typeOf('a << b', ['i64', 'u64'])).toBe('i64');
    expect(typeOf('0xffffffffffffffffn << a', ['i64'])).toBe('u64');
    expect(typeOf('1n << a', ['i64'])).toBe('i64');
    expect(typeOf('Number(a) + b', ['i64', 'f64'])).toBe('f64');
  });

  it('joins f32 with an integer at a merge in f64, which holds both exactly', () => {
    const spec = inferKernel(
      source('function merge(out, a, b, c) { let v = 0; if (c > 0) v = a; else v = b; out[0] = v; }'),
      { types: ['f64[]', 'f32', 'i32', 'i32'] },
    );
    expect(printFunction(spec.fn)).toMatch(/phi .* :: f64/);
    expect(typeOf('b > 0 ? a : 1', ['f32', 'i32'])).toBe('f32');
  });

  it('joins commutatively and associatively over every scalar and literal type', () => {
    const all: Type[] = [
      ...SCALARS.map((name) => scalar(name)),
      intLiteral,
      negativeIntLiteral,
      floatLiteral,
      bigLiteral,
    ];
    const lift = (a: Type | undefined, b: Type | undefined) =>
      a === undefined || b === undefined ? undefined : join(a, b);
    for (const a of all) {
      for (const b of all) {
        expect(join(a, b), `${a.key} ⊔ ${b.key}`).toBe(join(b, a));
        for (const c of all) {
          expect(lift(lift(a, b), c), `(${a.key} ⊔ ${b.key}) ⊔ ${c.key}`).toBe(lift(a, lift(b, c)));
        }
      }
    }
    expect(() => typeOf('(a > 0) || b', ['f32', 'i32'])).toThrow(/operands of '\|\|' are bool and i32/);
  });

  it('joins records and tuples component by component, commutatively and associatively', () => {
    const values = (['f32', 'u32', 'i32', 'f64', 'i64', 'bool'] as const).map((n) => scalar(n));
    const [f32, u32, i32, f64, i64] = values as [Type, Type, Type, Type, Type];
    const all: Type[] = [];
    for (const a of values)
      for (const b of values) {
        all.push(
          record([
            ['m', a],
            ['n', tuple([b])],
          ]),
        );
        all.push(
          record([
            ['n', tuple([b])],
            ['m', a],
          ]),
        );
        all.push(tuple([a, b]));
      }
    const lift = (a: Type | undefined, b: Type | undefined) =>
      a === undefined || b === undefined ? undefined : join(a, b);
    for (const a of all)
      for (const b of all) {
        expect(join(a, b), `${a.key} ⊔ ${b.key}`).toBe(join(b, a));
        for (const c of all.slice(0, 12))
          expect(lift(lift(a, b), c), `(${a.key} ⊔ ${b.key}) ⊔ ${c.key}`).toBe(lift(a, lift(b, c)));
      }
    expect(
      join(
        record([
          ['m', i32],
          ['n', f32],
        ]),
        record([
          ['m', f32],
          ['n', f32],
        ]),
      )?.key,
    ).toBe('{m: f64, n: f32}');
    expect(
      join(
        record([
          ['b', i32],
          ['a', u32],
        ]),
        record([
          ['a', u32],
          ['b', f64],
        ]),
      )?.key,
    ).toBe('{a: u32, b: f64}');
    expect(join(tuple([i32, tuple([u32])]), tuple([u32, tuple([i32])]))?.key).toBe('[f64, [f64]]');
    expect(join(record([['m', i32]]), record([['m', i64]]))).toBeUndefined();
    expect(join(tuple([i32]), tuple([i32, i32]))).toBeUndefined();
    expect(join(record([['m', i32]]), tuple([i32]))).toBeUndefined();
    expect(typeOf('a > 0 ? { m: 0, t: [b] } : { m: a, t: [1] }', ['f32', 'u32'])).toBe('{m: f64, t: [f64]}');
    expect(typeOf('a > 0 ? [a] : [b]', ['i32', 'u32'])).toBe('[f64]');
  });

  it('joins the same way whatever order the paths come in', () => {
    const values = ['a', 'b', 'f'];
    const orders = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ];
    const literals = ['1', '0.5', 'a'];
    for (const order of orders) {
      for (const first of literals) {
        const [x, y, z] = order.map((i) => values[i]);
        const text = `function merge(a, b, f, c) { let v = ${first}; if (c === 1) v = ${x}; else if (c === 2) v = ${y}; else if (c === 3) v = ${z}; return v; }`;
        const spec = inferKernel(source(text), { types: ['i32', 'u32', 'f32', 'i32'] });
        expect(show(spec.returnType), text).toBe('f64');
      }
    }
    const pairs: [string, string, string][] = [
      ['i32', 'u32', 'f64'],
      ['u8', 'i8', 'i32'],
      ['u16', 'f32', 'f64'],
      ['f32', 'f64', 'f64'],
      ['u32', 'u32', 'u32'],
    ];
    for (const [a, b, joined] of pairs) {
      const text = 'function merge(a, b, c) { return c ? a : b; }';
      expect(show(inferKernel(source(text), { types: [a, b, 'bool'] }).returnType)).toBe(joined);
      const swapped = 'function merge(a, b, c) { return c ? b : a; }';
      expect(show(inferKernel(source(swapped), { types: [a, b, 'bool'] }).returnType)).toBe(joined);
    }
  });

  it('widens a loop counter to f64 only when it is compared with what its type cannot hold', () => {
    const counter = (bound: string, types: string[]) => {
      const text = `function loop(x, n) { let s = 0; for (let i = 0; i < ${bound}; i++) s += i; return s; }`;
      return show(inferKernel(source(text), { types }).returnType);
    };
    expect(counter('n', ['f32[]', 'i32'])).toBe('i32');
    expect(counter('x.length', ['f32[]', 'i32'])).toBe('i32');
    expect(counter('100', ['f32[]', 'i32'])).toBe('i32');
    expect(counter('n', ['f32[]', 'u16'])).toBe('i32');
    expect(counter('3e9', ['f32[]', 'i32'])).toBe('f64');
    expect(counter('n', ['f32[]', 'u32'])).toBe('f64');
    expect(counter('n', ['f32[]', 'f64'])).toBe('f64');
  });

  it('widens no value compared outside a loop, nor a merge of values that are no counters', () => {
    const typed = (text: string) =>
      show(inferKernel(source(text), { types: ['u32', 'u32', 'bool'] }).returnType);
    // `break` leaves a labelled block (or a switch) once: nothing there can wrap forever.
    expect(typed('function f(a, b, c) { const t = c ? a : b; B: { if (t < 7) break B; } return t; }')).toBe(
      'u32',
    );
    expect(
      typed(
        'function f(a, b, c) { const t = c ? a : b; switch (a) { case 1: if (t < 7) break; } return t; }',
      ),
    ).toBe('u32');
    // In a loop, the counters in a `? :` or `||` are widened, not the merge of values read once.
    expect(
      typed(
        'function f(a, b, c) { const t = c ? a : b; for (let i = 0; i < 4; i++) { if (t < 7) break; } return t; }',
      ),
    ).toBe('u32');
    expect(
      typed(
        'function f(a, b, c) { const t = a || b; let i = 0; while (i < 9) { i++; if (t < 7) return t; } return t; }',
      ),
    ).toBe('u32');
    expect(
      typed('function f(a, b, c) { let u = a; for (;;) { if ((c ? u : b) < 1) break; u -= 2; } return u; }'),
    ).toBe('f64');
  });

  it('widens no variable that only holds values read whole: elements, atomics, parameters', () => {
    const typed = (text: string) => show(inferKernel(source(text), { types: ['u32[]', 'u32'] }).returnType);
    // A compare-and-swap loop on a Uint32Array: old holds what the array held, never wraps.
    expect(
      typed(
        'function f(c, n) { let old = c[0]; for (;;) { const seen = gpu.atomicCAS(c, 0, old, old + 1); if (seen === old) break; old = seen; } return old; }',
      ),
    ).toBe('u32');
    expect(typed('function f(c, n) { let v = n; while (v !== 0) v = c[v & 7]; return v; }')).toBe('u32');
    expect(typed('function f(c, n) { let v = 5; while (v < n) v = c[v & 7] || c[0]; return v; }')).toBe(
      'u32',
    );
    // Stepped by arithmetic anywhere along the way, it is a counter.
    expect(typed('function f(c, n) { let v = n; while (v !== 0) v = c[v & 7] - 1; return v; }')).toBe('f64');
    expect(
      typed('function f(c, n) { let v = n, w = n; while (v !== 0) { v = w; w = v - 1; } return v; }'),
    ).toBe('f64');
  });

  it('widens a u32 counter compared through a call, or inside a float value', () => {
    const typed = (text: string) => show(inferKernel(source(text), { types: ['u32', 'f64'] }).returnType);
    // JavaScript stops at j = -1; a u32 counter would wrap past 0 and loop forever.
    expect(typed('function f(a, b) { let j = a; for (; Math.min(j, 9) >= 1; j -= 2) {} return j; }')).toBe(
      'f64',
    );
    expect(typed('function f(a, b) { let j = a; for (; Math.max(j, -1) >= 0; j -= 2) {} return j; }')).toBe(
      'f64',
    );
    expect(typed('function f(a, b) { let j = a; while (j * 0.5 >= b) j -= 2; return j; }')).toBe('f64');
    // A signed counter inside a float value compared with a float stays an integer.
    expect(typed('function f(a, b) { let i = 0; while (i * 0.5 < b) i++; return i; }')).toBe('i32');
  });

  it('leaves no phi of one value after a loop left by break (WebGPU refuses a phi of arrays)', () => {
    const text =
      'function k(a, s) { let j = 0; do { j++; let k = 0; do { k++; } while (k < ((s ? 9 : 5) & 7)); if (s) break; } while (j < 1); return a[0]; }';
    const ir = printFunction(inferKernel(source(text), { types: ['f32[]', 'u32'] }).fn);
    expect(ir).not.toMatch(/phi .*:: (f32\[\]|u32)$/m);
  });

  it('compares an f32 with a number constant in f32, with its f32 neighbour where none equals it', () => {
    const text = `function k(x, o) {
      o[0] = x[0] > 0.5 ? 1 : 0;
      o[1] = x[1] < 0.1 ? 1 : 0;
      o[2] = 0.1 < x[2] ? 1 : 0;
      o[3] = x[3] === 0.1 ? 1 : 0;
      o[4] = x[4] <= 16777217 ? 1 : 0;
      o[5] = x[5] >= 1e39 ? 1 : 0;
    }`;
    const ir = printFunction(inferKernel(source(text), { types: ['f32[]', 'f32[]'] }).fn);
    // JavaScript's f64 comparisons hold no f64 here (WebGPU has none); each is exact in f32.
    expect(ir).not.toMatch(/f64/);
    expect(ir).toMatch(/compare > %\d+, %(\d+) :: bool/);
    expect(ir).toMatch(/const 0\.5 :: f32/);
    // 0.1 lies between two f32s: x < 0.1 is x <= the lower, 0.1 < x is x >= the upper.
    expect(ir).toMatch(/const 0\.09999999403953552 :: f32/);
    expect(ir).toMatch(/const 0\.10000000149011612 :: f32/);
    expect(ir).toMatch(/compare <= /);
    expect(ir).toMatch(/compare >= /);
    // No f32 equals 0.1: x === 0.1 is false.
    expect(ir).toMatch(/const false :: bool/);
  });

  it('compares an integer with an integer constant in its range in its own type, not f64', () => {
    const text = `function k(x, b, o) {
      o[0] = (x[0] >>> 0) < 256 ? 1 : 0;
      o[1] = (x[1] >>> 0) > 2147483648 ? 1 : 0;
      o[2] = b[0] === 200 ? 1 : 0;
      o[3] = (x[2] >>> 0) >= -1 ? 1 : 0;
    }`;
    const ir = printFunction(inferKernel(source(text), { types: ['i32[]', 'u8[]', 'i32[]'] }).fn);
    expect(ir).toMatch(/const 256 :: u32/);
    expect(ir).toMatch(/const 2147483648 :: u32/);
    expect(ir).toMatch(/const 200 :: i32/);
    // -1 is no u32: that comparison stays exact in f64.
    expect(ir.match(/:: f64/g)?.length).toBe(2);
  });

  it('lowers a long operator chain without exhausting the stack', () => {
    const terms = Array.from({ length: 6000 }, (_, i) => `x[${i % 4}]`).join(' + ');
    const spec = inferKernel(source(`function chain(x) { return ${terms}; }`), { types: ['f64[]'] });
    expect(show(spec.returnType)).toBe('f64');
  });

  it('converts literals the way a typed-array store would', () => {
    const spec = inferKernel(source('function store(x) { x[0] = 300; x[1] = 1.9; x[2] = -1; }'), {
      types: ['u8[]'],
    });
    const text = printFunction(spec.fn);
    // A negative literal folds to a constant, converted like any literal.
    expect(text.match(/const -?[\d.]+ :: u8/g)).toEqual([
      'const 44 :: u8',
      'const 1 :: u8',
      'const 255 :: u8',
    ]);
  });
});

describe('host values', () => {
  it('map to kernel types predictably', () => {
    const t = (v: unknown) => {
      const type = typeOfValue(v);
      return type ? show(type) : undefined;
    };
    expect(t(3)).toBe('i32');
    expect(t(2 ** 31)).toBe('f64');
    expect(t(2.5)).toBe('f64');
    expect(t(f32(2.5))).toBe('f32');
    expect(t(u32(7))).toBe('u32');
    expect(t(5n)).toBe('i64');
    // A BigInt takes the 64-bit type that holds it, as a number does: wrapped into an i64,
    // 2n ** 64n - 1n would compare and divide as -1n. Past 64 bits, none holds it.
    expect(t(-(2n ** 63n))).toBe('i64');
    expect(t(2n ** 63n - 1n)).toBe('i64');
    expect(t(2n ** 63n)).toBe('u64');
    expect(t(2n ** 64n - 1n)).toBe('u64');
    expect(t(2n ** 64n)).toBeUndefined();
    expect(t(-(2n ** 63n) - 1n)).toBeUndefined();
    expect(t(true)).toBe('bool');
    expect(t(new Float32Array(2))).toBe('f32[]');
    expect(t(new BigUint64Array(2))).toBe('u64[]');
    expect(t(view(new Float64Array(6), 2, 3))).toBe('f64[,]');
    expect(t({ x: 1, y: 2.5 })).toBe('{x: i32, y: f64}');
    expect(t([1, new Int32Array(1)])).toBe('[i32, i32[]]');
    expect(t(new Uint8ClampedArray(1))).toBeUndefined();
    expect(t('text')).toBeUndefined();
    expect(t(null)).toBeUndefined();
    expect(t(new Map())).toBeUndefined();
  });

  it('f32() and friends convert like a typed-array store, and still act as numbers', () => {
    expect(Number(f32(0.1))).toBe(Math.fround(0.1));
    expect(Number(u32(-1))).toBe(4294967295);
    expect(Number(f32(1.5)) * 2).toBe(3);
    expect(`${u32(7)}`).toBe('7');
  });

  it('views index row-major and check their shape', () => {
    const v = view(Float32Array.from([1, 2, 3, 4, 5, 6]), 2, 3);
    expect(v.get(1, 2)).toBe(6);
    v.set(0, 1, 9);
    expect(v.data[1]).toBe(9);
    expect(v.get(2, 0)).toBeUndefined();
    expect(v.length).toBe(6);
    expect(() => view(new Float32Array(5), 2, 3)).toThrow(/needs 6 elements/);
    expect(v).toBeInstanceOf(ArrayView);
  });

  it('infers a kernel from the values it will be launched with', () => {
    const spec = inferKernel(source('function k(a, x, n) { x[0] = a * n; }'), {
      values: [f32(2), new Float32Array(4), 4],
    });
    expect(spec.key).toBe('k(f32, f32[], i32)');
    expect(() => inferKernel(source('function k(a) {}'), { values: ['x'] })).toThrow(
      /argument 1 \(string\) has no kernel type/,
    );
    expect(parseType('f32[,,]')).toMatchObject({ rank: 3 } as Partial<KernelType>);
  });
});
