/**
 * Devices as `gpuc devices` lists them: each back-end package names a function that describes
 * the devices it sees (its package.json's `gpuc.devices`), and the host CPU stands for native.
 */
import { availableParallelism, cpus } from 'node:os';

/** One device a back-end can run kernels on. */
export interface DeviceDescription {
  /** How to name it: `cuda:0`, `rocm:1`, `native`. */
  readonly id: string;
  /** The product's name. */
  readonly name: string;
  /** The compile target's architecture (`sm_90`, `gfx942`, the CPU's). */
  readonly target: string;
  /** Anything else worth a column: units, memory. */
  readonly detail: string;
}

/** The host CPU: the native back-end's device. */
export function nativeDevice(cpu: string): DeviceDescription {
  return {
    id: 'native',
    name: cpus()[0]?.model.trim() ?? 'unknown CPU',
    target: cpu,
    detail: `${availableParallelism()} threads`,
  };
}
