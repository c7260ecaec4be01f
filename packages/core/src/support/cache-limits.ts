/**
 * How large every bounded cache of gpuc and its back-ends may grow, in one place: from the
 * environment when first read, or set by {@link setCacheLimits}. Each cache reads its limit here
 * when used, so a change applies to caches made before. The limits, their variables and what
 * each bounds are documented in packages/core/README.md, "Caches".
 */
import { LRUCache } from 'lru-cache';

/** The size of each kind of bounded cache. */
export interface CacheLimits {
  /** Megabytes of compile results kept in this process's memory. */
  readonly memoryMB: number;
  /** Megabytes the disk cache's folder is kept under. */
  readonly diskMB: number;
  /** Kernels each cache bounded by count keeps, the least recently used dropped past it. */
  readonly kernels: number;
}

const SETTINGS: Readonly<Record<keyof CacheLimits, { variable: string; fallback: number }>> = {
  memoryMB: { variable: 'GPUC_MEMORY_CACHE_MB', fallback: 256 },
  diskMB: { variable: 'GPUC_CACHE_MAX_MB', fallback: 1024 },
  kernels: { variable: 'GPUC_CACHE_KERNELS', fallback: 256 },
};

let current: CacheLimits | undefined;

/** A limit from the environment: a positive number (a whole one for `kernels`), else the default. */
function fromEnvironment(name: keyof CacheLimits, env: NodeJS.ProcessEnv): number {
  const { variable, fallback } = SETTINGS[name];
  const setting = env[variable];
  const value = Number(setting);
  return setting && valid(name, value) ? value : fallback;
}

const valid = (name: keyof CacheLimits, value: number) =>
  Number.isFinite(value) && value > 0 && (name !== 'kernels' || Number.isInteger(value));

/** The limits now: those set, else the environment's, else the defaults. */
export function cacheLimits(): CacheLimits {
  const env = typeof process === 'undefined' ? {} : process.env;
  current ??= {
    memoryMB: fromEnvironment('memoryMB', env),
    diskMB: fromEnvironment('diskMB', env),
    kernels: fromEnvironment('kernels', env),
  };
  return current;
}

/**
 * Sets some limits for this process (those left out keep their value); a `RangeError` for a
 * limit that is not a positive number (a positive integer for `kernels`).
 */
export function setCacheLimits(limits: Partial<CacheLimits>): CacheLimits {
  for (const [name, value] of Object.entries(limits) as [keyof CacheLimits, number][]) {
    if (!(name in SETTINGS)) throw new RangeError(`gpuc: setCacheLimits: no cache limit is called '${name}'`);
    if (!valid(name, value))
      throw new RangeError(
        `gpuc: setCacheLimits: ${name} must be a positive ${name === 'kernels' ? 'integer' : 'number'}, not ${value}`,
      );
  }
  current = { ...cacheLimits(), ...limits };
  return current;
}

/** A limit in megabytes, in bytes. */
export const cacheBytes = (limit: 'memoryMB' | 'diskMB'): number =>
  Math.round(cacheLimits()[limit] * 2 ** 20);

/**
 * A cache of at most `kernels` entries (the least recently used dropped past it), as a getter:
 * where the limit changed since the cache was made, it is made afresh, empty, at the new size.
 */
export function kernelCache<V extends {}>(): () => LRUCache<string, V> {
  let cache: LRUCache<string, V> | undefined;
  return () => {
    const max = cacheLimits().kernels;
    if (cache?.max !== max) cache = new LRUCache<string, V>({ max });
    return cache;
  };
}
