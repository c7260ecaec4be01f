// Launches every back-end refuses before it opens a device: shared by the back-ends' tests, which
// run them where no GPU is (a launch that reached the driver would fail another way).
import { expect } from 'vitest';
import { type Dim, type FunctionInput, LaunchError } from '../src/index.js';

/** A back-end's `launchX(kernel, { grid, block, sharedBytes }, ...args)`. */
export type Launch = (
  kernel: FunctionInput,
  launch: { grid: Dim; block: Dim; sharedBytes?: number },
  ...args: unknown[]
) => void;

/** A kernel with an array and a count, for launches to refuse. */
export const add = {
  text: 'function add(x, n) { const i = gpu.globalIdx.x; if (i < n) x[i] += 1; }',
  file: 'add.js',
};

/** The LaunchError a call throws (failing the test if it throws anything else or nothing). */
export function refusal(call: () => unknown): LaunchError {
  try {
    call();
  } catch (error) {
    if (error instanceof LaunchError) return error;
    throw error;
  }
  throw new Error('expected a LaunchError');
}

/** Checks that `launch` refuses bad arguments and geometry with coded, named errors. */
export function expectLaunchRefusals(launch: Launch): void {
  const x = new Float32Array(4);
  for (const value of [
    'text',
    null,
    undefined,
    new Map(),
    new DataView(new ArrayBuffer(4)),
    new Uint8ClampedArray(4),
  ]) {
    const error = refusal(() => launch(add, { grid: 1, block: 4 }, value, 4));
    expect(error.code).toBe('bad-argument');
    expect(error.parameter).toEqual({ index: 0, name: 'x' });
  }
  expect(refusal(() => launch(add, { grid: 1, block: 4 }, x)).message).toMatch(
    /add\.js takes 2 argument\(s\), not 1: argument 2 \('n'\) is missing \[bad-argument\]/,
  );
  expect(refusal(() => launch(add, { grid: 1, block: 4 }, x, 4, 5)).message).toMatch(
    /takes 2 argument\(s\), not 3/,
  );
  expect(refusal(() => launch(add, { grid: 1, block: 4 }, x, 'four')).message).toMatch(
    /add\.js's argument 2 \('n'\) is the string "four", which has no kernel type/,
  );
  const geometry: [Dim, Dim, RegExp][] = [
    [[1, 1, 1, 1] as unknown as Dim, 4, /the grid is a positive integer or an array of one to three/],
    [1, 0, /the block's x extent must be a positive integer/],
    [1, [4, 1.5], /the block's y extent must be a positive integer/],
    [Number.NaN, 4, /the grid's x extent/],
    [2 ** 30, 4, /threads along x; globalIdx is a 32-bit signed integer/],
  ];
  for (const [grid, block, message] of geometry) {
    const error = refusal(() => launch(add, { grid, block }, x, 4));
    expect(error.code).toBe('bad-launch');
    expect(error.message).toMatch(message);
  }
  expect(refusal(() => launch(add, { grid: 1, block: 4, sharedBytes: -1 }, x, 4)).message).toMatch(
    /sharedBytes must be a non-negative integer, not -1 \[bad-launch\]/,
  );
  // Launches by thread count: a size that is no positive integer, or a size with a grid.
  const sized = (size: unknown, more = {}) => ({ size, ...more }) as unknown as { grid: Dim; block: Dim };
  for (const size of [0, -4, 1.5, Number.NaN, 2 ** 31, '4'])
    expect(refusal(() => launch(add, sized(size), x, 4)).message).toMatch(
      /size must be a positive integer up to 2\^31 - 1, not .* \[bad-launch\]/,
    );
  expect(refusal(() => launch(add, sized(4, { grid: 1, block: 4 }), x, 4)).message).toMatch(
    /either size or a grid and a block/,
  );
  // A launch that is no object at all.
  for (const [value, shown] of [
    [null, 'null'],
    [undefined, 'undefined'],
    [256, '256'],
    ['256', '"256"'],
  ] as const) {
    const error = refusal(() => launch(add, value as unknown as { grid: Dim; block: Dim }, x, 4));
    expect(error.code).toBe('bad-launch');
    expect(error.message).toContain(`a launch is an object, { grid, block } or { size }, not ${shown}`);
  }
}
