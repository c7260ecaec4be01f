// The argument checker a kernel makes once for all its launches decides every value exactly as
// checkArguments does: the same values pass, the others fail with the same error.
import { describe, expect, it } from 'vitest';
import { view } from '../../src/entry/compiler.js';
import { argumentChecker, checkArguments } from '../../src/entry/launch.js';
import { f32, type KernelType, parseType, typeOfValue, u32 } from '../../src/index.js';

/** A back-end's device array, as launch checks see one. */
class Device {
  constructor(
    readonly pointer: bigint,
    readonly length: number,
    readonly element: string,
  ) {}
}
const deviceArray = (value: unknown) =>
  value instanceof Device ? { element: value.element, rank: 1 } : undefined;

/** What a check does with values: undefined when it passes, else the error's message and code. */
function outcome(check: () => void): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    return `${(error as { code?: string }).code}: ${(error as Error).message}`;
  }
}

const detached = new Float32Array(4);
structuredClone(detached.buffer, { transfer: [detached.buffer] });
const values: unknown[] = [
  0,
  -0,
  1,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  127,
  128,
  -128,
  -129,
  255,
  256,
  32767,
  65535,
  65536,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31),
  -(2 ** 31) - 1,
  2 ** 32 - 1,
  2 ** 32,
  2 ** 53,
  2 ** 64,
  1n,
  -1n,
  2n ** 63n,
  2n ** 64n,
  true,
  false,
  new Number(3),
  f32(2.5),
  u32(7),

  'text',
  null,
  undefined,
  {},
  [],
  [1, 2],
  { a: 1 },
  new Float32Array(4),
  new Float32Array(0),
  new Float64Array(4),
  new Int32Array(4),
  new Uint8Array(4),
  Buffer.alloc(4),
  new Uint8ClampedArray(4),
  detached,
  view(new Float32Array(6), 2, 3),
  { data: new Float32Array(6), shape: [3, 2] },
  { data: new Float32Array(6), shape: [4, 2] },
  new Device(16n, 4, 'f32'),
  new Device(16n, 4, 'i32'),
  { array: new Device(16n, 4, 'f32') },
  { array: new Device(16n, 6, 'f32'), shape: [2, 3] },
  { pointer: 16n, length: 4 },
  { array: { pointer: 16n, length: 4 } },
  { pointer: 20n, length: 4 },
  { array: { pointer: 24n, length: 4 } },
  Math.max,
];
const types = [
  'bool',
  'i8',
  'u8',
  'i16',
  'u16',
  'i32',
  'u32',
  'i64',
  'u64',
  'f32',
  'f64',
  'f32[]',
  'i32[]',
  'u8[]',
  'f32[,]',
  'f64[]',
].map((t) => parseType(t) as KernelType);
types.push(
  typeOfValue({ a: 1, xs: new Float32Array(1) }) as KernelType,
  typeOfValue([1.5, true]) as KernelType,
  typeOfValue(Math.max) as KernelType,
);

describe('argumentChecker', () => {
  for (const options of [{}, { host: false, deviceArray }, { deviceArray }])
    it(`decides every value as checkArguments does (${JSON.stringify(Object.keys(options))})`, () => {
      for (const type of types) {
        const signature = {
          name: 'k',
          argTypes: [type, parseType('i32') as KernelType],
          parameterNames: () => ['a', 'n'],
        };
        const check = argumentChecker(signature, options);
        for (const value of values) {
          const expected = outcome(() => checkArguments(signature, [value, 1], options));
          expect(
            outcome(() => check([value, 1])),
            `${type.key} given value ${values.indexOf(value)}`,
          ).toBe(expected);
        }
        // A wrong count, and the second argument wrong, are refused as well.
        expect(outcome(() => check([values[0]]))).toBe(
          outcome(() => checkArguments(signature, [values[0]], options)),
        );
        expect(outcome(() => check([0, 'x']))).toBe(
          outcome(() => checkArguments(signature, [0, 'x'], options)),
        );
      }
    });

  it('accepts the usual arguments and refuses one out of range', () => {
    const signature = {
      name: 'k',
      argTypes: ['f32[]', 'f32', 'u32', 'bool'].map((t) => parseType(t) as KernelType),
    };
    const check = argumentChecker(signature);
    expect(() => check([new Float32Array(2), 1.5, -1, true])).not.toThrow();
    expect(outcome(() => check([new Float32Array(2), 1.5, 2 ** 32, true]))).toMatch(
      /^bad-argument: .*does not fit u32/,
    );
  });
});
