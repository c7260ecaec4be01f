/**
 * Which route a device gives gpuc's warp operations (`WarpRoute`): WGSL's subgroup operations
 * where its subgroups can be 32 invocations, else workgroup memory; and its f16 arrays
 * (`HalfRoute`): WGSL f16 where it has `shader-f16`, else words; and why a route asked for
 * cannot run there.
 */
import { badLaunch } from '@gpuc/core/host';
import type { HalfRoute, WarpRoute } from './layout.js';

/** The routes, in the order messages list them. */
const ROUTES: readonly WarpRoute[] = ['workgroup', 'subgroups', 'sized-subgroups'];

/**
 * A route a caller asked for (a launch's `warps`, the `warps` target param), or undefined where
 * none was; a `bad-launch` error for anything else.
 */
export function checkRoute(warps: unknown): WarpRoute | undefined {
  if (warps === undefined || ROUTES.includes(warps as WarpRoute)) return warps as WarpRoute | undefined;
  throw badLaunch(
    `warps must be ${ROUTES.map((r) => `'${r}'`).join(', ')} or left out, not ${String(warps)}`,
  );
}

/** The adapter's subgroup sizes, where the device tells them (older browsers do not). */
function subgroupSizes(device: GPUDevice): { min: number; max: number } | undefined {
  const info = (device as { adapterInfo?: { subgroupMinSize?: number; subgroupMaxSize?: number } })
    .adapterInfo;
  const min = info?.subgroupMinSize;
  const max = info?.subgroupMaxSize;
  return min !== undefined && max !== undefined ? { min, max } : undefined;
}

/**
 * How kernels with warp operations run on a device for a block size: as WGSL subgroup operations
 * where the device has `subgroups` and its subgroups are 32 invocations (always, or asked for
 * with `subgroup-size-control` where the block's x is a multiple of 32), else through workgroup
 * memory.
 */
export function warpRoute(device: GPUDevice, block: readonly number[]): WarpRoute {
  const sizes = subgroupSizes(device);
  if (!sizes || !device.features.has('subgroups')) return 'workgroup';
  if (sizes.min === 32 && sizes.max === 32) return 'subgroups';
  const sized =
    device.features.has('subgroup-size-control') &&
    sizes.min <= 32 &&
    sizes.max >= 32 &&
    (block[0] ?? 1) % 32 === 0;
  return sized ? 'sized-subgroups' : 'workgroup';
}

/**
 * Why a device cannot run warp operations by a route for a block size (a sentence), or undefined
 * where it can: the feature it lacks, subgroup sizes that do not take 32, or a block whose x is
 * no multiple of the 32 asked for.
 */
export function warpRouteRefusal(
  device: GPUDevice,
  route: WarpRoute,
  block: readonly number[],
): string | undefined {
  if (route === 'workgroup') return undefined;
  const missing = missingFeature(device, route);
  if (missing) return missing;
  const sizes = subgroupSizes(device);
  if (route === 'sized-subgroups' && (block[0] ?? 1) % 32 !== 0)
    return `subgroups of 32 asked for need a block whose x is a multiple of 32, not [${block.join(', ')}]`;
  const fits =
    route === 'subgroups'
      ? sizes?.min === 32 && sizes.max === 32
      : sizes !== undefined && sizes.min <= 32 && sizes.max >= 32;
  if (sizes && !fits) {
    const range = sizes.min === sizes.max ? `${sizes.min}` : `${sizes.min} to ${sizes.max}`;
    return `this WebGPU device's subgroups have ${range} invocations, not ${route === 'subgroups' ? 'always ' : ''}gpuc's 32`;
  }
  return undefined;
}

/** The device feature a route needs and lacks (a sentence), or undefined. */
export function missingFeature(device: GPUDevice, route: WarpRoute): string | undefined {
  if (route === 'workgroup') return undefined;
  for (const feature of route === 'subgroups' ? ['subgroups'] : ['subgroups', 'subgroup-size-control'])
    if (!device.features.has(feature)) return `this WebGPU device has no '${feature}' feature`;
  return undefined;
}

/** The f16 routes, in the order messages list them. */
const HALF_ROUTES: readonly HalfRoute[] = ['words', 'shader-f16'];

/** An f16 route a caller asked for (a launch's `halves`, the `halves` target param), or undefined; a `bad-launch` error for anything else. */
export function checkHalfRoute(halves: unknown): HalfRoute | undefined {
  if (halves === undefined || HALF_ROUTES.includes(halves as HalfRoute))
    return halves as HalfRoute | undefined;
  throw badLaunch(
    `halves must be ${HALF_ROUTES.map((r) => `'${r}'`).join(' or ')} or left out, not ${String(halves)}`,
  );
}

/** How a device holds kernels' f16 arrays: as WGSL f16 where it has `shader-f16`, else in words. */
export function halfRoute(device: GPUDevice): HalfRoute {
  return device.features.has('shader-f16') ? 'shader-f16' : 'words';
}

/** Why a device cannot hold f16 arrays by a route (a sentence), or undefined where it can. */
export function halfRouteRefusal(device: GPUDevice, route: HalfRoute): string | undefined {
  return route === 'shader-f16' && !device.features.has('shader-f16')
    ? "this WebGPU device has no 'shader-f16' feature"
    : undefined;
}
