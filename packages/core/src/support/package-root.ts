/**
 * Where a package is installed: the folder of its package.json, found from one of its modules'
 * location whether it runs from `src/` (tests, tsx) or from the build in `dist/`; and a digest
 * of the code it runs, so that caches never serve what older code compiled.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageRoot {
  /** The package folder, ending in a slash. */
  readonly url: URL;
  readonly name: string;
  readonly version: string;
  /** The code this process runs: `dist/` or `src/` inside the package. */
  readonly code: string;
}

const roots = new Map<string, PackageRoot | null>();

/**
 * The root of the package a module belongs to (default: @gpuc/core), or null when the module
 * was moved out of its package (bundled).
 */
export function packageRoot(moduleUrl: string = import.meta.url): PackageRoot | null {
  let found = roots.get(moduleUrl);
  if (found !== undefined) return found;
  found = null;
  let dir = new URL('.', moduleUrl);
  for (let i = 0; i < 5; i++) {
    try {
      const manifest = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name) {
        const here = fileURLToPath(moduleUrl);
        found = {
          url: dir,
          name: manifest.name,
          version: manifest.version ?? 'unknown',
          code: fileURLToPath(new URL(here.includes('/dist/') ? 'dist/' : 'src/', dir)),
        };
        break;
      }
    } catch {
      // not here: look further up
    }
    dir = new URL('..', dir);
  }
  roots.set(moduleUrl, found);
  return found;
}

const versions = new Map<string, string>();

/**
 * A package's version and a digest of the code it runs (`1.2.0+3f2a...`), from one of its
 * modules' URL: what a plugin gives as its `version`, so that editing it invalidates caches.
 */
export function codeVersion(moduleUrl: string = import.meta.url): string {
  let version = versions.get(moduleUrl);
  if (version === undefined) {
    const root = packageRoot(moduleUrl);
    const hash = createHash('sha256').update(root?.version ?? 'unknown');
    let files: string[] = [];
    try {
      if (root) files = readdirSync(root.code, { recursive: true }).map(String).sort();
    } catch {
      // bundled into something else: the version alone
    }
    for (const file of files) {
      if (/\.(js|cjs|mjs|ts)$/.test(file) && !file.endsWith('.map'))
        hash.update(file).update(readFileSync(join(root?.code as string, file)));
    }
    version = `${root?.version ?? 'unknown'}+${hash.digest('hex').slice(0, 16)}`;
    versions.set(moduleUrl, version);
  }
  return version;
}
