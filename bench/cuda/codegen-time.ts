// Compile time of NVPTX code generation at one level against another, side by side: saxpy and
// bench/kernels.ts's 200-line kernel are compiled to PTX once, then their final IR is read back and
// emitted at each level in turn (interleaved, so a loaded machine slows both alike): medians of the
// emission's CPU time and wall-clock time. The levels differ only in NVPTX's scalar passes (O3
// runs GVN twice where O2 runs EarlyCSE). No GPU needed; bench/cuda/ptx-corpus.ts shows which
// kernels' PTX a change of level changes.
//
//   node --conditions=source --import tsx bench/cuda/codegen-time.ts [LEVEL LEVEL] [RUNS]
import { CudaPlugin, emitPTX } from '../../packages/backend-cuda/src/index.js';
import {
  compileJob,
  createCompiler,
  createJob,
  type KernelType,
  parseType,
  sourceFromText,
} from '../../packages/core/src/index.js';
import { createContext, type OptLevel, parseModule } from '../../packages/core/src/llvm/index.js';
import { TIMED_KERNELS } from '../kernels.js';
import { median, printTable } from '../table.js';

const [first = '3', second = '2', runsArgument] = process.argv.slice(2);
const levels = [Number(first), Number(second)] as OptLevel[];
if (levels.some((l) => ![0, 1, 2, 3].includes(l))) {
  console.error('usage: codegen-time.ts [LEVEL LEVEL] [RUNS] (levels 0 to 3)');
  process.exit(2);
}
const compiler = createCompiler().use(new CudaPlugin());
const target = compiler.target('cuda');
const parsed = (types: string[]) => types.map((t) => parseType(t) as KernelType);
// Runs of each at the default scale: saxpy's compile is short.
const kernels = TIMED_KERNELS.map(
  ([name, text, types]) => [name, text, parsed([...types]), name === 'saxpy' ? 300 : 20] as const,
);
const scale = runsArgument === undefined ? 1 : Number(runsArgument) / 20;

const rows = [['kernel', 'code generation', 'cpu', 'wall']];
for (const [name, text, types, baseRuns] of kernels) {
  const job = createJob(sourceFromText(text, `${name}.js`), types, target);
  const ir = compileJob(compiler, job, { kind: 'assembly', memory: false }).ir;
  const runs = Math.max(1, Math.round(baseRuns * scale));
  const samples = levels.map(() => ({ cpu: [] as number[], wall: [] as number[] }));
  for (let r = 0; r < runs + 3; r++) {
    levels.forEach((level, l) => {
      const context = createContext();
      const module = parseModule(context, ir, name);
      const start = performance.now();
      const cpuStart = process.cpuUsage();
      emitPTX(module, target, level);
      const cpu = process.cpuUsage(cpuStart);
      const wall = performance.now() - start;
      module.dispose();
      context.dispose();
      if (r < 3) return;
      samples[l]?.cpu.push((cpu.user + cpu.system) / 1000);
      samples[l]?.wall.push(wall);
    });
  }
  levels.forEach((level, l) => {
    const s = samples[l] as (typeof samples)[number];
    rows.push([name, `O${level}`, median(s.cpu).toFixed(3), median(s.wall).toFixed(3)]);
  });
}
console.log('PTX emission (ms, medians of interleaved runs on the same final IR)\n');
printTable(rows);
