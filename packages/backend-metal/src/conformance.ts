/**
 * The Metal back-end in the conformance runner. No Apple GPU is available, so each kernel is
 * compiled to a `.metallib`, which is read back (container, hash, versions) and its module
 * parsed and verified by LLVM, with the kernel described in `!air.kernel` and the interface
 * the host needs. Kernels that need f64 are refused with the documented compile error. On a
 * Mac with a Metal GPU, kernels run.
 */

import { CompileError, compileJob } from '@gpuc/core/compiler';
import { createContext, type MDNode, parseModule, type ValueAsMetadata } from '@gpuc/core/llvm';
import { type ConformanceBackend, compilerWith, deviceRun, entryJob, refusesMatrix } from '@gpuc/core/tools';
import { launchMetal } from './launch/launch.js';
import { hasMetalDevice } from './metal/device.js';
import { readInterface } from './metal/interface.js';
import { readMetallib, unwrapBitcode } from './target/metallib.js';
import { MetalPlugin } from './target/plugin.js';

const context = createContext();

/** Whether an error is Metal's documented refusal of f64. */
export function refusesF64(error: unknown): boolean {
  return (
    error instanceof CompileError &&
    error.code === 'unsupported-on-target' &&
    /has no f64/.test(error.message)
  );
}

export const metalConformance: ConformanceBackend = {
  name: 'metal',
  /** On a Mac with a Metal GPU (never exercised: see the README), kernels run. */
  get run(): ConformanceBackend['run'] {
    return deviceRun(hasMetalDevice, () => new MetalPlugin(), launchMetal);
  },
  check(entry, argTypes, plugins) {
    const compiler = compilerWith(plugins, new MetalPlugin());
    const job = entryJob(entry, argTypes, compiler.target('metal'));
    const result = compileJob(compiler, job, { kind: 'object' });
    const library = readMetallib(result.output as Buffer);
    const [fn] = library.functions;
    if (library.functions.length !== 1 || fn?.name !== result.entry)
      throw new Error(`the metallib holds ${library.functions.map((f) => f.name).join(', ') || 'nothing'}`);
    const kernelInterface = readInterface(result.ir);
    const module = parseModule(context, unwrapBitcode(fn.module), `${result.entry}.air`);
    try {
      const problem = module.verify();
      if (problem !== null) throw new Error(`the AIR does not verify: ${problem}`);
      const kernels = module.getNamedMetadata('air.kernel');
      const described = kernels?.getNumOperands() === 1 ? (kernels.getOperand(0) as MDNode) : undefined;
      if (!described || (described.getOperand(0) as ValueAsMetadata).getValue().getName() !== result.entry)
        throw new Error('the AIR does not list the kernel in !air.kernel');
      const parameters = (described.getOperand(2) as MDNode).getNumOperands();
      const declared = module.getFunction(result.entry)?.arg_size();
      if (parameters !== declared)
        throw new Error(`!air.kernel describes ${parameters} of ${declared} parameters`);
      if (module.getFunction(result.entry)?.getMetadata('gpuc.metal') !== null)
        throw new Error('the shipped AIR still carries the compiler interface');
      return (
        `metallib ${result.output.length} B, AIR ${fn.air.join('.')}; ${declared} parameters ` +
        `(${kernelInterface.arguments} arguments${kernelInterface.heap !== null ? ', heap' : ''}` +
        `${kernelInterface.threadgroupMemory !== null ? ', threadgroup buffer' : ''}), ` +
        `${kernelInterface.strings.length} strings; verified`
      );
    } finally {
      module.dispose();
    }
  },
  refusal: (error) =>
    refusesF64(error) || refusesMatrix(error) ? (error as Error).message.split('\n')[0] : undefined,
};
