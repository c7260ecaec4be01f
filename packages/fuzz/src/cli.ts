/**
 * `pnpm fuzz [--seed s] [--count n] [--minutes m] [--backends list] [--profile p] [--json file]`: runs the
 * differential fuzzer, prints progress and the report, and exits non-zero on any undocumented
 * mismatch, internal error, crash or hang.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BACKENDS, type Backend } from './execute.js';
import { defaultProfile, fuzz } from './fuzz.js';
import { PROFILE_NAMES, type ProfileName } from './generator/profile.js';
import { formatReport } from './report.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    count: { type: 'string', default: '1000' },
    minutes: { type: 'string' },
    backends: { type: 'string', default: 'reference,native,ptx,cuda' },
    json: { type: 'string' },
    shrink: { type: 'string', default: '25' },
    jobs: { type: 'string', default: '1' },
    profile: { type: 'string' },
    'webgpu-flushes': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(`usage: pnpm fuzz [--seed s] [--count n] [--minutes m] [--backends ${BACKENDS.join(',')}] [--json file] [--shrink n] [--jobs n] [--profile ${PROFILE_NAMES.join('|')}] [--webgpu-flushes]
  --count    kernels to run (default 1000; with --minutes, whichever ends first)
  --backends reference: the reference runner; native: compiled for this CPU and run;
             ptx: compiled for CUDA and checked by ptxas; cuda: run on an NVIDIA GPU (skipped without one);
             webgpu: compiled to WGSL and run through WebGPU (Dawn; lavapipe without a GPU; skipped
             without an adapter)
  --profile  what kernels use: default, the whole language; wgsl, only what WGSL expresses (f32, i32,
             u32, bool, BigInts, 32-bit and 16-bit float arrays: no f64, no 8- or 16-bit integers,
             views, records, tuples, captured arrays or Math functions WGSL rounds loosely).
             Default: wgsl when --backends has webgpu, else default
  --shrink   failures to shrink to a minimal kernel, in all (default 25)
  --jobs     worker processes running kernels at once (default 1; the report is the same)
  --webgpu-flushes
             the WebGPU device flushes f32 subnormals to zero in arithmetic (NVIDIA's Vulkan
             driver; docs/language.md allows it): its results may also be those of the emulation
             that flushes them (tag f32-flush); lavapipe does not flush`);
  process.exit(0);
}

const backends = (values.backends as string).split(',').map((b) => b.trim()) as Backend[];
for (const b of backends) {
  if (!(BACKENDS as readonly string[]).includes(b)) {
    console.error(`gpuc fuzz: unknown back-end '${b}' (choose from ${BACKENDS.join(', ')})`);
    process.exit(2);
  }
}
const profile = (values.profile ?? defaultProfile(backends)) as ProfileName;
if (!(PROFILE_NAMES as readonly string[]).includes(profile)) {
  console.error(`gpuc fuzz: unknown profile '${profile}' (choose from ${PROFILE_NAMES.join(', ')})`);
  process.exit(2);
}
const number = (name: string, text: string | undefined) => {
  const n = Number(text);
  if (text === undefined || !Number.isFinite(n) || n < 0) {
    console.error(`gpuc fuzz: --${name} must be a non-negative number, got '${text}'`);
    process.exit(2);
  }
  return n;
};
const seed = number('seed', values.seed);
const count =
  values.minutes !== undefined && values.count === '1000'
    ? Number.POSITIVE_INFINITY
    : number('count', values.count);

const started = performance.now();
console.log(`gpuc fuzz: seed ${seed}, back-ends ${backends.join(', ')}, profile ${profile}`);
const report = await fuzz({
  seed,
  profile,
  count,
  backends,
  shrinkBudget: number('shrink', values.shrink),
  jobs: Math.max(1, Math.floor(number('jobs', values.jobs))),
  webgpuFlushesSubnormals: values['webgpu-flushes'] === true,
  ...(values.minutes !== undefined ? { minutes: number('minutes', values.minutes) } : {}),
  onProgress(done, r) {
    if (done % 25 === 0)
      console.log(
        `  ${done} kernels, ${r.failures} failures in ${r.findings.length} classes, ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
  },
});
console.log(formatReport(report));
if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
process.exit(report.failures > 0 ? 1 : 0);
