// bench/native: gpuc's native target against the same algorithms in C (gcc -O3 -march=native
// -fopenmp, built here from reference.c) and Numba (`prange`, reference.py), every one on all
// cores (or `--threads <n>`). Three rounds, each timing five runs of every kernel with each tool in turn (after a
// warm-up run), so that the machine's load falls on all alike; medians of the fifteen runs and
// the ratios gpuc/C and gpuc/Numba (goal: every kernel within 1.2x of C). On a shared machine the
// load inflates each run by a different amount, so the wall-clock table gives each minimum (the
// least disturbed run) beside its median, and a second table the CPU time the runs took (every
// thread's: it does not count the time other processes hold the cores, though it still counts
// their effect on the caches). A tool that is missing (no gcc, no Python with Numba) leaves its
// column empty.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileFunctions } from '../../packages/core/src/entry/compiler.js';
import {
  compileNative,
  type Dim,
  type FunctionInput,
  f32,
  f64,
  type KernelSource,
  type KernelType,
  parseType,
} from '../../packages/core/src/index.js';
import { median, printTable } from '../table.js';

const here = import.meta.dirname;
// `--threads <n>`: run every tool on n threads instead of every core (steadier on a busy machine).
const flag = process.argv.indexOf('--threads');
const cores = flag > 0 ? Number(process.argv[flag + 1]) : availableParallelism();
const ROUNDS = 3;
const RUNS = 5;

const floats = (count: number) => Float32Array.from({ length: count }, (_, i) => ((i * 7) % 13) - 6);
const example = (file: string, name: string) =>
  fileFunctions(join(here, '..', '..', 'examples', 'kernels', file)).find((f) => f.name === name)
    ?.source as KernelSource;

interface Case {
  name: string;
  source: FunctionInput;
  types: string[];
  grid: Dim;
  block: Dim;
  args: () => unknown[];
}

const nbodyCount = 4096;
const cases: Case[] = [
  {
    name: 'mandelbrot 1024², 256 steps',
    source: example('mandelbrot.mjs', 'mandelbrot'),
    types: ['i32[]', 'i32', 'i32', 'i32'],
    grid: [64, 64],
    block: [16, 16],
    args: () => [new Int32Array(1024 * 1024), 1024, 1024, 256],
  },
  {
    name: `n-body ${nbodyCount}, f64`,
    source: example('nbody.mjs', 'nbodyStep'),
    types: ['f64[]', 'f64[]', 'f64[]', 'f64[]', 'i32', 'f64'],
    grid: nbodyCount / 128,
    block: 128,
    args: () => [
      Float64Array.from({ length: nbodyCount * 4 }, (_, i) => Math.sin(i * 0.37) + (i % 4 === 3 ? 2 : 0)),
      Float64Array.from({ length: nbodyCount * 3 }, (_, i) => Math.cos(i * 0.11) * 0.1),
      new Float64Array(nbodyCount * 4),
      new Float64Array(nbodyCount * 3),
      nbodyCount,
      f64(0.001),
    ],
  },
  {
    name: 'matmul 512², f32',
    source: {
      text: `function matmul(a, b, c, n) {
  const row = gpu.globalIdx.y;
  const col = gpu.globalIdx.x;
  let acc = f32(0);
  for (let k = 0; k < n; k++) acc += a[row * n + k] * b[k * n + col];
  c[row * n + col] = acc;
}`,
      file: 'bench-matmul.js',
    },
    types: ['f32[]', 'f32[]', 'f32[]', 'i32'],
    grid: [32, 32],
    block: [16, 16],
    args: () => [floats(512 * 512), floats(512 * 512), floats(512 * 512), 512],
  },
  {
    name: 'saxpy 2^24, f32',
    source: {
      text: `function saxpy(a, x, y, n) {
  const i = gpu.globalIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}`,
      file: 'bench-saxpy.js',
    },
    types: ['f32', 'f32[]', 'f32[]', 'i32'],
    grid: (1 << 24) / 256,
    block: 256,
    args: () => [f32(2), floats(1 << 24), floats(1 << 24), 1 << 24],
  },
  {
    name: '3x3 stencil 2048², f32',
    source: {
      text: `function stencil(a, b, n) {
  const x = gpu.globalIdx.x;
  const y = gpu.globalIdx.y;
  if (x >= 1 && y >= 1 && x < n - 1 && y < n - 1) {
    const i = y * n + x;
    b[i] = (a[i - n - 1] + a[i - n] + a[i - n + 1] + a[i - 1] + a[i] + a[i + 1] +
      a[i + n - 1] + a[i + n] + a[i + n + 1]) / 9;
  }
}`,
      file: 'bench-stencil.js',
    },
    types: ['f32[]', 'f32[]', 'i32'],
    grid: [2048 / 32, 2048 / 8],
    block: [32, 8],
    args: () => [floats(2048 * 2048), floats(2048 * 2048), 2048],
  },
];
/** The kernel names reference.c and reference.py know, in the order of `cases`. */
const references = ['mandelbrot', 'nbody', 'matmul', 'saxpy', 'stencil'];

/** reference.c built with gcc, or undefined (with why) where it cannot be. */
function buildC(dir: string): string | undefined {
  const binary = join(dir, 'reference');
  const built = spawnSync(
    'gcc',
    ['-O3', '-march=native', '-fopenmp', '-o', binary, join(here, 'reference.c'), '-lm'],
    { encoding: 'utf8' },
  );
  if (built.status === 0) return binary;
  console.log(`C column skipped: gcc ${built.error ? 'not found' : `failed: ${built.stderr.trim()}`}`);
  return undefined;
}

/** A Python that imports Numba, or undefined. */
function findNumba(): string | undefined {
  for (const python of ['python3', '/usr/bin/python3']) {
    if (spawnSync(python, ['-c', 'import numba'], { stdio: 'ignore' }).status === 0) return python;
  }
  console.log('Numba column skipped: no python3 imports numba (Debian: apt-get install python3-numba)');
  return undefined;
}

/** Each run's wall-clock and CPU milliseconds, as a reference program prints them (two lines). */
interface Times {
  wall: number[];
  cpu: number[];
}

/** Adds the runs a reference program printed to `into`. */
function runReference(into: Times, command: string, args: string[], env: NodeJS.ProcessEnv): void {
  const output = execFileSync(command, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  const [wall = '', cpu = ''] = output.trim().split('\n');
  into.wall.push(...wall.trim().split(/\s+/).map(Number));
  into.cpu.push(...cpu.trim().split(/\s+/).map(Number));
}

const dir = mkdtempSync(join(tmpdir(), 'gpuc-bench-native-'));
try {
  const c = buildC(dir);
  const python = findNumba();
  const threads = { OMP_NUM_THREADS: String(cores), NUMBA_NUM_THREADS: String(cores) };
  const numbaEnv = { ...threads, NUMBA_CACHE_DIR: join(dir, 'numba') };
  const kernels = cases.map((k) => ({
    kernel: compileNative(
      k.source,
      k.types.map((t) => parseType(t) as KernelType),
    ),
    args: k.args(),
  }));
  const times = (): Times => ({ wall: [], cpu: [] });
  const samples = cases.map(() => ({ gpuc: times(), c: times(), numba: times() }));
  for (let round = 0; round < ROUNDS; round++) {
    cases.forEach((k, i) => {
      const { kernel, args } = kernels[i] as (typeof kernels)[number];
      const s = samples[i] as (typeof samples)[number];
      for (let r = 0; r <= RUNS; r++) {
        const start = performance.now();
        const startCpu = process.cpuUsage();
        kernel.launch(k.grid, k.block, args as never, cores);
        const cpu = process.cpuUsage(startCpu);
        if (r > 0) {
          s.gpuc.wall.push(performance.now() - start);
          s.gpuc.cpu.push((cpu.user + cpu.system) / 1000);
        }
      }
      const name = references[i] as string;
      if (c) runReference(s.c, c, [name, String(RUNS)], threads);
      if (python) runReference(s.numba, python, [join(here, 'reference.py'), name, String(RUNS)], numbaEnv);
    });
  }
  const [load] = loadavg();
  console.log(
    `\nnative target against C (gcc -O3 -march=native -fopenmp) and Numba (prange), ${cores} threads, ` +
      `load average ${load?.toFixed(1)} at the end; ms of ${ROUNDS * RUNS} runs; goal gpuc/C <= 1.2`,
  );
  /** A table of one measure: each cell the median of the runs, with the minimum in brackets. */
  const table = (title: string, pick: (t: Times) => number[], withMinimum: boolean) => {
    const statistics = (values: number[]) => [median(values), ...(withMinimum ? [Math.min(...values)] : [])];
    const pair = ([mid, least]: string[]) => (least === undefined ? (mid as string) : `${mid} (${least})`);
    const cell = (t: Times) =>
      pick(t).length > 0 ? pair(statistics(pick(t)).map((v) => v.toFixed(2))) : '-';
    const ratio = (a: Times, b: Times) => {
      if (pick(a).length === 0 || pick(b).length === 0) return '-';
      const divisors = statistics(pick(b));
      return pair(statistics(pick(a)).map((v, j) => `${(v / (divisors[j] as number)).toFixed(2)}x`));
    };
    console.log(`\n${title}\n`);
    printTable([
      ['kernel', 'gpuc', 'C', 'Numba', 'gpuc/C', 'gpuc/Numba'],
      ...cases.map((k, i) => {
        const s = samples[i] as (typeof samples)[number];
        return [k.name, cell(s.gpuc), cell(s.c), cell(s.numba), ratio(s.gpuc, s.c), ratio(s.gpuc, s.numba)];
      }),
    ]);
  };
  table('wall clock, median (minimum)', (t) => t.wall, true);
  table('CPU time of all threads, median', (t) => t.cpu, false);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
