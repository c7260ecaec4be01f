/**
 * The conformance runner: every corpus kernel on every back-end, each either executed and
 * compared with the reference runner, or compiled and checked with the target's real tools.
 * The report says, per kernel and back-end: matched, compiled (and validated), or failed (why).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Compiler, CompilerPlugin } from '../compiler/compiler.js';
import { CompileError, ErrorCode } from '../frontend/errors.js';
import type { KernelSource } from '../frontend/source.js';
import type { Type } from '../frontend/types.js';
import { typeOfValue } from '../frontend/values.js';
import type { Dim } from '../host/dim.js';
import { createCompiler } from '../launch/default-compiler.js';
import { runReference } from '../reference/runner.js';
import { packageRoot } from '../support/package-root.js';
import { type ConformanceEntry, differences, entrySource, helpers } from './entry.js';

/** Progress through a batch: call with the items done so far and what is running now. */
export type ProgressListener = (done: number, total: number, current: string) => void;

/** One cell of the table. */
export interface Outcome {
  /** `refused`: the back-end rejects the kernel by design, with its documented error (f64 on Metal). */
  readonly status: 'matched' | 'compiled' | 'refused' | 'failed';
  /** Why it failed or was refused, or what was checked. */
  readonly detail?: string;
}

/**
 * Whether an error is a back-end's refusal of the warp matrix operations (a target that does not
 * lower them): its conformance cell reads `refused`, with the error's first line.
 */
export function refusesMatrix(error: unknown): boolean {
  return (
    error instanceof CompileError &&
    error.code === ErrorCode.unsupportedOnTarget &&
    /gpu\.matrix\w+ is not supported on/.test(error.message)
  );
}

/**
 * A back-end as the conformance runner sees it. `run` executes the kernel on the inputs (they
 * are the back-end's to change) when the back-end can run here; otherwise `check` compiles it
 * and validates the output with the target's tools. Both compile with the further `plugins`
 * the corpus needs (AD rows need the AD plugin): `compilerWith` makes such a compiler.
 */
export interface ConformanceBackend {
  readonly name: string;
  run?(
    entry: ConformanceEntry,
    args: unknown[],
    argTypes: readonly Type[],
    plugins: readonly CompilerPlugin[],
  ): void | Promise<void>;
  check?(entry: ConformanceEntry, argTypes: readonly Type[], plugins: readonly CompilerPlugin[]): string;
  /**
   * Whether an error is one the back-end documents for kernels it cannot support (the cell reads
   * `refused`, with the returned reason), rather than a failure.
   */
  refusal?(error: unknown): string | undefined;
}

/** A GPU back-end's launch from JavaScript (`launchCuda`, `launchRocm`, `launchMetal`). */
export type DeviceLaunch = (
  kernel: KernelSource,
  launch: {
    grid: Dim;
    block: Dim;
    scope: Readonly<Record<string, unknown>>;
    sharedBytes: number;
    compiler: Compiler;
  },
  ...args: unknown[]
) => void;

/**
 * The `run` of a GPU back-end: each kernel launched on the machine's GPU with the back-end's
 * plugin and the corpus's, or undefined where there is no such GPU (the back-end then checks).
 */
export function deviceRun(
  hasDevice: () => boolean,
  plugin: () => CompilerPlugin,
  launch: DeviceLaunch,
): ConformanceBackend['run'] {
  if (!hasDevice()) return undefined;
  return (entry, args, _argTypes, plugins) =>
    launch(
      entrySource(entry),
      {
        grid: entry.grid,
        block: entry.block,
        scope: entry.scope?.() ?? {},
        sharedBytes: entry.sharedBytes ?? 0,
        compiler: compilerWith(plugins, plugin()),
      },
      ...args,
    );
}

const compilers = new Map<string, Compiler>();

/** A compiler with the native back-end, `own` plugins and `plugins` (one per set of names). */
export function compilerWith(plugins: readonly CompilerPlugin[], ...own: CompilerPlugin[]): Compiler {
  const all = [...own, ...plugins];
  const key = [...new Set(all.map((p) => p.name))].join(',');
  let compiler = compilers.get(key);
  if (!compiler) {
    compiler = createCompiler().use(...all);
    compilers.set(key, compiler);
  }
  return compiler;
}

export interface ConformanceReport {
  readonly backends: readonly string[];
  readonly kernels: readonly { name: string; description?: string }[];
  readonly results: Readonly<Record<string, Readonly<Record<string, Outcome>>>>;
}

/** The corpus that ships with @gpuc/core. */
export function corpusDirectory(): string {
  const root = packageRoot();
  if (!root) throw new Error('gpuc: cannot find the @gpuc/core package, and with it the conformance corpus');
  return fileURLToPath(new URL('conformance/', root.url));
}

/** The entries of a corpus folder (every `.mjs`/`.js` module's default export). */
export async function loadConformance(directory: string): Promise<ConformanceEntry[]> {
  const files = readdirSync(directory)
    .filter((f) => /\.(mjs|js)$/.test(f))
    .sort();
  const entries: ConformanceEntry[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(directory, file)).href)) as { default: ConformanceEntry };
    entries.push(module.default);
  }
  return entries;
}

/** The first line of an error's message: compile errors follow it with a code frame. */
const firstLine = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';

/** The arguments after the reference runner ran the entry, or the failure to blame cells on. */
function expectedResults(entry: ConformanceEntry): unknown[] | Outcome {
  try {
    const args = entry.args(helpers);
    runReference(
      entrySource(entry),
      {
        grid: entry.grid,
        block: entry.block,
        scope: entry.scope?.() ?? {},
        sharedBytes: entry.sharedBytes ?? 0,
      },
      args,
    );
    return args;
  } catch (error) {
    return { status: 'failed', detail: `the reference runner failed: ${firstLine(error)}` };
  }
}

async function outcome(
  entry: ConformanceEntry,
  backend: ConformanceBackend,
  plugins: readonly CompilerPlugin[],
  reference: readonly unknown[] = [],
): Promise<Outcome> {
  const args = entry.args(helpers);
  const argTypes = args.map((a, i) => {
    const type = typeOfValue(a);
    if (!type) throw new Error(`argument ${i + 1} has no kernel type`);
    return type;
  });
  try {
    if (backend.run) {
      await backend.run(entry, args, argTypes, plugins);
      const found = differences(reference, args, entry.ulps ?? 0);
      return found.length === 0 ? { status: 'matched' } : { status: 'failed', detail: found.join('; ') };
    }
    if (backend.check) return { status: 'compiled', detail: backend.check(entry, argTypes, plugins) };
    return { status: 'failed', detail: 'the back-end can neither run nor check kernels' };
  } catch (error) {
    const reason = backend.refusal?.(error);
    return reason !== undefined
      ? { status: 'refused', detail: reason }
      : { status: 'failed', detail: firstLine(error) };
  }
}

/**
 * Runs every entry on every back-end, one after another (a device runs one kernel at a time
 * anyway). If the reference runner fails on an entry, so does every cell that compares with it.
 */
export async function runConformance(
  entries: readonly ConformanceEntry[],
  backends: readonly ConformanceBackend[],
  options: { onProgress?: ProgressListener; plugins?: readonly CompilerPlugin[] } = {},
): Promise<ConformanceReport> {
  const plugins = options.plugins ?? [];
  const results: Record<string, Record<string, Outcome>> = {};
  for (const [done, entry] of entries.entries()) {
    options.onProgress?.(done, entries.length, entry.name);
    const row: Record<string, Outcome> = {};
    // The reference runs once per entry, and only when a back-end runs kernels to compare.
    let reference: unknown[] | Outcome | undefined;
    for (const backend of backends) {
      if (backend.run) {
        reference ??= expectedResults(entry);
        row[backend.name] = Array.isArray(reference)
          ? await outcome(entry, backend, plugins, reference)
          : reference;
      } else {
        row[backend.name] = await outcome(entry, backend, plugins);
      }
    }
    results[entry.name] = row;
  }
  return {
    backends: backends.map((b) => b.name),
    kernels: entries.map((e) => ({ name: e.name, ...(e.description ? { description: e.description } : {}) })),
    results,
  };
}

/** The report as a text table: a row per kernel, a column per back-end. */
export function formatReport(report: ConformanceReport): string {
  const header = ['kernel', ...report.backends];
  const rows = report.kernels.map(({ name }) => [
    name,
    ...report.backends.map((b) => {
      const o = report.results[name]?.[b];
      return o?.status === 'failed' ? `FAILED` : (o?.status ?? '-');
    }),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] as string).length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => cell.padEnd(widths[c] as number))
      .join('  ')
      .trimEnd();
  const failures = report.kernels.flatMap(({ name }) =>
    report.backends
      .filter((b) => report.results[name]?.[b]?.status === 'failed')
      .map((b) => `  ${name} on ${b}: ${report.results[name]?.[b]?.detail ?? ''}`),
  );
  const counts = report.backends.map((b) => {
    const all = report.kernels.map(({ name }) => report.results[name]?.[b]?.status);
    const tally = (['matched', 'compiled', 'refused', 'failed'] as const)
      .map((status) => [status, all.filter((s) => s === status).length] as const)
      .filter(([status, n]) => n > 0 || status !== 'refused');
    return `${b}: ${tally.map(([status, n]) => `${n} ${status}`).join(', ')}`;
  });
  return [
    `conformance: ${report.kernels.length} kernels on ${report.backends.join(', ')}`,
    '',
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
    '',
    ...counts,
    ...(failures.length ? ['', 'failures:', ...failures] : []),
  ].join('\n');
}
