/**
 * Kernel inputs. In AIR the thread's position, the launch's sizes and the buffers gpuc adds
 * (status, heap, dynamic threadgroup memory) are parameters of the kernel, not calls. Code
 * anywhere (a device function, the runtime) asks for one with a call to a placeholder,
 * `gpuc.air.<name>`; once everything is inlined into the kernel (entry.ts), each placeholder
 * becomes the kernel parameter it names.
 */
import {
  basicTypes,
  callByName,
  type IRBuilder,
  type Type as LLVMType,
  llvm,
  type Module,
  type Value,
} from '@gpuc/core/llvm';
import { AddressSpace } from './target.js';

/** What a placeholder stands for. */
export interface InputDescription {
  readonly name: string;
  /** A `uint3` the hardware fills in (one placeholder per axis), or a pointer gpuc binds. */
  readonly kind: 'uint3' | 'pointer';
  /** The AIR attribute of a `uint3` input. */
  readonly attribute?: string;
  readonly space?: number;
  readonly bits?: 8 | 32;
}

/** Every input, in the order the kernel's parameters take them (after its arguments). */
export const INPUTS = Object.freeze({
  status: { name: 'status', kind: 'pointer', space: AddressSpace.device, bits: 32 },
  heap: { name: 'heap', kind: 'pointer', space: AddressSpace.device, bits: 32 },
  threadgroupMemory: {
    name: 'threadgroup_memory',
    kind: 'pointer',
    space: AddressSpace.threadgroup,
    bits: 8,
  },
  threadInGroup: { name: 'thread_in_group', kind: 'uint3', attribute: 'thread_position_in_threadgroup' },
  group: { name: 'group', kind: 'uint3', attribute: 'threadgroup_position_in_grid' },
  groupSize: { name: 'group_size', kind: 'uint3', attribute: 'threads_per_threadgroup' },
  groups: { name: 'groups', kind: 'uint3', attribute: 'threadgroups_per_grid' },
} satisfies Record<string, InputDescription>);

export type InputName = keyof typeof INPUTS;

/** The LLVM type of a pointer input. */
export function pointerType(module: Module, input: InputDescription): LLVMType {
  const l = llvm();
  return l.PointerType.get(l.Type.getIntNTy(module.getContext(), input.bits ?? 8), input.space ?? 0);
}

/** The placeholder functions of an input: one per axis of a `uint3`, one for a pointer. */
export function placeholderNames(input: InputDescription): string[] {
  return input.kind === 'uint3'
    ? [0, 1, 2].map((a) => `gpuc.air.${input.name}.${a}`)
    : [`gpuc.air.${input.name}`];
}

/** A pointer input (the status buffer, the heap...). */
export function inputPointer(builder: IRBuilder, module: Module, input: InputDescription): Value {
  return callByName(builder, module, placeholderNames(input)[0] as string, pointerType(module, input), []);
}

/** One axis (0 to 2) of a `uint3` input, as i32. */
export function inputAxis(builder: IRBuilder, module: Module, input: InputDescription, axis: number): Value {
  return callByName(builder, module, placeholderNames(input)[axis] as string, basicTypes(module).i32, []);
}
