/**
 * The CUDA back-end in the conformance runner where no GPU runs it: each kernel compiled to PTX
 * and assembled by ptxas for `sm_80` and `sm_90` (the cell reads `compiled`).
 */
import { type Compiler, type ConformanceBackend, compileJob, createCompiler, entryJob } from '@gpuc/core';
import { CudaPlugin } from './plugin.js';
import { assemblePTX, findPtxas } from './ptxas.js';

let compiler: Compiler | undefined;

export const cudaConformance: ConformanceBackend = {
  name: 'cuda',
  check(entry, argTypes) {
    compiler ??= createCompiler().use(new CudaPlugin());
    const job = entryJob(entry, argTypes, compiler.target('cuda'));
    const ptx = compileJob(compiler, job, { kind: 'assembly' }).output as string;
    if (!findPtxas()) return `PTX (${ptx.length} bytes); no ptxas to check it`;
    for (const arch of ['sm_80', 'sm_90']) assemblePTX(ptx, arch);
    return 'PTX accepted by ptxas for sm_80 and sm_90';
  },
};
