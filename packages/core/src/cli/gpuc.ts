#!/usr/bin/env node
/**
 * The `gpuc` command line.
 *
 *   gpuc compile kernels.js --kernel saxpy --types f32,f32[],f32[],i32 --emit asm --timings
 *   gpuc targets
 *   gpuc build kernels.js --kernel saxpy --types f32,f32[],f32[],i32 --target cuda -o saxpy.json
 *   gpuc conformance --backend @gpuc/backend-cuda
 *   gpuc devices --json
 *
 * Back-end packages installed where it runs are found and loaded (see compiler/installed.ts);
 * `--plugin <module>` adds a module whose default export is a plugin instance or class, so a
 * third party's back-end works the same.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { styleText } from 'node:util';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { CompilerPlugin } from '../compiler/compiler.js';
import { cacheDirectory, DiskCache } from '../compiler/disk-cache.js';
import { nativeConformance } from '../conformance/native.js';
import {
  type ConformanceBackend,
  corpusDirectory,
  formatReport,
  loadConformance,
  runConformance,
} from '../conformance/runner.js';
import { type DeviceDescription, nativeDevice } from '../host/devices.js';
import { createCompiler } from '../launch/default-compiler.js';
import { nativeTarget } from '../native/target.js';
import { packageRoot } from '../support/package-root.js';
import { buildBundle, parseParam } from './build.js';
import { compileFile, type EmitChoice } from './compile.js';
import { type InstalledPlugin, installedPlugins, pluginFrom } from './installed.js';
import { progressBar } from './progress.js';

/** A module named on the command line: a path (relative to the working folder) or a package. */
function importModule(specifier: string): Promise<Record<string, unknown>> {
  const url =
    specifier.startsWith('.') || specifier.startsWith('/')
      ? pathToFileURL(resolve(specifier)).href
      : specifier;
  return (import(url) as Promise<Record<string, unknown>>).catch((error: unknown) => {
    // Node's message names the CLI's own file as the importer, which tells the user nothing (a
    // module the plugin itself imports is missing: that message names the plugin, and stays).
    const missing = `${url.startsWith('file:') ? resolve(specifier) : `'${specifier}`}' imported from`;
    const { code, message } = error as NodeJS.ErrnoException;
    if (code !== 'ERR_MODULE_NOT_FOUND' || !message.includes(missing)) throw error;
    throw new Error(
      `gpuc: cannot find the module '${specifier}' (a path from here, or a package installed here)`,
    );
  });
}

interface GlobalOptions {
  plugin: string[];
  installed: boolean;
}

/** The installed back-ends (unless --no-installed) and those given with --plugin. */
async function loadPlugins(): Promise<{ plugins: CompilerPlugin[]; installed: InstalledPlugin[] }> {
  const options = program.opts<GlobalOptions>();
  const installed = options.installed ? await installedPlugins() : [];
  const plugins = installed.map((p) => p.plugin);
  for (const specifier of options.plugin)
    plugins.push(pluginFrom((await importModule(specifier)).default, `${specifier}'s default export`));
  return { plugins, installed };
}

const collect = (value: string, previous: string[]) => [...previous, value];
const PARAM_HELP =
  'a target param (repeatable), e.g. computeCapability=90 (cuda), gfx=gfx942 (rocm), blockX=128 or warps=workgroup|subgroups|sized-subgroups (webgpu)';
/** `f32,f32[],f64[,]`: commas inside brackets belong to the type. */
const typeList = (value: string) =>
  value
    .split(/,(?![^[]*\])/)
    .map((s) => s.trim())
    .filter(Boolean);
const level = (value: string) => {
  if (!['0', '1', '2', '3'].includes(value)) throw new InvalidArgumentError('the level is 0, 1, 2 or 3');
  return Number(value) as 0 | 1 | 2 | 3;
};

/** Text in a style where the stream is a terminal that shows colour (`NO_COLOR` turns it off). */
function styled(stream: NodeJS.WriteStream, style: Parameters<typeof styleText>[0], text: string): string {
  return stream.isTTY && !process.env.NO_COLOR ? styleText(style, text) : text;
}

/** Rows as aligned columns under a bold header, or as JSON with `--json`. */
function table(rows: readonly Record<string, string>[], json: boolean | undefined): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const columns = Object.keys(rows[0] ?? {});
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${styled(process.stdout, 'bold', line(columns))}\n`);
  for (const row of rows) process.stdout.write(`${line(columns.map((c) => row[c] ?? ''))}\n`);
}

const program = new Command('gpuc')
  .description('gpuc: GPU kernels written as JavaScript functions, compiled through LLVM')
  .version(packageRoot()?.version ?? 'unknown', '-V, --version')
  .option('--plugin <module>', 'load a back-end plugin (repeatable)', collect, [])
  .option('--no-installed', 'ignore the back-end packages installed here');

program
  .command('compile')
  .description("compile a file's kernel for a target and argument types")
  .argument('<file>', 'a JavaScript or TypeScript file')
  .option('-k, --kernel <name>', "the kernel's name (default: the file's first function)")
  .option('-t, --target <name>', 'the target', 'native')
  .requiredOption('--types <list>', 'argument types, comma separated: f32,f32[],i32', typeList)
  .addOption(
    new Option('-e, --emit <what>', 'what to print')
      .choices(['typed', 'ir', 'ir-opt', 'asm', 'obj'])
      .default('asm'),
  )
  .option('-O, --opt <level>', 'optimisation level', level)
  .option('-o, --output <file>', 'write the output to a file instead of printing it')
  .option('-p, --param <key=value>', PARAM_HELP, collect, [])
  .option('--timings', 'print the time of every stage (to stderr)')
  .option('--bounds-check', 'check every array index (an exception when one is out of range)')
  .action(
    async (
      file: string,
      options: {
        kernel?: string;
        target: string;
        types: string[];
        param: string[];
        emit: EmitChoice;
        opt?: 0 | 1 | 2 | 3;
        output?: string;
        timings?: boolean;
        boundsCheck?: boolean;
      },
    ) => {
      const compiler = createCompiler().use(...(await loadPlugins()).plugins);
      if (options.emit === 'obj' && !options.output)
        throw new Error('gpuc: --emit obj needs --output <file>');
      const { output, result } = compileFile(compiler, file, {
        ...(options.kernel ? { kernel: options.kernel } : {}),
        target: options.target,
        types: options.types,
        emit: options.emit,
        ...(options.opt !== undefined ? { optLevel: options.opt } : {}),
        ...(options.boundsCheck ? { boundsCheck: true } : {}),
        params: Object.fromEntries(options.param.map(parseParam)),
      });
      if (options.output) writeFileSync(options.output, output);
      else process.stdout.write(output);
      if (options.timings) {
        const total = Object.values(result.timings).reduce((a, b) => a + b, 0);
        const rows = Object.entries(result.timings).map(
          ([stage, ms]) => `${stage.padEnd(20)} ${ms.toFixed(3).padStart(9)} ms`,
        );
        process.stderr.write(
          `${rows.join('\n')}\n${'total'.padEnd(20)} ${total.toFixed(3).padStart(9)} ms\n`,
        );
      }
    },
  );

program
  .command('build')
  .description('compile a kernel into a bundle its back-end loads without the compiler')
  .argument('<file>', 'a JavaScript or TypeScript file')
  .option('-k, --kernel <name>', "the kernel's name (default: the file's first function)")
  .requiredOption('-t, --target <name>', 'the target')
  .requiredOption('--types <list>', 'argument types, comma separated: f32,f32[],i32', typeList)
  .option('-p, --param <key=value>', PARAM_HELP, collect, [])
  .option('--object', "the target's object (a cubin for CUDA) instead of its assembly (PTX)")
  .option('--bounds-check', 'check every array index (an exception when one is out of range)')
  .requiredOption('-o, --output <file>', 'the bundle to write (JSON)')
  .action(
    async (
      file: string,
      options: {
        kernel?: string;
        target: string;
        types: string[];
        param: string[];
        object?: boolean;
        boundsCheck?: boolean;
        output: string;
      },
    ) => {
      const compiler = createCompiler().use(...(await loadPlugins()).plugins);
      const bundle = buildBundle(compiler, file, {
        ...(options.kernel ? { kernel: options.kernel } : {}),
        target: options.target,
        types: options.types,
        params: Object.fromEntries(options.param.map(parseParam)),
        ...(options.object ? { object: true } : {}),
        ...(options.boundsCheck ? { boundsCheck: true } : {}),
      });
      writeFileSync(options.output, `${JSON.stringify(bundle)}\n`);
      process.stdout.write(`${options.output}: ${bundle.entry} for ${bundle.target} (${bundle.kind})\n`);
    },
  );

program
  .command('targets')
  .description('list the targets the loaded back-ends provide')
  .option('--json', 'print JSON instead of a table')
  .action(async (options: { json?: boolean }) => {
    const compiler = createCompiler().use(...(await loadPlugins()).plugins);
    const rows = [...compiler.targets.keys()].map((name) => {
      const target = compiler.target(name);
      return { target: name, backend: target.backend, triple: target.triple, cpu: target.cpu };
    });
    table(rows, options.json);
  });

program
  .command('devices')
  .description('list the devices the installed back-ends see (the host CPU for native)')
  .option('--json', 'print JSON instead of a table')
  .action(async (options: { json?: boolean }) => {
    const devices: DeviceDescription[] = [nativeDevice(nativeTarget().cpu)];
    for (const installed of (await loadPlugins()).installed) devices.push(...(installed.devices?.() ?? []));
    table(
      devices.map((d) => ({ id: d.id, name: d.name, target: d.target, detail: d.detail })),
      options.json,
    );
  });

program
  .command('cache')
  .description("show the disk cache's folder, entries and size; 'clear' empties it")
  .argument('[action]', "'clear' to remove every entry")
  .option('--json', 'print JSON instead of a table')
  .action((action: string | undefined, options: { json?: boolean }) => {
    if (action !== undefined && action !== 'clear')
      throw new Error(`gpuc: 'gpuc cache' takes 'clear' or nothing, not '${action}'`);
    const directory = cacheDirectory();
    if (!directory) throw new Error('gpuc: the disk cache is off (GPUC_CACHE=off)');
    const cache = new DiskCache(directory);
    const removed = action === 'clear' ? cache.clear() : undefined;
    const { entries, bytes, limitBytes } = cache.statistics();
    const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
    table(
      [
        {
          folder: directory,
          entries: String(entries),
          size: mib(bytes),
          limit: mib(limitBytes),
          ...(removed !== undefined ? { removed: String(removed) } : {}),
        },
      ],
      options.json,
    );
  });

program
  .command('conformance')
  .description('run the conformance corpus on the native back-end and any others given')
  .option('-d, --dir <folder>', 'the corpus folder (default: the one @gpuc/core ships)')
  .option(
    '-b, --backend <module>',
    'a module whose `conformance` (or default) export is a conformance back-end (repeatable)',
    collect,
    [],
  )
  .option('--only <names>', 'run only these kernels, comma separated', (v) => v.split(','))
  .option('--json <file>', 'also write the report as JSON')
  .action(async (options: { dir?: string; backend: string[]; only?: string[]; json?: string }) => {
    const loaded = await loadPlugins();
    const backends: ConformanceBackend[] = [
      nativeConformance,
      ...loaded.installed.flatMap((p) => (p.conformance ? [p.conformance] : [])),
    ];
    for (const specifier of options.backend) {
      const module = await importModule(specifier);
      const backend = (module.conformance ?? module.default) as ConformanceBackend | undefined;
      if (!backend || typeof backend.name !== 'string' || !(backend.run || backend.check))
        throw new Error(`gpuc: ${specifier} does not export a conformance back-end`);
      backends.push(backend);
    }
    // The corpus, and the entries installed plugins add (unless a folder was given).
    const folders = options.dir
      ? [options.dir]
      : [corpusDirectory(), ...loaded.installed.flatMap((p) => (p.corpus ? [p.corpus] : []))];
    let entries = (await Promise.all(folders.map(loadConformance))).flat();
    if (options.only) {
      const unknown = options.only.filter((name) => !entries.some((e) => e.name === name));
      if (unknown.length > 0)
        throw new Error(
          `gpuc: no conformance kernel named ${unknown.join(', ')}; the corpus has ${entries.map((e) => e.name).join(', ')}`,
        );
      entries = entries.filter((e) => options.only?.includes(e.name));
    }
    const progress = progressBar('conformance');
    const report = await runConformance(entries, backends, {
      onProgress: progress.listener,
      plugins: loaded.plugins,
    });
    progress.stop();
    process.stdout.write(`${formatReport(report)}\n`);
    if (options.json) writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
    const failed = Object.values(report.results).some((row) =>
      Object.values(row).some((o) => o.status === 'failed'),
    );
    if (failed) process.exitCode = 1;
  });

// A reader that stops early (`gpuc targets | head -1`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

/** One line for an error (compile errors carry their location and code frame already). */
function describeError(error: unknown): string {
  const { code, path } = error as NodeJS.ErrnoException;
  if ((code === 'ENOENT' || code === 'EISDIR') && path) {
    // A file read or written (`-o out/k.ptx`) in a folder that does not exist: name the folder.
    if (code === 'ENOENT' && !existsSync(dirname(path))) return `gpuc: no such folder: ${dirname(path)}`;
    return `gpuc: ${code === 'ENOENT' ? 'no such file' : 'a folder, not a file'}: ${path}`;
  }
  return error instanceof Error ? error.message : String(error);
}

program.parseAsync().catch((error: unknown) => {
  const [first, ...rest] = describeError(error).split('\n');
  process.stderr.write(`${[styled(process.stderr, 'red', first ?? ''), ...rest].join('\n')}\n`);
  process.exitCode = 1;
});
