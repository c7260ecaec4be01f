/**
 * The kernel as AIR wants it, made once the runtime is linked and before optimisation:
 *
 * 1. Strings an exception report names become indices into the kernel's string table (the host
 *    reads the table from the interface): no string, and no generic pointer, reaches the AIR.
 * 2. A signalled exception ends the thread: the return after each `gpu_signal_exception` call
 *    becomes `unreachable`, every function is inlined into the kernel, and there each
 *    `unreachable` (and `llvm.trap`: a trap can wedge an Apple GPU) becomes `ret void`. This
 *    happens before the optimiser, which would otherwise drop the status stores before an
 *    `unreachable`.
 * 3. The kernel gets Metal's signature: each argument by reference in the constant address
 *    space (buffer index = position), then the status buffer, the heap and the threadgroup
 *    buffer where used, then the positions the hardware fills in; placeholder calls
 *    (inputs.ts) become those parameters.
 * 4. `!air.kernel` describes every parameter, and the interface is attached to the kernel.
 */

import { type Target, TypeMapper } from '@gpuc/core/compiler';
import { type KernelType, show } from '@gpuc/core/host';
import {
  basicTypes,
  type CallInst,
  type Instruction,
  type IRBuilder,
  type LLVMContext,
  type LLVMFunction,
  type Type as LLVMType,
  llvm,
  type Module,
  parseModule,
  runPipeline,
  type Value,
} from '@gpuc/core/llvm';
import { INTERFACE_METADATA, INTERFACE_VERSION, type MetalKernelInterface } from '../metal/interface.js';
import { type AirArgument, markKernel } from './air.js';
import { INPUTS, type InputDescription, placeholderNames, pointerType } from './inputs.js';
import { AddressSpace } from './target.js';

const REPORTS: Readonly<Record<string, readonly number[]>> = {
  gpu_report_exception: [0],
  gpu_report_exception_name: [0],
  gpu_report_exception_frame: [1, 2],
};

/** The text of a constant string global (`c"...\00"`), undoing LLVM's escapes. */
function stringOf(global: Value): string | undefined {
  const initializer = global instanceof llvm().GlobalVariable ? global.getInitializer() : null;
  const match = initializer ? /c"((?:[^"\\]|\\[0-9A-Fa-f]{2})*)"/.exec(initializer.print()) : null;
  if (!match) return undefined;
  const bytes: number[] = [];
  const text = match[1] as string;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(text.charCodeAt(i));
  }
  const end = bytes.indexOf(0);
  return Buffer.from(end < 0 ? bytes : bytes.slice(0, end)).toString('utf8');
}

/** The global under constant-expression casts, or undefined. */
function underlyingGlobal(value: Value): Value | undefined {
  const l = llvm();
  let v: Value = value;
  for (let depth = 0; depth < 4; depth++) {
    if (v instanceof l.GlobalVariable) return v;
    if (!(v instanceof l.ConstantExpr)) return undefined;
    v = v.getOperand(0);
  }
  return undefined;
}

/** Replaces the string arguments of report calls by 1-based table indices; returns the table. */
export function tableStrings(module: Module): string[] {
  const l = llvm();
  const { i64 } = basicTypes(module);
  const table: string[] = [];
  for (const [name, positions] of Object.entries(REPORTS)) {
    const fn = module.getFunction(name);
    if (!fn) continue;
    for (const user of fn.getUsers()) {
      if (!(user instanceof l.CallInst)) continue;
      for (const position of positions) {
        const argument = user.getArgOperand(position);
        const global = underlyingGlobal(argument);
        const text = global ? stringOf(global) : undefined;
        if (text === undefined) continue;
        let index = table.indexOf(text);
        if (index < 0) index = table.push(text) - 1;
        user.setArgOperand(
          position,
          l.ConstantExpr.getIntToPtr(l.ConstantInt.get(i64, index + 1), argument.getType()),
        );
      }
    }
  }
  return table;
}

/** Calls to a function (its users that are calls). */
function callsTo(module: Module, name: string) {
  const l = llvm();
  const fn = module.getFunction(name);
  return fn ? fn.getUsers().filter((u): u is CallInst => u instanceof l.CallInst) : [];
}

/** Replaces a terminator by a new one the builder makes there. */
function replaceTerminator(terminator: Instruction, make: (b: IRBuilder) => void): void {
  make(new (llvm().IRBuilder)(terminator));
  terminator.eraseFromParent();
}

/** After a signalled exception nothing returns: the `ret` that follows each signal call becomes `unreachable`. */
function signalsNeverReturn(module: Module): void {
  const l = llvm();
  for (const call of callsTo(module, 'gpu_signal_exception')) {
    const next = call.getNextNode();
    if (next instanceof l.ReturnInst) replaceTerminator(next, (b) => b.CreateUnreachable());
  }
}

/** Every `unreachable` in the kernel becomes `ret void`, and every trap goes. */
function returnInsteadOfUnreachable(kernel: LLVMFunction): void {
  const l = llvm();
  for (const block of kernel.getBasicBlocks()) {
    for (const inst of block.getInstructions()) {
      if (inst instanceof l.CallInst && inst.getCalledFunction()?.getName() === 'llvm.trap')
        inst.eraseFromParent();
    }
    const terminator = block.getTerminator();
    if (terminator instanceof l.UnreachableInst) replaceTerminator(terminator, (b) => b.CreateRetVoid());
  }
}

/** Inlines every function the kernel calls into it (Metal code has no recursion to stop this). */
function inlineIntoKernel(module: Module, kernel: LLVMFunction, target: Target): void {
  for (const fn of module.getFunctions()) {
    if (fn.isDeclaration() || fn.getName() === kernel.getName()) continue;
    fn.removeFnAttr('noinline');
    fn.removeFnAttr('optnone');
    fn.addFnAttr('alwaysinline');
  }
  runPipeline(module, 'always-inline', target);
  // What was inlined everywhere it was called is dead: remove it (placeholders and all).
  const l = llvm();
  for (let changed = true; changed; ) {
    changed = false;
    for (const fn of module.getFunctions()) {
      if (fn.isDeclaration() || fn.getName() === kernel.getName()) continue;
      if (fn.getLinkage() === l.GlobalValue.LinkageTypes.InternalLinkage && fn.use_empty()) {
        fn.eraseFromParent();
        changed = true;
      }
    }
  }
  for (const fn of module.getFunctions()) fn.removeFnAttr('noreturn');
}

const uint3Types = new WeakMap<LLVMContext, LLVMType>();

/** `<3 x i32>` (llvm-bindings has no vector type constructor: a declaration gives one). */
function uint3(context: LLVMContext): LLVMType {
  let type = uint3Types.get(context);
  if (!type) {
    const probe = parseModule(context, 'declare <3 x i32> @gpuc.uint3()', 'uint3');
    type = (probe.getFunction('gpuc.uint3') as LLVMFunction).getReturnType();
    probe.dispose();
    uint3Types.set(context, type);
  }
  return type;
}

/** Loads a kernel value from its buffer, field by field (wide aggregate loads trouble Apple's compiler). */
function loadValue(
  b: IRBuilder,
  types: TypeMapper,
  type: KernelType,
  pointer: Value,
  context: LLVMContext,
): Value {
  const l = llvm();
  const llvmType = types.value(type);
  const fields: KernelType[] | undefined =
    type.kind === 'record'
      ? type.fields.map(([, t]) => t)
      : type.kind === 'tuple'
        ? [...type.elements]
        : undefined;
  if (type.kind === 'array') {
    const { i32 } = basicTypes(context);
    let value: Value = l.UndefValue.get(llvmType);
    const count = 2 + (type.rank > 1 ? type.rank : 0);
    for (let i = 0; i < count; i++) {
      const field = b.CreateInBoundsGEP(llvmType, pointer, [
        l.ConstantInt.get(i32, 0),
        l.ConstantInt.get(i32, i),
      ]);
      const fieldType =
        i === 0 ? l.PointerType.get(types.memory(type.element), types.space(type.space)) : i32;
      value = b.CreateInsertValue(value, b.CreateLoad(fieldType, field), [i]);
    }
    return value;
  }
  if (!fields) return b.CreateLoad(llvmType, pointer);
  const { i32 } = basicTypes(context);
  let value: Value = l.UndefValue.get(llvmType);
  fields.forEach((fieldType, i) => {
    const field = b.CreateInBoundsGEP(llvmType, pointer, [
      l.ConstantInt.get(i32, 0),
      l.ConstantInt.get(i32, i),
    ]);
    value = b.CreateInsertValue(value, loadValue(b, types, fieldType, field, context), [i]);
  });
  return value;
}

/** Metal's name for a kernel type, for the argument metadata. */
function metalTypeName(type: KernelType): string {
  if (type.kind !== 'scalar') return `gpuc ${show(type)}`;
  const names: Record<string, string> = {
    bool: 'bool',
    i8: 'char',
    u8: 'uchar',
    i16: 'short',
    u16: 'ushort',
    i32: 'int',
    u32: 'uint',
    i64: 'long',
    u64: 'ulong',
    f32: 'float',
  };
  return names[type.name] ?? type.name;
}

/** Whether some call to an input's placeholders remains in the module. */
const used = (module: Module, input: InputDescription) =>
  placeholderNames(input).some((name) => callsTo(module, name).length > 0);

/**
 * Gives the entry Metal's signature and describes it (see the overview). Returns the kernel
 * (the new function, under the entry's name) and its interface.
 */
export function makeMetalKernel(
  module: Module,
  entryName: string,
  argTypes: readonly KernelType[],
  target: Target,
): { kernel: LLVMFunction; interface: MetalKernelInterface } {
  const l = llvm();
  const context = module.getContext();
  const body = module.getFunction(entryName);
  if (!body) throw new Error(`gpuc: the module has no entry ${entryName}`);
  const strings = tableStrings(module);
  signalsNeverReturn(module);

  const types = new TypeMapper(context, target.addressSpaces);
  const dataLayout = module.getDataLayout();
  const params = body.getArguments();
  const count = params.length;
  const argumentTypes = params.map((p) => l.PointerType.get(p.getType(), AddressSpace.constant));
  const hidden = (
    [
      [INPUTS.status, true],
      [INPUTS.heap, used(module, INPUTS.heap)],
      [INPUTS.threadgroupMemory, used(module, INPUTS.threadgroupMemory)],
    ] as const
  ).filter(([, wanted]) => wanted);
  const positions = [INPUTS.threadInGroup, INPUTS.group, INPUTS.groupSize, INPUTS.groups].filter((input) =>
    used(module, input),
  );
  // Read now: the body is inlined and erased below.
  const names = params.map((p, i) => p.getName() || `argument${i}`);
  const sizes = params.map((p) => Number(dataLayout.getTypeAllocSize(p.getType())));
  body.setName(`${entryName}.body`);
  body.setLinkage(l.GlobalValue.LinkageTypes.InternalLinkage);
  const kernel = l.Function.Create(
    l.FunctionType.get(
      l.Type.getVoidTy(context),
      [
        ...argumentTypes,
        ...hidden.map(([input]) => pointerType(module, input)),
        ...positions.map(() => uint3(context)),
      ],
      false,
    ),
    l.GlobalValue.LinkageTypes.ExternalLinkage,
    entryName,
    module,
  );
  kernel.addFnAttr('nounwind');
  const b = new l.IRBuilder(l.BasicBlock.Create(context, 'entry', kernel));
  const args = params.map((_, i) =>
    loadValue(b, types, argTypes[i] as KernelType, kernel.getArg(i), context),
  );
  const values = new Map<string, Value>();
  hidden.forEach(([input], i) => {
    values.set(placeholderNames(input)[0] as string, kernel.getArg(count + i));
  });
  positions.forEach((input, i) => {
    const vector = kernel.getArg(count + hidden.length + i);
    const slot = b.CreateAlloca(vector.getType());
    b.CreateStore(vector, slot);
    const words = b.CreatePointerCast(slot, l.Type.getInt32PtrTy(context));
    placeholderNames(input).forEach((name, a) => {
      values.set(
        name,
        b.CreateLoad(
          l.Type.getInt32Ty(context),
          b.CreateInBoundsGEP(l.Type.getInt32Ty(context), words, [
            l.ConstantInt.get(l.Type.getInt32Ty(context), a),
          ]),
        ),
      );
    });
  });
  b.CreateCall(body, args);
  b.CreateRetVoid();

  inlineIntoKernel(module, kernel, target);
  returnInsteadOfUnreachable(kernel);
  for (const [name, value] of values) {
    for (const call of callsTo(module, name)) {
      if (call.getFunction()?.getName() !== entryName) continue;
      call.replaceAllUsesWith(value);
      call.eraseFromParent();
    }
  }

  const description: AirArgument[] = [
    ...argTypes.map((type, i): AirArgument => {
      const size = sizes[i] as number;
      return {
        kind: 'buffer',
        name: names[i] as string,
        location: i,
        addressSpace: AddressSpace.constant,
        access: 'read',
        typeName: metalTypeName(type),
        typeSize: size,
        typeAlign: Math.min(16, 2 ** Math.ceil(Math.log2(Math.max(1, Math.min(size, 8))))),
        bufferSize: size,
      };
    }),
    ...hidden.map(([input], i): AirArgument => {
      const threadgroup = input === INPUTS.threadgroupMemory;
      return {
        kind: 'buffer',
        name: `gpuc_${input.name}`,
        location: threadgroup ? 0 : count + i,
        addressSpace: threadgroup ? AddressSpace.threadgroup : AddressSpace.device,
        access: 'read_write',
        typeName: threadgroup ? 'uchar' : 'uint',
        typeSize: threadgroup ? 1 : 4,
        typeAlign: threadgroup ? 1 : 4,
      };
    }),
    ...positions.map(
      (input): AirArgument => ({
        kind: 'input',
        name: input.name,
        attribute: input.attribute as string,
        typeName: 'uint3',
      }),
    ),
  ];
  markKernel(module, kernel, description);
  const bufferIndex = (input: InputDescription) => {
    const i = hidden.findIndex(([h]) => h === input);
    return i < 0 ? null : count + i;
  };
  const kernelInterface: MetalKernelInterface = {
    version: INTERFACE_VERSION,
    entry: entryName,
    arguments: count,
    status: count,
    heap: bufferIndex(INPUTS.heap),
    threadgroupMemory: bufferIndex(INPUTS.threadgroupMemory) === null ? null : 0,
    strings,
  };
  kernel.setMetadata(
    INTERFACE_METADATA,
    l.MDNode.get(context, [l.MDString.get(context, JSON.stringify(kernelInterface))]),
  );
  return { kernel, interface: kernelInterface };
}
