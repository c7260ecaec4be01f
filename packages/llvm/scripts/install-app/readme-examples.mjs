// Runs the examples of the READMEs named on the command line, read from the READMEs themselves
// (the copies the packed packages ship), in the test project install-check.sh makes from the
// tarballs:
//
//   node readme-examples.mjs <repository> <README.md>...
//
// - js and ts blocks: each README's blocks run as one module, in order: the first block at the
//   module's top level, each later one in a block of its own after it (so a later example may use
//   the first one's kernel and arrays, and declare its own names again); imports are merged. A
//   `console.log(...); // value` line fails the example when it prints other than the value (a
//   comment that describes rather than shows a value, starting with a lowercase word, is not
//   compared). GPU launches (`launchCuda`, `launchCudaAsync`, `launchMetal`) compile the kernel
//   for their GPU target and then run natively (readme-support.mjs); blocks that need a GPU's
//   memory, streams or driver are skipped, and said so.
// - sh blocks: `npx gpuc` lines run; `kernels.js` is written from the README's kernels, other
//   files they name are copied from the repository. The install line is the project's own
//   install; workspace commands (`pnpm`, `bash scripts/...`) belong to the repository, not to
//   the installed packages. Any other line fails the check until it is given a rule here.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

/** Imports that need a GPU's memory, streams or driver: examples using them cannot run here. */
const DEVICE_ONLY = new Set([
  'DeviceArray',
  'CudaStream',
  'CudaDevice',
  'compileCuda',
  'cudaArrays',
  'loadBundle',
]);
/** GPU launches: compiled for the GPU target, then run natively (readme-support.mjs). */
const GPU_LAUNCHES = new Set(['launchCuda', 'launchCudaAsync', 'launchMetal']);

/** Shell lines that are not run, and why. */
const SHELL_SKIPPED = [
  [/^npm install /, 'the install itself: this project installs the packed tarballs'],
  [/^(pnpm |bash scripts\/)/, "a command of the repository's workspace, not of the installed packages"],
];

const [repository, ...readmes] = process.argv.slice(2);
if (!repository || readmes.length === 0)
  throw new Error('usage: readme-examples.mjs <repository> <README.md>...');

let failures = 0;
for (const readme of readmes) {
  const label = readme.includes('node_modules/')
    ? readme.slice(readme.lastIndexOf('node_modules/') + 13)
    : `${relative(repository, readme)} (the repository's)`;
  const blocks = [...readFileSync(readme, 'utf8').matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({
    lang: m[1],
    text: m[2],
  }));
  const unread = blocks.find((b) => !['js', 'ts', 'sh'].includes(b.lang));
  if (unread) throw new Error(`${readme}: a \`\`\`${unread.lang} block, which this check has no rule for`);
  const code = blocks.filter((b) => b.lang === 'js' || b.lang === 'ts');
  console.log(`${label}: ${code.length} code examples, ${blocks.length - code.length} shell examples`);
  const name = label.replace(/\W+/g, '-').replace(/^-|-$/g, '');
  try {
    if (code.length > 0) runCode(code, `readme-${name}`);
    for (const block of blocks.filter((b) => b.lang === 'sh')) runShell(block.text, code);
  } catch (error) {
    failures++;
    console.error(`${label}: ${error instanceof Error ? error.message : error}`);
  }
}
if (failures > 0) {
  console.error(`${failures} README(s) with failing examples`);
  process.exit(1);
}

/** Writes a README's code blocks as one module and runs it. */
function runCode(blocks, file) {
  const imports = new Map();
  const bodies = [];
  for (const [index, block] of blocks.entries()) {
    const lines = block.text.split('\n');
    const own = lines.filter((line) => line.startsWith('import '));
    const names = own.flatMap((line) => parseImport(line).names);
    const deviceOnly = names.filter((n) => DEVICE_ONLY.has(n));
    if (deviceOnly.length > 0) {
      const need = deviceOnly.length > 1 ? 'need' : 'needs';
      console.log(`  example ${index + 1}: skipped: ${deviceOnly.join(', ')} ${need} a GPU (none here)`);
      continue;
    }
    for (const line of own) {
      const { names, from } = parseImport(line);
      for (const n of names) {
        const source = GPU_LAUNCHES.has(n) ? './readme-support.mjs' : from;
        if (!imports.has(source)) imports.set(source, new Set());
        imports.get(source).add(n);
      }
    }
    const body = lines.filter((line) => !line.startsWith('import ')).map(compared);
    bodies.push(index === 0 ? body.join('\n') : `{\n${body.join('\n')}\n}`);
    const launches = names.filter((n) => GPU_LAUNCHES.has(n));
    console.log(
      `  example ${index + 1}: runs${launches.length ? ` (${launches.join(', ')}: compiled, run natively)` : ''}`,
    );
  }
  if (bodies.length === 0) return;
  imports.set('./readme-support.mjs', new Set([...(imports.get('./readme-support.mjs') ?? []), 'printed']));
  const header = [...imports].map(([from, names]) => `import { ${[...names].join(', ')} } from '${from}';`);
  let text = `${header.join('\n')}\n${bodies.join('\n')}\n`;
  if (blocks.some((b) => b.lang === 'ts'))
    text = ts.transpileModule(text, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
  writeFileSync(`${file}.mjs`, text);
  execFileSync(process.execPath, [`${file}.mjs`], { stdio: 'inherit' });
}

/** `import { a, b } from 'x';`: the one form the READMEs use (others fail the check). */
function parseImport(line) {
  const match = /^import \{([^}]*)\} from '([^']+)';$/.exec(line);
  if (!match) throw new Error(`an import this check does not read: ${line}`);
  return {
    names: match[1]
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean),
    from: match[2],
  };
}

/** A console.log line whose comment shows the value printed, turned into a compared print. */
function compared(line) {
  const match = /^(\s*)console\.log\((.*)\);\s*\/\/\s*(.+)$/.exec(line);
  if (!match || /^[a-z]/.test(match[3])) return line;
  return `${match[1]}printed(${JSON.stringify(match[3].trim())}, ${match[2]});`;
}

/** Runs a README's shell block, line by line (continuations joined). */
function runShell(text, code) {
  for (const line of text
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .filter((l) => l.trim())) {
    const skipped = SHELL_SKIPPED.find(([pattern]) => pattern.test(line));
    if (skipped) {
      console.log(`  $ ${line}\n    skipped: ${skipped[1]}`);
      continue;
    }
    if (!line.startsWith('npx gpuc ')) throw new Error(`no rule for the shell example: ${line}`);
    for (const file of line.match(/[\w./-]+\.m?js\b/g) ?? []) provide(file, code);
    console.log(`  $ ${line}`);
    // What the command prints (assembly, tables, timings) is shown when it fails.
    const run = spawnSync(line, { shell: true, encoding: 'utf8' });
    if (run.status !== 0)
      throw new Error(`${line} failed (${run.status ?? run.signal}):\n${run.stdout}${run.stderr}`);
  }
}

/** A file a command names: kernels.js from the README's kernels, others from the repository. */
function provide(file, code) {
  if (existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true });
  if (file !== 'kernels.js') return copyFileSync(join(repository, file), file);
  // The first example's imports and function declarations, exported.
  const first = code[0].text;
  const imports = first.split('\n').filter((l) => l.startsWith('import '));
  const functions = first.match(/^function [\s\S]*?^\}$/gm) ?? [];
  writeFileSync(file, [...imports, ...functions.map((f) => `export ${f}`)].join('\n'));
}
