/**
 * The fuzzing loop: choice tapes from fast-check (a fixed seed gives the same kernels), each
 * kernel run in the worker process and judged; the first kernels of each new failure class are
 * shrunk with fast-check's shrinker (a candidate counts only if it fails with the same class) to
 * a minimal kernel, printed with its inputs and differing outputs.
 */
import fc from 'fast-check';
import type { FuzzCase } from './case.js';
import { failureClass, isFailure, type JudgeOptions, judge, skeleton, type Verdict } from './classify.js';
import type { DivergenceTag } from './emulate.js';
import type { Backend, Runs } from './execute.js';
import { generate } from './generate.js';
import type { ProfileName } from './generator/profile.js';
import { Worker, type WorkerResult } from './pool.js';

/** The generator's input: fast-check generates and shrinks it. */
export const tapes = fc.array(fc.noBias(fc.integer({ min: 0, max: 0xffff })), {
  minLength: 0,
  maxLength: 400,
  size: 'max',
});

export interface FuzzOptions {
  readonly seed: number;
  /** Kernels to run (with `minutes`, whichever ends first). */
  readonly count: number;
  readonly minutes?: number;
  readonly backends: readonly Backend[];
  /**
   * What kernels may use: `wgsl` only what WGSL expresses (no f64, no 8- or 16-bit integers...);
   * by default `wgsl` where the back-ends include `webgpu`, else the whole language.
   */
  readonly profile?: ProfileName;
  /** How many failures to shrink in all, and per failure class. */
  readonly shrinkBudget?: number;
  readonly shrinkPerClass?: number;
  readonly onProgress?: (done: number, report: FuzzReport) => void;
  /** Worker processes running kernels at once (default 1); the report does not depend on it. */
  readonly jobs?: number;
  /** The worker's time limit per kernel. */
  readonly timeoutMs?: number;
  /**
   * The WebGPU device flushes f32 subnormals to zero (NVIDIA's Vulkan driver): its results are
   * also judged against the emulation that flushes them, as docs/language.md allows.
   */
  readonly webgpuFlushesSubnormals?: boolean;
}

/** A failure class with its first kernel and, when shrunk, its minimal kernel. */
export interface Finding {
  readonly failureClass: string;
  count: number;
  /** The first kernel that failed this way, by its index in the run. */
  readonly firstKernel: number;
  readonly detail: string;
  readonly kernel: FuzzCase;
  minimal?: { readonly kernel: FuzzCase; readonly detail: string; readonly steps: number };
}

export interface BackendCounts {
  match: number;
  compiled: number;
  documented: number;
  undocumented: number;
  internal: number;
  refused: number;
  skipped: number;
  /** Milliseconds spent in the back-end (compile and run), over kernels it ran. */
  ms: number;
}

export interface FuzzReport {
  seed: number;
  /** The generator profile the kernels came from. */
  profile: ProfileName;
  kernels: number;
  seconds: number;
  /** Kernels plain JavaScript ran to the end, and those in which it threw. */
  javascript: { ok: number; threw: number };
  backends: Partial<Record<Backend | 'worker', BackendCounts>>;
  /** Documented divergences by tag (a kernel counts once per tag and back-end). */
  documented: Partial<Record<DivergenceTag, number>>;
  /** Refusals by error code, and the first message of each kind. */
  refused: Record<string, number>;
  refusals: Record<string, string>;
  findings: Finding[];
  /** Undocumented mismatches plus internal errors, crashes and hangs. */
  failures: number;
}

const emptyCounts = (): BackendCounts => ({
  match: 0,
  compiled: 0,
  documented: 0,
  undocumented: 0,
  internal: 0,
  refused: 0,
  skipped: 0,
  ms: 0,
});

/** The failure classes one kernel's runs show. */
function failuresOf(result: WorkerResult, c: FuzzCase, judging: JudgeOptions): Map<string, string> {
  const found = new Map<string, string>();
  if ('crash' in result) {
    found.set(`worker: crash: ${result.crash.replace(/\d+/g, 'N').slice(0, 80)}`, result.crash);
    return found;
  }
  for (const [backend, verdict] of Object.entries(judge(c, result.runs, judging)) as [Backend, Verdict][]) {
    if (isFailure(verdict)) found.set(failureClass(backend, verdict), detailOf(verdict));
  }
  return found;
}

const detailOf = (v: Verdict) => ('detail' in v ? v.detail : v.kind);

/** Kernels tried while shrinking one failure, at most. */
const SHRINK_CANDIDATES = 200;

/**
 * Shrinks a failing tape to a minimal one that fails with the same class, running only the
 * back-end that failed. First a pass that zeroes runs of choices (choice 0 is the simplest
 * option, and zeroing keeps later choices in place, which deleting them does not), then
 * fast-check's own shrinker (deleting choices and making each smaller) from there.
 */
async function shrink(
  worker: Worker,
  tape: number[],
  target: string,
  backends: readonly Backend[],
  profile: ProfileName,
  judging: JudgeOptions,
): Promise<{ tape: number[]; steps: number }> {
  const only = backends.filter((b) => target.startsWith(`${b}:`));
  const runOn = only.length > 0 ? only : backends;
  let tried = 0;
  let steps = 0;
  const fails = async (candidate: number[]) => {
    tried++;
    const c = generate(candidate, profile);
    return failuresOf(await worker.run(c, runOn), c, judging).has(target);
  };
  let smallest = tape;
  for (let size = 64; size >= 1 && tried < SHRINK_CANDIDATES; size = Math.floor(size / 2)) {
    for (let at = 0; at < smallest.length && tried < SHRINK_CANDIDATES; at += size) {
      if (smallest.slice(at, at + size).every((v) => v === 0)) continue;
      const candidate = smallest.map((v, k) => (k >= at && k < at + size ? 0 : v));
      if (await fails(candidate)) {
        smallest = candidate;
        steps++;
      }
    }
  }
  // Trailing zeros read as a spent tape: drop them.
  while (smallest.length > 0 && smallest[smallest.length - 1] === 0) smallest = smallest.slice(0, -1);
  const property = fc.asyncProperty(tapes, async (candidate) => {
    // Past the budget every candidate passes, which ends the shrinking at once.
    if (tried >= SHRINK_CANDIDATES) return true;
    const failed = await fails(candidate);
    if (failed) {
      smallest = candidate;
      steps++;
    }
    return !failed;
  });
  await fc.check(property, { examples: [[smallest]], numRuns: 1, seed: 1 });
  return { tape: smallest, steps };
}

/** The profile kernels for these back-ends use: only what WGSL expresses where one is WebGPU. */
export const defaultProfile = (backends: readonly Backend[]): ProfileName =>
  backends.includes('webgpu') ? 'wgsl' : 'default';

/** Runs the fuzzer and returns its report (the workers are stopped at the end). */
export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const workers = Array.from({ length: Math.max(1, options.jobs ?? 1) }, () => new Worker(options.timeoutMs));
  const worker = workers[0] as Worker;
  const profile = options.profile ?? defaultProfile(options.backends);
  const judging: JudgeOptions = { webgpuFlushesSubnormals: options.webgpuFlushesSubnormals === true };
  const started = performance.now();
  const deadline =
    options.minutes === undefined ? Number.POSITIVE_INFINITY : started + options.minutes * 60_000;
  const report: FuzzReport = {
    seed: options.seed,
    profile,
    kernels: 0,
    seconds: 0,
    javascript: { ok: 0, threw: 0 },
    backends: {},
    documented: {},
    refused: {},
    refusals: {},
    findings: [],
    failures: 0,
  };
  const byClass = new Map<string, Finding>();
  let shrinkBudget = options.shrinkBudget ?? 25;
  const perClass = options.shrinkPerClass ?? 1;
  const chunk = 100;
  try {
    for (let batch = 0; report.kernels < options.count && performance.now() < deadline; batch++) {
      const size = Math.min(chunk, options.count - report.kernels);
      // Each batch of kernels comes from its own seed, so a long run needs no tapes in advance.
      const batchTapes = fc.sample(tapes, { seed: options.seed + batch * 7919, numRuns: size });
      const cases = batchTapes.map((tape) => generate(tape, profile));
      // The workers share out the batch; results are then judged in order.
      const results: WorkerResult[] = [];
      let next = 0;
      await Promise.all(
        workers.map(async (w) => {
          while (next < cases.length && performance.now() < deadline) {
            const k = next++;
            results[k] = await w.run(cases[k] as FuzzCase, options.backends);
          }
        }),
      );
      for (const [k, tape] of batchTapes.entries()) {
        const result = results[k];
        if (result === undefined) break;
        const index = report.kernels++;
        const c = cases[k] as FuzzCase;
        count(report, c, result, judging);
        const failures = failuresOf(result, c, judging);
        for (const [failureClass, detail] of failures) {
          report.failures++;
          let finding = byClass.get(failureClass);
          if (!finding) {
            finding = { failureClass, count: 0, firstKernel: index, detail, kernel: c };
            byClass.set(failureClass, finding);
            report.findings.push(finding);
          }
          finding.count++;
          if (!finding.minimal && shrinkBudget > 0 && finding.count <= perClass) {
            shrinkBudget--;
            const { tape: smallest, steps } = await shrink(
              worker,
              tape,
              failureClass,
              options.backends,
              profile,
              judging,
            );
            const minimal = generate(smallest, profile);
            const again = failuresOf(await worker.run(minimal, options.backends), minimal, judging);
            finding.minimal = { kernel: minimal, detail: again.get(failureClass) ?? detail, steps };
          }
        }
        options.onProgress?.(report.kernels, report);
      }
    }
  } finally {
    for (const w of workers) w.close();
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

function count(report: FuzzReport, c: FuzzCase, result: WorkerResult, judging: JudgeOptions): void {
  if ('crash' in result) {
    report.backends.worker ??= emptyCounts();
    report.backends.worker.internal++;
    return;
  }
  const runs: Runs = result.runs;
  if (runs.js.status === 'ok') report.javascript.ok++;
  else report.javascript.threw++;
  for (const [backend, verdict] of Object.entries(judge(c, runs, judging)) as [Backend, Verdict][]) {
    report.backends[backend] ??= emptyCounts();
    const counts = report.backends[backend] as BackendCounts;
    counts[verdict.kind]++;
    counts.ms += runs.backends[backend]?.ms ?? 0;
    if (verdict.kind === 'documented')
      for (const tag of verdict.tags) report.documented[tag] = (report.documented[tag] ?? 0) + 1;
    if (verdict.kind === 'refused') {
      report.refused[verdict.code] = (report.refused[verdict.code] ?? 0) + 1;
      report.refusals[skeleton(verdict.detail)] ??= verdict.detail;
    }
  }
}
