// Compile stages in CPU time: saxpy and the 200-line kernel to PTX and saxpy to a native
// object, each stage's CPU time (medians of warm compiles), optionally against another checkout
// of gpuc, compile by compile in turn in one process: on a shared machine wall time says little,
// and CPU time measured in separate processes varies with the load more than a front-end change.
//
//   node --conditions=source --import tsx bench/stage-time.ts [--against DIR] [--runs N] [--warm W] [--only CASE]
//
// DIR is another gpuc checkout whose packages resolve `@gpuc/llvm` to this checkout's (one
// binding per process: link DIR/packages/*/node_modules/@gpuc/llvm here), so that its front end
// and back-end plugins are compared, not the binding. Each kernel compiles W times per checkout
// to warm up (default 3, as `pnpm bench`), then N times (default 30). The front end is
// JavaScript that V8 is still optimising after 3 compiles: `--warm 1500 --only saxpy-cuda`
// gives a steady process's figures. CASE is `saxpy-cuda`, `200-line-cuda` or `saxpy-native`.
import { resolve } from 'node:path';
import { median, printTable } from './table.js';

// The pipeline times its stages with performance.now: CPU time makes them CPU times.
performance.now = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const CASES = [
  ['saxpy', 'cuda'],
  ['200-line', 'cuda'],
  ['saxpy', 'native'],
] as const;

const args = process.argv.slice(2);
const option = (flag: string) => {
  const at = args.indexOf(flag);
  return at < 0 ? undefined : args[at + 1];
};
const against = option('--against');
const runs = Number(option('--runs') ?? 30);
const warm = Number(option('--warm') ?? 3);
const only = option('--only');
const caseNames = CASES.map(([name, target]) => `${name}-${target}`);
if (only !== undefined && !caseNames.includes(only)) {
  console.error(`--only takes one of ${caseNames.join(', ')}`);
  process.exit(2);
}
const roots = [resolve(import.meta.dirname, '..'), ...(against === undefined ? [] : [resolve(against)])];

/** One checkout's compile: its core, a compiler with the CUDA plugin, and the bench kernels. */
const checkouts = await Promise.all(
  roots.map(async (root) => {
    const core = await import(`${root}/packages/core/src/index.ts`);
    const { CudaPlugin } = await import(`${root}/packages/backend-cuda/src/index.ts`);
    const { TIMED_KERNELS } = await import(`${root}/bench/kernels.ts`);
    const compiler = core.createCompiler().use(new CudaPlugin());
    /** Compiles a bench kernel under a fresh file name (no cache serves it): its stage times and CPU total. */
    return (name: string, target: string, run: number): Record<string, number> => {
      const [, text, types] = (TIMED_KERNELS as [string, string, string[]][]).find(([n]) => n === name) ?? [];
      const job = core.createJob(
        core.sourceFromText(text, `${name}-${target}-${run}.js`),
        (types as string[]).map((t) => core.parseType(t)),
        compiler.target(target),
      );
      const start = process.cpuUsage();
      const result = core.compileJob(compiler, job, { kind: target === 'cuda' ? 'assembly' : 'object' });
      const { user, system } = process.cpuUsage(start);
      return { ...result.timings, total: (user + system) / 1000 };
    };
  }),
);

const names = roots.map((r, i) => (i === 0 ? 'this checkout' : r));
console.log(`compile stages, CPU ms (medians of ${runs} compiles each after ${warm}, checkouts in turn)\n`);
for (const [name, target] of CASES.filter(([n, t]) => only === undefined || only === `${n}-${t}`)) {
  const samples = checkouts.map((): Record<string, number[]> => ({}));
  for (let run = 0; run < runs + warm; run++) {
    // Alternating which goes first.
    const order = run % 2 === 0 ? [...checkouts.keys()] : [...checkouts.keys()].reverse();
    for (const i of order) {
      const timings = (checkouts[i] as (typeof checkouts)[number])(name, target, run);
      if (run < warm) continue;
      const kept = samples[i] as Record<string, number[]>;
      for (const [stage, ms] of Object.entries(timings)) kept[stage] = [...(kept[stage] ?? []), ms];
    }
  }
  console.log(`${name}, ${target === 'cuda' ? 'PTX' : 'native object'}`);
  const rows = Object.keys(samples[0] as Record<string, number[]>)
    .map((stage) => [stage, ...samples.map((s) => median(s[stage] ?? [0]))] as const)
    .filter(([, ...ms]) => ms.some((m) => m >= 0.005));
  printTable([['stage', ...names], ...rows.map(([stage, ...ms]) => [stage, ...ms.map((m) => m.toFixed(2))])]);
  console.log();
}
