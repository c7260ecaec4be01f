/**
 * The CUDA devices this process sees, described for `gpuc devices`: none (not an error) where
 * there is no driver or no device.
 */
import type { DeviceDescription } from '@gpuc/core/host';
import { hasCudaDevice } from './api.js';
import { CudaDevice } from './device.js';

/** Every visible device, by ordinal. */
export function cudaDevices(): DeviceDescription[] {
  if (!hasCudaDevice()) return [];
  return Array.from({ length: CudaDevice.count() }, (_, ordinal) => {
    const device = CudaDevice.get(ordinal);
    return {
      id: `cuda:${ordinal}`,
      name: device.name,
      target: `sm_${device.computeCapability}`,
      detail: `${device.multiprocessors} SMs, ${Number(device.totalMemory / 2n ** 20n)} MiB`,
    };
  });
}
