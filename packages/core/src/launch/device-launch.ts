/**
 * A GPU launch from JavaScript, the steps every back-end's `launch<X>` takes: the geometry and
 * the dynamic shared bytes checked (a coded LaunchError, before a device is opened), the
 * arguments' kernel types, the device, the kernel compiled and loaded for them, then the grid and
 * block (for a sized launch, the block the back-end suggests for the loaded kernel).
 */
import type { FunctionInput } from '../frontend/infer.js';
import { checkSharedBytes, type Dim } from '../host/dim.js';
import { checkLaunchGeometry, launchGeometry, type SizedLaunch } from '../host/sized-launch.js';
import type { DeviceCompileOptions, DeviceKernels, NamedKernel } from './loaded.js';

/** What a GPU launch gives: a grid and block or a size, compile options, dynamic shared bytes. */
export type DeviceLaunchOptions<Device> = ({ readonly grid: Dim; readonly block: Dim } | SizedLaunch) &
  DeviceCompileOptions<Device> & { readonly sharedBytes?: number };

/** A launch ready to run: the loaded kernel, its grid and its block. */
export interface PreparedLaunch<T> {
  readonly kernel: T;
  readonly grid: Dim;
  readonly block: Dim;
}

/**
 * Checks a launch, compiles and loads its kernel for the arguments' types on the launch's device
 * (or the default one), and says the grid and block; `suggestedBlock` gives a sized launch's
 * block for the loaded kernel (by default `kernels.sizedBlock`: 256 threads, at most the
 * kernel's limit).
 */
export function prepareDeviceLaunch<T extends NamedKernel, Device>(
  kernels: DeviceKernels<T, Device>,
  kernel: FunctionInput,
  launch: DeviceLaunchOptions<Device>,
  args: readonly unknown[],
  suggestedBlock: (loaded: T) => number = (loaded) => kernels.sizedBlock(loaded),
): PreparedLaunch<T> {
  // What can be checked without a device is, before one is opened.
  checkLaunchGeometry(launch);
  checkSharedBytes(launch.sharedBytes ?? 0);
  const argTypes = kernels.argumentTypes(kernel, args);
  const device = kernels.device(launch);
  const loaded = kernels.compile(kernel, argTypes, { ...launch, device });
  return { kernel: loaded, ...launchGeometry(launch, () => suggestedBlock(loaded)) };
}
