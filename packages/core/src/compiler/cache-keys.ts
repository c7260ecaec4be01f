/**
 * Every cache key, in one place (the caches are in cache.ts). A key covers everything that
 * changes what it keys:
 *
 * - a compile result ({@link cacheKey}): gpuc's version and code, LLVM's version, the job
 *   ({@link jobHash}: entry source, argument types, target, params, config), the source of
 *   every function inference reached, the methods it dispatched to, the captured host values
 *   ({@link scopeDigest}) and the compiler's plugins with their versions;
 * - a runtime library: on disk ({@link runtimeKey}) gpuc's code, LLVM, the target and the
 *   plugins; in its registry's memory ({@link runtimeMemoryKey}) the target;
 * - a launcher's loaded kernel ({@link loadedKey}): what the request names, before any
 *   inference (the world stands for the methods), and where it is loaded.
 */
import { createHash } from 'node:crypto';
import type { Specialization } from '../frontend/infer.js';
import type { KernelSource } from '../frontend/source.js';
import { show, type Type } from '../frontend/types.js';
import { ArrayView, isByReference, TypedScalar } from '../frontend/values.js';
import { llvm } from '../llvm/load.js';
import { codeVersion } from '../support/package-root.js';
import type { Config, Job, Params, Target } from './job.js';

/** The format of cache entries, in every key and every disk entry: changed, it orphans them all. */
export const CACHE_FORMAT = 'gpuc-cache-4';

/**
 * A stable hash of everything in the job that decides its output except the world and the
 * sources of the functions it reaches (caches add those once inference has found them).
 */
export function jobHash(job: Job): string {
  const { target, params, config } = job;
  const parts = {
    source: job.source.text,
    file: job.source.file,
    args: job.argTypes.map(show),
    params: sortedEntries(params),
    config: sortedEntries(config as unknown as Record<string, unknown>),
  };
  return createHash('sha256')
    .update(JSON.stringify(parts))
    .update(`|${targetDigest(target)}`)
    .digest('hex');
}

/** Digests of targets frozen all through: each is written and hashed once, not per compile. */
const targetDigests = new WeakMap<Target, string>();

function targetDigest(target: Target): string {
  let digest = targetDigests.get(target);
  if (digest === undefined) {
    digest = createHash('sha256')
      .update(JSON.stringify(sortedEntries(target as unknown as Record<string, unknown>)))
      .digest('hex');
    if (frozen(target)) targetDigests.set(target, digest);
  }
  return digest;
}

/** Whether a value can no longer change: a primitive, or frozen with everything it holds. */
function frozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return typeof value !== 'function';
  return Object.isFrozen(value) && Object.values(value).every(frozen);
}

function sortedEntries(record: Readonly<Record<string, unknown>>): [string, unknown][] {
  return Object.entries(record)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** gpuc's version and a digest of its own code: a changed compiler never reads older entries. */
const buildId = () => codeVersion();

const referenceIds = new WeakMap<object, number>();
let nextReferenceId = 1;

/**
 * A stable digest of a captured host value: its type and contents (a typed scalar's type and
 * value, -0 apart from 0; a record's fields in order, a tuple's elements, each marked as such),
 * or for an array captured `byReference` its identity (its contents are read at launch, its
 * address is what is compiled). Where the launch fills captured arrays (`filled`), an array's
 * type and length stand for it: its contents are not compiled.
 */
function digestValue(
  hash: ReturnType<typeof createHash>,
  value: unknown,
  filled: boolean,
  within: readonly object[] = [],
): void {
  // A record or tuple that holds itself (no kernel reads one: it has no type) by how far out.
  const outer = within.indexOf(value as object);
  if (outer >= 0) {
    hash.update(`cycle:${within.length - outer};`);
    return;
  }
  const inner = (member: unknown) => digestValue(hash, member, filled, [...within, value as object]);
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
    digestValue(hash, value.data, filled);
  } else if (ArrayBuffer.isView(value)) {
    hash.update(`${value.constructor.name}:${value.byteLength}:`);
    if (!filled) hash.update(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  } else if (typeof value === 'function') {
    hash.update(`fn:${Function.prototype.toString.call(value)};`);
  } else if (Array.isArray(value)) {
    hash.update(`[${value.length}:`);
    for (const element of value) inner(element);
    hash.update(']');
  } else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    hash.update('{');
    for (const key of Object.keys(record)) {
      hash.update(`${JSON.stringify(key)}=`);
      inner(record[key]);
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
    `${CACHE_FORMAT}|${buildId()}|${llvm().config.LLVM_VERSION_STRING}|${jobHash(job)}|${plugins.join(',')}`,
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
  hash.update(scopeDigest(job.scope, job.target.fillsCapturedArrays));
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
      `${CACHE_FORMAT}|runtime|${buildId()}|${llvm().config.LLVM_VERSION_STRING}|${JSON.stringify({ backend, triple, cpu, features, dataLayout })}|${plugins.join(',')}`,
    )
    .digest('hex')}`;
}

/**
 * The key of a back-end's runtime library in its registry's memory (a registry belongs to one
 * compiler, whose plugins are fixed).
 */
export function runtimeMemoryKey(target: Target): string {
  return `${target.backend}|${target.triple}|${target.cpu}|${target.features}`;
}

/**
 * A digest of a scope's values (what the compiled code depends on); `filled` for a target whose
 * launch fills captured arrays (`Target.fillsCapturedArrays`), where their contents do not count.
 */
export function scopeDigest(scope: Readonly<Record<string, unknown>>, filled = false): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(scope).sort()) {
    hash.update(`|scope ${name}=`);
    digestValue(hash, scope[name], filled);
  }
  return hash.digest('hex');
}

/** What a launcher's loaded kernel depends on: the request as given, and where it is loaded. */
export interface LoadedKeyParts {
  readonly source: KernelSource;
  readonly argTypes: readonly Type[];
  readonly scope: Readonly<Record<string, unknown>>;
  readonly config?: Partial<Config>;
  readonly params: Params;
  /** The target's name. */
  readonly target: string;
  /** Whether the target's launch fills captured arrays (their contents then do not count). */
  readonly filled?: boolean;
  /** What tells places (devices) apart. */
  readonly place: string | number;
  readonly plugins: readonly string[];
  readonly world: number;
}

/** The key of a launcher's loaded kernel (the per-launcher level of the caches). */
export function loadedKey(parts: LoadedKeyParts): string {
  return [
    parts.source.file,
    parts.source.text,
    // Keys, not names: two functions of one name are two types (their ids tell them apart).
    parts.argTypes.map((t) => t.key).join(','),
    scopeDigest(parts.scope, parts.filled),
    JSON.stringify(parts.config ?? {}),
    JSON.stringify(parts.params),
    parts.target,
    parts.place,
    parts.plugins.join(','),
    parts.world,
  ].join('\0');
}
