/**
 * The disk cache of compile results.
 *
 * Keyed by everything that changes the output: gpuc's version and code, LLVM's version, the job (target,
 * params, config, argument types, entry source), the source of every function inference reached,
 * the methods it dispatched to, the captured host values, and the compiler's plugins. The
 * default folder is `$XDG_CACHE_HOME/gpuc` or `~/.cache/gpuc`; `GPUC_CACHE_DIR` moves it and
 * `GPUC_CACHE=off` disables it.
 *
 * The folder is kept under `GPUC_CACHE_MAX_MB` megabytes (default 1024): a read marks an entry
 * used (its modification time), and after writes the least recently used entries are removed
 * until the folder holds 90% of the limit. `gpuc cache` shows and clears it.
 *
 * An entry is written to a temporary file and renamed into place, so readers see a whole entry
 * or none, even with several processes compiling at once. Each entry carries its length and a
 * CRC-32 of its content; a truncated or corrupt entry reads as a miss and is rebuilt. (The
 * checksum guards against damage, not forgery: anyone who can write the folder can write an
 * entry. CRC-32 reads a hit three times faster than SHA-256 did.)
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Specialization } from '../frontend/infer.js';
import { show } from '../frontend/types.js';
import { ArrayView, isByReference, TypedScalar } from '../frontend/values.js';
import { llvm } from '../llvm/load.js';
import { codeVersion } from '../package-root.js';
import type { Job, Target } from './job.js';
import { jobHash } from './job.js';

/** What an entry holds. */
export interface CachedOutput {
  readonly entry: string;
  readonly kind: string;
  readonly ir: string;
  readonly output: Buffer | string;
}

const MAGIC = 'gpuc-cache-2';

/** Megabytes from a setting, in bytes, or the default when it is unset or not a positive number. */
export function megabytes(setting: string | undefined, fallback: number): number {
  const value = Number(setting);
  return Math.round((setting && value > 0 ? value : fallback) * 2 ** 20);
}

/** How many entries a cache folder holds, and their bytes. */
export interface CacheStatistics {
  readonly directory: string;
  readonly entries: number;
  readonly bytes: number;
  readonly limitBytes: number;
}

/** The cache folder, or undefined when the cache is off. */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const setting = env.GPUC_CACHE?.toLowerCase();
  if (setting === 'off' || setting === '0' || setting === 'false') return undefined;
  if (env.GPUC_CACHE_DIR) return env.GPUC_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'gpuc');
}

let defaultCache: DiskCache | null | undefined;

/** The cache `cacheDirectory()` names, as compile options (none when it is off). */
export function defaultDiskCache(): { cache?: DiskCache } {
  if (defaultCache === undefined) {
    const directory = cacheDirectory();
    defaultCache = directory ? new DiskCache(directory) : null;
  }
  return defaultCache ? { cache: defaultCache } : {};
}

/**
 * A folder of compile results. One that cannot be written (its folder a file, `/dev/null`, or
 * read-only) warns once and is then a cache that holds nothing: compiling goes on without it.
 */
export class DiskCache {
  private broken = false;
  /** Bytes written since the folder was last measured: it is measured again past a tenth of the limit. */
  private written = Number.POSITIVE_INFINITY;

  /** @param limitBytes the size the folder is kept under (`GPUC_CACHE_MAX_MB`, default 1 GiB) */
  constructor(
    readonly directory: string,
    readonly limitBytes = megabytes(process.env.GPUC_CACHE_MAX_MB, 1024),
  ) {}

  /** Every entry file, with its size and when it was last used. */
  private entries(): { path: string; bytes: number; used: number }[] {
    const found: { path: string; bytes: number; used: number }[] = [];
    let folders: string[];
    try {
      folders = readdirSync(this.directory);
    } catch {
      return found;
    }
    for (const folder of folders) {
      let names: string[];
      try {
        names = readdirSync(join(this.directory, folder));
      } catch {
        continue; // not a folder of entries
      }
      for (const name of names) {
        if (!name.endsWith('.bin')) continue;
        const path = join(this.directory, folder, name);
        try {
          const stat = statSync(path);
          found.push({ path, bytes: stat.size, used: stat.mtimeMs });
        } catch {
          // removed by another process meanwhile
        }
      }
    }
    return found;
  }

  /** The folder's entries and bytes. */
  statistics(): CacheStatistics {
    const entries = this.entries();
    return {
      directory: this.directory,
      entries: entries.length,
      bytes: entries.reduce((sum, e) => sum + e.bytes, 0),
      limitBytes: this.limitBytes,
    };
  }

  /** Removes every entry; returns how many there were. */
  clear(): number {
    const entries = this.entries();
    for (const { path } of entries) rmSync(path, { force: true });
    return entries.length;
  }

  /** Removes the least recently used entries until the folder holds 90% of the limit. */
  private evict(): void {
    const entries = this.entries().sort((a, b) => a.used - b.used);
    let bytes = entries.reduce((sum, e) => sum + e.bytes, 0);
    for (const entry of entries) {
      if (bytes <= this.limitBytes * 0.9) break;
      rmSync(entry.path, { force: true });
      bytes -= entry.bytes;
    }
    this.written = 0;
  }

  private path(key: string): string {
    return join(this.directory, key.slice(0, 2), `${key}.bin`);
  }

  /** The entry for a key, or undefined when there is none or it is damaged. */
  read(key: string): CachedOutput | undefined {
    if (this.broken) return undefined;
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.path(key));
    } catch {
      return undefined;
    }
    const newline = bytes.indexOf(10);
    if (newline < 0) return undefined;
    try {
      const header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as {
        magic: string;
        key: string;
        length: number;
        crc32: number;
        entry: string;
        kind: string;
        irLength: number;
        text: boolean;
      };
      const body = bytes.subarray(newline + 1);
      if (header.magic !== MAGIC || header.key !== key || body.length !== header.length) return undefined;
      if (crc32(body) !== header.crc32) return undefined;
      this.touch(this.path(key));
      const ir = body.subarray(0, header.irLength).toString('utf8');
      const payload = body.subarray(header.irLength);
      return {
        entry: header.entry,
        kind: header.kind,
        ir,
        output: header.text ? payload.toString('utf8') : Buffer.from(payload),
      };
    } catch {
      return undefined;
    }
  }

  /** Marks an entry used now, so eviction keeps it longer (a failure only costs recency). */
  private touch(path: string): void {
    const now = new Date();
    try {
      utimesSync(path, now, now);
    } catch {
      // read-only or removed meanwhile
    }
  }

  /** Stores an entry atomically (write a temporary file, then rename it into place). */
  write(key: string, value: CachedOutput): void {
    if (this.broken) return;
    const path = this.path(key);
    const text = typeof value.output === 'string';
    const ir = Buffer.from(value.ir, 'utf8');
    const body = Buffer.concat([
      ir,
      text ? Buffer.from(value.output as string, 'utf8') : (value.output as Buffer),
    ]);
    const header = {
      magic: MAGIC,
      key,
      length: body.length,
      crc32: crc32(body),
      entry: value.entry,
      kind: value.kind,
      irLength: ir.length,
      text,
    };
    const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      mkdirSync(join(this.directory, key.slice(0, 2)), { recursive: true });
      const bytes = Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), body]);
      writeFileSync(temporary, bytes);
      renameSync(temporary, path);
      this.written += bytes.length;
      if (this.written > this.limitBytes / 10) this.evict();
    } catch (error) {
      // A cache that cannot be written is only a slower cache.
      try {
        rmSync(temporary, { force: true });
      } catch {
        // Nothing was written where nothing can be.
      }
      this.broken = true;
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      process.emitWarning(
        `gpuc: the disk cache at ${this.directory} cannot be written (${code}); compiling without it (set GPUC_CACHE_DIR to a writable folder, or GPUC_CACHE=off)`,
      );
    }
  }
}

/** gpuc's version and a digest of its own code: a changed compiler never reads older entries. */
const buildId = () => codeVersion();

const referenceIds = new WeakMap<object, number>();
let nextReferenceId = 1;

/**
 * A stable digest of a captured host value: its type and contents (a typed scalar's type and
 * value, -0 apart from 0; a record's fields in order, a tuple's elements, each marked as such),
 * or for an array captured `byReference` its identity (its contents are read at launch, its
 * address is what is compiled).
 */
function digestValue(hash: ReturnType<typeof createHash>, value: unknown): void {
  if (isByReference(value)) {
    let id = referenceIds.get(value as object);
    if (id === undefined) {
      id = nextReferenceId++;
      referenceIds.set(value as object, id);
    }
    hash.update(`ref:${id}`);
  } else if (value instanceof TypedScalar) {
    hash.update(`${value.scalarType}:${numberText(value.valueOf())};`);
  } else if (typeof value === 'number') {
    hash.update(`number:${numberText(value)};`);
  } else if (value instanceof ArrayView) {
    hash.update(`view:${value.shape.join('x')}:`);
    digestValue(hash, value.data);
  } else if (ArrayBuffer.isView(value)) {
    hash.update(`${value.constructor.name}:${value.byteLength}:`);
    hash.update(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  } else if (typeof value === 'function') {
    hash.update(`fn:${Function.prototype.toString.call(value)};`);
  } else if (Array.isArray(value)) {
    hash.update(`[${value.length}:`);
    for (const element of value) digestValue(hash, element);
    hash.update(']');
  } else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    hash.update('{');
    for (const key of Object.keys(record)) {
      hash.update(`${JSON.stringify(key)}=`);
      digestValue(hash, record[key]);
    }
    hash.update('}');
  } else {
    hash.update(`${typeof value}:${String(value)};`);
  }
}

/** A number's text, with -0 apart from 0. */
const numberText = (n: number) => (Object.is(n, -0) ? '-0' : String(n));

/** The cache key of a job whose entry inferred to `specialization`. */
export function cacheKey(job: Job, specialization: Specialization, plugins: readonly string[]): string {
  const hash = createHash('sha256');
  hash.update(
    `${MAGIC}|${buildId()}|${llvm().config.LLVM_VERSION_STRING}|${jobHash(job)}|${plugins.join(',')}`,
  );
  const seen = new Set<Specialization>();
  const visit = (spec: Specialization) => {
    if (seen.has(spec)) return;
    seen.add(spec);
    hash.update(`|${spec.fn.source.file}\n${spec.fn.source.text}\n${spec.key}`);
    for (const edge of spec.edges) {
      hash.update(
        `|${edge.name}(${edge.args.map(show).join(',')})->${edge.method?.origin ?? 'none'}:${edge.method?.implementation.kind ?? ''}`,
      );
    }
    for (const callee of spec.callees) visit(callee);
  };
  visit(specialization);
  hash.update(scopeDigest(job.scope));
  return hash.digest('hex');
}

/**
 * The disk-cache key of a back-end's runtime library for a target: gpuc's code, LLVM, the
 * target and the plugins (a plugin's runtime builder changes with its version).
 */
export function runtimeKey(target: Target, plugins: readonly string[]): string {
  const { backend, triple, cpu, features, dataLayout } = target;
  // Prefixed, so that runtime libraries sit in a folder of their own.
  return `rt-${createHash('sha256')
    .update(
      `${MAGIC}|runtime|${buildId()}|${llvm().config.LLVM_VERSION_STRING}|${JSON.stringify({ backend, triple, cpu, features, dataLayout })}|${plugins.join(',')}`,
    )
    .digest('hex')}`;
}

/** A digest of a scope's values (what the compiled code depends on). */
export function scopeDigest(scope: Readonly<Record<string, unknown>>): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(scope).sort()) {
    hash.update(`|scope ${name}=`);
    digestValue(hash, scope[name]);
  }
  return hash.digest('hex');
}
