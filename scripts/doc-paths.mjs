/**
 * The docs' references check: every file or folder a doc names in backticks, every `@gpuc/...`
 * package (and subpath export) it names, and every relative link it makes (with its `#anchor`)
 * is there in the repository. The docs are README.md, ARCHITECTURE.md, docs/*.md and each
 * package's README.md.
 *
 * A backticked path may be written from the repository's root, from the doc's folder, from
 * `packages/` or from inside a package (`src/target/`, `compiler/cache.ts`); `{a,b}` and `*` are
 * expanded. Backticked text is taken for a path when it ends in `/`, names a file by its
 * extension, or starts with the name of one of the repository's folders: `MDNode.get/getDistinct`
 * is none of these.
 * Fenced code blocks are not read. Names of things that do not exist on purpose (`@gpuc/backend-foo`,
 * `gpuc_foo`) use `foo`, and are passed over.
 *
 * Run `node scripts/doc-paths.mjs`: it prints each reference that names nothing, with its doc
 * and line, and exits 1 when there is one.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Extensions that make backticked text a file name. */
const FILE = /\.(?:ts|mts|cts|js|mjs|cjs|json|md|sh|c|h|cc|cpp|cu|ll|wgsl|metal|png|yaml|yml)$/;

/**
 * Extensions of the repository's own sources: a bare file name with one (`disk-cache.ts`) must
 * be a file of the repository; others (`hsa.h`, `nvidia_icd.json`) are often the system's.
 */
const SOURCE = /\.(?:ts|mts|cts|js|mjs|cjs|md|sh|cpp|cu)$/;

/** References to things outside the repository, on purpose, by the doc that makes them. */
const ELSEWHERE = [
  // Metal.jl's and GPUCompiler.jl's files, which the Metal back-end was compared with.
  ['packages/backend-metal/README.md', /^(?:test\/metallib\/|src\/metal\.jl$|src\/compiler\/execution\.jl$)/],
  // The platform packages a release builds on each platform; the repository holds linux-x64-gnu.
  ['packages/llvm/README.md', /^@gpuc\/llvm-(?:linux|darwin|win32)-/],
];

/** The docs of the repository at `root`, relative to it. */
export function docsOf(root) {
  const packages = readdirSync(join(root, 'packages')).map((p) => `packages/${p}/README.md`);
  const docs = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  return ['README.md', 'ARCHITECTURE.md', ...docs, ...packages].filter((doc) => existsSync(join(root, doc)));
}

/** Each reference of every doc under `root` that names nothing, as `doc:line: what`. */
export function checkDocPaths(root) {
  const files = trackedFiles(root);
  const tracked = new Set(files);
  const folders = new Set(files.flatMap((file) => ancestors(file)));
  const names = new Set(files.map((file) => posix.basename(file)));
  const folderNames = new Set([...folders].map((folder) => posix.basename(folder)));
  const packages = packagesOf(root);
  const bases = ['', 'packages/', ...[...folders].filter((f) => /^packages\/[^/]+\/(?:src\/)?$/.test(f))];
  // A path git ignores is made by a build or a run (`examples/out/`, `packages/core/docs/`).
  const exists = (path) =>
    tracked.has(path) || folders.has(path.endsWith('/') ? path : `${path}/`) || ignored(root, path);
  const problems = [];
  for (const doc of docsOf(root)) {
    const text = readFileSync(join(root, doc), 'utf8');
    const lines = withoutFences(text).split('\n');
    lines.forEach((line, n) => {
      const at = `${doc}:${n + 1}`;
      for (const [, quoted] of line.matchAll(/`([^`]+)`/g)) {
        if (ELSEWHERE.some(([where, pattern]) => where === doc && pattern.test(quoted))) continue;
        const problem = quotedProblem(quoted, { doc, bases, exists, files, folderNames, names, packages });
        if (problem) problems.push(`${at}: ${problem}`);
      }
      for (const [, target] of line.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s]+)\)/g)) {
        const problem = linkProblem(root, doc, target, exists);
        if (problem) problems.push(`${at}: ${problem}`);
      }
    });
  }
  return problems;
}

/** What is wrong with backticked text, if it is a path or a package that is not there. */
function quotedProblem(quoted, { doc, bases, exists, files, folderNames, names, packages }) {
  const text = quoted.trim();
  if (/\s|:\/\/|^[./]/.test(text) || /\bfoo\b/.test(text)) return undefined;
  if (text.startsWith('@gpuc/')) return packageProblem(text, packages);
  const first = text.split('/')[0];
  const isPath =
    text.endsWith('/') ||
    FILE.test(text) ||
    (text.includes('/') && expand(first).some((name) => folderNames.has(name) || name.includes('*')));
  if (!isPath || !/^[\w.*{},/-]+$/.test(text)) return undefined;
  const here = posix.dirname(doc) === '.' ? '' : `${posix.dirname(doc)}/`;
  for (const path of expand(text)) {
    if (!path.includes('/')) {
      if (SOURCE.test(path) && !names.has(path)) return `\`${text}\`: no file is named ${path}`;
      continue;
    }
    const found = [here, ...bases].some((base) => {
      const full = posix.normalize(base + path);
      if (!full.includes('*')) return exists(full);
      const pattern = new RegExp(
        `^${full.replace(/[.+?^$()[\]\\]/g, '\\$&').replaceAll('*', '[^/]*')}(?:$|/)`,
      );
      return files.some((file) => pattern.test(file));
    });
    if (!found) return `\`${text}\`: ${path} is not in the repository`;
  }
  return undefined;
}

/** What is wrong with `@gpuc/name[/subpath]`: no such package, or no such export. */
function packageProblem(specifier, packages) {
  if (specifier.includes('*')) return undefined;
  const [, name, subpath] = /^(@gpuc\/[\w-]+)(\/[\w-]+)?$/.exec(specifier) ?? [];
  if (name === undefined) return undefined;
  const exports = packages.get(name);
  if (exports === undefined) return `\`${specifier}\`: no package is named ${name}`;
  if (subpath !== undefined && !exports.includes(`.${subpath}`))
    return `\`${specifier}\`: ${name} exports no ${subpath.slice(1)}`;
  return undefined;
}

/** What is wrong with a relative link: its file is not there, or its anchor is no heading. */
function linkProblem(root, doc, target, exists) {
  if (/^[a-z]+:/.test(target)) return undefined;
  const [path, anchor] = target.split('#');
  const file = path === '' ? doc : posix.normalize(posix.join(posix.dirname(doc), path));
  if (!exists(file.replace(/\/$/, ''))) return `link ${target}: ${file} is not in the repository`;
  if (anchor === undefined || !file.endsWith('.md') || ignored(root, file)) return undefined;
  if (!anchorsOf(readFileSync(join(root, file), 'utf8')).has(anchor))
    return `link ${target}: ${file} has no heading #${anchor}`;
  return undefined;
}

/** The anchors GitHub gives a Markdown file's headings (`## Ownership and safety` → ownership-and-safety). */
export function anchorsOf(markdown) {
  const anchors = new Set();
  for (const [, heading] of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const slug = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    let anchor = slug;
    for (let n = 1; anchors.has(anchor); n++) anchor = `${slug}-${n}`;
    anchors.add(anchor);
  }
  return anchors;
}

/** `a/{b,c}.ts` as `a/b.ts` and `a/c.ts`. */
function expand(text) {
  const match = /\{([^{}]*)\}/.exec(text);
  if (match === null) return [text];
  return match[1]
    .split(',')
    .flatMap((part) => expand(text.slice(0, match.index) + part + text.slice(match.index + match[0].length)));
}

/** The text with fenced code blocks blanked, lines kept. */
function withoutFences(text) {
  return text.replace(/^```[\s\S]*?^```/gm, (block) => block.replace(/[^\n]/g, ''));
}

/** `a/b/c.ts` → `a/`, `a/b/`. */
function ancestors(file) {
  const parts = file.split('/').slice(0, -1);
  return parts.map((_, i) => `${parts.slice(0, i + 1).join('/')}/`);
}

/** Whether git ignores `path` under `root`. */
function ignored(root, path) {
  try {
    execFileSync('git', ['check-ignore', '-q', '--no-index', path], { cwd: root, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The files git tracks, and those it does not ignore. */
function trackedFiles(root) {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return listed.split('\0').filter((file) => file !== '' && existsSync(join(root, file)));
}

/** Each workspace package's name and the subpaths it exports. */
function packagesOf(root) {
  const packages = new Map();
  for (const folder of readdirSync(join(root, 'packages'))) {
    const manifest = join(root, 'packages', folder, 'package.json');
    if (!existsSync(manifest)) continue;
    const { name, exports } = JSON.parse(readFileSync(manifest, 'utf8'));
    packages.set(name, exports && typeof exports === 'object' ? Object.keys(exports) : ['.']);
  }
  return packages;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const problems = checkDocPaths(root);
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) {
    console.error(
      `${problems.length} reference(s) in the docs name nothing in ${relative(process.cwd(), root) || '.'}`,
    );
    process.exit(1);
  }
  console.log('docs: every path, package and link they name is there');
}
