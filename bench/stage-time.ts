// Compile stages in CPU time: saxpy and the 200-line kernel to PTX and to a native object, each
// stage's CPU time (medians), optionally against another checkout of gpuc, interleaved. On a
// shared machine wall time says little; CPU time, from processes run in turn, says more.
//
//   node --conditions=source --import tsx bench/stage-time.ts [--against DIR] [--rounds N]
//
// Each round runs one process per checkout (their order alternating), compiling each kernel
// three times to warm up and then five times; medians are over every compile of every round.
// DIR is another gpuc checkout with its dependencies installed (a `git worktree` of an earlier
// commit, its node_modules linked from this one's, say).
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { median, printTable } from './table.js';

type Samples = Record<string, Record<string, number[]>>;

const WORKER = 'GPUC_STAGE_TIME_ROOT';
const CASES = [
  ['saxpy', 'cuda'],
  ['200-line', 'cuda'],
  ['saxpy', 'native'],
] as const;

/** In a worker: compiles each case in the checkout at `root`, printing each stage's CPU times as JSON. */
async function work(root: string): Promise<void> {
  // The pipeline times its stages with performance.now: CPU time makes them CPU times.
  performance.now = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const core = await import(`${root}/packages/core/src/index.ts`);
  const { CudaPlugin } = await import(`${root}/packages/backend-cuda/src/index.ts`);
  const { TIMED_KERNELS } = await import(`${root}/bench/kernels.ts`);
  const compiler = core.createCompiler().use(new CudaPlugin());
  const samples: Samples = {};
  for (const [name, target] of CASES) {
    const [, text, types] = (TIMED_KERNELS as [string, string, string[]][]).find(([n]) => n === name) ?? [];
    const stages: Record<string, number[]> = {};
    for (let run = 0; run < 8; run++) {
      // A fresh file name each run, so that no cache (lowering, inference) serves it.
      const job = core.createJob(
        core.sourceFromText(text, `${name}-${target}-${run}.js`),
        (types as string[]).map((t) => core.parseType(t)),
        compiler.target(target),
      );
      const start = process.cpuUsage();
      const result = core.compileJob(compiler, job, { kind: target === 'cuda' ? 'assembly' : 'object' });
      const { user, system } = process.cpuUsage(start);
      if (run < 3) continue;
      for (const [stage, ms] of Object.entries({ ...result.timings, total: (user + system) / 1000 }))
        (stages[stage] ??= []).push(ms as number);
    }
    samples[`${name}, ${target === 'cuda' ? 'PTX' : 'native object'}`] = stages;
  }
  console.log(JSON.stringify(samples));
}

function drive(): void {
  const args = process.argv.slice(2);
  const option = (flag: string) => {
    const at = args.indexOf(flag);
    return at < 0 ? undefined : args[at + 1];
  };
  const against = option('--against');
  const rounds = Number(option('--rounds') ?? 6);
  const roots = [resolve(import.meta.dirname, '..'), ...(against === undefined ? [] : [resolve(against)])];
  const all = roots.map((): Samples => ({}));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? roots.keys() : [...roots.keys()].reverse();
    for (const i of order) {
      const out = execFileSync(
        process.execPath,
        ['--conditions=source', '--import', 'tsx', import.meta.filename],
        { env: { ...process.env, [WORKER]: roots[i] }, encoding: 'utf8' },
      );
      for (const [kernel, stages] of Object.entries(JSON.parse(out) as Samples))
        for (const [stage, ms] of Object.entries(stages)) {
          const kept = ((all[i] as Samples)[kernel] ??= {});
          (kept[stage] ??= []).push(...ms);
        }
    }
  }
  const names = roots.map((r, i) => (i === 0 ? 'this checkout' : r));
  console.log(`compile stages, CPU ms (medians of ${rounds * 5} compiles, ${rounds} processes each)\n`);
  for (const kernel of Object.keys(all[0] as Samples)) {
    console.log(kernel);
    const stages = Object.keys((all[0] as Samples)[kernel] as Record<string, number[]>);
    const rows = stages
      .map((stage) => [stage, ...all.map((s) => median(s[kernel]?.[stage] ?? [0]))] as const)
      .filter(([, ...ms]) => ms.some((m) => m >= 0.005));
    printTable([
      ['stage', ...names],
      ...rows.map(([stage, ...ms]) => [stage, ...ms.map((m) => m.toFixed(2))]),
    ]);
    console.log();
  }
}

const root = process.env[WORKER];
if (root === undefined) drive();
else await work(root);
