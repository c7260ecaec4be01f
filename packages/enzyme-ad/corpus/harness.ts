/**
 * Running the corpus: kernels that differentiate each case at many points (one thread per
 * point), for any executor (native, the reference runner, CUDA), checked against the analytic
 * derivative and against central finite differences of the JavaScript function.
 */
import { f32 } from '@gpuc/core';
import { Active, autodiff, Const, Duplicated, DuplicatedNoNeed, Forward, Reverse } from '../src/index.js';
import type { ArrayCase, Case, MapCase, ScalarCase, SharedCase } from './cases.js';

/** Runs a kernel given as text over `threads` threads; arrays come back updated. */
export interface Executor {
  readonly name: string;
  run(
    text: string,
    file: string,
    types: readonly string[],
    scope: Readonly<Record<string, unknown>>,
    args: unknown[],
    threads: number,
  ): void | Promise<void>;
}

export type Mode = 'reverse' | 'forward' | 'primal';

/** The kernel of a case for a mode, its argument types and fresh arguments. */
export interface CaseKernel {
  readonly text: string;
  readonly types: readonly string[];
  readonly args: unknown[];
  /** The results to check, read after the run. */
  readonly results: () => Float64Array;
  /** What the results should be (analytic where known), and by finite differences. */
  readonly analytic?: () => Float64Array;
  readonly differences: () => Float64Array;
}

/** Names every corpus kernel reads: the AD API and the conversions. */
export const AD_SCOPE = Object.freeze({
  autodiff,
  Reverse,
  Forward,
  Active,
  Const,
  Duplicated,
  DuplicatedNoNeed,
  f32,
});

/** A deterministic sample in [lo, hi). */
function sampler(seed: number) {
  let state = seed >>> 0 || 1;
  return (lo: number, hi: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return lo + ((state >>> 8) / 2 ** 24) * (hi - lo);
  };
}

function seedOf(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h;
}

export function scopeOf(c: Case): Readonly<Record<string, unknown>> {
  return { ...AD_SCOPE, ...c.scope, f: c.fn };
}

/**
 * Central differences at a point along a direction, or NaN where the function jumps nearby
 * (steps of h and h/10 disagree), where differences say nothing.
 */
function centralDifference(f: (t: number) => number, scale: number, step = 1e-5): number {
  const h = step * Math.max(1, scale);
  const d1 = (f(h) - f(-h)) / (2 * h);
  const d2 = (f(h / 10) - f(-h / 10)) / (h / 5);
  return Math.abs(d1 - d2) <= 1e-4 * (1 + Math.abs(d1)) ? d1 : Number.NaN;
}

/** Forward-mode tangent directions: varied, so that every argument counts. */
const direction = (j: number) => 1 + 0.5 * (j % 3);

/** Variants of a case's kernel. */
export interface KernelOptions {
  /**
   * The slices' length m is the kernel's last argument instead of a constant in its text, so
   * that f's loops over a slice have a trip count known only at run time (scalar cases have no
   * slices).
   */
  readonly lengthAtRunTime?: boolean;
  /**
   * A map case's output y is `DuplicatedNoNeed(y, dy)` in its derivatives' kernels: the caller
   * wants y's seeds passed on, not y's values (in place, x is both and stays `Duplicated`).
   */
  readonly noNeed?: boolean;
}

/** The kernel of a case for a mode. */
export function caseKernel(c: Case, mode: Mode, points: number, options: KernelOptions = {}): CaseKernel {
  const atRunTime = options.lengthAtRunTime === true;
  switch (c.kind) {
    case 'scalar':
      return scalarKernel(c, mode, points);
    case 'array':
      return arrayKernel(c, mode, points, atRunTime);
    case 'map':
      return mapKernel(c, mode, points, atRunTime, options.noNeed === true);
    case 'shared':
      return sharedKernel(c, mode, points, atRunTime);
  }
}

/** How a kernel gives f its slices' length m: a constant in its text, or its last argument `m`. */
function lengthOf(m: number, atRunTime: boolean) {
  return atRunTime
    ? { value: 'm', param: ', m', types: ['i32'], args: [m] }
    : { value: String(m), param: '', types: [] as string[], args: [] as number[] };
}

function scalarKernel(c: ScalarCase, mode: Mode, points: number): CaseKernel {
  const k = c.domain.length;
  const sample = sampler(seedOf(c.name));
  const xs = Float64Array.from({ length: points * k }, (_, i) => {
    const [lo, hi] = c.domain[i % k] as [number, number];
    return sample(lo, hi);
  });
  const Kind = c.f32 ? Float32Array : Float64Array;
  const inputs = Kind.from(xs);
  const element = c.f32 ? 'f32' : 'f64';
  const consts = (c.consts ?? []).map(String);
  const at = (j: number) => `xs[i * ${k} + ${j}]`;
  const fn = c.fn as (...args: number[]) => number;
  const point = (i: number) => Array.from(inputs.subarray(i * k, i * k + k));
  const tangent = (j: number) => (c.f32 ? `f32(${direction(j).toFixed(1)})` : direction(j).toFixed(1));
  const width = mode === 'reverse' ? k : 1;
  const out = new Kind(points * width);
  let body: string;
  if (mode === 'reverse') {
    const call = `autodiff(Reverse, f, ${[...Array.from({ length: k }, (_, j) => `Active(${at(j)})`), ...consts.map((v) => `Const(${v})`)].join(', ')})`;
    body = `const d = ${call};\n    ${Array.from({ length: k }, (_, j) => `out[i * ${k} + ${j}] = d[${j}];`).join(' ')}`;
  } else if (mode === 'forward') {
    const call = `autodiff(Forward, f, ${[...Array.from({ length: k }, (_, j) => `Duplicated(${at(j)}, ${tangent(j)})`), ...consts.map((v) => `Const(${v})`)].join(', ')})`;
    body = `out[i] = ${call};`;
  } else {
    body = `out[i] = f(${[...Array.from({ length: k }, (_, j) => at(j)), ...consts].join(', ')});`;
  }
  const text = `function ${mode}(out, xs, n) {\n  const i = gpu.globalIdx.x;\n  if (i < n) {\n    ${body}\n  }\n}`;
  const combine = (values: (i: number) => number[]) =>
    Float64Array.from({ length: points * width }, (_, q) => {
      const i = Math.floor(q / width);
      const g = values(i);
      return mode === 'reverse' ? (g[q % width] as number) : g.reduce((s, v, j) => s + v * direction(j), 0);
    });
  const differences = (i: number) => {
    const x = point(i);
    if (c.differences === false) return x.map(() => Number.NaN);
    // f32 inputs: steps wide enough that f32 rounding inside f does not swamp them.
    return x.map((v, j) =>
      centralDifference(
        (h) => fn(...x.map((w, q) => (q === j ? w + h : w)), ...(c.consts ?? [])),
        v,
        c.f32 ? 1e-3 : 1e-5,
      ),
    );
  };
  return {
    text,
    types: [`${element}[]`, `${element}[]`, 'i32'],
    args: [out, inputs, points],
    results: () => Float64Array.from(out),
    ...(c.gradient && mode !== 'primal'
      ? { analytic: () => combine((i) => (c.gradient as (...x: number[]) => number[])(...point(i))) }
      : {}),
    differences: () =>
      mode === 'primal'
        ? Float64Array.from({ length: points }, (_, i) => fn(...point(i), ...(c.consts ?? [])))
        : combine(differences),
  };
}

/**
 * Element k of thread i is at i + k * points: each thread's elements interleave with the
 * others', so that a warp's accesses to one k are contiguous (GPU code lays data out so).
 */
function layout(points: number, m: number) {
  const at = (i: number, k: number) => i + k * points;
  return {
    at,
    slice: (array: Float64Array, i: number) => Array.from({ length: m }, (_, k) => array[at(i, k)] as number),
    thread: (q: number) => q % points,
    element: (q: number) => Math.floor(q / points),
  };
}

function arrayKernel(c: ArrayCase, mode: Mode, points: number, atRunTime: boolean): CaseKernel {
  const { m } = c;
  const length = lengthOf(m, atRunTime);
  const { at, slice, thread, element } = layout(points, m);
  const sample = sampler(seedOf(c.name));
  const a = Float64Array.from({ length: points * m }, () => sample(c.domain[0], c.domain[1]));
  const fn = c.fn as (a: Float64Array, first: number, stride: number, m: number) => number;
  const ta = Float64Array.from({ length: points * m }, (_, q) => direction(q));
  const fdGradient = (i: number) =>
    slice(a, i).map((v, j) =>
      centralDifference((h) => {
        const copy = Float64Array.from(a);
        copy[at(i, j)] = v + h;
        return fn(copy, i, points, m);
      }, v),
    );
  const pick = (g: (i: number) => number[]) =>
    mode === 'reverse'
      ? Float64Array.from({ length: points * m }, (_, q) => g(thread(q))[element(q)] as number)
      : Float64Array.from({ length: points }, (_, i) =>
          g(i).reduce((s, v, j) => s + v * (ta[at(i, j)] as number), 0),
        );
  const analytic = c.gradient
    ? { analytic: () => pick((i) => (c.gradient as (s: number[]) => number[])(slice(a, i))) }
    : {};
  const header = 'const i = gpu.globalIdx.x;\n  if (i < n)';
  const range = `Const(i), Const(n), Const(${length.value})`;
  if (mode === 'reverse') {
    const da = new Float64Array(points * m);
    return {
      text: `function reverse(a, da, n${length.param}) {\n  ${header} autodiff(Reverse, f, Duplicated(a, da), ${range});\n}`,
      types: ['f64[]', 'f64[]', 'i32', ...length.types],
      args: [a, da, points, ...length.args],
      results: () => Float64Array.from(da),
      ...analytic,
      differences: () => pick(fdGradient),
    };
  }
  const out = new Float64Array(points);
  if (mode === 'forward') {
    return {
      text: `function forward(out, a, ta, n${length.param}) {\n  ${header} out[i] = autodiff(Forward, f, Duplicated(a, ta), ${range});\n}`,
      types: ['f64[]', 'f64[]', 'f64[]', 'i32', ...length.types],
      args: [out, a, ta, points, ...length.args],
      results: () => Float64Array.from(out),
      ...analytic,
      differences: () => pick(fdGradient),
    };
  }
  return {
    text: `function primal(out, a, n${length.param}) {\n  ${header} out[i] = f(a, i, n, ${length.value});\n}`,
    types: ['f64[]', 'f64[]', 'i32', ...length.types],
    args: [out, a, points, ...length.args],
    results: () => Float64Array.from(out),
    differences: () => Float64Array.from({ length: points }, (_, i) => fn(a, i, points, m)),
  };
}

function mapKernel(c: MapCase, mode: Mode, points: number, atRunTime: boolean, noNeed: boolean): CaseKernel {
  const { m } = c;
  const length = lengthOf(m, atRunTime);
  const { at, slice, thread, element } = layout(points, m);
  const sample = sampler(seedOf(c.name));
  const x = Float64Array.from({ length: points * m }, () => sample(c.domain[0], c.domain[1]));
  const original = Float64Array.from(x);
  const seed = Float64Array.from({ length: points * m }, (_, q) => direction(q));
  const apply = (input: Float64Array): Float64Array => {
    const copy = Float64Array.from(input);
    const y = c.inPlace ? copy : new Float64Array(input.length);
    for (let i = 0; i < points; i++) {
      if (c.inPlace) (c.fn as (x: Float64Array, ...rest: number[]) => void)(copy, i, points, m);
      else (c.fn as (x: Float64Array, y: Float64Array, ...rest: number[]) => void)(copy, y, i, points, m);
    }
    return y;
  };
  // J·v and Jᵀ·w by differences, thread by thread (each writes only its own elements).
  const jvp = (v: Float64Array) => {
    const h = 1e-6;
    const plus = apply(original.map((w, q) => w + h * (v[q] as number)));
    const minus = apply(original.map((w, q) => w - h * (v[q] as number)));
    return plus.map((p, q) => (p - (minus[q] as number)) / (2 * h));
  };
  const vjpByDifferences = () => {
    const result = new Float64Array(points * m);
    for (let j = 0; j < m; j++) {
      const basis = Float64Array.from({ length: points * m }, (_, q) => (element(q) === j ? 1 : 0));
      const column = jvp(basis);
      for (let i = 0; i < points; i++) {
        let s = 0;
        for (let r = 0; r < m; r++) s += (column[at(i, r)] as number) * (seed[at(i, r)] as number);
        result[at(i, j)] = s;
      }
    }
    return result;
  };
  const analytic = () =>
    Float64Array.from(
      { length: points * m },
      (_, q) =>
        (c.vjp as (x: number[], dy: number[]) => number[])(
          slice(original, thread(q)),
          slice(seed, thread(q)),
        )[element(q)] as number,
    );
  const header = 'const i = gpu.globalIdx.x;\n  if (i < n)';
  const range = `Const(i), Const(n), Const(${length.value})`;
  if (mode === 'primal') {
    const y = new Float64Array(points * m);
    return {
      text: c.inPlace
        ? `function primal(x, n${length.param}) {\n  ${header} f(x, i, n, ${length.value});\n}`
        : `function primal(x, y, n${length.param}) {\n  ${header} f(x, y, i, n, ${length.value});\n}`,
      types: c.inPlace ? ['f64[]', 'i32', ...length.types] : ['f64[]', 'f64[]', 'i32', ...length.types],
      args: c.inPlace ? [x, points, ...length.args] : [x, y, points, ...length.args],
      results: () => Float64Array.from(c.inPlace ? x : y),
      differences: () => apply(original),
    };
  }
  const shadow =
    mode === 'reverse'
      ? Float64Array.from(c.inPlace ? seed : new Float64Array(points * m))
      : Float64Array.from(seed);
  const yShadow = mode === 'reverse' ? Float64Array.from(seed) : new Float64Array(points * m);
  const y = new Float64Array(points * m);
  const Mode = mode === 'reverse' ? 'Reverse' : 'Forward';
  const text = c.inPlace
    ? `function ${mode}(x, dx, n${length.param}) {\n  ${header} autodiff(${Mode}, f, Duplicated(x, dx), ${range});\n}`
    : `function ${mode}(x, dx, y, dy, n${length.param}) {\n  ${header} autodiff(${Mode}, f, Duplicated(x, dx), ${noNeed ? 'DuplicatedNoNeed' : 'Duplicated'}(y, dy), ${range});\n}`;
  const results = () => Float64Array.from(mode === 'reverse' || c.inPlace ? shadow : yShadow);
  return {
    text,
    types: c.inPlace
      ? ['f64[]', 'f64[]', 'i32', ...length.types]
      : ['f64[]', 'f64[]', 'f64[]', 'f64[]', 'i32', ...length.types],
    args: c.inPlace ? [x, shadow, points, ...length.args] : [x, shadow, y, yShadow, points, ...length.args],
    results,
    ...(mode === 'reverse' && c.vjp ? { analytic } : {}),
    differences: () => (mode === 'reverse' ? vjpByDifferences() : jvp(seed)),
  };
}

/**
 * Weights w that every thread reads, and the thread's slice of x (laid out as an array case's):
 * in reverse mode the result is w's shadow, where every thread's gradient adds up.
 */
function sharedKernel(c: SharedCase, mode: Mode, points: number, atRunTime: boolean): CaseKernel {
  const { m } = c;
  const length = lengthOf(m, atRunTime);
  const { slice } = layout(points, m);
  const sample = sampler(seedOf(c.name));
  const w = Float64Array.from({ length: m }, () => sample(c.domain[0], c.domain[1]));
  const x = Float64Array.from({ length: points * m }, () => sample(c.domain[0], c.domain[1]));
  const fn = c.fn as (w: Float64Array, x: Float64Array, first: number, stride: number, m: number) => number;
  const tw = Float64Array.from({ length: m }, (_, k) => direction(k));
  /** ∂f_i/∂w by differences, for thread i. */
  const fdGradient = (i: number) =>
    Array.from(w, (v, k) =>
      centralDifference((h) => {
        const copy = Float64Array.from(w);
        copy[k] = v + h;
        return fn(copy, x, i, points, m);
      }, v),
    );
  const threads = Array.from({ length: points }, (_, i) => i);
  /** Reverse: the gradients of all threads added; forward: each thread's along tw. */
  const combine = (g: (i: number) => number[]) =>
    mode === 'reverse'
      ? Float64Array.from(w, (_, k) => threads.reduce((s, i) => s + (g(i)[k] as number), 0))
      : Float64Array.from(threads, (i) => g(i).reduce((s, v, k) => s + v * (tw[k] as number), 0));
  const gradient = c.gradient;
  const analytic = gradient ? { analytic: () => combine((i) => gradient(Array.from(w), slice(x, i))) } : {};
  const header = 'const i = gpu.globalIdx.x;\n  if (i < n)';
  const range = `Const(i), Const(n), Const(${length.value})`;
  const out = new Float64Array(points);
  if (mode === 'reverse') {
    const dw = new Float64Array(m);
    return {
      text: `function reverse(w, dw, x, n${length.param}) {\n  ${header} autodiff(Reverse, f, Duplicated(w, dw), Const(x), ${range});\n}`,
      types: ['f64[]', 'f64[]', 'f64[]', 'i32', ...length.types],
      args: [w, dw, x, points, ...length.args],
      results: () => Float64Array.from(dw),
      ...analytic,
      differences: () => combine(fdGradient),
    };
  }
  if (mode === 'forward') {
    return {
      text: `function forward(out, w, tw, x, n${length.param}) {\n  ${header} out[i] = autodiff(Forward, f, Duplicated(w, tw), Const(x), ${range});\n}`,
      types: ['f64[]', 'f64[]', 'f64[]', 'f64[]', 'i32', ...length.types],
      args: [out, w, tw, x, points, ...length.args],
      results: () => Float64Array.from(out),
      ...analytic,
      differences: () => combine(fdGradient),
    };
  }
  return {
    text: `function primal(out, w, x, n${length.param}) {\n  ${header} out[i] = f(w, x, i, n, ${length.value});\n}`,
    types: ['f64[]', 'f64[]', 'f64[]', 'i32', ...length.types],
    args: [out, w, x, points, ...length.args],
    results: () => Float64Array.from(out),
    differences: () => Float64Array.from(threads, (i) => fn(w, x, i, points, m)),
  };
}

/** How far results are from what they should be: the worst relative error of each check. */
export interface CaseReport {
  readonly case: string;
  readonly mode: Mode;
  readonly analyticError?: number;
  readonly differenceError: number;
  /** Points where differences said nothing (a jump nearby). */
  readonly skipped: number;
}

function worst(got: Float64Array, want: Float64Array): { error: number; skipped: number } {
  let error = 0;
  let skipped = 0;
  got.forEach((g, q) => {
    const w = want[q] as number;
    if (Number.isNaN(w)) {
      skipped++;
      return;
    }
    error = Math.max(error, Number.isNaN(g) ? Number.POSITIVE_INFINITY : Math.abs(g - w) / (1 + Math.abs(w)));
  });
  return { error, skipped };
}

/**
 * A map case's reverse kernel written by hand (`byHand`), with the arguments and checks of its
 * reverse kernel (`noNeed`: of the one whose y is DuplicatedNoNeed, which leaves y unwritten);
 * undefined where the case has none.
 */
export function handKernel(c: Case, points: number, noNeed = false): CaseKernel | undefined {
  if (c.kind !== 'map' || !c.byHand) return undefined;
  return { ...mapKernel(c, 'reverse', points, false, noNeed), text: c.byHand(c.m, noNeed) };
}

/**
 * Runs a case's kernel for a mode (or `kernel`, one of its variants) on an executor and measures
 * its errors.
 */
export async function runCase(
  c: Case,
  mode: Mode,
  executor: Executor,
  points = 32,
  kernel = caseKernel(c, mode, points),
): Promise<CaseReport> {
  await executor.run(kernel.text, `${c.name}.${mode}.js`, kernel.types, scopeOf(c), kernel.args, points);
  const got = kernel.results();
  const differences = worst(got, kernel.differences());
  return {
    case: c.name,
    mode,
    ...(kernel.analytic ? { analyticError: worst(got, kernel.analytic()).error } : {}),
    differenceError: differences.error,
    skipped: differences.skipped,
  };
}

/** The tolerances a report must meet: f32 cases are checked at f32's precision. */
export function tolerances(c: Case): { analytic: number; differences: number } {
  return c.kind === 'scalar' && c.f32
    ? { analytic: 2e-4, differences: 2e-3 }
    : { analytic: 1e-9, differences: 2e-5 };
}
