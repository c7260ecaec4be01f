// Compile time of the CUDA target's O3 pipeline against another one, side by side: saxpy and
// bench/kernels.ts's 200-line kernel compiled to PTX with each pipeline in turn (interleaved, so a
// loaded machine slows both alike), medians of the optimisation stage, the whole compile's
// wall-clock time and its CPU time. No GPU needed.
//
//   node --conditions=source --import tsx bench/cuda/pipeline-time.ts FILE [RUNS]
//
// FILE holds a pipeline in LLVM's textual syntax (the previous CUDA_O3_PIPELINE, or
// `default<O3>`). Compare the PTX of the two with bench/cuda/ptx-corpus.ts --pipeline FILE.
import { readFileSync } from 'node:fs';
import { CudaPlugin } from '../../packages/backend-cuda/src/index.js';
import {
  compileJob,
  createCompiler,
  createJob,
  type KernelType,
  parseType,
  sourceFromText,
  type Target,
} from '../../packages/core/src/index.js';
import { TIMED_KERNELS } from '../kernels.js';
import { median, printTable } from '../table.js';

const [file, runsArgument] = process.argv.slice(2);
if (file === undefined) {
  console.error('usage: pipeline-time.ts FILE [RUNS]');
  process.exit(2);
}
const other = readFileSync(file, 'utf8').trim();
const compiler = createCompiler().use(new CudaPlugin());
const own = compiler.target('cuda');
const targets: [string, Target][] = [
  ['this pipeline', own],
  [file, { ...own, pipelines: { ...own.pipelines, 3: other } }],
];
const parsed = (types: string[]) => types.map((t) => parseType(t) as KernelType);
// Runs of each at the default scale: saxpy's compile is short.
const kernels = TIMED_KERNELS.map(
  ([name, text, types]) => [name, text, parsed([...types]), name === 'saxpy' ? 200 : 20] as const,
);
const scale = runsArgument === undefined ? 1 : Number(runsArgument) / 20;

const rows = [['kernel', 'pipeline', 'optimize', 'total', 'cpu']];
for (const [name, text, types, baseRuns] of kernels) {
  const runs = Math.max(1, Math.round(baseRuns * scale));
  const samples = targets.map(() => ({
    optimize: [] as number[],
    total: [] as number[],
    cpu: [] as number[],
  }));
  for (let r = 0; r < runs + 3; r++) {
    targets.forEach(([, target], t) => {
      // A fresh file name each run, so no cache serves it.
      const job = createJob(sourceFromText(text, `${name}-${t}-${r}.js`), types, target);
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      const result = compileJob(compiler, job, { kind: 'assembly', memory: false });
      const total = performance.now() - start;
      const cpu = process.cpuUsage(cpuStart);
      if (r < 3) return;
      const s = samples[t] as (typeof samples)[number];
      s.optimize.push(result.timings.optimize ?? 0);
      s.total.push(total);
      s.cpu.push((cpu.user + cpu.system) / 1000);
    });
  }
  targets.forEach(([label], t) => {
    const s = samples[t] as (typeof samples)[number];
    rows.push([name, label, ...[s.optimize, s.total, s.cpu].map((v) => median(v).toFixed(3))]);
  });
}
console.log('PTX compile (ms, medians of interleaved warm runs; cpu: CPU time of the compile)\n');
printTable(rows);
