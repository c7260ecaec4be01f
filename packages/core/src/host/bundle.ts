/**
 * Kernel bundles: a compiled kernel with what a runtime needs to load and launch it (its
 * target, entry name, argument types, params), written by `gpuc build` and read by a back-end's
 * driver in an install that has no compiler.
 */

/** The format tag of this version of bundles. */
export const BUNDLE_FORMAT = 'gpuc-bundle/1';

export interface KernelBundle {
  readonly format: typeof BUNDLE_FORMAT;
  /** The target's name (`cuda`) and back-end. */
  readonly target: string;
  readonly backend: string;
  /** The kernel's symbol in the code. */
  readonly entry: string;
  /** The argument types it was compiled for, as written in signatures (`f32[]`). */
  readonly argTypes: readonly string[];
  /** The target params it was compiled with (compute capability...). */
  readonly params: Readonly<Record<string, string | number | boolean>>;
  /** Assembly (PTX for CUDA) or an object (a cubin), as text or base64. */
  readonly kind: 'assembly' | 'object';
  readonly encoding: 'utf8' | 'base64';
  readonly code: string;
  /** The gpuc version that compiled it. */
  readonly compiledBy: string;
}

/** A bundle from its JSON, checked field by field; a clear error for anything else. */
export function parseBundle(json: string, where = 'the bundle'): KernelBundle {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new Error(`gpuc: ${where} is not JSON: ${(error as Error).message}`);
  }
  const bundle = value as Partial<KernelBundle>;
  if (bundle?.format !== BUNDLE_FORMAT)
    throw new Error(
      `gpuc: ${where} is not a gpuc kernel bundle (format ${String(bundle?.format)}, expected ${BUNDLE_FORMAT})`,
    );
  const strings = ['target', 'backend', 'entry', 'code', 'compiledBy'] as const;
  for (const key of strings)
    if (typeof bundle[key] !== 'string') throw new Error(`gpuc: ${where} has no ${key}`);
  if (!Array.isArray(bundle.argTypes) || bundle.argTypes.some((t) => typeof t !== 'string'))
    throw new Error(`gpuc: ${where} has no argument types`);
  if (bundle.kind !== 'assembly' && bundle.kind !== 'object')
    throw new Error(`gpuc: ${where} has no code kind`);
  if (bundle.encoding !== 'utf8' && bundle.encoding !== 'base64')
    throw new Error(`gpuc: ${where} has no encoding`);
  return bundle as KernelBundle;
}

/** A bundle's code: text (assembly) or bytes (an object). */
export function bundleCode(bundle: KernelBundle): string | Buffer {
  return bundle.encoding === 'base64' ? Buffer.from(bundle.code, 'base64') : bundle.code;
}
