// Launches refused before any native call: arguments against the kernel's signature and the
// geometry, on the native target (the GPU back-ends' tests check they refuse the same before
// opening a device).
import { describe, expect, it } from 'vitest';
import { view } from '../../src/entry/compiler.js';
import { checkArguments, checkGeometry } from '../../src/entry/launch.js';
import { writeGeometry } from '../../src/host/index.js';
import {
  CompileError,
  compileNative,
  f32,
  type KernelType,
  launchNative,
  parseType,
  runReference,
  typeOfValue,
  u32,
} from '../../src/index.js';
import { MIXED_KERNEL } from '../gpu-checks.js';
import { add, expectLaunchRefusals, type Launch, refusal } from '../launch-refusals.js';

const type = (t: string) => parseType(t) as KernelType;
/** `[1, <hole>, 3]`: an array with a hole where element 1 would be. */
function sparse(): unknown[] {
  const array = [1];
  array[2] = 3;
  return array;
}

/** A record or tuple that holds itself, under `self` or as its last element. */
function cyclic<T extends object>(value: T): T {
  if (Array.isArray(value)) value.push(value);
  else Object.assign(value, { self: value });
  return value;
}

describe('launch arguments', () => {
  it('refuses values with no kernel type, naming the parameter, before compiling', () => {
    const detached = new ArrayBuffer(8);
    structuredClone(detached, { transfer: [detached] });
    const values = [
      'text',
      null,
      undefined,
      new Map(),
      new DataView(new ArrayBuffer(4)),
      new Uint8ClampedArray(4),
      Symbol('s'),
      new Date(),
      { a: 'nested string' },
      // An array with a hole, and a record or tuple that holds itself (typing one overflowed
      // the stack with a RangeError).
      sparse(),
      cyclic({ a: 1 }),
      cyclic([1]),
    ];
    for (const value of values) {
      const error = refusal(() => launchNative(add, { grid: 1, block: 1 }, value, 1));
      expect(error.code).toBe('bad-argument');
      expect(error.parameter).toEqual({ index: 0, name: 'x' });
      expect(error.message).toMatch(/^gpuc: add\.js's argument 1 \('x'\) is .* which has no kernel type/);
    }
  });

  it('refuses a scope value that holds itself at its name, as for any value with no kernel type', () => {
    const text = { text: 'function k(o) {\n  o[0] = R.a;\n}', file: 'cyclic.js' };
    const launch = () =>
      launchNative(text, { grid: 1, block: 1, scope: { R: cyclic({ a: 1 }) } }, new Float64Array(1));
    expect(launch).toThrow(CompileError);
    const error = (() => {
      try {
        launch();
      } catch (e) {
        return e as CompileError;
      }
    })() as CompileError;
    expect(error.code).toBe('bad-argument');
    expect(error.location).toMatchObject({ line: 2, column: 10 });
  });

  it('refuses too few and too many arguments before compiling, naming the first missing one', () => {
    const x = new Float32Array(2);
    const few = refusal(() => launchNative(add, { grid: 1, block: 1 }, x));
    expect(few.message).toBe(
      "gpuc: add.js takes 2 argument(s), not 1: argument 2 ('n') is missing [bad-argument]",
    );
    expect(few.parameter).toEqual({ index: 1, name: 'n' });
    expect(refusal(() => launchNative(add, { grid: 1, block: 1 })).parameter).toEqual({
      index: 0,
      name: 'x',
    });
    expect(refusal(() => launchNative(add, { grid: 1, block: 1 }, x, 2, 3)).message).toMatch(
      /takes 2 argument\(s\), not 3: argument 3 on are extra/,
    );
  });

  it('refuses a rest parameter at it, not as an argument the launch is missing', () => {
    const rest = { text: 'function k(o, ...more) {\n  o[0] = 1;\n}', file: 'rest.js' };
    for (const args of [[new Float32Array(1)], [new Float32Array(1), 2]]) {
      const error = (() => {
        try {
          launchNative(rest, { grid: 1, block: 1 }, ...args);
        } catch (e) {
          return e;
        }
      })() as CompileError;
      expect(error).toBeInstanceOf(CompileError);
      expect(error.code).toBe('unsupported');
      expect(error.message).toMatch(/rest parameters/);
      expect(error.location).toMatchObject({ file: 'rest.js', line: 1, column: 15 });
    }
  });

  it('checks each value against an explicit signature before the native call', () => {
    const kernel = compileNative(add, [type('f32[]'), type('i32')]);
    const detachedBuffer = new ArrayBuffer(16);
    const detached = new Float32Array(detachedBuffer);
    structuredClone(detachedBuffer, { transfer: [detachedBuffer] });
    const cases: [unknown[], RegExp][] = [
      [[new Float64Array(2), 2], /argument 1 \('x'\) must be f32\[\], not a Float64Array/],
      [[new Uint8ClampedArray(2), 2], /argument 1 \('x'\) must be f32\[\], not a Uint8ClampedArray/],
      [[new DataView(new ArrayBuffer(8)), 2], /argument 1 \('x'\) must be f32\[\], not a DataView/],
      [[{ length: 2 }, 2], /argument 1 \('x'\) must be f32\[\], not an object/],
      [[3, 2], /argument 1 \('x'\) must be f32\[\], not number 3/],
      [[new Float32Array(2), [2]], /argument 2 \('n'\) must be i32, not an array of 1/],
      [[new Float32Array(2), 2n], /argument 2 \('n'\) must be i32, not the bigint 2n/],
      [[new Float32Array(2), '2'], /argument 2 \('n'\) must be i32, not the string "2"/],
      [[new Float32Array(2), 2.5], /argument 2 \('n'\) must be i32, not number 2.5/],
      [[new Float32Array(2), 2 ** 32], /argument 2 \('n'\) 4294967296 does not fit i32/],
      [[new Float32Array(2), true], /argument 2 \('n'\) must be i32, not boolean true/],
      [[new Float32Array(2)], /add takes 2 argument\(s\), not 1: argument 2 \('n'\) is missing/],
      [[], /add takes 2 argument\(s\), not 0: argument 1 \('x'\) is missing/],
      [[new Float32Array(2), 2, 3], /add takes 2 argument\(s\), not 3: argument 3 on are extra/],
      [[detached, 2], /argument 1 \('x'\) is a Float32Array whose buffer was detached/],
      [[view(new Float32Array(4), 2, 2), 2], /argument 1 \('x'\) must be f32\[\], not an ArrayView/],
    ];
    for (const [args, message] of cases) {
      const error = refusal(() => kernel.launch(1, 2, args));
      expect(error.code).toBe('bad-argument');
      expect(error.message).toMatch(message);
    }
    // Arguments that are no array at all.
    for (const args of [undefined, null, 'ab', new Float32Array(2), { 0: 1, length: 2 }]) {
      const error = refusal(() => kernel.launch(1, 2, args as never));
      expect(error.code).toBe('bad-argument');
      expect(error.message).toMatch(/^gpuc: add's arguments are given as an array of values, not /);
    }
    // What fits runs: a u32 may be given as an unsigned or a signed 32-bit integer, f32(2) as an i32.
    const x = new Float32Array(2);
    kernel.launch(1, 2, [x, f32(2)]);
    expect(Array.from(x)).toEqual([1, 1]);
  });

  it('takes a signature written as text, and names a signature entry that is no type', () => {
    const kernel = compileNative(add, ['f32[]', 'i32']);
    const x = Float32Array.of(1, 2, 3);
    kernel.launch(1, 4, [x, 3]);
    expect(Array.from(x)).toEqual([2, 3, 4]);
    for (const entry of ['f33[]', '', undefined, {}, 7]) {
      const error = refusal(() => compileNative(add, ['f32[]', entry] as never));
      expect(error.code).toBe('bad-argument');
      expect(error.parameter).toEqual({ index: 1, name: 'n' });
      expect(error.message).toMatch(
        /^gpuc: the signature's type of parameter 2 \('n'\) is .*, which is no kernel type/,
      );
    }
    expect(refusal(() => compileNative(add, 'f32[]' as never)).code).toBe('bad-argument');
  });

  it('passes integers that fit their width, signed or unsigned, wrapped to it', () => {
    const kernel = compileNative(
      {
        text: 'function w(a, b, c, d, e, out, big) { out[0] = a; out[1] = b; out[2] = c; out[3] = e ? 1 : 0; big[0] = d; }',
        file: 'w.js',
      },
      ['u32', 'i8', 'i16', 'i64', 'bool', 'f64[]', 'i64[]'].map(type),
    );
    const run = (...args: unknown[]) => {
      const out = new Float64Array(4);
      const big = new BigInt64Array(1);
      kernel.launch(1, 1, [...args, out, big]);
      return [...Array.from(out), big[0]];
    };
    expect(run(-1, 255, 40000, 2 ** 53 - 1, true)).toEqual([4294967295, -1, -25536, 1, 2n ** 53n - 1n]);
    expect(run(u32(7), -128, -32768, -(2n ** 63n), false)).toEqual([7, -128, -32768, 0, -(2n ** 63n)]);
    expect(run(0, 0, 0, 2n ** 64n - 1n, false)).toEqual([0, 0, 0, 0, -1n]);
    for (const [args, message] of [
      [[2 ** 32, 0, 0, 0, false], /argument 1 \('a'\) 4294967296 does not fit u32/],
      [[0, 256, 0, 0, false], /argument 2 \('b'\) 256 does not fit i8/],
      [[0, 0, 0, 2 ** 53, false], /argument 4 \('d'\) must be i64, not number 9007199254740992/],
      [[0, 0, 0, 2n ** 64n, false], /argument 4 \('d'\) must be i64, not the bigint/],
      [[0, 0, 0, 0, 1], /argument 5 \('e'\) must be bool, not number 1/],
    ] as [unknown[], RegExp][])
      expect(refusal(() => run(...args)).message).toMatch(message);
  });

  it('checks records, tuples, views and functions against their shapes', () => {
    const sq = new Function('return function sq(v) { return v * v; }')() as (v: number) => number;
    const other = new Function('return function sq(v) { return v * v; }')() as (v: number) => number;
    const signature = {
      name: 'k',
      parameterNames: () => ['p', 't', 'm', 'f'],
      argTypes: [
        typeOfValue({ a: f32(1), xs: new Float32Array(1) }),
        typeOfValue([1, new Uint8Array(1)]),
        type('f64[,]'),
        typeOfValue(sq),
      ] as KernelType[],
    };
    const good: unknown[] = [
      { a: 1, xs: new Float32Array(1) },
      [1, new Uint8Array(1)],
      view(new Float64Array(6), 2, 3),
      sq,
    ];
    expect(() => checkArguments(signature, good)).not.toThrow();
    const wrong: [number, unknown, RegExp][] = [
      [0, { a: 1 }, /argument 1 \('p'\) must be \{a: f32, xs: f32\[\]\}, not an object/],
      [0, { a: 1, xs: new Float32Array(1), b: 2 }, /argument 1 \('p'\) must be/],
      [
        0,
        { a: 1, xs: new Int32Array(1) },
        /argument 1 \('p'\) field 'xs' must be f32\[\], not an Int32Array/,
      ],
      [1, [1], /argument 2 \('t'\) must be \[i32, u8\[\]\], not an array of 1/],
      [1, [1, new Uint8Array(1), 3], /argument 2 \('t'\) must be/],
      [1, [1n, new Uint8Array(1)], /argument 2 \('t'\) element 0 must be i32, not the bigint 1n/],
      [2, new Float64Array(6), /argument 3 \('m'\) must be f64\[,\], not a Float64Array/],
      [2, view(new Float64Array(6), 1, 2, 3), /argument 3 \('m'\) must be f64\[,\], not an ArrayView/],
      [
        2,
        { data: new Float64Array(6), shape: [4, 2] },
        /argument 3 \('m'\) is a 4x2 view of 6 elements, not 8/,
      ],
      [3, other, /argument 4 \('f'\) must be the function sq the kernel was compiled for/],
      [3, 1, /argument 4 \('f'\) must be the function sq .*, not number 1/],
    ];
    // Where only device memory goes (a GPU kernel's launch), a host array is refused as such.
    const device = { pointer: 4096n, length: 1 };
    const onDevice = [
      { a: 1, xs: { array: device } },
      [1, device],
      { array: { pointer: 0n, length: 6 }, shape: [2, 3] },
      sq,
    ];
    expect(() => checkArguments(signature, onDevice, { host: false })).not.toThrow();
    expect(refusal(() => checkArguments(signature, good, { host: false })).message).toMatch(
      /argument 1 \('p'\) field 'xs' is a Float32Array in host memory; launch takes device arrays/,
    );
    // Device memory given as an address must start where gpuc's own allocations do: kernels
    // compiled for the GPUs assume it, to load and store 128 bits at once.
    for (const [index, value] of [
      [1, [1, { pointer: 4100n, length: 1 }]],
      [2, { array: { pointer: 8n, length: 6 }, shape: [2, 3] }],
    ] as const) {
      const args = onDevice.map((v, i) => (i === index ? value : v));
      const error = refusal(() => checkArguments(signature, args, { host: false }));
      expect(error.code).toBe('bad-argument');
      expect(error.parameter?.index).toBe(index);
      expect(error.message).toMatch(/is device memory at 0x(1004|8), not at a multiple of 16 bytes/);
    }
    for (const [index, value, message] of wrong) {
      const args = good.map((v, i) => (i === index ? value : v));
      const error = refusal(() => checkArguments(signature, args));
      expect(error.parameter?.index).toBe(index);
      expect(error.message).toMatch(message);
    }
  });
});

describe('records, tuples and functions as kernel arguments, natively', () => {
  it('passes their members by value and a function as nothing, as the reference does', () => {
    const sq = new Function('return function sq(v) { return v * v; }')();
    const out = new Float32Array(4);
    launchNative(
      MIXED_KERNEL,
      { grid: 1, block: 4 },
      { a: f32(2), xs: Float32Array.from([1, 2, 3, 4]), on: true },
      [u32(10), Int32Array.from([1, 2, 3, 4])],
      sq,
      out,
    );
    expect(Array.from(out)).toEqual([113, 118, 125, 134]);
  });

  it("calls a record's function field as JavaScript does (ops.f(x)), captured or passed", () => {
    const [sq, cube] = [
      'return function sq(v) { return v * v; }',
      'return function cube(v) { return v * v * v; }',
    ].map((text) => new Function(text)());
    const text = {
      text: 'function k(ops, o) { const t = gpu.threadIdx.x; o[t] = ops.f(t) + OPS.g(t + 1) + ops.pair[1](2); }',
      file: 'fields.js',
    };
    const args = () => [{ f: sq, pair: [sq, cube] }, new Float64Array(3)] as const;
    const [reference, native] = [args(), args()];
    runReference(text, { grid: 1, block: 3, scope: { OPS: { g: cube } } }, reference);
    launchNative(text, { grid: 1, block: 3, scope: { OPS: { g: cube } } }, ...native);
    expect(Array.from(native[1])).toEqual([9, 17, 39]);
    expect(Array.from(native[1])).toEqual(Array.from(reference[1]));
  });
});

describe('functions of one name as kernel arguments', () => {
  it('are two kernels, each loaded for its own function', () => {
    const apply = { text: 'function apply(f, out) { out[0] = f(3); }', file: 'apply.js' };
    const square = new Function('return function sq(v) { return v * v; }')();
    const cube = new Function('return function sq(v) { return v * v * v; }')();
    const results = [square, cube, square].map((f) => {
      const out = new Float64Array(1);
      launchNative(apply, { grid: 1, block: 1 }, f, out);
      return out[0];
    });
    expect(results).toEqual([9, 27, 9]);
  });
});

describe('launch geometry', () => {
  it('refuses what every back-end refuses, natively', () => {
    expectLaunchRefusals(launchNative as Launch);
  });

  it('refuses a launch that is no object on the reference runner too', () => {
    const error = refusal(() => runReference(add, null as never, [new Float32Array(1), 1]));
    expect(error.message).toBe(
      'gpuc: a launch is an object, { grid, block } or { size }, not null [bad-launch]',
    );
  });

  it('refuses a scope that is no object, natively and on the reference runner (a TypeError escaped)', () => {
    const x = new Float32Array(1);
    for (const scope of [5, 'K', true]) {
      const launch = { grid: 1, block: 1, scope } as never;
      for (const call of [() => launchNative(add, launch, x, 1), () => runReference(add, launch, [x, 1])])
        expect(refusal(call).message).toMatch(
          /^gpuc: a kernel's scope is an object of the names the kernel reads, not .* \[bad-launch\]$/,
        );
    }
  });

  it('refuses a scope array whose buffer was detached, naming it (a TypeError escaped)', () => {
    const kernel = { text: 'function k(x) { x[0] = T[0]; }', file: 'k.js' };
    const detached = () => {
      const T = new Float32Array(2);
      structuredClone(T.buffer, { transfer: [T.buffer] });
      return T;
    };
    const x = new Float32Array(1);
    expect(
      refusal(() => launchNative(kernel, { grid: 1, block: 1, scope: { T: detached() } }, x)).message,
    ).toMatch(/the scope's 'T' is a Float32Array whose buffer was detached \[bad-launch\]/);
    const scope = { T: Float32Array.from([7, 8]) };
    const compiled = compileNative(kernel, ['f32[]'], { scope });
    compiled.launch(1, 1, [x]);
    expect(x[0]).toBe(7);
    scope.T = detached();
    expect(refusal(() => compiled.launch(1, 1, [x])).message).toMatch(
      /the scope's 'T' is a Float32Array whose buffer was detached/,
    );
  });

  it('refuses a configuration it would ignore or that LLVM refuses, naming the option', () => {
    const x = new Float32Array(1);
    const cases: [unknown, RegExp][] = [
      [5, /a launch's config is an object of compile options, not 5/],
      [{ optLevel: 9 }, /config\.optLevel must be 0, 1, 2 or 3, not 9/],
      [{ debugLevel: -1 }, /config\.debugLevel must be 0, 1 or 2, not -1/],
      [{ boundsCheck: 'yes' }, /config\.boundsCheck must be true or false, not "yes"/],
      [{ boundscheck: true }, /config has no option 'boundscheck' \(it has kernel, name, optLevel/],
    ];
    for (const [config, message] of cases) {
      const error = refusal(() => launchNative(add, { grid: 1, block: 1, config } as never, x, 1));
      expect(error.code).toBe('bad-launch');
      expect(error.message).toMatch(message);
    }
    expect(
      refusal(() => compileNative(add, ['f32[]', 'i32'], { config: { optLevel: 4 } as never })).message,
    ).toMatch(/config\.optLevel must be 0, 1, 2 or 3, not 4/);
  });

  it('refuses arguments that are not given as an array on the reference runner', () => {
    // A typed array in the arguments' place would otherwise be spread, one element a parameter.
    const error = refusal(() => runReference(add, { grid: 1, block: 1 }, new Float32Array(4) as never));
    expect(error.message).toBe(
      "gpuc: add.js's arguments are given as an array of values, not a Float32Array [bad-argument]",
    );
  });

  it('takes one to three positive integer extents, naming the grid or the block', () => {
    const x = new Float32Array(2);
    const cases: [unknown, unknown, RegExp][] = [
      [[1, 1, 1, 1], 1, /the grid is a positive integer or an array of one to three, not \[1, 1, 1, 1\]/],
      [1, [], /the block is a positive integer or an array of one to three, not \[\]/],
      [0, 1, /the grid's x extent must be a positive integer up to 2\^31 - 1, not 0/],
      [1, -1, /the block's x extent must be a positive integer up to 2\^31 - 1, not -1/],
      [1.5, 1, /the grid's x extent .* not 1.5/],
      [Number.NaN, 1, /the grid's x extent .* not NaN/],
      ['4', 1, /the grid is a positive integer or an array of one to three, not "4"/],
      [[1, null], 1, /the grid's y extent .* not null/],
      [1, [2, 2, 2n], /the block's z extent .* not 2/],
      [2 ** 31, 1, /the grid's x extent .* not 2147483648/],
    ];
    for (const [grid, block, message] of cases) {
      const error = refusal(() => launchNative(add, { grid: grid as 1, block: block as 1 }, x, 2));
      expect(error.code).toBe('bad-launch');
      expect(error.message).toMatch(message);
    }
  });

  it('refuses blocks over the limit, whose thread count would wrap, and grids globalIdx cannot index', () => {
    const x = new Float32Array(2);
    for (const block of [[65536, 65537], 1025, [32, 33]] as const)
      expect(refusal(() => launchNative(add, { grid: 1, block }, x, 2)).message).toMatch(
        /a block has at most 1024 threads here/,
      );
    expect(refusal(() => launchNative(add, { grid: 2 ** 22, block: 512 }, x, 2)).message).toMatch(
      /the grid has 2147483648 threads along x; globalIdx is a 32-bit signed integer/,
    );
    expect(() => checkGeometry([2 ** 21, 1, 1], [1023, 1, 1])).not.toThrow();
    expect(() => checkGeometry([1, 2 ** 30, 1], [1, 2, 1])).toThrow(/threads along y/);
    expect(() => checkGeometry(1, [8, 8, 65], { maxBlock: [1024, 1024, 64] })).toThrow(
      /at most 64 threads along z here, not 65/,
    );
    expect(() => checkGeometry([1, 65536], 1, { maxGrid: [2 ** 31 - 1, 65535, 65535] })).toThrow(
      /at most 65535 blocks along y here, not 65536/,
    );
  });

  it('writes the six extents into a reused buffer and refuses what checkGeometry refuses', () => {
    const out = new Uint32Array(7).fill(9);
    writeGeometry([4, 2], 32, {}, out);
    expect([...out]).toEqual([4, 2, 1, 32, 1, 1, 9]);
    writeGeometry(3, [8, 8, 2], {}, out);
    expect([...out]).toEqual([3, 1, 1, 8, 8, 2, 9]);
    const limits = {
      maxThreadsPerBlock: 1024,
      maxBlock: [1024, 1024, 64],
      maxGrid: [2 ** 31 - 1, 65535, 65535],
    } as const;
    const refused: [unknown, unknown][] = [
      [1.5, 1],
      ['4', 1],
      [[1, null], 1],
      [1, [2, 2, 2n]],
      [[1, 1, 1, 1], 1],
      [1, [8, 8, 65]],
      [[1, 65536], 1],
      [2 ** 22, 512],
      [1, [32, 33]],
    ];
    for (const [grid, block] of refused) {
      const expected = refusal(() => checkGeometry(grid as 1, block as 1, limits));
      const error = refusal(() => writeGeometry(grid as 1, block as 1, limits, new Uint32Array(6)));
      expect([error.code, error.message]).toEqual([expected.code, expected.message]);
    }
  });

  it('checks workers and dynamic shared memory natively', () => {
    const x = new Float32Array(2);
    expect(refusal(() => launchNative(add, { grid: 1, block: 2, threads: 0 }, x, 2)).message).toMatch(
      /threads must be a positive integer, got 0 \[bad-launch\]/,
    );
    expect(refusal(() => launchNative(add, { grid: 1, block: 2, sharedBytes: -4 }, x, 2)).message).toMatch(
      /sharedBytes must be a non-negative integer, not -4 \[bad-launch\]/,
    );
    expect(
      refusal(() => launchNative(add, { grid: 1, block: 2, sharedBytes: 2 ** 31 }, x, 2)).message,
    ).toMatch(/sharedBytes is 2147483648; a block has at most 2147483647 bytes/);
  });

  it('checks dynamic shared memory on the reference runner as natively (a RangeError escaped)', () => {
    const x = new Float32Array(2);
    for (const [bytes, message] of [
      [-4, /sharedBytes must be a non-negative integer, not -4 \[bad-launch\]/],
      [1.5, /sharedBytes must be a non-negative integer, not 1\.5 \[bad-launch\]/],
      ['8', /sharedBytes must be a non-negative integer, not "8" \[bad-launch\]/],
    ] as const)
      expect(
        refusal(() => runReference(add, { grid: 1, block: 2, sharedBytes: bytes as number }, [x, 2])).message,
      ).toMatch(message);
  });
});
