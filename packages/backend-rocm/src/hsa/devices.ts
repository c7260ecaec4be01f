/**
 * The AMD GPUs the HSA runtime sees, described for `gpuc devices`: none (not an error) where
 * there is no runtime or no GPU.
 */
import type { DeviceDescription } from '@gpuc/core/host';
import { hasRocmDevice } from './api.js';
import { RocmDevice } from './device.js';

/** Every visible GPU, by index. */
export function rocmDevices(): DeviceDescription[] {
  if (!hasRocmDevice()) return [];
  return Array.from({ length: RocmDevice.count() }, (_, index) => {
    const device = RocmDevice.get(index);
    return {
      id: `rocm:${index}`,
      name: device.productName,
      target: device.name,
      detail: `${device.computeUnits} CUs, wave${device.wavefrontSize}`,
    };
  });
}
