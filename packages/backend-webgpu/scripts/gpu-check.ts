// The webgpu column of the conformance corpus on the machine's WebGPU adapter (on the GPU
// machine: Dawn over the NVIDIA Vulkan driver), each kernel matched against the reference runner
// or refused with its reason; then the cases of the vitest files that a GPU decides: warp
// operations as WGSL subgroup operations (test/warps.ts) and f16 arrays on both f16 routes
// (test/half-cases.ts), each ok, failed or absent (with why) against the reference runner.
// Exits 1 where a cell or case failed, where the subgroup routes are absent, or there is no
// adapter. An absent shader-f16 is reported, not a failure (f16 arrays then take the words
// route, which runs everywhere).
//
//   node webgpu-check.mjs --corpus <dir> [--out results.json]
import { writeFileSync } from 'node:fs';
import { loadConformance, runConformance } from '@gpuc/core/tools';
import { Command } from 'commander';
import { defaultGPU, releaseWebGPU, webgpuConformance, webgpuDevice } from '../src/index.js';
import type { DeviceCase } from '../test/both.js';
import { halfCases } from '../test/half-cases.js';
import { subgroupCases } from '../test/warps.js';

const options = new Command('webgpu-check')
  .requiredOption('--corpus <dir>', 'the conformance corpus')
  .option('--out <file>', 'write the results as JSON')
  .parse()
  .opts<{ corpus: string; out?: string }>();

const adapter = await (await defaultGPU())?.requestAdapter();
const device = await webgpuDevice();
if (!adapter || !device) {
  console.log('webgpu: no adapter');
  process.exit(1);
}
const { vendor, architecture, device: name, description } = adapter.info;
const sizes = adapter.info as GPUAdapterInfo & { subgroupMinSize?: number; subgroupMaxSize?: number };
console.log(`webgpu adapter: ${[vendor, architecture, name, description].filter(Boolean).join(' ')}`);
const features = ['subgroups', 'subgroup-size-control', 'shader-f16'].filter((f) => device.features.has(f));
console.log(
  `webgpu device features: ${features.join(', ') || 'none of subgroups, subgroup-size-control, shader-f16'}; subgroups of ${sizes.subgroupMinSize ?? '?'} to ${sizes.subgroupMaxSize ?? '?'} invocations`,
);

const report = await runConformance(await loadConformance(options.corpus), [webgpuConformance]);
const cells = Object.entries(report.results).map(([cell, row]) => ({ name: cell, ...row.webgpu }));
const count = (status: string) => cells.filter((c) => c.status === status).length;
for (const cell of cells)
  console.log(
    `${String(cell.status).padEnd(8)} ${cell.name}${cell.detail ? `: ${cell.detail.split('\n')[0]}` : ''}`,
  );
console.log(`webgpu: ${count('matched')} matched, ${count('refused')} refused, ${count('failed')} failed`);

/**
 * Why the adapter has no shader-f16, beyond its absence: Dawn's Vulkan back-end withholds the
 * feature from NVIDIA GPUs whatever the driver offers (crbug.com/tint/2164).
 */
const f16Why =
  vendor === 'nvidia'
    ? " (Dawn's Vulkan back-end withholds shader-f16 from NVIDIA GPUs: crbug.com/tint/2164)"
    : '';

interface CaseResult {
  readonly name: string;
  readonly status: 'ok' | 'failed' | 'absent';
  readonly detail?: string;
}

/** Runs cases: each ok, failed (its differences, or the error) or absent (why). */
async function runCases(cases: readonly DeviceCase[], why = ''): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const c of cases) {
    const absent = c.absent(device as GPUDevice);
    const result: CaseResult = absent
      ? { name: c.name, status: 'absent', detail: `${absent}${why}` }
      : await c.run().then(
          (found): CaseResult =>
            found.length === 0
              ? { name: c.name, status: 'ok' }
              : { name: c.name, status: 'failed', detail: found.join('; ') },
          (error: unknown): CaseResult => ({ name: c.name, status: 'failed', detail: String(error) }),
        );
    console.log(
      `${result.status.padEnd(8)} ${result.name}${result.detail ? `: ${result.detail.split('\n')[0]}` : ''}`,
    );
    results.push(result);
  }
  return results;
}

const subgroups = await runCases(subgroupCases());
const halves = [
  ...(await runCases(halfCases('words'))),
  ...(await runCases(halfCases('shader-f16'), f16Why)),
];
const tally = (results: readonly CaseResult[]) =>
  (['ok', 'failed', 'absent'] as const)
    .map((s) => `${results.filter((r) => r.status === s).length} ${s}`)
    .join(', ');
console.log(`subgroups: ${tally(subgroups)}`);
console.log(`f16: ${tally(halves)}`);
if (options.out)
  writeFileSync(
    options.out,
    `${JSON.stringify({ adapter: adapter.info.description, features, cells, subgroups, halves }, null, 2)}\n`,
  );
await releaseWebGPU();
const failed = [...subgroups, ...halves].some((r) => r.status === 'failed');
// Subgroups that are not there are a failure here: this check is where they must run.
const noSubgroups = subgroups.some((r) => r.status === 'absent');
if (noSubgroups)
  console.log('webgpu: the subgroup routes are absent on this adapter (see the reasons above)');
if (count('failed') > 0 || failed || noSubgroups) process.exitCode = 1;
