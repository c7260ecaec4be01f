// The array layer natively, on arrays of several blocks, against the same work in JavaScript:
// map, reduce (sum, min, max and a function of the caller's), scan and sort.
import { f32, map, max, min, reduce, scan, sort, sum } from '@gpuc/core';

const n = 100_003;
const xs = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 1000);
const ints = Int32Array.from({ length: n }, (_, i) => ((i * 7919) % 2001) - 1000);

function same(what, actual, expected) {
  const a = Array.from(actual);
  const e = Array.from(expected);
  if (a.length !== e.length || a.some((v, i) => v !== e[i]))
    throw new Error(`install check (arrays): ${what} differs from JavaScript`);
  console.log(`arrays: ${what}`);
}

const close = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
same(
  'map',
  map((x, k) => x * k + 1, xs, f32(2)),
  xs.map((x) => x * Math.fround(2) + 1),
);
same(
  'sum',
  [
    close(
      sum(xs),
      xs.reduce((a, b) => a + b, 0),
    ),
  ],
  [true],
);
same('sum (i32)', [sum(ints)], [ints.reduce((a, b) => (a + b) | 0, 0)]);
same(
  'min, max',
  [min(xs), max(ints)],
  [xs.reduce((a, b) => Math.min(a, b)), ints.reduce((a, b) => Math.max(a, b))],
);
const magnitude = (a, b) => Math.max(Math.abs(a), Math.abs(b));
same('reduce', [reduce(magnitude, xs, 0)], [xs.reduce(magnitude, 0)]);
let total = 0;
same(
  'scan (i32)',
  scan((a, b) => a + b, ints),
  ints.map((v) => (total = (total + v) | 0)),
);
same('sort', sort(xs), Float64Array.from(xs).sort());
same('sort (i32)', sort(ints), Int32Array.from(ints).sort());
