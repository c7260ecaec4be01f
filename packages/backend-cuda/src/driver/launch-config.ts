/**
 * A kernel's launch configuration in memory made once and rewritten in place by each launch:
 * the struct `cuLaunchKernelEx` reads (`CUlaunchConfig`), so that a launch hands koffi four
 * numbers and allocates nothing.
 */
import { driverFunction, optionalDriverFunction } from './api.js';
import { addressOf } from './memory.js';

/** `CUlaunchConfig`'s bytes: seven 32-bit words, the stream at 32, attributes at 40 and 48. */
const CONFIG_BYTES = 56;
const STREAM_OFFSET = 32;

/**
 * Grid, block, dynamic shared memory and stream of a kernel's next launch, and the call that
 * launches with them: `cuLaunchKernelEx` where the driver has it (CUDA 12.0 on), otherwise
 * `cuLaunchKernel` with the same values as arguments.
 */
export class LaunchConfig {
  /**
   * Grid x, y, z at 0 to 2, block x, y, z at 3 to 5 (as core's `writeGeometry` stores them),
   * dynamic shared bytes at 6.
   */
  readonly extents: Uint32Array;
  /** The stream's handle as an integer at 0 (0n: the context's default stream). */
  readonly stream: BigUint64Array;
  /** Launches the kernel with the values written here; returns the driver's result code. */
  readonly launch: () => number;

  /**
   * @param fn the kernel function's handle as an integer
   * @param kernelParams the address of its parameter pointers (`ParameterBlock.kernelParams`)
   */
  constructor(fn: bigint, kernelParams: bigint) {
    const memory = new Uint8Array(CONFIG_BYTES);
    this.extents = new Uint32Array(memory.buffer, 0, 7);
    this.stream = new BigUint64Array(memory.buffer, STREAM_OFFSET, 1);
    const [config, f, p] = [addressOf(memory), fn, kernelParams].map(Number) as [number, number, number];
    const ex = optionalDriverFunction('cuLaunchKernelEx');
    const e = this.extents;
    const stream = this.stream;
    if (ex) this.launch = () => ex(config, f, p, 0);
    else {
      const launchKernel = driverFunction('cuLaunchKernel');
      this.launch = () => launchKernel(f, e[0], e[1], e[2], e[3], e[4], e[5], e[6], Number(stream[0]), p, 0);
    }
  }
}
