/**
 * The CUDA back-end in the conformance runner: on a machine with an NVIDIA GPU each kernel runs
 * there and is compared with the reference runner; elsewhere it is compiled to PTX and
 * assembled by ptxas for `sm_80` and `sm_90` (a kernel of warpgroup matrix operations for
 * `sm_90a`, the one architecture with them; the cell reads `compiled`).
 */
import { compileJob } from '@gpuc/core/compiler';
import { type ConformanceBackend, compilerWith, deviceRun, entryJob } from '@gpuc/core/tools';
import { hasCudaDevice } from './driver/api.js';
import { launchCuda } from './launch/launch.js';
import { CudaPlugin } from './target/plugin.js';
import { assemblePTX, findPtxas } from './target/ptxas.js';
import { HOPPER, WARPGROUP_ARCH } from './target/warpgroup.js';

export const cudaConformance: ConformanceBackend = {
  name: 'cuda',
  get run(): ConformanceBackend['run'] {
    return deviceRun(hasCudaDevice, () => new CudaPlugin(), launchCuda);
  },
  check(entry, argTypes, plugins) {
    const compiler = compilerWith(plugins, new CudaPlugin());
    // The warpgroup matrix operations exist on sm_90a alone: such a kernel is checked there.
    const hopper = /\bgpu\.matrixWarpgroup\w+\(/.test(entry.source);
    const params = hopper ? { computeCapability: HOPPER, archSpecific: true } : {};
    const job = entryJob(entry, argTypes, compiler.target('cuda', params));
    const ptx = compileJob(compiler, job, { kind: 'assembly' }).output as string;
    if (!findPtxas()) return `PTX (${ptx.length} bytes); no ptxas to check it`;
    const archs = hopper ? [WARPGROUP_ARCH] : ['sm_80', 'sm_90'];
    for (const arch of archs) assemblePTX(ptx, arch);
    return `PTX accepted by ptxas for ${archs.join(' and ')}`;
  },
};
