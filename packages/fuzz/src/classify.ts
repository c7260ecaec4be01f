/**
 * Judging a case's runs. The reference runner is plain JavaScript too, so it must equal the
 * plain-JS oracle exactly. A compiled back-end's result that differs from plain JavaScript is a
 * documented divergence only when the emulation of gpuc's documented semantics gives exactly
 * that result (or, for f32, the emulation with products and sums fused; for an output whose
 * stored value is a Math function, within that function's stated ulps); its tags are those the
 * emulation fired. Anything else is an undocumented mismatch.
 */
import { decode, type Encoded, type FuzzCase, type Tolerance } from './case.js';
import type { DivergenceTag } from './emulate.js';
import type { Backend, Run, Runs } from './execute.js';

export type Verdict =
  | { readonly kind: 'match' }
  | { readonly kind: 'compiled' }
  | { readonly kind: 'skipped'; readonly detail: string }
  | { readonly kind: 'documented'; readonly tags: readonly DivergenceTag[] }
  | { readonly kind: 'undocumented'; readonly detail: string }
  | { readonly kind: 'internal'; readonly detail: string }
  | { readonly kind: 'refused'; readonly code: string; readonly detail: string };

/** Failures: what makes the fuzzer exit non-zero and what it shrinks. */
export const isFailure = (v: Verdict): boolean => v.kind === 'undocumented' || v.kind === 'internal';

/** The class of a failure, as the report groups them: back-end, kind, and a message skeleton. */
export function failureClass(backend: string, v: Verdict): string {
  if (v.kind === 'internal') return `${backend}: internal error: ${skeleton(v.detail)}`;
  if (v.kind === 'undocumented')
    return `${backend}: undocumented mismatch: ${v.detail
      .split(':')
      .slice(0, v.detail.startsWith('values') ? 2 : 1)
      .join(':')}`;
  if (v.kind === 'refused') return `${backend}: refused [${v.code}]: ${skeleton(v.detail)}`;
  return `${backend}: ${v.kind}`;
}

/** A message without what varies between kernels: locations, numbers, value names. */
export function skeleton(message: string): string {
  return (message.split('\n')[0] ?? '')
    .replace(/fuzz\.js:\d+:\d+:?\s*/g, '')
    .replace(/\(block [\d,]+, thread [\d,]+\)/g, '')
    .replace(/%[\w.]+/g, '%N')
    .replace(/\b[vjlrtpmshB]\d+\b/g, 'x')
    .replace(/\d+/g, 'N')
    .trim()
    .slice(0, 160);
}

/** Whether two encoded values are the same: bit-exact but NaN equals NaN (encoded alike). */
function withinUlps(a: Encoded, b: Encoded, tolerance: Tolerance | undefined): boolean {
  if (a === b) return true;
  if (!tolerance) return false;
  const x = decode(a) as number;
  const y = decode(b) as number;
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y))
    return false;
  return ulpDistance(x, y, tolerance.precision) <= tolerance.ulps;
}

/** Units in the last place between two finite values in a precision (0 and -0 are 1 apart). */
export function ulpDistance(x: number, y: number, precision: 'f32' | 'f64'): number {
  const ordered = (v: number): bigint => {
    if (precision === 'f32') {
      const bits = new Int32Array(new Float32Array([v]).buffer)[0] as number;
      return BigInt(bits < 0 ? -(bits & 0x7fffffff) - 1 : bits);
    }
    const bits = new BigInt64Array(new Float64Array([v]).buffer)[0] as bigint;
    return bits < 0n ? -(bits & 0x7fffffffffffffffn) - 1n : bits;
  };
  const d = ordered(x) - ordered(y);
  return Number(d < 0n ? -d : d);
}

/** What kind of difference two values show, to tell failure classes apart. */
function shape(got: Encoded, want: Encoded): string {
  if (got.endsWith('n')) return 'bigint';
  if ((got === '-0' && want === '0') || (got === '0' && want === '-0')) return 'sign of zero';
  if (got === 'NaN' || want === 'NaN') return 'NaN';
  if (!Number.isFinite(Number(got)) || !Number.isFinite(Number(want))) return 'infinity';
  return Number.isInteger(Number(got)) && Number.isInteger(Number(want)) ? 'integer' : 'fraction';
}

/**
 * The tolerance of an array parameter's values: its own, or that of the output it is passed as
 * (an input aliasing an output is the same array, and shows the same stored values).
 */
function toleranceOf(c: FuzzCase, param: FuzzCase['params'][number], index: number): Tolerance | undefined {
  const own = c.tolerance[index];
  if (own !== undefined || param.kind !== 'array' || param.alias === undefined) return own;
  return c.tolerance[c.params.findIndex((p) => p.name === param.alias)];
}

/** The first difference between two results, or undefined when they agree. */
function difference(c: FuzzCase, got: Encoded[][], want: Encoded[][], tolerant: boolean): string | undefined {
  const arrayParams = c.params.flatMap((p, k) => (p.kind === 'array' ? [[p, k] as const] : []));
  for (const [a, [param, index]] of arrayParams.entries()) {
    const g = got[a] ?? [];
    const w = want[a] ?? [];
    const tolerance = tolerant ? toleranceOf(c, param, index) : undefined;
    for (let e = 0; e < w.length; e++) {
      if (!withinUlps(g[e] as Encoded, w[e] as Encoded, tolerance))
        return `${param.type} ${shape(g[e] as Encoded, w[e] as Encoded)}: ${param.name}[${e}] is ${g[e]}, expected ${w[e]}`;
    }
  }
  return undefined;
}

/**
 * Whether a run threw the kernel's own `throw new Error('fuzz')`: its message is `fuzz`, which
 * compiled code follows with where (`fuzz (in k at fuzz.js:3)`); a RangeError's text names the
 * file too, so the message's start tells them apart.
 */
const threwFuzz = (run: Run) => run.status === 'threw' && /^fuzz\b/.test(run.message);

/** Whether a run agrees with an oracle's: both threw alike, or both ended with the same arrays. */
function disagreement(
  c: FuzzCase,
  run: Run,
  oracle: Run | undefined,
  tolerant: boolean,
  parallel = false,
): string | undefined {
  if (!oracle) return 'no oracle';
  if (run.status === 'threw' || oracle.status === 'threw') {
    if (run.status !== 'threw')
      return `did not throw: JavaScript threw ${oracle.status === 'threw' ? oracle.message : ''}`;
    if (oracle.status !== 'threw') return `threw: ${run.message}; JavaScript did not`;
    // Threads run in parallel on compiled back-ends: when several throw, which one's exception
    // is reported is not specified (docs/language.md), so any exception agrees.
    if (parallel) return undefined;
    // The kernel's own `throw` must be the one thrown; a JavaScript RangeError (BigInt / 0n)
    // may be any device exception.
    return threwFuzz(oracle) === threwFuzz(run)
      ? undefined
      : `threw differently: ${run.message}; JavaScript threw ${oracle.message}`;
  }
  if (run.status !== 'ok' || oracle.status !== 'ok') return `status ${run.status} against ${oracle.status}`;
  const found = difference(c, run.arrays, oracle.arrays, tolerant);
  return found === undefined ? undefined : `values: ${found}`;
}

/** What the judge knows of the devices the back-ends ran on. */
export interface JudgeOptions {
  /**
   * The WebGPU device flushes f32 subnormals to zero in arithmetic (NVIDIA's Vulkan driver), as
   * docs/language.md allows: a WebGPU result is also accepted where the emulation with flushing
   * gives it.
   */
  readonly webgpuFlushesSubnormals?: boolean;
}

/**
 * How a compiled back-end's run compares with the oracle and the emulation (`flushing`: and with
 * the emulation flushing f32 subnormals, where the device does; `atomicFlushing`: with f32
 * atomic additions flushing them, as CUDA's do).
 */
export function judgeCompiled(
  c: FuzzCase,
  run: Run,
  runs: Runs,
  flushing = false,
  atomicFlushing = false,
): Verdict {
  if (c.refusal !== undefined && run.status !== 'skipped' && run.status !== 'internal') {
    // What the language rejects must be refused, with its code, never compiled or run.
    if (run.status === 'refused' && run.code === c.refusal)
      return { kind: 'refused', code: run.code, detail: run.message };
    const got = run.status === 'refused' ? `a [${run.code}] refusal` : `'${run.status}'`;
    return { kind: 'undocumented', detail: `refusal: expected a [${c.refusal}] CompileError, got ${got}` };
  }
  switch (run.status) {
    case 'skipped':
      return { kind: 'skipped', detail: run.message };
    case 'compiled':
      return { kind: 'compiled' };
    case 'refused':
      return { kind: 'refused', code: run.code, detail: run.message };
    case 'internal':
      return { kind: 'internal', detail: run.message };
    default:
      break;
  }
  const vsJs = disagreement(c, run, runs.js, false, true);
  if (vsJs === undefined) return { kind: 'match' };
  if (disagreement(c, run, runs.js, true) === undefined) return { kind: 'documented', tags: ['math-ulps'] };
  const alike = [
    runs.emulated,
    runs.fused,
    ...(flushing ? (runs.flushed ?? []) : []),
    ...(atomicFlushing ? (runs.atomicFlushed ?? []) : []),
  ];
  for (const emulated of alike) {
    if (!emulated) continue;
    // An index out of range throws in whichever thread reaches it first, as any exception does.
    const parallel = emulated.tags?.includes('bounds-check') === true;
    const exact = disagreement(c, run, emulated, false, parallel) === undefined;
    if (exact || disagreement(c, run, emulated, true, parallel) === undefined) {
      const tags = new Set(emulated.tags ?? []);
      if (!exact) tags.add('math-ulps');
      return { kind: 'documented', tags: [...tags].sort() };
    }
  }
  const vsEmulated = disagreement(c, run, runs.emulated, true);
  return {
    kind: 'undocumented',
    detail: `${vsJs}${vsEmulated && vsEmulated !== vsJs ? ` (emulated gpuc semantics: ${vsEmulated})` : ''}`,
  };
}

/** The reference runner is plain JavaScript: it must equal the oracle exactly. */
export function judgeReference(c: FuzzCase, run: Run, runs: Runs): Verdict {
  if (run.status !== 'ok' && run.status !== 'threw') return judgeCompiled(c, run, runs);
  const found = disagreement(c, run, runs.js, false);
  return found === undefined ? { kind: 'match' } : { kind: 'undocumented', detail: found };
}

/** The verdict of every back-end that ran. */
export function judge(
  c: FuzzCase,
  runs: Runs,
  options: JudgeOptions = {},
): Partial<Record<Backend, Verdict>> {
  const verdicts: Partial<Record<Backend, Verdict>> = {};
  for (const [backend, run] of Object.entries(runs.backends) as [Backend, Run][]) {
    verdicts[backend] =
      backend === 'reference'
        ? judgeReference(c, run, runs)
        : judgeCompiled(
            c,
            run,
            runs,
            backend === 'webgpu' && options.webgpuFlushesSubnormals === true,
            backend === 'cuda',
          );
  }
  return verdicts;
}
