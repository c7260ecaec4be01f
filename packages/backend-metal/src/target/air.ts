/**
 * AIR metadata: the kernel list (`!air.kernel`) with a description of every parameter, the AIR
 * and Metal language versions of the target macOS, compile options and resource limits as
 * module flags; and bitcode emission.
 */
import { type LLVMFunction, llvm, type Metadata, type Module, verifyModule } from '@gpuc/core/llvm';
import { writeAirBitcode } from './bitcode/module.js';
import { metallibVersions } from './metallib.js';

/** A kernel parameter as AIR describes it. */
export type AirArgument =
  | {
      kind: 'buffer';
      name: string;
      /** The buffer index (`[[buffer(n)]]`), or for threadgroup memory the threadgroup index. */
      location: number;
      /** Device (1), constant (2) or threadgroup (3). */
      addressSpace: number;
      access: 'read' | 'read_write';
      /** The pointee's Metal-style name (`float`, `uint`, a struct's name), size and alignment. */
      typeName: string;
      typeSize: number;
      typeAlign: number;
      /** The bytes a fixed-size reference covers (`constant T&`). */
      bufferSize?: number;
    }
  | {
      /** A value the hardware fills in, such as `thread_position_in_threadgroup`. */
      kind: 'input';
      name: string;
      attribute: string;
      typeName: 'uint' | 'uint3';
    };

/** Resource limits recorded as module flags. */
export const AIR_LIMITS: Readonly<Record<string, number>> = Object.freeze({
  'air.max_device_buffers': 31,
  'air.max_constant_buffers': 31,
  'air.max_threadgroup_buffers': 31,
  'air.max_textures': 128,
  'air.max_read_write_textures': 8,
  'air.max_samplers': 16,
});

/** The macOS release of an AIR triple (`air64-apple-macosx14.0.0` gives `14.0`). */
export function macosOf(triple: string): string {
  const match = /macosx(\d+)\.(\d+)/.exec(triple);
  if (!match) throw new Error(`gpuc: ${triple} is not an AIR triple for macOS`);
  return `${match[1]}.${match[2]}`;
}

/**
 * Lists `kernel` in `!air.kernel` with its parameters described in order, and stamps the module
 * (once) with the AIR and Metal versions of its triple's macOS, compile options and limits.
 */
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
          ...(arg.bufferSize !== undefined ? [str('air.buffer_size'), i32(arg.bufferSize)] : []),
          str('air.location_index'),
          i32(arg.location),
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
          str(`air.${arg.attribute}`),
          str('air.arg_type_name'),
          str(arg.typeName),
          str('air.arg_name'),
          str(arg.name),
        ]);
  module
    .getOrInsertNamedMetadata('air.kernel')
    .addOperand(node([l.ValueAsMetadata.get(kernel), node([]), node(args.map(describe))]));

  if (module.getNamedMetadata('air.version') !== null) return;
  const versions = metallibVersions(macosOf(module.getTargetTriple()));
  for (const [key, value] of Object.entries(AIR_LIMITS))
    module.addModuleFlag(l.Module.ModFlagBehavior.Max, key, value);
  module.addModuleFlag(l.Module.ModFlagBehavior.Error, 'wchar_size', 4);
  module.getOrInsertNamedMetadata('air.version').addOperand(node([...versions.air, 0].map(i32)));
  module
    .getOrInsertNamedMetadata('air.language_version')
    .addOperand(node([str('Metal'), ...[...versions.language, 0].map(i32)]));
  const options = module.getOrInsertNamedMetadata('air.compile_options');
  for (const option of ['air.compile.fast_math_disable', 'air.compile.framebuffer_fetch_enable'])
    options.addOperand(node([str(option)]));
  module.getOrInsertNamedMetadata('llvm.ident').addOperand(node([str('gpuc')]));
}

/**
 * Emits an AIR module as bitcode after checking it with the LLVM verifier: gpuc's own writer
 * (src/target/bitcode), with typed pointers, in the layout of Apple's AIR, wrapped as Apple stores it.
 */
export function emitAIR(module: Module): Buffer {
  if (!module.getTargetTriple().startsWith('air64-')) {
    throw new Error(
      `gpuc: module '${module.getName()}' is not an AIR module (triple ${module.getTargetTriple()})`,
    );
  }
  verifyModule(module);
  return writeAirBitcode(module.print());
}
