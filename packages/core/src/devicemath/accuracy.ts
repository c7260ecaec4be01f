/**
 * Measures the device math library against the host's `Math`: for each function, random inputs
 * of several kinds and a list of edge cases, the largest difference in ulps (f64, and f32 for
 * the f32 versions). Where the two differ by more than an ulp, an exact reference (exact.ts)
 * says which of them is right: the host's libm is not correctly rounded either.
 */

import { CATALOGUE, type IntrinsicName } from '../frontend/catalogue/index.js';
import { exactly } from './exact.js';
import { DEVICE_MATH_FUNCTIONS, hostDeviceMath } from './library.js';

/** One function's measurements. */
export interface AccuracyRow {
  readonly name: string;
  /** Largest ulps from the host's result per kind of input (random, then `edges`). */
  readonly classes: Readonly<Record<string, number>>;
  /** Largest ulps of the f32 version from `Math.fround` of the host's, on f32 inputs. */
  readonly f32: number;
  /** Random inputs tried, per kind, for f64 and f32 each. */
  readonly samples: number;
  /** Inputs where the library and the host differ by more than an ulp. */
  readonly disagreements: number;
  /** Of those, how many the exact reference decided (it covers moderate arguments). */
  readonly decided: number;
  /** The library's largest ulps from the exact value over the decided ones. */
  readonly libraryVsExact: number;
  /** The host's largest ulps from the exact value over the decided ones. */
  readonly hostVsExact: number;
  /** An input where the library is more than an ulp from the exact value, if any. */
  readonly worst?: readonly number[];
}

const view = new DataView(new ArrayBuffer(8));

/** Ulps between two doubles (0 for two NaNs; Infinity for a NaN or a zero's sign against another value). */
export function ulpsApart(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return Object.is(a, b) ? 0 : Infinity;
  const d = ordinal(a) - ordinal(b);
  return Number(d < 0n ? -d : d);
}

function ordinal(x: number): bigint {
  view.setFloat64(0, x);
  const bits = view.getBigInt64(0);
  return bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits;
}

/** Ulps between two f32 values. */
function ulpsApart32(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return Object.is(a, b) ? 0 : Infinity;
  const ord = (x: number) => {
    view.setFloat32(0, x);
    const bits = view.getInt32(0);
    return bits < 0 ? -(bits & 0x7fffffff) : bits;
  };
  return Math.abs(ord(a) - ord(b));
}

/** A small, seeded generator (xorshift), so measurements can be repeated. */
function generator(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
  const uniform = (lo: number, hi: number) => lo + (hi - lo) * next();
  /** Any finite double, magnitudes spread evenly over the exponents. */
  const anyDouble = () => {
    view.setUint32(0, ((next() * 0x7ff00000) >>> 0) | (next() < 0.5 ? 0x80000000 : 0));
    view.setUint32(4, (next() * 4294967296) >>> 0);
    return view.getFloat64(0);
  };
  return { next, uniform, anyDouble };
}

type Generator = ReturnType<typeof generator>;

/** The kinds of random input for a function: a name and a generator of one argument. */
function inputKinds(name: string, g: Generator): Record<string, () => number> {
  const kinds: Record<string, () => number> = {
    '[-1,1]': () => g.uniform(-1, 1),
    '[-10,10]': () => g.uniform(-10, 10),
    '[-750,750]': () => g.uniform(-750, 750),
    'any double': g.anyDouble,
  };
  if (['asin', 'acos', 'atanh'].includes(name))
    kinds['near ±1'] = () => (g.next() < 0.5 ? -1 : 1) * (1 - g.next() * 1e-6);
  if (['log', 'log1p', 'log2', 'log10', 'pow', 'acosh', 'cbrt'].includes(name))
    kinds['near 1'] = () => 1 + g.uniform(-1e-6, 1e-6);
  if (['sin', 'cos', 'tan'].includes(name)) kinds['[-1e6,1e6]'] = () => g.uniform(-1e6, 1e6);
  return kinds;
}

/** Arguments where libraries tend to go wrong: specials, ends of ranges, near the poles. */
export const EDGE_CASES: readonly number[] = [
  0,
  -0,
  Infinity,
  -Infinity,
  Number.NaN,
  1,
  -1,
  0.5,
  -0.5,
  2,
  10,
  3,
  0.1,
  Number.MIN_VALUE,
  -Number.MIN_VALUE,
  2.2250738585072014e-308,
  1.7976931348622157e308,
  -1.7976931348622157e308,
  709.782712893384,
  709.7827128933841,
  710.4758600739439,
  -745.1332191019411,
  -746,
  1e-300,
  1e300,
  1 - 2 ** -53,
  1 + 2 ** -52,
  -1 + 2 ** -53,
  1e-17,
  -1e-17,
  3.725290298461914e-9,
  0.34657359027997264,
  22,
  1e22,
  2 ** 1023,
  Math.PI,
  Math.PI / 2,
  Math.PI / 4,
  -Math.PI / 2,
  2 * Math.PI,
  268435456,
  268435457,
];

/**
 * Measures the library's functions (default: all it defines) on `samples` random inputs of each
 * kind (a fixed seed: the same inputs every run) and the edge cases.
 */
export function measureDeviceMath(
  options: { samples?: number; seed?: number; functions?: readonly string[] } = {},
): AccuracyRow[] {
  const library = hostDeviceMath();
  const samples = options.samples ?? 100_000;
  const names = options.functions ?? Object.keys(DEVICE_MATH_FUNCTIONS).filter((n) => library[`gpuc_${n}`]);
  return names.map((name) => {
    const mine = library[`gpuc_${name}`] as (x: number, y?: number) => number;
    // The catalogue's reference: JavaScript's own function, as the host computes it.
    const host = CATALOGUE[`Math.${name}` as IntrinsicName].reference as (x: number, y?: number) => number;
    const binary = DEVICE_MATH_FUNCTIONS[name] === 2;
    const g = generator(options.seed ?? 0x9e3779b9);
    const classes: Record<string, number> = {};
    const disagreeing: number[][] = [];
    const record = (kind: string, args: number[]) => {
      const u = ulpsApart(mine(...(args as [number, number])), host(...(args as [number, number])));
      if (u > (classes[kind] ?? 0)) classes[kind] = u;
      else classes[kind] ??= u;
      if (u > 1) disagreeing.push(args);
    };
    const kinds = inputKinds(name, g);
    for (const [kind, next] of Object.entries(kinds)) {
      for (let i = 0; i < samples; i++) record(kind, binary ? [next(), next()] : [next()]);
    }
    for (const x of EDGE_CASES) {
      if (binary) for (const y of EDGE_CASES) record('edges', [x, y]);
      else record('edges', [x]);
    }
    let f32 = 0;
    // The f32 methods' function: the library's one for f32 arguments where it has one.
    const single = library[`gpuc_${name}_f32`] ?? mine;
    const kindList = Object.values(kinds);
    for (let i = 0; i < samples; i++) {
      const next = kindList[i % kindList.length] as () => number;
      const args = (binary ? [next(), next()] : [next()]).map(Math.fround) as [number, number];
      f32 = Math.max(f32, ulpsApart32(Math.fround(single(...args)), Math.fround(host(...args))));
    }
    // Which is right where they disagree (a bounded number of exact evaluations).
    let decided = 0;
    let libraryVsExact = 0;
    let hostVsExact = 0;
    let worst: number[] | undefined;
    for (const args of disagreeing.slice(0, 200)) {
      const exact = exactly(name, args[0] as number, args[1]);
      if (exact === undefined) continue;
      decided++;
      const m = ulpsApart(mine(...(args as [number, number])), exact);
      if (m > 1 && m > libraryVsExact) worst = args;
      libraryVsExact = Math.max(libraryVsExact, m);
      hostVsExact = Math.max(hostVsExact, ulpsApart(host(...(args as [number, number])), exact));
    }
    return {
      name,
      classes,
      f32,
      samples,
      disagreements: disagreeing.length,
      decided,
      libraryVsExact,
      hostVsExact,
      ...(worst ? { worst } : {}),
    };
  });
}

/** The measurements as a text table. */
export function accuracyTable(rows: readonly AccuracyRow[]): string {
  const kinds = [...new Set(rows.flatMap((r) => Object.keys(r.classes)))];
  const header = [
    'function',
    ...kinds.map((k) => `f64 ${k}`),
    'f32',
    '>1 ulp',
    'library/host vs exact there',
  ];
  const body = rows.map((r) => [
    r.name,
    ...kinds.map((k) => (r.classes[k] === undefined ? '' : String(r.classes[k]))),
    String(r.f32),
    String(r.disagreements),
    r.decided > 0 ? `${r.libraryVsExact} / ${r.hostVsExact} (${r.decided} checked)` : '',
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => (row[c] as string).length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c] as number)).join('  ');
  return [line(header), ...body.map(line)].join('\n');
}
