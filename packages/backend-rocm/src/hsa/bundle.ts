/**
 * Loading `gpuc build --object` bundles for ROCm: a precompiled code object put on a GPU and
 * returned ready to launch, with no compiler in the install. Its kernel arguments are laid out
 * from the bundle's argument types (kernargs.ts says why that is enough).
 */
import { bundleCode, type KernelBundle, type KernelType, parseBundle, parseType } from '@gpuc/core/host';
import { RocmDevice } from './device.js';
import { type RocmKernel, RocmModule } from './kernel.js';

/** Loads a bundle (its JSON text, or the parsed object) on a GPU (default: the first). */
export function loadBundle(bundle: KernelBundle | string, device = RocmDevice.get()): RocmKernel {
  const parsed = typeof bundle === 'string' ? parseBundle(bundle) : bundle;
  if (parsed.backend !== 'rocm')
    throw new Error(`gpuc: this bundle is for the ${parsed.backend} back-end, not rocm`);
  if (parsed.kind !== 'object')
    throw new Error('gpuc: a ROCm bundle must hold a code object (build it with --object), not assembly');
  const argTypes = parsed.argTypes.map((text) => {
    const type = parseType(text);
    if (!type) throw new Error(`gpuc: the bundle's argument type '${text}' is not a type`);
    return type as KernelType;
  });
  return new RocmModule(device, bundleCode(parsed) as Buffer).kernel(parsed.entry, argTypes);
}
