// How a module is loaded, as the driver sees it, against driver-stub.c built here with cc: PTX
// through cuModuleLoadData, as a cubin is, so that the driver's compute cache serves it (PTX
// loaded with JIT options is compiled afresh in every process); PTX the driver refuses is loaded
// again with the JIT's error log, which the error then carries. In a process of its own: the
// driver is loaded once a process.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDriverStub, hasCc, stubFolder } from './driver-stub.js';

const root = new URL('..', import.meta.url).pathname;
const dir = stubFolder('gpuc-module-load-');

describe.skipIf(!hasCc)('loading a module', () => {
  it('loads PTX as a cubin is, and only a refused one again for the JIT log', () => {
    const stub = buildDriverStub(join(dir, 'libcuda.so.1'));
    const script = `
      import { koffi } from '@gpuc/core/host';
      import { CudaDevice, CudaModule } from './src/driver/index.ts';
      const counts = koffi().load(process.env.GPUC_LIBCUDA).func('void stubModuleLoads(uint64_t *out)');
      const loads = () => { const out = new BigUint64Array(2); counts(out); return [...out].map(Number); };
      const device = CudaDevice.get();
      const refusal = (image) => { try { new CudaModule(device, image); return 'loaded'; } catch (e) { return e.message; } };
      new CudaModule(device, '.version 8.0 // PTX');
      const ptx = loads();
      new CudaModule(device, Buffer.from('cubin'));
      const cubin = loads();
      const badPtx = refusal('bad PTX');
      const afterBadPtx = loads();
      const badCubin = refusal(Buffer.from('bad cubin'));
      console.log(JSON.stringify({ ptx, cubin, badPtx, afterBadPtx, badCubin, afterBadCubin: loads() }));`;
    const output = execFileSync(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script],
      { encoding: 'utf8', cwd: root, env: { ...process.env, GPUC_LIBCUDA: stub }, timeout: 60_000 },
    );
    const seen = JSON.parse(output.trim().split('\n').at(-1) as string);
    expect(seen.ptx).toEqual([1, 0]);
    expect(seen.cubin).toEqual([2, 0]);
    expect(seen.badPtx).toBe('cuModuleLoadDataEx failed: CUDA_ERROR_FAKE (fake)\nstub JIT: bad PTX refused');
    expect(seen.afterBadPtx).toEqual([3, 1]);
    expect(seen.badCubin).toBe('cuModuleLoadData failed: CUDA_ERROR_FAKE (fake)');
    expect(seen.afterBadCubin).toEqual([4, 1]);
  }, 60_000);
});
