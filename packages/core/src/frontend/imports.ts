/**
 * Imports of gpuc's kernel names under other names: after `import { gpu as g } from
 * '@gpuc/core'`, a kernel in that file that writes `g.threadIdx.x` means `gpu.threadIdx.x`, as it
 * does when run as JavaScript.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSync } from 'oxc-parser';
import { packageRoot } from '../package-root.js';
import { nestingOverflow } from './nesting.js';
import type { Node } from './parse.js';
import type { KernelSource } from './source.js';
import { SCALARS } from './types.js';

/** The package whose exports kernels know by name. */
const PACKAGE = /^@gpuc\/core(?:\/|$)/;

/**
 * Whether an import in `file` is of gpuc: its package by name, or a relative path to one of
 * its modules (tests and examples inside the repository import its sources so).
 */
function importsGpuc(file: string, specifier: string): boolean {
  if (PACKAGE.test(specifier)) return true;
  const root = packageRoot();
  if (!root || !/^\.\.?\//.test(specifier)) return false;
  return resolve(dirname(file), specifier).startsWith(fileURLToPath(root.url));
}

/** The names exported by gpuc that kernels use by name: the namespace and the conversions. */
const KERNEL_NAMES = new Set<string>(['gpu', ...SCALARS.filter((name) => name !== 'bool')]);

const byFile = new Map<string, ReadonlyMap<string, string>>();
const bySource = new WeakMap<KernelSource, ReadonlyMap<string, string>>();

const NONE: ReadonlyMap<string, string> = new Map();

/**
 * The local names a source's file gives gpuc's kernel names, each with the name it stands for
 * (only the renamed ones). Empty when the file is unknown or does not parse.
 */
export function importedNames(source: KernelSource): ReadonlyMap<string, string> {
  let names = bySource.get(source);
  if (names) return names;
  if (source.fileText === source.text) names = NONE;
  else {
    // Many functions share a file: it is read once.
    const key = `${source.file}\0${source.fileText}`;
    names = byFile.get(key) ?? renamedImports(source.file, source.fileText);
    byFile.set(key, names);
  }
  bySource.set(source, names);
  return names;
}

function renamedImports(file: string, text: string): ReadonlyMap<string, string> {
  // The kernel's own text is checked where it is parsed; the rest of the file may be anything.
  if (nestingOverflow(text) !== undefined) return NONE;
  const lang = /\.[cm]?tsx?$/.test(file) ? 'ts' : 'js';
  const { program, errors } = parseSync(file, text, { lang, sourceType: 'module' });
  if (errors.length > 0) return NONE;
  const names = new Map<string, string>();
  for (const statement of program.body as unknown as Node[]) {
    if (statement.type !== 'ImportDeclaration' || statement.importKind === 'type') continue;
    if (!importsGpuc(file, (statement.source as Node).value as string)) continue;
    for (const specifier of statement.specifiers as Node[]) {
      if (specifier.type !== 'ImportSpecifier') continue;
      const imported = specifier.imported as Node;
      const name = (imported.name ?? imported.value) as string;
      const local = (specifier.local as Node).name as string;
      if (KERNEL_NAMES.has(name) && local !== name) names.set(local, name);
    }
  }
  return names;
}
