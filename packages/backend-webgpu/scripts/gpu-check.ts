// The webgpu column of the conformance corpus on the machine's WebGPU adapter (on the GPU
// machine: Dawn over the NVIDIA Vulkan driver): each kernel matched against the reference
// runner or refused with its reason. Exits 1 where a cell failed or there is no adapter.
//
//   node webgpu-check.mjs --corpus <dir> [--out results.json]
import { writeFileSync } from 'node:fs';
import { loadConformance, runConformance } from '@gpuc/core/tools';
import { Command } from 'commander';
import { defaultGPU, releaseWebGPU, webgpuConformance } from '../src/index.js';

const options = new Command('webgpu-check')
  .requiredOption('--corpus <dir>', 'the conformance corpus')
  .option('--out <file>', 'write the results as JSON')
  .parse()
  .opts<{ corpus: string; out?: string }>();

const adapter = await (await defaultGPU())?.requestAdapter();
if (!adapter) {
  console.log('webgpu: no adapter');
  process.exit(1);
}
const { vendor, architecture, device, description } = adapter.info;
console.log(`webgpu adapter: ${[vendor, architecture, device, description].filter(Boolean).join(' ')}`);
const report = await runConformance(await loadConformance(options.corpus), [webgpuConformance]);
const cells = Object.entries(report.results).map(([name, row]) => ({ name, ...row.webgpu }));
const count = (status: string) => cells.filter((c) => c.status === status).length;
for (const cell of cells)
  console.log(
    `${String(cell.status).padEnd(8)} ${cell.name}${cell.detail ? `: ${cell.detail.split('\n')[0]}` : ''}`,
  );
console.log(`webgpu: ${count('matched')} matched, ${count('refused')} refused, ${count('failed')} failed`);
if (options.out)
  writeFileSync(options.out, `${JSON.stringify({ adapter: adapter.info.description, cells }, null, 2)}\n`);
await releaseWebGPU();
if (count('failed') > 0) process.exitCode = 1;
