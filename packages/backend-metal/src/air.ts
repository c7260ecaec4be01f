/**
 * AIR metadata: the kernel list with per-argument descriptions, the AIR and Metal language
 * versions, and the resource limits, and bitcode emission.
 */
import { type LLVMFunction, llvm, type Metadata, type Module, verifyModule } from '@gpuc/core';

/** A kernel argument as AIR describes it. */
export type AirArgument =
  | {
      kind: 'buffer';
      name: string;
      /** Where the buffer lives: device (1) or constant (2). */
      addressSpace: number;
      access: 'read' | 'write' | 'read_write';
      /** The element type's Metal name (`float`, `uint`) and size and alignment in bytes. */
      typeName: string;
      typeSize: number;
      typeAlign: number;
    }
  | { kind: 'thread_position_in_grid'; name: string };

/** The AIR version gpuc writes, and the Metal language version it claims. */
export const AIR_VERSION = [2, 5, 0] as const;
export const METAL_VERSION = [3, 0, 0] as const;

/** Resource limits recorded as module flags. */
const limits: Record<string, number> = {
  'air.max_device_buffers': 31,
  'air.max_constant_buffers': 31,
  'air.max_threadgroup_buffers': 31,
  'air.max_textures': 128,
  'air.max_read_write_textures': 8,
  'air.max_samplers': 16,
};

/** Lists `kernel` in `!air.kernel` with its arguments, and stamps the module's AIR versions. */
export function markKernel(module: Module, kernel: LLVMFunction, args: readonly AirArgument[]): void {
  if (args.length !== kernel.arg_size()) {
    throw new RangeError(
      `gpuc: ${kernel.getName()} has ${kernel.arg_size()} parameters but ${args.length} described`,
    );
  }
  const l = llvm();
  const context = module.getContext();
  const i32 = (n: number) => l.ConstantAsMetadata.get(l.ConstantInt.get(l.Type.getInt32Ty(context), n));
  const str = (s: string) => l.MDString.get(context, s);
  const node = (ops: (Metadata | null)[]) => l.MDNode.get(context, ops);
  const describe = (arg: AirArgument, index: number) =>
    arg.kind === 'buffer'
      ? node([
          i32(index),
          str('air.buffer'),
          str('air.location_index'),
          i32(index),
          i32(1),
          str(`air.${arg.access}`),
          str('air.address_space'),
          i32(arg.addressSpace),
          str('air.arg_type_size'),
          i32(arg.typeSize),
          str('air.arg_type_align_size'),
          i32(arg.typeAlign),
          str('air.arg_type_name'),
          str(arg.typeName),
          str('air.arg_name'),
          str(arg.name),
        ])
      : node([
          i32(index),
          str(`air.${arg.kind}`),
          str('air.arg_type_name'),
          str('uint'),
          str('air.arg_name'),
          str(arg.name),
        ]);
  module
    .getOrInsertNamedMetadata('air.kernel')
    .addOperand(node([l.ValueAsMetadata.get(kernel), node([]), node(args.map(describe))]));

  if (module.getNamedMetadata('air.version') !== null) return;
  for (const [key, value] of Object.entries(limits))
    module.addModuleFlag(l.Module.ModFlagBehavior.Max, key, value);
  module.getOrInsertNamedMetadata('air.version').addOperand(node(AIR_VERSION.map(i32)));
  module
    .getOrInsertNamedMetadata('air.language_version')
    .addOperand(node([str('Metal'), ...METAL_VERSION.map(i32)]));
}

/** Emits an AIR module as bitcode after checking it with the LLVM verifier. */
export function emitAIR(module: Module): Buffer {
  if (!module.getTargetTriple().startsWith('air64-')) {
    throw new Error(
      `gpuc: module '${module.getName()}' is not an AIR module (triple ${module.getTargetTriple()})`,
    );
  }
  verifyModule(module);
  return module.toBitcode();
}
