/**
 * The import-direction check: every source file of the packages belongs to a layer, and a file
 * may import only from its own layer and the layers below it (ARCHITECTURE.md draws them). A
 * second rule keeps the compiler out of a deployment: nothing reachable from a compiler-free
 * entry point (`@gpuc/core/host`, each back-end's driver) may load LLVM, the parser or the hooks.
 *
 * Run `node scripts/layers.mjs` (CI does): it prints each wrong-way import with its file and line
 * and exits 1 when there is one. Tests, benchmarks and examples are users, not layers: they are
 * not checked.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** Each layer and the layers directly below it; a layer may import everything below, transitively. */
export const LAYERS = {
  binding: [],
  support: [],
  language: ['support'],
  host: ['language'],
  llvm: ['binding', 'support'],
  compiler: ['llvm', 'host'],
  targets: ['compiler', 'host'],
  launch: ['targets'],
  library: ['launch'],
  tools: ['library'],
};

/**
 * Where each file belongs: the first pattern (a path prefix under `packages/`) that matches.
 * Entry points sit in the layer of what they export.
 */
export const PLACES = [
  ['llvm/src/', 'binding'],
  ['core/src/support/', 'support'],
  ['core/src/frontend/', 'language'],
  ['core/src/host/', 'host'],
  ['core/src/llvm/', 'llvm'],
  ['core/src/compiler/', 'compiler'],
  ['core/src/native/', 'targets'],
  ['core/src/devicemath/', 'targets'],
  ['core/src/reference/', 'targets'],
  ['core/src/entry/compiler.ts', 'targets'],
  ['core/src/launch/', 'launch'],
  ['core/src/entry/launch.ts', 'launch'],
  ['core/src/arrays/', 'library'],
  ['core/src/index.ts', 'library'],
  ['core/src/cli/', 'tools'],
  ['core/src/conformance/', 'tools'],
  ['core/src/entry/tools.ts', 'tools'],
  ['backend-cuda/src/driver/', 'host'],
  ['backend-rocm/src/hsa/', 'host'],
  ['backend-metal/src/metal/', 'host'],
  ['backend-webgpu/src/webgpu/', 'host'],
  ['backend-', 'targets', '/src/target/'],
  ['backend-', 'library', '/src/launch/arrays.ts'],
  ['backend-', 'launch', '/src/launch/'],
  ['backend-', 'tools', '/src/conformance.ts'],
  ['backend-', 'tools', '/src/index.ts'],
  ['enzyme-ad/src/derive/', 'targets'],
  ['enzyme-ad/src/plugin/', 'targets'],
  ['enzyme-ad/src/reference/', 'library'],
  ['enzyme-ad/src/api/', 'library'],
  ['enzyme-ad/src/index.ts', 'library'],
  ['fuzz/src/', 'tools'],
];

/** The layer of each package entry point another package may import. */
export const ENTRIES = {
  '@gpuc/llvm': 'binding',
  '@gpuc/core/host': 'host',
  '@gpuc/core/ffi': 'host',
  '@gpuc/core/llvm': 'llvm',
  '@gpuc/core/compiler': 'targets',
  '@gpuc/core/launch': 'launch',
  '@gpuc/core': 'library',
  '@gpuc/core/tools': 'tools',
  '@gpuc/backend-cuda/driver': 'host',
  '@gpuc/backend-rocm/hsa': 'host',
  '@gpuc/backend-metal/metal': 'host',
  '@gpuc/backend-webgpu/webgpu': 'host',
  '@gpuc/backend-cuda': 'tools',
  '@gpuc/backend-rocm': 'tools',
  '@gpuc/backend-metal': 'tools',
  '@gpuc/backend-webgpu': 'tools',
  '@gpuc/enzyme-ad': 'library',
};

/** Entry points a deployment installs without the compiler, and what they must never reach. */
export const COMPILER_FREE = {
  entries: [
    'core/src/host/index.ts',
    'core/src/host/ffi.ts',
    'backend-cuda/src/driver/index.ts',
    'backend-cuda/src/driver/entry.ts',
    'backend-rocm/src/hsa/index.ts',
    'backend-metal/src/metal/index.ts',
    'backend-webgpu/src/webgpu/index.ts',
  ],
  forbidden: ['@gpuc/llvm', 'oxc-parser', 'tapable', '@gpuc/core', '@gpuc/core/llvm', '@gpuc/core/compiler'],
};

/** Every layer `layer` may import (itself included). */
function reachable(layer, seen = new Set()) {
  if (seen.has(layer)) return seen;
  seen.add(layer);
  for (const below of LAYERS[layer] ?? []) reachable(below, seen);
  return seen;
}

/** The layer of a file, by its path relative to `packages/`; undefined when it has none. */
export function layerOf(path) {
  for (const [prefix, layer, inside] of PLACES) {
    if (!path.startsWith(prefix)) continue;
    if (inside === undefined || path.includes(inside)) return layer;
  }
  return undefined;
}

/** Imports and re-exports of a source file: specifier, line, and whether only types are named. */
function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found = [];
  const add = (node, specifier, typeOnly) =>
    found.push({
      specifier,
      typeOnly,
      line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
    });
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            bindings !== undefined &&
            ts.isNamedImports(bindings) &&
            bindings.elements.length > 0 &&
            bindings.elements.every((element) => element.isTypeOnly)));
      add(node, node.moduleSpecifier.text, typeOnly);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const clause = node.exportClause;
      const typeOnly =
        node.isTypeOnly ||
        (clause !== undefined &&
          ts.isNamedExports(clause) &&
          clause.elements.every((element) => element.isTypeOnly));
      add(node, node.moduleSpecifier.text, typeOnly);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments.length === 1 &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      add(node, node.arguments[0].text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The source file a relative specifier names (`./x.js` is `./x.ts` in the sources). */
function resolveRelative(from, specifier) {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** The package entry point a bare specifier names, when it is one of ours. */
function entryOf(specifier) {
  return Object.hasOwn(ENTRIES, specifier) ? specifier : undefined;
}

/** Every TypeScript source file under `packages/<name>/src`. */
function sourceFiles(packages) {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) files.push(path);
    }
  };
  for (const name of readdirSync(packages)) {
    const src = join(packages, name, 'src');
    if (existsSync(src)) walk(src);
  }
  return files;
}

/**
 * The wrong-way imports under `packages` (a folder laid out like this repository's), as
 * `file:line: message` strings; empty when every import goes down.
 */
export function checkLayers(packages) {
  const problems = [];
  const files = sourceFiles(packages);
  for (const file of files) {
    const path = relative(packages, file);
    const layer = layerOf(path);
    if (layer === undefined) {
      problems.push(`${path}:1: not in any layer (add it to PLACES in scripts/layers.mjs)`);
      continue;
    }
    const allowed = reachable(layer);
    for (const { specifier, line } of importsOf(file)) {
      let target;
      let name;
      if (specifier.startsWith('.')) {
        const resolved = resolveRelative(file, specifier);
        if (resolved === undefined) continue;
        name = relative(packages, resolved);
        target = layerOf(name);
      } else if (entryOf(specifier)) {
        name = specifier;
        target = ENTRIES[specifier];
      } else if (specifier.startsWith('@gpuc/')) {
        problems.push(`${path}:${line}: imports ${specifier}, which is not a public entry point`);
        continue;
      } else continue;
      if (target !== undefined && !allowed.has(target)) {
        problems.push(`${path}:${line}: ${layer} imports ${target} (${name})`);
      }
    }
  }
  problems.push(...compilerFreeProblems(packages));
  return problems;
}

/** Each import chain from a compiler-free entry point to a module of the compiler. */
function compilerFreeProblems(packages) {
  const problems = [];
  for (const entry of COMPILER_FREE.entries) {
    const start = join(packages, entry);
    if (!existsSync(start)) continue;
    const seen = new Set();
    const visit = (file, chain) => {
      if (seen.has(file)) return;
      seen.add(file);
      // Types vanish at run time: only value imports load a module.
      for (const { specifier } of importsOf(file).filter((entry) => !entry.typeOnly)) {
        if (COMPILER_FREE.forbidden.includes(specifier)) {
          problems.push(
            `${entry}: reaches ${specifier} through ${[...chain, relative(packages, file)].join(' -> ')}`,
          );
        } else if (specifier.startsWith('.')) {
          const next = resolveRelative(file, specifier);
          if (next !== undefined) visit(next, [...chain, relative(packages, file)]);
        } else if (specifier === '@gpuc/core/host') {
          visit(join(packages, 'core/src/host/index.ts'), [...chain, relative(packages, file)]);
        }
      }
    };
    visit(start, []);
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const packages = join(dirname(fileURLToPath(import.meta.url)), '..', 'packages');
  const problems = checkLayers(packages);
  for (const problem of problems) console.error(`packages/${problem}`);
  if (problems.length > 0) {
    console.error(`${problems.length} import(s) cross a layer the wrong way: see ARCHITECTURE.md`);
    process.exit(1);
  }
  console.log('layers: every import goes down');
}
