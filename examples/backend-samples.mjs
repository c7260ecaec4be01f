// The back-end packages before they are compiler plugins: the sample kernel (saxpy) built with
// the LLVM layer for every target, emitted in memory and packaged with the target's real tools,
// with the median time of each step.
import { assemblePTX, buildSample as buildCuda, cudaTarget, emitPTX, findPtxas } from '@gpuc/backend-cuda';
import { buildSample as buildMetal, emitAIR, metalTarget, writeMetallib } from '@gpuc/backend-metal';
import { buildSample as buildRocm, linkCodeObject, rocmTarget } from '@gpuc/backend-rocm';
import { buildSaxpy, createContext, emit, nativeSample, nativeTarget } from '@gpuc/core';
import { median, printTable, time } from './table.mjs';

/** Prints the table of the sample kernel on every back-end package. */
export function backendSamples() {
  const runs = 25;
  const context = createContext();

  /** Builds, emits and packages `runs` times; returns the last outputs and the median timings. */
  function measure({ build, emitOutput, packageOutput }) {
    const timings = { build: [], emit: [], package: [] };
    let last;
    for (let i = 0; i < runs + 1; i++) {
      const built = time(build);
      const emitted = time(() => emitOutput(built.result));
      const packaged = packageOutput ? time(() => packageOutput(emitted.result)) : undefined;
      built.result.dispose();
      if (i === 0) continue; // the first run warms up LLVM's lazily built tables
      timings.build.push(built.ms);
      timings.emit.push(emitted.ms);
      if (packaged) timings.package.push(packaged.ms);
      last = { emitted: emitted.result, packaged: packaged?.result };
    }
    return {
      ...last,
      build: median(timings.build),
      emit: median(timings.emit),
      package: timings.package.length ? median(timings.package) : undefined,
    };
  }

  const native = nativeTarget();
  const cuda = cudaTarget();
  const rocm = rocmTarget();
  const metal = metalTarget();
  const ptxas = findPtxas();

  const rows = [
    {
      target: `native (${native.cpu})`,
      output: 'x86-64 object',
      ...measure({
        build: () => buildSaxpy(context, native, nativeSample),
        emitOutput: (m) => emit(m, native, 'object'),
      }),
    },
    {
      target: `cuda (${cuda.cpu})`,
      output: ptxas ? 'PTX, cubin sm_90 (ptxas)' : 'PTX (no ptxas)',
      ...measure({
        build: () => buildCuda(context, cuda),
        emitOutput: (m) => emitPTX(m, cuda),
        packageOutput: ptxas ? (ptx) => assemblePTX(ptx, 'sm_90') : undefined,
      }),
    },
    {
      target: `rocm (${rocm.cpu})`,
      output: 'object, code object (lld in process)',
      ...measure({
        build: () => buildRocm(context, rocm),
        emitOutput: (m) => emit(m, rocm, 'object'),
        packageOutput: (object) => linkCodeObject(object),
      }),
    },
    {
      target: 'metal (air64)',
      output: 'AIR bitcode, metallib',
      ...measure({
        build: () => buildMetal(context, metal),
        emitOutput: (m) => emitAIR(m),
        packageOutput: (bitcode) => writeMetallib([{ name: 'saxpy', bitcode }], '13.0'),
      }),
    },
  ];

  const bytes = (output) => (typeof output === 'string' ? Buffer.byteLength(output) : output.length);
  const ms = (value) => (value === undefined ? '-' : value.toFixed(2));
  const table = [
    ['target', 'output', 'emitted bytes', 'packaged bytes', 'build IR ms', 'emit ms', 'package ms'],
    ...rows.map((r) => [
      r.target,
      r.output,
      String(bytes(r.emitted)),
      r.packaged ? String(bytes(r.packaged)) : '-',
      ms(r.build),
      ms(r.emit),
      ms(r.package),
    ]),
  ];
  console.log(`\nthe back-end packages' sample kernel (saxpy), medians of ${runs} runs in one process\n`);
  printTable(table);
}
