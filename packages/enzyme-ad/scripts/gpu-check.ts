// The AD checks on a lent GPU machine: `node ad-gpu-check.mjs [--out FILE]` (bundled by
// packages/backend-cuda/scripts/device-bundle.sh) differentiates every corpus function inside
// CUDA kernels, in reverse and forward mode (and the functions written apart from it,
// corpus/outside.ts), checks the results against the analytic
// derivatives and finite differences, runs the AD conformance rows on the GPU (against the
// reference runner), and prints a table.
import { writeFileSync } from 'node:fs';
import { CudaDevice, cudaConformance } from '@gpuc/backend-cuda';
import { type ConformanceEntry, runConformance } from '@gpuc/core/tools';
import { Command } from 'commander';
import adAliasedArrays from '../conformance/ad-aliased-arrays.mjs';
import adBlockWeights from '../conformance/ad-block-weights.mjs';
import adF32 from '../conformance/ad-f32.mjs';
import adForward from '../conformance/ad-forward.mjs';
import adNoNeed from '../conformance/ad-no-need.mjs';
import adReverseLoop from '../conformance/ad-reverse-loop.mjs';
import adReverseScalar from '../conformance/ad-reverse-scalar.mjs';
import adSharedWeights from '../conformance/ad-shared-weights.mjs';
import { CASES } from '../corpus/cases.js';
import { cudaExecutor } from '../corpus/executors.js';
import { type CaseReport, caseKernel, runCase, tolerances } from '../corpus/harness.js';
import { OUTSIDE } from '../corpus/outside.js';
import { EnzymePlugin } from '../src/index.js';

// The conformance rows, imported here so that a bundle of this script carries them.
const rows = [
  adAliasedArrays,
  adBlockWeights,
  adF32,
  adForward,
  adNoNeed,
  adReverseLoop,
  adReverseScalar,
  adSharedWeights,
] as ConformanceEntry[];

const options = new Command('ad-gpu-check')
  .option('--out <file>', 'write the results as JSON')
  .parse()
  .opts<{ out?: string }>();

const device = CudaDevice.get();
console.log(
  `${device.name} (sm_${device.computeCapability}): the AD corpus and the outside round, 256 points per function\n`,
);
const results: (CaseReport & { ok: boolean; error?: string })[] = [];
// Every case as written, then the maps with their output y passed as DuplicatedNoNeed.
const runs = [
  ...[...CASES, ...OUTSIDE].map((c) => ({ c, noNeed: false })),
  ...CASES.filter((c) => c.kind === 'map' && !c.inPlace).map((c) => ({ c, noNeed: true })),
];
for (const { c, noNeed } of runs) {
  const name = noNeed ? `${c.name} (y no-need)` : c.name;
  for (const mode of ['reverse', 'forward'] as const) {
    try {
      const report = await runCase(c, mode, cudaExecutor, 256, caseKernel(c, mode, 256, { noNeed }));
      const limits = tolerances(c);
      const ok =
        (report.analyticError ?? 0) <= limits.analytic && report.differenceError <= limits.differences;
      results.push({ ...report, case: name, ok });
    } catch (error) {
      results.push({
        case: name,
        mode,
        differenceError: Number.NaN,
        skipped: 0,
        ok: false,
        error: (error as Error).message,
      });
    }
  }
}
const fmt = (v: number | undefined) => (v === undefined ? '-' : v.toExponential(1));
for (const r of results)
  console.log(
    `${r.ok ? 'ok  ' : 'FAIL'} ${r.case.padEnd(26)} ${r.mode.padEnd(8)} analytic ${fmt(r.analyticError).padStart(8)}  differences ${fmt(r.differenceError).padStart(8)}${r.error ? `  ${r.error.split('\n')[0]}` : ''}`,
  );
const passed = results.filter((r) => r.ok).length;
console.log(`\n${passed} of ${results.length} corpus and outside checks passed on the GPU`);

const report = await runConformance(rows, [cudaConformance], { plugins: [new EnzymePlugin()] });
console.log('');
for (const entry of rows) {
  const outcome = report.results[entry.name]?.cuda;
  console.log(`conformance ${entry.name.padEnd(20)} ${outcome?.status} ${outcome?.detail ?? ''}`);
}
const conformance = report.results;
if (options.out)
  writeFileSync(options.out, `${JSON.stringify({ device: device.name, results, conformance }, null, 2)}\n`);
const conformed = rows.every((entry) => report.results[entry.name]?.cuda?.status === 'matched');
if (passed !== results.length || !conformed) process.exitCode = 1;
