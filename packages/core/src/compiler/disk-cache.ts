/**
 * The disk level of the compile caches (cache.ts): compile results and runtime libraries in a
 * folder, by the keys of cache-keys.ts. The default folder is `$XDG_CACHE_HOME/gpuc` or `~/.cache/gpuc`; `GPUC_CACHE_DIR` moves it and
 * `GPUC_CACHE=off` disables it.
 *
 * The folder is kept under the `diskMB` cache limit (support/cache-limits.ts: `GPUC_CACHE_MAX_MB`,
 * default 1024 megabytes): a read marks an entry
 * used (its modification time), and after writes the least recently used entries are removed
 * until the folder holds 90% of the limit. `gpuc cache` shows and clears it.
 *
 * An entry is written to a temporary file and renamed into place, so readers see a whole entry
 * or none, even with several processes compiling at once. Each entry carries its length and a
 * CRC-32 of its content; a truncated or corrupt entry reads as a miss and is rebuilt. (The
 * checksum guards against damage, not forgery: anyone who can write the folder can write an
 * entry. CRC-32 reads a hit three times faster than SHA-256 did.)
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  futimesSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { CapturedArray } from '../host/captured-arrays.js';
import { cacheBytes } from '../support/cache-limits.js';
import { CACHE_FORMAT } from './cache-keys.js';

/** What an entry holds. */
export interface CachedOutput {
  readonly entry: string;
  readonly kind: string;
  /** The final LLVM IR as bitcode. */
  readonly bitcode: Buffer;
  /** The LLVM module's identifier (printing the IR names it). */
  readonly moduleId: string;
  readonly output: Buffer | string;
  /** Globals each launch fills with a captured array's contents (none where absent). */
  readonly captures?: readonly CapturedArray[];
}

/**
 * Makes a folder and the folders above it that are missing. Not `mkdirSync(path, { recursive:
 * true })`: Node 20's loops forever where the parent exists yet `mkdir` answers ENOENT (a path
 * under `/proc`); here a folder whose parent was made, or is there, and still cannot be made
 * throws that error.
 */
function makeFolders(path: string): void {
  try {
    mkdirSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    const parent = dirname(path);
    if (code !== 'ENOENT' || parent === path) throw error;
    makeFolders(parent);
    try {
      mkdirSync(path);
    } catch (again) {
      if ((again as NodeJS.ErrnoException).code !== 'EEXIST') throw again;
    }
  }
}

/** The whole of an open file (what it holds now: a shorter read is what is there). */
function readAll(fd: number): Buffer {
  const bytes = Buffer.allocUnsafe(fstatSync(fd).size);
  let read = 0;
  while (read < bytes.length) {
    const n = readSync(fd, bytes, read, bytes.length - read, read);
    if (n === 0) break;
    read += n;
  }
  return bytes.subarray(0, read);
}

/** Marks an entry used now, so eviction keeps it longer (a failure only costs recency). */
function touch(fd: number): void {
  const now = new Date();
  try {
    futimesSync(fd, now, now);
  } catch {
    // read-only or removed meanwhile
  }
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
 * A folder of compile results. One that cannot be written or made (its folder a file, `/dev/null`,
 * read-only, or under `/proc`) warns once and is then a cache that holds nothing: compiling goes on without it.
 */
export class DiskCache {
  private broken = false;
  /** Bytes written since the folder was last measured: it is measured again past a tenth of the limit. */
  private written = Number.POSITIVE_INFINITY;

  /** @param limit the bytes the folder is kept under (default: the `diskMB` of `cacheLimits()`, as it is when used) */
  constructor(
    readonly directory: string,
    private readonly limit?: number,
  ) {}

  /** The bytes the folder is kept under. */
  get limitBytes(): number {
    return this.limit ?? cacheBytes('diskMB');
  }

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

  /**
   * The entry for a key, or undefined when there is none or it is damaged. Read through one
   * descriptor (open, size, read, mark used, close): a hit is a few dozen microseconds, and
   * `readFileSync` and `utimesSync` by path took half of them.
   */
  read(key: string): CachedOutput | undefined {
    if (this.broken) return undefined;
    let fd: number;
    try {
      fd = openSync(this.path(key), 'r');
    } catch {
      return undefined;
    }
    try {
      const bytes = readAll(fd);
      const newline = bytes.indexOf(10);
      if (newline < 0) return undefined;
      const header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as {
        magic: string;
        key: string;
        length: number;
        crc32: number;
        entry: string;
        kind: string;
        moduleId: string;
        bitcodeLength: number;
        text: boolean;
        captures?: CapturedArray[];
      };
      const body = bytes.subarray(newline + 1);
      if (header.magic !== CACHE_FORMAT || header.key !== key || body.length !== header.length)
        return undefined;
      if (crc32(body) !== header.crc32) return undefined;
      touch(fd);
      const payload = body.subarray(header.bitcodeLength);
      return {
        entry: header.entry,
        kind: header.kind,
        bitcode: body.subarray(0, header.bitcodeLength),
        moduleId: header.moduleId,
        output: header.text ? payload.toString('utf8') : payload,
        ...(header.captures?.length ? { captures: header.captures } : {}),
      };
    } catch {
      return undefined;
    } finally {
      closeSync(fd);
    }
  }

  /** Stores an entry atomically (write a temporary file, then rename it into place). */
  write(key: string, value: CachedOutput): void {
    if (this.broken) return;
    const path = this.path(key);
    const text = typeof value.output === 'string';
    const body = Buffer.concat([
      value.bitcode,
      text ? Buffer.from(value.output as string, 'utf8') : (value.output as Buffer),
    ]);
    const header = {
      magic: CACHE_FORMAT,
      key,
      length: body.length,
      crc32: crc32(body),
      entry: value.entry,
      kind: value.kind,
      moduleId: value.moduleId,
      bitcodeLength: value.bitcode.length,
      text,
      ...(value.captures?.length ? { captures: value.captures } : {}),
    };
    const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      makeFolders(join(this.directory, key.slice(0, 2)));
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
