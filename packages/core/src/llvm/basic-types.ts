/**
 * The basic LLVM types of a context by name (`basicTypes(module).i32`), instead of the
 * `l.Type.getInt32Ty(context)` preamble each builder would otherwise write.
 */
import { llvm } from './load.js';
import type { IntegerType, LLVMContext, Module, PointerType, Type } from './types.js';

/** A context's basic types; each is looked up when first read. */
export interface BasicTypes {
  readonly void: Type;
  readonly i1: IntegerType;
  readonly i8: IntegerType;
  readonly i16: IntegerType;
  readonly i32: IntegerType;
  readonly i64: IntegerType;
  readonly f32: Type;
  readonly f64: Type;
  /** The opaque pointer of address space 0. */
  readonly ptr: PointerType;
  /** The opaque pointer of an address space. */
  ptrIn(addressSpace: number): PointerType;
  /** The integer of a width. */
  int(bits: number): IntegerType;
}

/**
 * The basic types already made, by the module or context asked with: code that asks for each
 * value it builds (a slot's address) would otherwise make the object and its types every time.
 */
const made = new WeakMap<Module | LLVMContext, BasicTypes>();

/** The basic types of a module's context, or of a context. */
export function basicTypes(of: Module | LLVMContext): BasicTypes {
  let types = made.get(of);
  if (types === undefined) {
    types = makeBasicTypes(of);
    made.set(of, types);
  }
  return types;
}

function makeBasicTypes(of: Module | LLVMContext): BasicTypes {
  const l = llvm();
  const context = of instanceof l.Module ? of.getContext() : of;
  const { Type } = l;
  const found: Partial<Record<string, Type>> = {};
  const once = <T extends Type>(name: string, make: () => T): T => {
    let type = found[name];
    if (type === undefined) {
      type = make();
      found[name] = type;
    }
    return type as T;
  };
  return {
    get void() {
      return once('void', () => Type.getVoidTy(context));
    },
    get i1() {
      return once('i1', () => Type.getInt1Ty(context));
    },
    get i8() {
      return once('i8', () => Type.getInt8Ty(context));
    },
    get i16() {
      return once('i16', () => Type.getInt16Ty(context));
    },
    get i32() {
      return once('i32', () => Type.getInt32Ty(context));
    },
    get i64() {
      return once('i64', () => Type.getInt64Ty(context));
    },
    get f32() {
      return once('f32', () => Type.getFloatTy(context));
    },
    get f64() {
      return once('f64', () => Type.getDoubleTy(context));
    },
    get ptr() {
      return once('ptr', () => Type.getPtrTy(context, 0));
    },
    ptrIn: (addressSpace) => Type.getPtrTy(context, addressSpace),
    int: (bits) => Type.getIntNTy(context, bits),
  };
}
