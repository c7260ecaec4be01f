/**
 * The compile caches: one facade, wrapped around the pipeline, over three levels, outermost
 * first:
 *
 * 1. per launcher ({@link LoadedCache}): each launcher's loaded kernels, by request, so that a
 *    launch neither infers nor compiles again;
 * 2. memory ({@link CompileCache}): this process's compile results, by result key and output
 *    kind, the least recently used dropped past the `memoryMB` cache limit (support/cache-limits.ts:
 *    `GPUC_MEMORY_CACHE_MB`, default 256 megabytes);
 * 3. disk ({@link CompileCache} over a {@link DiskCache}): portable results and runtime
 *    libraries, shared between processes.
 *
 * The keys are made in cache-keys.ts only.
 */
import { LRUCache } from 'lru-cache';
import type { CapturedArray } from '../host/captured-arrays.js';
import { cacheBytes, kernelCache } from '../support/cache-limits.js';
import { runtimeKey } from './cache-keys.js';
import type { DiskCache } from './disk-cache.js';
import type { OutputKind } from './hooks.js';
import type { Target } from './job.js';
import { printBitcode, withLazyIR } from './result-ir.js';

/** A compile result as the caches keep it. */
export interface CachedResult {
  /** The entry's symbol. */
  readonly entry: string;
  /** The final LLVM IR, printed from `bitcode` when first read. */
  readonly ir: string;
  /** The final LLVM IR as bitcode (empty where the back-end translated the job without LLVM). */
  readonly bitcode: Buffer;
  /** The LLVM module's identifier, which the IR's first line names. */
  readonly moduleId: string;
  readonly output: Buffer | string;
  /** Globals made for captured host values; a result with one not portable stays in memory. */
  readonly relocations: ReadonlyMap<string, { name: string; portable: boolean }>;
  /** Globals each launch fills with a captured array's contents. */
  readonly captures: readonly CapturedArray[];
}

/** Results compiled in this process: shared by every compile, as the process is what it caches. */
let kept: LRUCache<string, CachedResult> | undefined;

/** The memory level, made afresh (empty) where the `memoryMB` limit changed since it was made. */
function memory(): LRUCache<string, CachedResult> {
  const maxSize = cacheBytes('memoryMB');
  if (kept?.maxSize !== maxSize)
    kept = new LRUCache<string, CachedResult>({
      maxSize,
      // The bitcode, not the IR text (reading `ir` would print it).
      sizeCalculation: (value) => Math.max(1, value.bitcode.length + value.output.length),
    });
  return kept;
}

/** The levels one compile reads and fills: memory and, when given, a disk folder. */
export class CompileCache {
  /**
   * @param disk the disk level (none: results stay in this process)
   * @param readMemory read the memory level (off to measure or test the disk level; it is filled still)
   */
  constructor(
    private readonly disk: DiskCache | undefined,
    private readonly readMemory = true,
  ) {}

  /** A result by key and output kind: from memory, else from disk (kept in memory from then on). */
  read(key: string, kind: OutputKind): CachedResult | undefined {
    const found = (this.readMemory ? memory().get(`${key}|${kind}`) : undefined) ?? this.fromDisk(key, kind);
    if (found) memory().set(`${key}|${kind}`, found);
    return found;
  }

  private fromDisk(key: string, kind: OutputKind): CachedResult | undefined {
    const hit = this.disk?.read(`${key}-${kind}`);
    if (!hit || hit.kind !== kind) return undefined;
    const { entry, bitcode, moduleId, output } = hit;
    return withLazyIR(
      { entry, bitcode, moduleId, output, relocations: new Map(), captures: hit.captures ?? [] },
      () => printBitcode(bitcode, moduleId),
      false,
    );
  }

  /** Keeps a fresh result in memory and, unless it bakes values only this process knows, on disk. */
  write(key: string, kind: OutputKind, result: CachedResult): void {
    const { entry, bitcode, moduleId, output, relocations, captures } = result;
    memory().set(
      `${key}|${kind}`,
      withLazyIR(
        { entry, bitcode, moduleId, output, relocations, captures },
        () => printBitcode(bitcode, moduleId),
        false,
      ),
    );
    const portable = [...relocations.values()].every((r) => r.portable);
    if (portable) this.disk?.write(`${key}-${kind}`, { entry, kind, bitcode, moduleId, output, captures });
  }

  /** Where a target's runtime library is kept on disk, when there is a disk level. */
  runtime(target: Target, plugins: readonly string[]): { cache: DiskCache; key: string } | undefined {
    return this.disk ? { cache: this.disk, key: runtimeKey(target, plugins) } : undefined;
  }
}

/**
 * The per-launcher level: what one launcher loaded, by the key cache-keys.ts makes
 * (`loadedKey`), the least recently used dropped past the `kernels` cache limit. A kernel dropped
 * is loaded again when next asked for; its driver module goes once nothing holds it (a kernel
 * the application keeps, or a launch still running, holds it), as each back-end's loaded
 * module unloads itself when collected.
 */
export class LoadedCache<T extends {}> {
  private readonly loaded = kernelCache<T>();

  /** The value kept for a key, made by `load` the first time. */
  get(key: string, load: () => T): T {
    let found = this.loaded().get(key);
    if (found === undefined) {
      found = load();
      this.loaded().set(key, found);
    }
    return found;
  }
}
