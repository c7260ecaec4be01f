/**
 * Kernels compiled and loaded for a launcher, kept once per everything the loaded code depends
 * on: the source, argument types, the scope's contents, configuration, params, the compiler's
 * plugins, the world (a redefined device function recompiles), and where it was loaded (a
 * device). Every launcher (native, CUDA, ROCm) keeps its kernels in one of these.
 */
import { defaultDiskCache, scopeDigest } from '../compiler/cache.js';
import type { Compiler, OutputKind } from '../compiler/compiler.js';
import { type Config, createJob, type Params } from '../compiler/job.js';
import { type CompileResult, compileJob } from '../compiler/pipeline.js';
import { type FunctionInput, toSource } from '../frontend/infer.js';
import { currentWorld } from '../frontend/methods.js';
import { show, type Type } from '../frontend/types.js';

/** What to compile, for which target, and where the result is loaded. */
export interface LoadRequest<Place = undefined> {
  readonly kernel: FunctionInput;
  readonly argTypes: readonly Type[];
  readonly compiler: Compiler;
  /** The target's name (`native`, `cuda`, `rocm`...) and the output to load. */
  readonly target: string;
  readonly kind: OutputKind;
  readonly scope?: Readonly<Record<string, unknown>>;
  readonly config?: Partial<Config>;
  readonly params?: Params;
  /** Where the result is loaded (a device), when that can differ. */
  readonly place?: Place;
}

/** Loaded kernels of one launcher. */
export class LoadedKernels<T, Place = undefined> {
  private readonly loaded = new Map<string, T>();

  /**
   * @param load turns a compile result into the launcher's loaded kernel
   * @param placeKey what tells places apart (a device's index)
   */
  constructor(
    private readonly load: (result: CompileResult, request: LoadRequest<Place>) => T,
    private readonly placeKey: (place: Place | undefined) => string | number = () => '',
  ) {}

  /** The loaded kernel for a request, compiling (through the disk cache) and loading it once. */
  get(request: LoadRequest<Place>): T {
    const source = toSource(request.kernel);
    const scope = request.scope ?? {};
    const params = request.params ?? {};
    const key = [
      source.file,
      source.text,
      request.argTypes.map(show).join(','),
      scopeDigest(scope),
      JSON.stringify(request.config ?? {}),
      JSON.stringify(params),
      request.target,
      this.placeKey(request.place),
      request.compiler.pluginNames.join(','),
      currentWorld(),
    ].join('\0');
    let found = this.loaded.get(key);
    if (found === undefined) {
      const job = createJob(source, request.argTypes, request.compiler.target(request.target, params), {
        scope,
        params,
        ...(request.config ? { config: request.config } : {}),
      });
      found = this.load(
        compileJob(request.compiler, job, { kind: request.kind, ...defaultDiskCache() }),
        request,
      );
      this.loaded.set(key, found);
    }
    return found;
  }
}
