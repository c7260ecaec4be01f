/**
 * Kernel types as LLVM types.
 *
 * Scalars map to LLVM's integers and floats (`bool` is `i1` in values, `i8` in memory). An array
 * is a value `{ T addrspace(n)* data, i32 length }`, plus one `i32` extent per dimension for
 * views; records and tuples are literal structs of their fields; a matrix fragment is its lane's
 * share of the tile (matrix.ts); values with no run-time
 * content (functions, typed-array constructors, strings) are an empty struct.
 */
import type { AddressSpace, Type } from '../../frontend/types.js';
import { llvm } from '../../llvm/load.js';
import type { LLVMContext, Type as LLVMType } from '../../llvm/types.js';
import type { AddressSpaces } from '../job.js';
import { type FragmentShapes, fragmentRegisters } from './matrix.js';
import { warpgroupElements } from './warpgroup.js';

export class TypeMapper {
  private readonly cache = new Map<Type, LLVMType>();

  constructor(
    private readonly context: LLVMContext,
    private readonly spaces: AddressSpaces,
    /** The target's fragment registers, where not PTX mma's (`Target.fragments`). */
    private readonly fragments?: FragmentShapes,
  ) {}

  /** The address-space number of a kind of memory. */
  space(space: AddressSpace): number {
    return this.spaces[space];
  }

  /** The LLVM type of a kernel value. */
  value(type: Type): LLVMType {
    let mapped = this.cache.get(type);
    if (!mapped) {
      mapped = this.map(type);
      this.cache.set(type, mapped);
    }
    return mapped;
  }

  /** The LLVM type of a scalar as stored in memory (`bool` takes a byte). */
  memory(type: Type): LLVMType {
    const l = llvm();
    return type.kind === 'scalar' && type.name === 'bool' ? l.Type.getInt8Ty(this.context) : this.value(type);
  }

  private map(type: Type): LLVMType {
    const l = llvm();
    const c = this.context;
    switch (type.kind) {
      case 'scalar':
        switch (type.name) {
          case 'bool':
            return l.Type.getInt1Ty(c);
          case 'f16':
            return l.Type.getHalfTy(c);
          // bf16 is its bits: conversions are integer code (half.ts).
          case 'bf16':
            return l.Type.getInt16Ty(c);
          case 'f32':
            return l.Type.getFloatTy(c);
          case 'f64':
            return l.Type.getDoubleTy(c);
          default:
            return l.Type.getIntNTy(c, Number(type.name.slice(1)));
        }
      case 'array': {
        const pointer = l.PointerType.get(this.memory(type.element), this.space(type.space));
        const i32 = l.Type.getInt32Ty(c);
        return l.StructType.get(c, [
          pointer,
          i32,
          ...Array.from({ length: type.rank > 1 ? type.rank : 0 }, () => i32),
        ]);
      }
      case 'record':
        return l.StructType.get(
          c,
          type.fields.map(([, t]) => this.value(t)),
        );
      case 'tuple':
        return l.StructType.get(
          c,
          type.elements.map((t) => this.value(t)),
        );
      // Per lane: the target's registers of the tile (matrix.ts); per thread of a warpgroup,
      // half a row of its accumulator's columns (warpgroup.ts).
      case 'fragment':
        if (type.use === 'warpgroup') return l.ArrayType.get(l.Type.getFloatTy(c), warpgroupElements(type));
        return fragmentRegisters(c, type, this.fragments);
      case 'void':
      case 'never':
        return l.Type.getVoidTy(c);
      default:
        return l.StructType.get(c, []);
    }
  }
}
