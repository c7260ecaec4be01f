/**
 * The CUDA back-end in the conformance runner: on a machine with an NVIDIA GPU each kernel runs
 * there and is compared with the reference runner; elsewhere it is compiled to PTX and
 * assembled by ptxas for `sm_80` and `sm_90` (the cell reads `compiled`).
 */
import { compileJob } from '@gpuc/core/compiler';
import { type ConformanceBackend, compilerWith, deviceRun, entryJob } from '@gpuc/core/tools';
import { hasCudaDevice } from './driver/api.js';
import { launchCuda } from './launch/launch.js';
import { CudaPlugin } from './target/plugin.js';
import { assemblePTX, findPtxas } from './target/ptxas.js';

export const cudaConformance: ConformanceBackend = {
  name: 'cuda',
  get run(): ConformanceBackend['run'] {
    return deviceRun(hasCudaDevice, () => new CudaPlugin(), launchCuda);
  },
  check(entry, argTypes, plugins) {
    const compiler = compilerWith(plugins, new CudaPlugin());
    const job = entryJob(entry, argTypes, compiler.target('cuda'));
    const ptx = compileJob(compiler, job, { kind: 'assembly' }).output as string;
    if (!findPtxas()) return `PTX (${ptx.length} bytes); no ptxas to check it`;
    for (const arch of ['sm_80', 'sm_90']) assemblePTX(ptx, arch);
    return 'PTX accepted by ptxas for sm_80 and sm_90';
  },
};
