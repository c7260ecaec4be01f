/**
 * Where @gpuc/core is installed: the folder of its package.json, found from this module's own
 * location whether it runs from `src/` (tests, tsx) or from the build in `dist/`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface PackageRoot {
  /** The package folder, ending in a slash. */
  readonly url: URL;
  readonly version: string;
  /** The code this process runs: `dist/` or `src/` inside the package. */
  readonly code: string;
}

let found: PackageRoot | null | undefined;

/** The package's root, or null when the module was moved out of its package (bundled). */
export function packageRoot(): PackageRoot | null {
  if (found !== undefined) return found;
  found = null;
  let dir = new URL('.', import.meta.url);
  for (let i = 0; i < 5; i++) {
    try {
      const manifest = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === '@gpuc/core') {
        const here = fileURLToPath(import.meta.url);
        found = {
          url: dir,
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
  return found;
}
