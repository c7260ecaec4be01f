/**
 * Imports as kernels see them. Renamed imports of gpuc's kernel names: after `import { gpu as g }
 * from '@gpuc/core'`, a kernel in that file that writes `g.threadIdx.x` means `gpu.threadIdx.x`,
 * as it does when run as JavaScript. And the module namespaces toolchains turn imports into: a
 * kernel compiled by TypeScript to CommonJS reads `core_1.gpu` and `(0, core_1.f32)(x)` where its
 * source read `gpu` and `f32(x)`, esbuild's `import_core.gpu`, Vite's `__vite_ssr_import_0__.gpu`.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSync } from 'oxc-parser';
import { kernelCache } from '../support/cache-limits.js';
import { packageRoot } from '../support/package-root.js';
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

/**
 * The names exported by gpuc that kernels use by name: the namespace, the conversions and the
 * 16-bit float array constructors.
 */
const KERNEL_NAMES = new Set<string>([
  'gpu',
  ...SCALARS.filter((name) => name !== 'bool'),
  'Float16Bits',
  'BFloat16Bits',
]);

/** By file and its text (a file changes): the least recently used dropped past the `kernels` limit. */
const byFile = kernelCache<ReadonlyMap<string, string>>();
const bySource = new WeakMap<KernelSource, ReadonlyMap<string, string>>();

const NONE: ReadonlyMap<string, string> = new Map();

/**
 * The local names a source's file gives gpuc's kernel names, each with the name it stands for
 * (only the renamed ones). Empty when the file is unknown or does not parse.
 */
export function importedNames(source: KernelSource): ReadonlyMap<string, string> {
  let names = bySource.get(source);
  if (names) return names;
  const module = source.moduleText;
  if (module === undefined) names = NONE;
  else {
    // Many functions share a file: it is read once.
    const key = `${source.file}\0${module}`;
    names = byFile().get(key) ?? renamedImports(source.file, module);
    byFile().set(key, names);
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

/**
 * The names toolchains give an imported module's namespace, for text transformed in memory
 * (tsx, ts-node, Vite and vitest), where the file on disk shows the source before the transform.
 */
const GENERATED_NAMESPACES: readonly RegExp[] = [
  /^[A-Za-z_$][\w$]*_\d+$/, // TypeScript's CommonJS output: core_1
  /^import_[\w$]+$/, // esbuild: import_core
  /^__vite_ssr_import_\d+__$/, // Vite's SSR transform (vitest)
  /^__vi_import_\d+__$/, // vitest's hoisted imports
  /__WEBPACK_IMPORTED_MODULE_\d+(?:_default)?__$/, // webpack
];

/**
 * `const x = require(...)`, also wrapped (`__importStar(require(...))`) or webpack's, and the
 * source's own `import * as x from ...`.
 */
const NAMESPACE_BINDINGS = [
  /\b(?:const|let|var)\s+([\w$]+)\s*=\s*(?:[\w$.]+\(\s*)*(?:require|__webpack_require__)\s*\(/g,
  /\bimport\s+\*\s+as\s+([\w$]+)\s+from\b/g,
  // Vite's SSR transform (as vitest runs a file) and vitest's hoisted imports.
  /\b(?:const|let|var)\s+([\w$]+)\s*=\s*await\s+(?:__vite_ssr_import__|__vite_ssr_dynamic_import__|import)\s*\(/g,
];

/** By file and its text, bounded as {@link byFile} is. */
const requiredByFile = kernelCache<ReadonlySet<string>>();

/**
 * Whether an outer name of a kernel is a module namespace: bound to `require(...)` in the
 * kernel's file (TypeScript's, Babel's, webpack's and Rollup's CommonJS output on disk) or by
 * `import * as` in it, or, where the kernel's text is not in its file (transformed in memory), of a
 * form a toolchain gives such namespaces. Its members are then the names the source imported.
 */
export function isModuleNamespace(source: KernelSource, name: string): boolean {
  const module = source.moduleText;
  if (module === undefined) return GENERATED_NAMESPACES.some((form) => form.test(name));
  const key = `${source.file}\0${module}`;
  let required = requiredByFile().get(key);
  if (!required) {
    required = new Set(
      NAMESPACE_BINDINGS.flatMap((binding) => [...module.matchAll(binding)].map((m) => m[1] as string)),
    );
    requiredByFile().set(key, required);
  }
  return required.has(name);
}

/** The toolchain whose form a name has, for messages about names no kernel can resolve. */
export function namespaceToolchain(name: string): string | undefined {
  const [tsc, esbuild, vite, vitest, webpack] = GENERATED_NAMESPACES as RegExp[];
  if (vite?.test(name) || vitest?.test(name)) return 'Vite (vitest)';
  if (webpack?.test(name)) return 'webpack';
  if (esbuild?.test(name)) return 'esbuild (tsx)';
  if (tsc?.test(name)) return "TypeScript's CommonJS output";
  if (/^_[A-Za-z$][\w$]*$/.test(name)) return 'Babel or SWC';
  return undefined;
}
