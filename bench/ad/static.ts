// bench/ad/static.ts: what can be told of the AD corpus's GPU gradients without a GPU. For each
// function, its primal and gradient kernels (the kernels bench/ad times) are compiled to PTX for
// sm_90a (an H100's, as compileCuda picks there) and assembled by `ptxas -v`: registers, stack
// frame, spill stores and loads; and in the PTX: loops left (the CUDA target marks each loop
// header), accesses to local memory (tapes kept there), global loads, stores and atomic additions,
// and additions into shared memory (block-accumulated shadows).
//
// Beside them, each kernel's global memory traffic per point, by its kind: the bytes it must load
// and store once every element a thread touches is read and written once (an atomic addition reads
// and writes its element), against the primal's. A gradient whose time ratio is far above its
// traffic ratio loses time elsewhere: latency, local memory, atomics.
//
// `--no-need`: a map's output is `DuplicatedNoNeed(y, dy)`, so its gradient does not write y.
//
//   node --conditions=source --import tsx bench/ad/static.ts [--only <names>] [--arch <sm_XX>]
//     [--param <name=value>...] [--runtime-length] [--no-need]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { CudaPlugin, findPtxas } from '../../packages/backend-cuda/src/index.js';
import {
  compileJob,
  createCompiler,
  createJob,
  type KernelType,
  parseType,
  sourceFromText,
} from '../../packages/core/src/index.js';
import { CASES, type Case } from '../../packages/enzyme-ad/corpus/cases.js';
import { caseKernel, type Mode, scopeOf } from '../../packages/enzyme-ad/corpus/harness.js';
import { EnzymePlugin } from '../../packages/enzyme-ad/src/index.js';
import { printTable } from '../table.js';

const options = new Command('bench-ad-static')
  .option('--only <names>', 'only these functions, comma separated', (v: string) => v.split(','))
  .option('--arch <arch>', 'the architecture: sm_XX, or sm_XXa for its specific variant', 'sm_90a')
  .option(
    '--runtime-length',
    "the slices' length a kernel argument: loops over a slice of unknown trip count",
  )
  .option('--no-need', "a map's output DuplicatedNoNeed(y, dy): the gradient does not write y")
  .option(
    '--param <name=value>',
    'a compile param for every kernel (true, false or a number), repeatable',
    (v: string, all: Record<string, boolean | number>) => {
      const [name, value] = v.split('=') as [string, string];
      return { ...all, [name]: value === 'true' ? true : value === 'false' ? false : Number(value) };
    },
    {} as Record<string, boolean | number>,
  )
  .parse()
  .opts<{
    only?: string[];
    arch: string;
    runtimeLength?: boolean;
    need: boolean;
    param: Record<string, boolean | number>;
  }>();
const variant = { lengthAtRunTime: options.runtimeLength === true, noNeed: !options.need };

const ptxas = findPtxas();
if (!ptxas) throw new Error('bench/ad/static: ptxas not found; install the CUDA toolkit or set GPUC_PTXAS');
const arch = /^sm_(\d+)(a?)$/.exec(options.arch);
if (!arch) throw new Error(`bench/ad/static: --arch ${options.arch} is not sm_XX or sm_XXa`);
const compiler = createCompiler().use(new CudaPlugin(), new EnzymePlugin());
const target = compiler.target('cuda', {
  computeCapability: Number(arch[1]),
  ...(arch[2] ? { archSpecific: true } : {}),
});
const scratch = mkdtempSync(join(tmpdir(), 'bench-ad-static-'));

/** What the PTX of one kernel and ptxas say about it. */
interface Shape {
  registers: number;
  stack: number;
  spillStores: number;
  spillLoads: number;
  loops: number;
  local: number;
  loads: number;
  stores: number;
  atomics: number;
  shared: number;
}

const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

function shapeOf(c: Case, mode: Mode): Shape {
  const kernel = caseKernel(c, mode, 64, variant);
  const ptx = compileJob(
    compiler,
    createJob(
      sourceFromText(kernel.text, `${c.name}.${mode}.js`),
      kernel.types.map((t) => parseType(t) as KernelType),
      target,
      { scope: scopeOf(c), params: options.param },
    ),
    { kind: 'assembly' },
  ).output as string;
  const file = join(scratch, `${c.name}.${mode}.ptx`);
  writeFileSync(file, ptx);
  const run = spawnSync(ptxas as string, [`-arch=${options.arch}`, '-v', '-o', '/dev/null', file], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`ptxas failed on ${c.name} ${mode}:\n${run.stderr}`);
  // The entry's properties: the lines after "Function properties for <mode>".
  const info = run.stderr.slice(run.stderr.indexOf(`Function properties for ${mode}\n`));
  const number = (pattern: RegExp) => Number(pattern.exec(info)?.[1] ?? Number.NaN);
  // The kernel's own code: a callee kept out of line (libdevice's slow paths) is not counted.
  const start = ptx.indexOf('.entry');
  const end = ptx.indexOf('\n.func', start);
  const entry = ptx.slice(start, end < 0 ? undefined : end);
  return {
    registers: number(/Used (\d+) registers/),
    stack: number(/(\d+) bytes stack frame/),
    spillStores: number(/(\d+) bytes spill stores/),
    spillLoads: number(/(\d+) bytes spill loads/),
    loops: count(entry, /gpuc: loop header/g),
    local: count(entry, /\b(?:ld|st)\.local\./g),
    loads: count(entry, /\bld\.global\./g),
    stores: count(entry, /\bst\.global\./g),
    atomics: count(entry, /\b(?:atom|red)(?:\.\w+)*?\.global\./g),
    shared: count(entry, /\b(?:atom|red)(?:\.\w+)*?\.shared\./g),
  };
}

/**
 * Bytes of global memory a kernel must load and store per point (thread), each element it
 * touches moved once, an atomic addition's element read and written. Scalar: k inputs in, one
 * result (primal) or k derivatives (gradient) out. Array: m elements in and a result out; the
 * gradient reads them and adds into their shadows. Map: x in, y out; the gradient runs f again
 * (x in, y out, or only x in where y is DuplicatedNoNeed), reads and zeroes the seeds dy and adds
 * into dx; in place, x and its shadow are each read and written once. Shared: x's m elements in and a result out; the gradient reads x
 * (the weights' shadow, added to once per block, is not counted).
 */
function traffic(c: Case, mode: Mode): number {
  const primal = mode === 'primal';
  switch (c.kind) {
    case 'scalar': {
      const k = c.domain.length;
      return (c.f32 ? 4 : 8) * (primal ? k + 1 : 2 * k);
    }
    case 'array':
      return 8 * (primal ? c.m + 1 : 3 * c.m);
    case 'map':
      return 8 * c.m * (primal ? 2 : c.inPlace ? 4 : variant.noNeed ? 5 : 6);
    case 'shared':
      return 8 * (primal ? c.m + 1 : c.m);
  }
}

const cases = CASES.filter((c) => !options.only || options.only.includes(c.name));
const header = [
  'function',
  'kind',
  'bytes/pt',
  'grad',
  'ratio',
  'regs',
  'grad',
  'stack',
  'grad',
  'spill st/ld',
  'loops',
  'grad',
  'local ld/st',
  'ld.global',
  'grad',
  'st.global',
  'grad',
  'atomics',
  'shared',
];
const rows: string[][] = [header];
/** Gradients whose PTX keeps what costs time on a GPU, by what. */
const flagged = {
  spills: [] as string[],
  local: [] as string[],
  frame: [] as string[],
  loops: [] as string[],
};
try {
  for (const c of cases) {
    const p = shapeOf(c, 'primal');
    const g = shapeOf(c, 'reverse');
    const [tp, tg] = [traffic(c, 'primal'), traffic(c, 'reverse')];
    rows.push([
      c.name,
      c.kind === 'map' && c.inPlace ? 'map in place' : c.kind,
      String(tp),
      String(tg),
      (tg / tp).toFixed(2),
      String(p.registers),
      String(g.registers),
      String(p.stack),
      String(g.stack),
      `${g.spillStores}/${g.spillLoads}`,
      String(p.loops),
      String(g.loops),
      String(g.local),
      String(p.loads),
      String(g.loads),
      String(p.stores),
      String(g.stores),
      String(g.atomics),
      String(g.shared),
    ]);
    if (g.spillStores + g.spillLoads > 0) flagged.spills.push(c.name);
    if (g.local > 0) flagged.local.push(c.name);
    if (g.stack > p.stack) flagged.frame.push(c.name);
    if (g.loops > p.loops) flagged.loops.push(c.name);
    process.stderr.write('.');
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.stderr.write('\n');
console.log(
  `AD corpus on ${options.arch}${Object.keys(options.param).length ? ` with ${JSON.stringify(options.param)}` : ''}` +
    `${options.runtimeLength ? ", slices' length at run time" : ''}` +
    `${variant.noNeed ? ', map outputs DuplicatedNoNeed' : ''}: ` +
    'primal against gradient (reverse mode). bytes/pt: global memory each must move per point; ' +
    "regs, stack (bytes), spills (gradient), loops left, the gradient's local accesses; global " +
    "loads, stores, atomic additions and shared-memory additions in the kernel's PTX (static counts)\n",
);
printTable(rows);
const list = (names: string[]) => (names.length ? names.join(', ') : 'none');
console.log(`
gradients that spill: ${list(flagged.spills)}
gradients with local-memory accesses (tapes or arrays in memory): ${list(flagged.local)}
gradients with a larger stack frame than their primal's: ${list(flagged.frame)}
gradients with more loops left than their primal: ${list(flagged.loops)}`);
