/**
 * Loading `gpuc build` bundles: a precompiled kernel (PTX or a cubin) put on a device and
 * returned ready to launch, with no compiler in the install.
 */
import { bundleCode, type KernelBundle, type KernelType, parseBundle, parseType } from '@gpuc/core/host';
import { CudaDevice } from './device.js';
import { type CudaKernel, CudaModule } from './kernel.js';

/** Loads a bundle (its JSON text, or the parsed object) on a device (default: the first). */
export function loadBundle(bundle: KernelBundle | string, device = CudaDevice.get()): CudaKernel {
  const parsed = typeof bundle === 'string' ? parseBundle(bundle) : bundle;
  if (parsed.backend !== 'cuda')
    throw new Error(`gpuc: this bundle is for the ${parsed.backend} back-end, not cuda`);
  const argTypes = parsed.argTypes.map((text) => {
    const type = parseType(text);
    if (!type) throw new Error(`gpuc: the bundle's argument type '${text}' is not a type`);
    return type as KernelType;
  });
  return new CudaModule(device, bundleCode(parsed)).kernel(parsed.entry, argTypes);
}
