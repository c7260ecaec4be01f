/**
 * Installed back-ends: packages that declare themselves gpuc plugins in their package.json,
 *
 *   "gpuc": { "plugin": "CudaPlugin", "conformance": "cudaConformance", "devices": "cudaDevices" }
 *
 * naming the exports that hold the compiler plugin (an instance or a class) and, optionally, its
 * conformance back-end and the function listing its devices (`gpuc devices`), and the folder of conformance entries it adds to the corpus (AD adds
 * kernels that differentiate). They are found in the `node_modules` folders visible from a directory,
 * the way Node would find them, and loaded with ESM resolution from there, so an application
 * gets every back-end it installed without naming one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { moduleResolve } from 'import-meta-resolve';
import type { CompilerPlugin } from '../compiler/compiler.js';
import type { ConformanceBackend } from '../conformance/runner.js';
import type { DeviceDescription } from '../host/devices.js';

/** A back-end package found installed. */
export interface InstalledPlugin {
  /** The package's name. */
  readonly name: string;
  readonly version: string;
  readonly plugin: CompilerPlugin;
  readonly conformance?: ConformanceBackend;
  /** The folder of conformance entries the package adds. */
  readonly corpus?: string;
  /** The devices the back-end sees (none where it has no driver or device). */
  readonly devices?: () => DeviceDescription[];
}

interface Declaration {
  readonly plugin: string;
  readonly conformance?: string;
  readonly corpus?: string;
  readonly devices?: string;
}

/** A plugin from a module's export: an instance, or a class to instantiate. */
export function pluginFrom(exported: unknown, where: string): CompilerPlugin {
  const plugin =
    typeof exported === 'function'
      ? new (exported as new () => CompilerPlugin)()
      : (exported as CompilerPlugin);
  if (!plugin || typeof plugin.apply !== 'function' || typeof plugin.name !== 'string')
    throw new Error(`gpuc: ${where} is not a compiler plugin (an object with name and apply, or its class)`);
  return plugin;
}

/** Package folders directly in a node_modules folder (scoped ones included). */
function packagesIn(folder: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch {
    return [];
  }
  return entries
    .filter((e) => !e.startsWith('.'))
    .flatMap((e) => {
      if (!e.startsWith('@')) return [join(folder, e)];
      try {
        return readdirSync(join(folder, e)).map((s) => join(folder, e, s));
      } catch {
        return [];
      }
    });
}

/** Every installed package that declares a gpuc plugin, nearest first, each name once. */
function declarations(from: string): { name: string; version: string; folder: string; gpuc: Declaration }[] {
  const found = new Map<string, { name: string; version: string; folder: string; gpuc: Declaration }>();
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    for (const folder of packagesIn(join(dir, 'node_modules'))) {
      try {
        const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
          name?: string;
          version?: string;
          gpuc?: Declaration;
        };
        if (manifest.name && typeof manifest.gpuc?.plugin === 'string' && !found.has(manifest.name))
          found.set(manifest.name, {
            name: manifest.name,
            version: manifest.version ?? '0.0.0',
            folder,
            gpuc: manifest.gpuc,
          });
      } catch {
        // not a package, or no readable manifest
      }
    }
    if (dirname(dir) === dir) break;
  }
  return [...found.values()];
}

/** The export conditions this process resolves with: Node's, plus any given by `--conditions`. */
function conditions(): Set<string> {
  const given = new Set(['node', 'import']);
  const argv = [...process.execArgv, ...(process.env.NODE_OPTIONS?.split(/\s+/) ?? [])];
  argv.forEach((arg, i) => {
    const inline = /^(?:--conditions|-C)=(.+)$/.exec(arg);
    if (inline?.[1]) given.add(inline[1]);
    else if ((arg === '--conditions' || arg === '-C') && argv[i + 1]) given.add(argv[i + 1] as string);
  });
  return given;
}

/**
 * Loads the gpuc plugins installed where `from` (default: the working directory) can see them.
 * A package that declares a plugin but fails to load is an error that names it.
 */
export async function installedPlugins(from: string = process.cwd()): Promise<InstalledPlugin[]> {
  const parent = pathToFileURL(join(resolve(from), 'noop.js'));
  const resolving = conditions();
  const plugins: InstalledPlugin[] = [];
  for (const { name, version, folder, gpuc } of declarations(from)) {
    let module: Record<string, unknown>;
    try {
      module = (await import(moduleResolve(name, parent, resolving).href)) as Record<string, unknown>;
    } catch (error) {
      throw new Error(`gpuc: the installed plugin ${name} did not load: ${(error as Error).message}`);
    }
    const plugin = pluginFrom(module[gpuc.plugin], `${name}'s export '${gpuc.plugin}'`);
    const conformance = gpuc.conformance
      ? (module[gpuc.conformance] as ConformanceBackend | undefined)
      : undefined;
    if (gpuc.conformance && !conformance)
      throw new Error(`gpuc: ${name} declares a conformance export '${gpuc.conformance}' it does not have`);
    const devices = gpuc.devices
      ? (module[gpuc.devices] as (() => DeviceDescription[]) | undefined)
      : undefined;
    if (gpuc.devices && typeof devices !== 'function')
      throw new Error(`gpuc: ${name} declares a devices export '${gpuc.devices}' it does not have`);
    plugins.push({
      name,
      version,
      plugin,
      ...(conformance ? { conformance } : {}),
      ...(gpuc.corpus ? { corpus: join(folder, gpuc.corpus) } : {}),
      ...(devices ? { devices } : {}),
    });
  }
  return plugins;
}
