// The main job: every example kernel (saxpy, a block reduction in shared memory, a Mandelbrot
// image, an n-body step, gravitational forces by automatic differentiation) compiled for every
// installed target, run on the native target on every core, checked against the reference
// runner, and tabulated; the Mandelbrot image is written as a PNG. Exits with 1 if any result
// disagrees.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import {
  CompileError,
  compileJob,
  compileNative,
  createCompiler,
  createJob,
  runReference,
  sourceOf,
  typeOfValue,
} from '@gpuc/core';
import { differences, installedPlugins, progressBar } from '@gpuc/core/tools';
import { encode } from 'fast-png';
import forces from './kernels/forces.mjs';
import mandelbrot from './kernels/mandelbrot.mjs';
import nbody from './kernels/nbody.mjs';
import reduction from './kernels/reduction.mjs';
import saxpy from './kernels/saxpy.mjs';
import { median, printTable, time } from './table.mjs';

const examples = [saxpy, reduction, mandelbrot, nbody, forces];
const here = import.meta.dirname;
const installed = await installedPlugins(here);
const plugins = installed.map((p) => p.plugin);
const compiler = createCompiler().use(...plugins);
// Back-ends that can run kernels on this machine (a GPU's, when one is present).
const runners = installed.map((p) => p.conformance).filter((c) => c?.run);
const targets = [...compiler.targets.keys()];
const cores = availableParallelism();
const launches = 5;

/** Escape counts to colours: black inside the set, a blue-to-gold ramp outside. */
function writeImage(counts, { width, height, limit }, path) {
  const data = new Uint8Array(width * height * 3);
  counts.forEach((k, p) => {
    if (k >= limit) return;
    const t = Math.sqrt(k / limit);
    data.set([Math.round(255 * Math.min(1, 2 * t)), Math.round(200 * t), Math.round(255 * (1 - t))], p * 3);
  });
  writeFileSync(path, encode({ width, height, data, channels: 3, depth: 8 }));
}

const rows = [];
let failed = false;
const progress = progressBar('examples');
for (const [done, example] of examples.entries()) {
  progress.listener(done, examples.length, example.name);
  const argTypes = example.args().map((a) => typeOfValue(a));
  // Compile time per target, to assembly (PTX for CUDA; the packaged object where LLVM has no
  // machine to write assembly, a metallib for Metal): the whole pipeline, the first time this
  // process sees the kernel. A target that refuses the kernel by design (f64 on Metal) says so.
  const compileMs = targets.map((target) => {
    const job = createJob(sourceOf(example.kernel), argTypes, compiler.target(target), {
      scope: example.scope ?? {},
    });
    const kind = job.target.hasMachine ? 'assembly' : 'object';
    try {
      return time(() => compileJob(compiler, job, { kind, memory: false })).ms.toFixed(1);
    } catch (error) {
      if (error instanceof CompileError && error.code === 'unsupported-on-target') return 'refused';
      throw error;
    }
  });
  const kernel = compileNative(example.kernel, argTypes, { compiler, scope: example.scope ?? {} });
  const actual = example.args();
  kernel.launch(example.grid, example.block, actual);
  const timing = example.args();
  const runMs = median(
    Array.from({ length: launches }, () => time(() => kernel.launch(example.grid, example.block, timing)).ms),
  );
  const expected = example.args();
  const referenceMs = time(() =>
    runReference(
      example.kernel,
      { grid: example.grid, block: example.block, scope: example.scope },
      expected,
    ),
  ).ms;
  const problems = differences(expected, actual, example.ulps ?? 0);
  failed ||= problems.length > 0;
  let result =
    problems.length === 0
      ? example.ulps
        ? `matches (within ${example.ulps} ulp)`
        : 'matches'
      : `DIFFERS: ${problems[0]}`;
  if (example.summary) result += `; ${example.summary(actual)}`;
  for (const runner of runners) {
    const entry = {
      name: example.name,
      source: sourceOf(example.kernel).text,
      grid: example.grid,
      block: example.block,
      ...(example.scope ? { scope: () => example.scope } : {}),
    };
    const onDevice = example.args();
    try {
      await runner.run(entry, onDevice, argTypes, plugins);
    } catch (error) {
      // A back-end that refuses the kernel by design (f64 on WebGPU) says so.
      const reason = runner.refusal?.(error);
      if (reason === undefined) throw error;
      result += `; refused on ${runner.name}`;
      continue;
    }
    const wrong = differences(expected, onDevice, example.ulps ?? 0);
    failed ||= wrong.length > 0;
    result += wrong.length === 0 ? `; on ${runner.name} too` : `; on ${runner.name} DIFFERS: ${wrong[0]}`;
  }
  if (example.image) {
    const out = join(here, 'out');
    mkdirSync(out, { recursive: true });
    writeImage(actual[0], example.image, join(out, 'mandelbrot.png'));
    result += `; image in examples/out/mandelbrot.png`;
  }
  const [gx, gy = 1] = typeof example.grid === 'number' ? [example.grid] : example.grid;
  const [bx, by = 1] = typeof example.block === 'number' ? [example.block] : example.block;
  rows.push([
    example.name,
    String(gx * gy * bx * by),
    ...compileMs,
    runMs.toFixed(2),
    referenceMs.toFixed(0),
    result,
  ]);
}
progress.stop();

console.log(
  `the examples: compile ms per target (to assembly, first compile in this process), native run ms (median of ${launches}, ${cores} cores), reference runner ms\n`,
);
printTable([
  ['example', 'threads', ...targets.map((t) => `compile ${t}`), 'native run', 'reference', 'result'],
  ...rows,
]);
if (failed) process.exitCode = 1;
