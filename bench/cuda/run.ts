// bench/cuda: gpuc's kernels against the same kernels in CUDA C built with `nvcc -O3`, side by
// side on one GPU, timed with events (medians of 20 samples of ten launches, after 3 warm-up
// samples). Prints the table the
// note quotes: gpuc/nvcc time ratios (goal <= 1.05), achieved bandwidth against a device-to-device
// copy (goal >= 90% for bandwidth-bound kernels), the host cost of a launch from Node against a
// driver launch from C (goal within 1.25x), and the time to a first kernel in a new process.
//
// With --first-app (an install without the compiler holding first-kernel.mjs and the saxpy
// bundles, PTX and cubin) and --first-c (first-kernel.c built against libcuda), it also times a
// first kernel from a bundle in fresh processes, phase by phase, against the same steps in C.
//
// A second table (issue 16) puts gpuc kernels written as a skilled user writes them next to
// their best peers: cuBLAS's GEMMs (libcublas through koffi; its rows are left out, saying why,
// where it does not load), and the device copy's bandwidth. Every one of these kernels' results,
// and cuBLAS's, is first checked against a CPU reference.
//
//   node bench-cuda.mjs [--reference <nvcc-built binary>] [--out results.json]
//     [--first-app <dir> --first-c <binary> [--first-rounds N] [--only-first]]
//     [--cublas <libcublas.so>] [--nvcc-ptx <file>]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import {
  assemblePTX,
  CudaDevice,
  type CudaKernel,
  CudaModule,
  compileCuda,
  cudaCompiler,
  DeviceArray,
  launchCuda,
} from '../../packages/backend-cuda/src/index.js';
import { compileJob, createJob, parseType, sourceFromText } from '../../packages/core/src/index.js';
import { median } from '../table.js';
import { type BenchCase, cases, peerCases, scope } from './cases.js';
import { printFirstKernels, timeFirstKernels } from './first-kernels.js';
import { gemmRows } from './gemm-peers.js';
import { issueTimes } from './launch-timing.js';
import { printPeers } from './peers.js';

const options = new Command('bench-cuda')
  .option('--reference <binary>', 'reference.cu built with nvcc -O3')
  .option('--out <file>', 'write the results as JSON')
  .option('--ptx <dir>', "write each kernel's PTX into a folder")
  .option('--first', 'child mode: compile and run saxpy once, print the ms since the process started')
  .option('--first-app <dir>', 'an install with first-kernel.mjs, saxpy.json (PTX) and saxpy-cubin.json')
  .option('--first-c <binary>', 'first-kernel.c built against libcuda')
  .option('--first-rounds <n>', 'rounds of first-kernel processes, the first not counted', Number, 8)
  .option('--only-first', 'time only the first kernel from a bundle (with --first-app and --first-c)')
  .option('--nvcc-ptx <file>', "reference.cu's PTX (nvcc -ptx), to launch some of its kernels as gpuc's")
  .option('--cublas <library>', 'libcublas to load (default: the loader path, then /usr/local/cuda)')
  .parse()
  .opts<{
    reference?: string;
    out?: string;
    first?: boolean;
    ptx?: string;
    firstApp?: string;
    firstC?: string;
    firstRounds: number;
    onlyFirst?: boolean;
    cublas?: string;
    nvccPtx?: string;
  }>();

/** reference.cu's kernels by case, as nvcc names them. */
const NVCC_ENTRIES = [
  ['stencil', '_Z7stencilPKfPfii'],
  ['matmul', '_Z6matmulPKfS0_Pfi'],
  ['black-scholes', '_Z12blackScholesPKfS0_S0_PfS1_ffi'],
] as const;

if (options.first) {
  const x = new Float32Array(1 << 20).fill(1);
  const y = new Float32Array(1 << 20).fill(2);
  launchCuda(
    {
      text: 'function saxpy(a, x, y) { const i = gpu.globalIdx.x; y[i] = a * x[i] + y[i]; }',
      file: 'first.js',
    },
    { grid: x.length / 256, block: 256 },
    2,
    x,
    y,
  );
  if (y[0] !== 4) throw new Error(`wrong result ${y[0]}`);
  console.log(performance.now().toFixed(1));
} else if (options.onlyFirst) {
  if (!options.firstApp || !options.firstC) throw new Error('--only-first needs --first-app and --first-c');
  // No context in this process while its children time theirs.
  const firstRows = timeFirstKernels(options.firstApp, options.firstC, options.firstRounds);
  printFirstKernels(firstRows, options.firstRounds);
  if (options.out) writeFileSync(options.out, `${JSON.stringify({ firstRows }, null, 2)}\n`);
} else {
  const device = CudaDevice.get();
  const stream = device.stream();
  /**
   * The time of one `enqueue` on the stream, as reference.cu takes it: the median of 20 samples
   * (after 3) of ten queued back to back, so that issuing work is not counted as the GPU's time.
   */
  const timeQueued = (enqueue: () => void) => {
    const times: number[] = [];
    for (let r = 0; r < 23; r++) {
      const ms = stream.time(() => {
        for (let k = 0; k < 10; k++) enqueue();
      });
      if (r >= 3) times.push(ms / 10);
    }
    stream.synchronize();
    return median(times);
  };
  /** A case's time per launch (a device exception throws; its arguments are freed after). */
  const timeLaunches = (kernel: CudaKernel, c: BenchCase, args = c.args()) => {
    const ms = timeQueued(() =>
      kernel.launch(c.grid, c.block, args, { stream, sharedBytes: c.sharedBytes ?? 0 }),
    );
    kernel.synchronize(stream);
    for (const a of args) if (a && typeof a === 'object' && 'array' in a) (a.array as DeviceArray).free();
    return ms;
  };
  const compile = (c: BenchCase) =>
    compileCuda(
      { text: c.source, file: `${c.name.replace(/\W+/g, '-')}.js` },
      c.types.map((t) => parseType(t) as never),
      { scope, ...(c.params ? { params: c.params } : {}) },
    );
  /** With --ptx, the case's PTX into that folder, named after it. */
  const writePtx = (c: BenchCase) => {
    if (!options.ptx) return;
    const compiler = cudaCompiler();
    const types = c.types.map((t) => parseType(t) as never);
    // As compileCuda's launches: sm_90a on Hopper (the warpgroup rows' wgmma).
    const params = {
      archSpecific: device.computeCapability === 90,
      ...c.params,
      computeCapability: device.computeCapability,
    };
    const job = createJob(sourceFromText(c.source, `${c.name}.js`), types, compiler.target('cuda', params), {
      scope,
      params,
    });
    writeFileSync(
      join(options.ptx, `${c.name.replace(/\W+/g, '-')}.ptx`),
      compileJob(compiler, job, { kind: 'assembly' }).output,
    );
  };
  const rows: Record<string, number | string>[] = [];
  for (const c of cases) {
    const compileStart = performance.now();
    const kernel = compile(c);
    const compileMs = performance.now() - compileStart;
    writePtx(c);
    rows.push({
      kernel: c.name,
      gpuc: timeLaunches(kernel, c),
      compile: compileMs,
      ...(c.bytes ? { bytes: c.bytes } : {}),
    });
  }

  // Black-Scholes three ways, to see where its gap to nvcc comes from: without line
  // information, and assembled by ptxas for the device instead of the driver's JIT.
  {
    const c = cases.find((k) => k.name === 'black-scholes') as (typeof cases)[number];
    const types = c.types.map((t) => parseType(t) as never);
    const bare = compileCuda({ text: c.source, file: 'bs-bare.js' }, types, {
      scope,
      config: { debugLevel: 0 },
    });
    const compiler = cudaCompiler();
    const params = { computeCapability: device.computeCapability };
    const job = createJob(sourceFromText(c.source, 'bs-cubin.js'), types, compiler.target('cuda', params), {
      scope,
      params,
    });
    const result = compileJob(compiler, job, { kind: 'assembly' });
    const cubin = assemblePTX(result.output as string, `sm_${device.computeCapability}`);
    const assembled = new CudaModule(device, cubin).kernel(result.entry, types);
    rows.push({ kernel: 'black-scholes, no line info', gpuc: timeLaunches(bare, c), compile: 0 });
    rows.push({ kernel: 'black-scholes, ptxas cubin', gpuc: timeLaunches(assembled, c), compile: 0 });
  }

  // nvcc's own PTX of the kernels whose parity slipped, loaded and launched the way gpuc's are
  // (the driver's JIT, gpuc's launch path, pointers passed as u64): a gap left on these rows is
  // not gpuc's code generation.
  if (options.nvccPtx) {
    const module = new CudaModule(device, readFileSync(options.nvccPtx, 'utf8'));
    for (const [name, entry] of NVCC_ENTRIES) {
      const c = cases.find((k) => k.name === name) as BenchCase;
      const kernel = module.kernel(
        entry,
        c.types.map((t) => parseType(t.endsWith('[]') ? 'u64' : t) as never),
      );
      const args = c.args();
      const raw = args.map((a) =>
        a && typeof a === 'object' && 'array' in a ? (a.array as DeviceArray).pointer : a,
      );
      rows.push({ kernel: `${name}, nvcc's PTX`, gpuc: timeLaunches(kernel, c, raw), compile: 0 });
      for (const a of args) if (a && typeof a === 'object' && 'array' in a) (a.array as DeviceArray).free();
    }
  }

  // Host cost of a launch: 10000 empty kernels queued on a stream.
  const empty = compileCuda({ text: 'function empty(x) {}', file: 'empty.js' }, [
    parseType('f32[]') as never,
  ]);
  const dummy = { array: DeviceArray.zeros(Float32Array, 32) };
  // As issued, as reference.cu times it: the median of 7 rounds of 10000 after one.
  const [launchUs] = issueTimes([() => empty.launch(1, 32, [dummy], { stream })], {
    calls: 10_000,
    rounds: 7,
    drain: () => stream.synchronize(),
  }) as [number];

  // Time to a first kernel in a new process: with an empty compile cache, then with it filled.
  const cacheDir = mkdtempSync(join(tmpdir(), 'gpuc-first-'));
  const first = (label: string) => {
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1] as string, '--first'], {
      encoding: 'utf8',
      env: { ...process.env, GPUC_CACHE_DIR: cacheDir },
    });
    if (child.status !== 0) throw new Error(`${label}: ${child.stderr}`);
    return Number(child.stdout.trim());
  };
  const cold = first('cold');
  const warm = first('warm');
  rmSync(cacheDir, { recursive: true, force: true });

  const firstRows =
    options.firstApp && options.firstC
      ? timeFirstKernels(options.firstApp, options.firstC, options.firstRounds)
      : [];

  // cuBLAS's GEMMs first, so that a kernel below that faults (a sticky error for the context)
  // does not take the peers' figures with it.
  const gemms = gemmRows(stream, options.cublas, timeQueued);
  // Issue 16's kernels, after the rows above (whose figures earlier runs compare with): one
  // launch on fresh arguments is checked against the CPU, then the kernel is timed.
  // Rows for one architecture only (wgmma's sm_90a) run on that one alone.
  const here = (c: BenchCase) =>
    c.computeCapability === undefined || c.computeCapability === device.computeCapability;
  // A row that throws (a compile error, a fault) says so in its check cell; the others stay.
  const peerRows = peerCases.filter(here).map((c) => {
    try {
      const kernel = compile(c);
      writePtx(c);
      const args = c.args();
      kernel.launch(c.grid, c.block, args, { stream, sharedBytes: c.sharedBytes ?? 0 });
      kernel.synchronize(stream);
      const wrong = c.check?.(args);
      return { c, ms: timeLaunches(kernel, c, args), check: wrong ?? 'ok' };
    } catch (error) {
      return { c, ms: Number.NaN, check: `threw ${String((error as Error).message).split('\n')[0]}` };
    }
  });
  let reference: Record<string, number> = {};
  if (options.reference) reference = JSON.parse(execFileSync(options.reference, { encoding: 'utf8' }));
  const copy = reference['copy-GBps'];

  console.log(
    `${device.name} (sm_${device.computeCapability}); per launch, medians of 20 samples of 10 launches (CUDA events)\n`,
  );
  const table = [['kernel', 'gpuc ms', 'nvcc ms', 'gpuc/nvcc', 'GB/s', '% of copy', 'compile ms']];
  for (const row of rows) {
    const nvcc = reference[(row.kernel as string).replace(/,.*$/, '')];
    const gbps = row.bytes ? (row.bytes as number) / ((row.gpuc as number) * 1e6) : undefined;
    table.push([
      row.kernel as string,
      (row.gpuc as number).toFixed(3),
      nvcc ? nvcc.toFixed(3) : '-',
      nvcc ? ((row.gpuc as number) / nvcc).toFixed(3) : '-',
      gbps ? gbps.toFixed(0) : '-',
      gbps && copy ? `${((100 * gbps) / copy).toFixed(0)}%` : '-',
      (row.compile as number).toFixed(1),
    ]);
  }
  const widths = (table[0] as string[]).map((_, i) => Math.max(...table.map((r) => (r[i] as string).length)));
  for (const r of table)
    console.log(
      r
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number)))
        .join('  '),
    );
  console.log(`\ndevice-to-device copy: ${copy ? `${copy.toFixed(0)} GB/s` : 'no reference run'}`);
  console.log(
    `host cost of one launch: gpuc from Node ${launchUs.toFixed(2)} us, C driver launch ${reference['launch-us']?.toFixed(2) ?? '-'} us` +
      (reference['launch-us'] ? ` (${(launchUs / reference['launch-us']).toFixed(1)}x)` : ''),
  );
  console.log(
    `time to first kernel in a new process: ${cold.toFixed(0)} ms with an empty cache, ${warm.toFixed(0)} ms with it filled`,
  );
  printFirstKernels(firstRows, options.firstRounds);
  console.log(
    '\nissue 16: gpuc kernels as a skilled user writes them, against the best peer (saxpy4 above, against CUDA C with float4)',
  );
  const peers = printPeers(peerRows, gemms, reference);
  // Wrong numbers fail the run, however fast they came.
  if ([...peerRows, ...gemms.rows].some((r) => r.check !== 'ok')) process.exitCode = 1;
  if (options.out)
    writeFileSync(
      options.out,
      `${JSON.stringify({ device: device.name, rows, reference, launchUs, cold, warm, firstRows, peers, gemms }, null, 2)}\n`,
    );
}
