// Writes the PTX of every bench/cuda case, every conformance kernel and the compile benchmarks'
// kernels into a folder, one file each (`<name>.ptx`, or `<name>.error` with the message), to
// compare a compiler change with `diff -r before after`. No GPU needed.
//
//   node --conditions=source --import tsx bench/cuda/ptx-corpus.ts OUT [--pipeline FILE]
//
// With --pipeline, the CUDA target optimises at O3 with the pass pipeline in FILE (LLVM's
// textual syntax) instead of its own: `--pipeline default.txt` holding `default<O3>` compares
// the target's pipeline with LLVM's. bench/cuda cases compile as on an H100 (sm_90a, as
// `bench/cuda/run.ts --ptx` writes them), conformance kernels as its CUDA check does.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CudaPlugin } from '../../packages/backend-cuda/src/index.js';
import { HOPPER } from '../../packages/backend-cuda/src/target/warpgroup.js';
import { conformanceHelpers, corpusDirectory, loadConformance } from '../../packages/core/src/entry/tools.js';
import {
  compileJob,
  createCompiler,
  createJob,
  type KernelType,
  type Params,
  parseType,
  sourceFromText,
  type Target,
  typeOfValue,
} from '../../packages/core/src/index.js';
import { largeKernel, SAXPY, straightKernel } from '../kernels.js';
import { cases, peerCases, scope } from './cases.js';

const [out, flag, file] = process.argv.slice(2);
if (out === undefined || (flag !== undefined && (flag !== '--pipeline' || file === undefined))) {
  console.error('usage: ptx-corpus.ts OUT [--pipeline FILE]');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const pipeline = file === undefined ? undefined : readFileSync(file, 'utf8').trim();
const compiler = createCompiler().use(new CudaPlugin());

function target(params: Params): Target {
  const own = compiler.target('cuda', params);
  return pipeline === undefined ? own : { ...own, pipelines: { ...own.pipelines, 3: pipeline } };
}

let written = 0;
/** Writes `<group>-<name>.ptx`, compiled from a file named `<name>.js` (as the kernel's own runs name it). */
function write(
  group: string,
  name: string,
  text: string,
  types: readonly KernelType[],
  params: Params,
  kernelScope = {},
) {
  const base = join(out as string, `${group}-${name}`.replace(/\W+/g, '-'));
  const job = createJob(sourceFromText(text, `${name}.js`), types, target(params), {
    scope: kernelScope,
    params,
  });
  try {
    writeFileSync(`${base}.ptx`, compileJob(compiler, job, { kind: 'assembly', memory: false }).output);
  } catch (error) {
    writeFileSync(`${base}.error`, (error as Error).message);
  }
  written++;
}

const parsed = (types: readonly string[]) => types.map((t) => parseType(t) as KernelType);
for (const c of [...cases, ...peerCases]) {
  write(
    'bench',
    c.name,
    c.source,
    parsed(c.types),
    {
      archSpecific: true,
      ...c.params,
      computeCapability: HOPPER,
    },
    scope,
  );
}
for (const entry of await loadConformance(corpusDirectory())) {
  const types = entry.args(conformanceHelpers).map((a) => typeOfValue(a) as KernelType);
  const hopper = /\bgpu\.matrixWarpgroup\w+\(/.test(entry.source);
  write(
    'conformance',
    entry.name,
    entry.source,
    types,
    hopper ? { computeCapability: HOPPER, archSpecific: true } : {},
    entry.scope?.() ?? {},
  );
}
write('compile', 'saxpy', SAXPY, parsed(['f32', 'f32[]', 'f32[]', 'i32']), {});
for (const lines of [200, 800]) {
  write('compile', `large-${lines}`, largeKernel(lines), parsed(['f32[]', 'f32[]', 'i32', 'f32']), {});
  write('compile', `straight-${lines}`, straightKernel(lines), parsed(['f32[]', 'f32[]', 'i32', 'f32']), {});
}
console.log(`${written} kernels written to ${out}`);
