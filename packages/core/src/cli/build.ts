/**
 * `gpuc build`: a file's kernel compiled into a bundle (see host/bundle.ts) that the target's
 * back-end loads and launches in an install without the compiler.
 */
import type { Compiler } from '../compiler/compiler.js';
import type { Params } from '../compiler/job.js';
import { BUNDLE_FORMAT, type KernelBundle } from '../host/bundle.js';
import { packageRoot } from '../support/package-root.js';
import { compileFile } from './compile.js';

export interface BuildOptions {
  kernel?: string;
  target: string;
  types: readonly string[];
  params?: Params;
  /** The target's object (a cubin for CUDA) rather than its assembly (PTX). */
  object?: boolean;
  boundsCheck?: boolean;
}

/**
 * Compiles a kernel of a file into a bundle. Refuses a bundle no loader of the target's back-end
 * runs (see `Target.bundles`).
 */
export function buildBundle(compiler: Compiler, file: string, options: BuildOptions): KernelBundle {
  const kind = options.object ? 'object' : 'assembly';
  const target = compiler.target(options.target);
  if (!target.bundles?.includes(kind)) {
    const loadable = [...compiler.targets.keys()]
      .map((name) => [name, compiler.target(name).bundles ?? []] as const)
      .filter(([, kinds]) => kinds.length > 0)
      .map(
        ([name, kinds]) =>
          `${name} (${kinds.map((k) => (k === 'object' ? '--object' : 'assembly')).join(' or ')})`,
      );
    throw new Error(
      `gpuc: no loader runs a ${options.target} bundle of ${kind === 'object' ? 'an object' : 'assembly'}${
        target.bundles?.length ? ` (it loads ${target.bundles.join(' or ')})` : ''
      }; bundles load on ${loadable.join(', ') || 'no installed target'}`,
    );
  }
  const { output, result } = compileFile(compiler, file, {
    ...(options.kernel ? { kernel: options.kernel } : {}),
    target: options.target,
    types: options.types,
    emit: options.object ? 'obj' : 'asm',
    ...(options.boundsCheck ? { boundsCheck: true } : {}),
    ...(options.params ? { params: options.params } : {}),
  });
  const params = Object.fromEntries(
    Object.entries(options.params ?? {}).filter(
      (entry): entry is [string, string | number | boolean] => entry[1] !== undefined,
    ),
  );
  return {
    format: BUNDLE_FORMAT,
    target: options.target,
    backend: result.job.target.backend,
    entry: result.entry,
    argTypes: [...options.types],
    params,
    kind: options.object ? 'object' : 'assembly',
    encoding: typeof output === 'string' ? 'utf8' : 'base64',
    code: typeof output === 'string' ? output : output.toString('base64'),
    compiledBy: `gpuc ${packageRoot()?.version ?? 'unknown'}`,
  };
}

/** A `key=value` param from the command line: numbers and booleans as such, the rest as text. */
export function parseParam(text: string): [string, string | number | boolean] {
  const at = text.indexOf('=');
  if (at <= 0) throw new Error(`gpuc: a param is key=value, not '${text}'`);
  const key = text.slice(0, at);
  const raw = text.slice(at + 1);
  const value =
    raw === 'true'
      ? true
      : raw === 'false'
        ? false
        : raw !== '' && Number.isFinite(Number(raw))
          ? Number(raw)
          : raw;
  return [key, value];
}
