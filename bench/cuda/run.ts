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
//   node bench-cuda.mjs [--reference <nvcc-built binary>] [--out results.json]
//     [--first-app <dir> --first-c <binary>]
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
import { cases, scope } from './cases.js';

const options = new Command('bench-cuda')
  .option('--reference <binary>', 'reference.cu built with nvcc -O3')
  .option('--out <file>', 'write the results as JSON')
  .option('--ptx <dir>', "write each kernel's PTX into a folder")
  .option('--first', 'child mode: compile and run saxpy once, print the ms since the process started')
  .option('--first-app <dir>', 'an install with first-kernel.mjs, saxpy.json (PTX) and saxpy-cubin.json')
  .option('--first-c <binary>', 'first-kernel.c built against libcuda')
  .parse()
  .opts<{
    reference?: string;
    out?: string;
    first?: boolean;
    ptx?: string;
    firstApp?: string;
    firstC?: string;
  }>();

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

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
} else {
  const device = CudaDevice.get();
  const stream = device.stream();
  /**
   * A case's time per launch, as reference.cu takes it: the median of 20 samples (after 3) of ten
   * launches queued back to back, so that issuing a launch is not counted as the GPU's time.
   */
  const timeLaunches = (kernel: CudaKernel, c: (typeof cases)[number]) => {
    const args = c.args();
    const times: number[] = [];
    for (let r = 0; r < 23; r++) {
      const ms = stream.time(() => {
        for (let k = 0; k < 10; k++) kernel.launch(c.grid, c.block, args, { stream });
      });
      if (r >= 3) times.push(ms / 10);
    }
    kernel.synchronize(stream);
    c.check?.(args);
    for (const a of args) if (a && typeof a === 'object' && 'array' in a) (a.array as DeviceArray).free();
    return median(times);
  };
  const rows: Record<string, number | string>[] = [];
  for (const c of cases) {
    const compileStart = performance.now();
    const kernel = compileCuda(
      { text: c.source, file: `${c.name}.js` },
      c.types.map((t) => parseType(t) as never),
      { scope },
    );
    const compileMs = performance.now() - compileStart;
    if (options.ptx) {
      const compiler = cudaCompiler();
      const types = c.types.map((t) => parseType(t) as never);
      const params = { computeCapability: device.computeCapability };
      const job = createJob(
        sourceFromText(c.source, `${c.name}.js`),
        types,
        compiler.target('cuda', params),
        { scope, params },
      );
      writeFileSync(
        join(options.ptx, `${c.name}.ptx`),
        compileJob(compiler, job, { kind: 'assembly' }).output,
      );
    }
    rows.push({
      kernel: c.name,
      gpuc: timeLaunches(kernel, c),
      compile: compileMs,
      ...(c.bytes ? { bytes: c.bytes } : {}),
      ...(c.flops ? { flops: c.flops } : {}),
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

  // Host cost of a launch: 10000 empty kernels queued on a stream.
  const empty = compileCuda({ text: 'function empty(x) {}', file: 'empty.js' }, [
    parseType('f32[]') as never,
  ]);
  const dummy = { array: DeviceArray.zeros(Float32Array, 32) };
  for (let i = 0; i < 100; i++) empty.launch(1, 32, [dummy], { stream });
  stream.synchronize();
  const launches = 10_000;
  const start = performance.now();
  for (let i = 0; i < launches; i++) empty.launch(1, 32, [dummy], { stream });
  const launchUs = ((performance.now() - start) * 1000) / launches;
  stream.synchronize();

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

  // A first kernel from a bundle: whole fresh processes timed from outside (spawn to exit) and
  // their phases (ms since the process began: Node's time origin, C's main) from inside.
  const firstRows: { what: string; wall: number; phases: Record<string, number> }[] = [];
  if (options.firstApp && options.firstC) {
    const app = options.firstApp;
    const processes = (what: string, command: string, args: string[]) => {
      const walls: number[] = [];
      const phases: Record<string, number[]> = {};
      // The first run fills the driver's JIT cache for PTX; it is not counted.
      for (let run = 0; run < 8; run++) {
        const start = performance.now();
        const child = spawnSync(command, args, { cwd: app, encoding: 'utf8' });
        const wall = performance.now() - start;
        if (child.status !== 0) {
          console.error(`${what}: ${child.stderr.trim()}`);
          return;
        }
        if (run === 0) continue;
        walls.push(wall);
        const line = child.stdout.trim().split('\n').pop() || '{}';
        for (const [phase, ms] of Object.entries(JSON.parse(line) as Record<string, number>))
          phases[phase] = [...(phases[phase] ?? []), ms];
      }
      firstRows.push({
        what,
        wall: median(walls),
        phases: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, median(v)])),
      });
    };
    processes('Node alone (node -e 0)', process.execPath, ['-e', '0']);
    const images = mkdtempSync(join(tmpdir(), 'gpuc-first-images-'));
    for (const [label, file] of [
      ['PTX', 'saxpy.json'],
      ['cubin', 'saxpy-cubin.json'],
    ] as const) {
      const bundle = JSON.parse(readFileSync(join(app, file), 'utf8'));
      const image = join(images, `${label}.image`);
      writeFileSync(image, Buffer.from(bundle.code, bundle.encoding));
      processes(`gpuc, ${label} bundle`, process.execPath, ['first-kernel.mjs', file]);
      processes(`C driver API, ${label}`, options.firstC, [image, bundle.entry]);
    }
    rmSync(images, { recursive: true, force: true });
  }

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
  for (const row of rows)
    if (row.flops)
      console.log(
        `${row.kernel}: ${((row.flops as number) / ((row.gpuc as number) * 1e9)).toFixed(1)} TFLOP/s`,
      );
  console.log(`\ndevice-to-device copy: ${copy ? `${copy.toFixed(0)} GB/s` : 'no reference run'}`);
  console.log(
    `host cost of one launch: gpuc from Node ${launchUs.toFixed(2)} us, C driver launch ${reference['launch-us']?.toFixed(2) ?? '-'} us` +
      (reference['launch-us'] ? ` (${(launchUs / reference['launch-us']).toFixed(1)}x)` : ''),
  );
  console.log(
    `time to first kernel in a new process: ${cold.toFixed(0)} ms with an empty cache, ${warm.toFixed(0)} ms with it filled`,
  );
  if (firstRows.length > 0) {
    console.log('\nfirst kernel from a bundle in a new process (medians of 7 processes after one):');
    const wallOf = (what: string) => firstRows.find((r) => r.what === what)?.wall;
    for (const row of firstRows) {
      const c = row.what.startsWith('gpuc')
        ? wallOf(row.what.replace(/gpuc, (\w+) bundle/, 'C driver API, $1'))
        : undefined;
      const phases = Object.entries(row.phases)
        .map(([phase, ms]) => `${phase} ${ms.toFixed(1)}`)
        .join(', ');
      console.log(
        `  ${row.what.padEnd(24)} ${row.wall.toFixed(1).padStart(7)} ms${c ? ` (${(row.wall / c).toFixed(2)}x C)` : ''}${phases ? `; ms since start at the end of: ${phases}` : ''}`,
      );
    }
  }
  if (options.out)
    writeFileSync(
      options.out,
      `${JSON.stringify({ device: device.name, rows, reference, launchUs, cold, warm, firstRows }, null, 2)}\n`,
    );
}
