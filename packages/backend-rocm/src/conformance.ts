/**
 * The ROCm back-end in the conformance runner. No AMD GPU is available, so each kernel is
 * compiled to a code object (ld.lld), disassembled by `llvm-objdump`, and its metadata note read
 * back and checked against the compiler's own view of the kernel: one kernel of that name, its
 * explicit arguments the sizes of the LLVM parameters in order, the kernel-argument segment
 * holding them, the LDS the module allocates, and register counts within the hardware's limits.
 * The cell reads `compiled`, with the figures (and the MFMA or WMMA instructions the matrix
 * operations became). Where an AMD GPU exists, kernels run through HSA.
 */

import { compileJob, findTool, toolOutput } from '@gpuc/core/compiler';
import { createContext, parseModule } from '@gpuc/core/llvm';
import { type ConformanceBackend, compilerWith, deviceRun, entryJob, refusesMatrix } from '@gpuc/core/tools';
import { hasRocmDevice } from './hsa/api.js';
import type { KernelMetadata } from './hsa/metadata.js';
import { launchRocm } from './launch/launch.js';
import { readMetadata } from './target/metadata.js';
import { RocmPlugin, staticLds } from './target/plugin.js';

const context = createContext();

/** Registers a wavefront may use on the GPUs LLVM 14 supports (SGPRs with VCC and friends). */
const LIMITS = { sgpr: 112, vgpr: 512 };

function findObjdump(): string | null {
  return findTool({ names: ['llvm-objdump-22', 'llvm-objdump'], dirs: ['/usr/lib/llvm-22/bin'] });
}

/** What differs between a kernel's metadata and its final LLVM IR (empty when they agree). */
export function metadataProblems(meta: KernelMetadata, ir: string, entry: string): string[] {
  const module = parseModule(context, ir, entry);
  try {
    const problems: string[] = [];
    const fn = module.getFunction(entry);
    if (!fn) return [`the IR has no function ${entry}`];
    const layout = module.getDataLayout();
    const explicit = meta.args.filter((a) => !a.valueKind.startsWith('hidden_'));
    const params = fn.getArguments().map((a) => layout.getTypeAllocSize(a.getType()));
    if (explicit.length !== params.length)
      problems.push(`${explicit.length} explicit arguments in the metadata, ${params.length} in the IR`);
    let end = 0;
    explicit.forEach((arg, i) => {
      if (arg.size !== params[i]) problems.push(`argument ${i} is ${arg.size} bytes, the IR's ${params[i]}`);
      const align = Math.min(8, 2 ** Math.ceil(Math.log2(Math.max(1, arg.size))));
      if (arg.offset < end || arg.offset % align !== 0)
        problems.push(`argument ${i} is at offset ${arg.offset}`);
      end = arg.offset + arg.size;
    });
    if (meta.kernargSegmentSize < end)
      problems.push(`a kernarg segment of ${meta.kernargSegmentSize} bytes for arguments ending at ${end}`);
    const lds = staticLds(module);
    if (meta.groupSegmentFixedSize < lds || meta.groupSegmentFixedSize > lds + 256)
      problems.push(`LDS of ${meta.groupSegmentFixedSize} bytes for ${lds} bytes of shared arrays`);
    if (meta.sgprCount > LIMITS.sgpr || meta.vgprCount > LIMITS.vgpr || meta.vgprCount < 1)
      problems.push(`${meta.sgprCount} SGPRs and ${meta.vgprCount} VGPRs`);
    return problems;
  } finally {
    module.dispose();
  }
}

export const rocmConformance: ConformanceBackend = {
  name: 'rocm',
  /** On a machine with an AMD GPU (never exercised: see the README), kernels run through HSA. */
  get run(): ConformanceBackend['run'] {
    return deviceRun(hasRocmDevice, () => new RocmPlugin(), launchRocm);
  },
  check(entry, argTypes, plugins) {
    const compiler = compilerWith(plugins, new RocmPlugin());
    const job = entryJob(entry, argTypes, compiler.target('rocm'));
    const result = compileJob(compiler, job, { kind: 'object' });
    const codeObject = result.output as Buffer;
    const metadata = readMetadata(codeObject);
    const kernels = metadata.kernels.filter((k) => k.name === result.entry);
    const meta = kernels[0];
    if (kernels.length !== 1 || !meta)
      throw new Error(
        `the code object describes ${metadata.kernels.map((k) => k.name).join(', ') || 'no kernels'}`,
      );
    const problems = metadataProblems(meta, result.ir, result.entry);
    if (problems.length > 0) throw new Error(`the code object's metadata disagrees: ${problems.join('; ')}`);
    const objdump = findObjdump();
    let matrix = '';
    if (objdump) {
      const gfx = metadata.target.split('--')[1]?.split(':')[0] ?? 'gfx90a';
      const listing = toolOutput(objdump, [{ name: 'kernel.hsaco', data: codeObject }], ([path]) => [
        '-d',
        `--mcpu=${gfx}`,
        path as string,
      ]);
      if (!listing.includes(`<${result.entry}>:`) || !listing.includes('s_endpgm'))
        throw new Error(`llvm-objdump does not show the kernel ${result.entry}`);
      // The matrix instructions the matrix operations became, counted by name.
      const counts = new Map<string, number>();
      for (const [name] of listing.matchAll(/\bv_(?:mfma|wmma)_\w+/g))
        counts.set(name, (counts.get(name) ?? 0) + 1);
      matrix = [...counts].map(([name, n]) => `; ${n} ${name}`).join('');
    }
    return (
      `code object ${codeObject.length} B; kernarg ${meta.kernargSegmentSize} B, LDS ` +
      `${meta.groupSegmentFixedSize} B, ${meta.sgprCount} SGPR, ${meta.vgprCount} VGPR` +
      (objdump ? '; disassembled' : '') +
      matrix
    );
  },
  refusal: (error) => (refusesMatrix(error) ? (error as Error).message.split('\n')[0] : undefined),
};
