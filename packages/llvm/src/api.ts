// biome-ignore-all lint/suspicious/noUnsafeDeclarationMerging: each class's methods are native functions installed on its prototype at load; the merged interface types them.
// biome-ignore-all lint/complexity/noStaticOnlyClass: Linker and TargetRegistry keep LLVM's class names for their static functions.
/**
 * The LLVM classes gpuc uses, under LLVM's own C++ names, typed.
 *
 * Each class is declared here (the class for `instanceof` and the prototype chain, the merged
 * interface for its methods); the methods themselves are native functions that {@link install}
 * copies onto the prototypes when the binary loads. A wrapper is not unique: two wrappers may
 * denote one LLVM object (compare with `isSame`). Misuse throws a TypeError or Error naming the
 * call; nothing reaches LLVM unchecked.
 */

/** The native constructor of a class that user code may construct (LLVMContext, Module...). */
const create = Symbol('gpuc-llvm-create');

/** The root of every wrapper class. */
export class LLVMObject {
  constructor(...args: unknown[]) {
    const ctor = new.target as unknown as { [create]?: (...a: unknown[]) => void; name: string };
    const native = ctor[create];
    if (native === undefined) throw new TypeError(`${ctor.name} cannot be constructed; LLVM makes it`);
    native.apply(this, args);
  }
}

// ---- contexts and modules ----

/** An LLVM context: owns types, constants and metadata. Freed by dispose() or when unreachable. */
export class LLVMContext extends LLVMObject {
  constructor(...args: []) {
    super(...args);
  }
}
export interface LLVMContext {
  /** Frees the context with every module, value, type and metadata in it; their wrappers then throw. */
  dispose(): void;
  isDisposed(): boolean;
}

/** Module flag behaviours (`Module::ModFlagBehavior`). */
export interface ModFlagBehavior {
  readonly Error: number;
  readonly Warning: number;
  readonly Require: number;
  readonly Override: number;
  readonly Append: number;
  readonly AppendUnique: number;
  readonly Max: number;
  readonly Min: number;
}

/** A module. Owned by its creator until dispose(), or until linked into another (which consumes it). */
export class Module extends LLVMObject {
  declare static readonly ModFlagBehavior: ModFlagBehavior;
  constructor(moduleID: string, context: LLVMContext) {
    super(moduleID, context);
  }
}
export interface Module {
  getName(): string;
  getModuleIdentifier(): string;
  getTargetTriple(): string;
  setTargetTriple(triple: string): void;
  getDataLayout(): DataLayout;
  setDataLayout(layout: string | DataLayout): void;
  getFunction(name: string): Function | null;
  /** The function of this name, declared with `type` when absent. */
  getOrInsertFunction(name: string, type: FunctionType): FunctionCallee;
  getGlobalVariable(name: string, allowInternal?: boolean): GlobalVariable | null;
  /** Any global (function, variable, alias) with this name, or null. */
  getNamedValue(name: string): GlobalValue | null;
  getFunctions(): Function[];
  getGlobalVariables(): GlobalVariable[];
  /** Adds a module flag whose value is an i32 or any metadata. */
  addModuleFlag(behavior: number, key: string, value: number | Metadata): void;
  getModuleFlag(key: string): Metadata | null;
  getNamedMetadata(name: string): NamedMDNode | null;
  getOrInsertNamedMetadata(name: string): NamedMDNode;
  getNamedMetadataNames(): string[];
  /**
   * The module as bitcode; with `preserveUseListOrder`, read back it prints exactly as this
   * module does (the order of `; preds` comments included).
   */
  toBitcode(preserveUseListOrder?: boolean): Buffer;
  /** The module as textual IR. */
  print(): string;
  getContext(): LLVMContext;
  /** A deep copy in the same context; the caller owns it. */
  clone(): Module;
  /** Deletes the module; every wrapper of it and of anything in it then throws. */
  dispose(): void;
  isDisposed(): boolean;
  /** The verifier's message, or null when the module is valid. */
  verify(): string | null;
  empty(): boolean;
}

/** A data layout: parsed from its string, or a copy of a module's. */
export class DataLayout extends LLVMObject {
  constructor(layout: string) {
    super(layout);
  }
}
export interface DataLayout {
  getTypeAllocSize(type: Type): number;
  getStringRepresentation(): string;
}

/** Module-level named metadata such as `!nvvm.annotations`. */
export class NamedMDNode extends LLVMObject {}
export interface NamedMDNode {
  getName(): string;
  getNumOperands(): number;
  getOperand(index: number): MDNode;
  getOperands(): MDNode[];
  addOperand(node: MDNode): void;
}

// ---- types ----

/** A type. With opaque pointers, every pointer of one address space is the same type. */
export class Type extends LLVMObject {
  declare static getVoidTy: (context: LLVMContext) => Type;
  declare static getHalfTy: (context: LLVMContext) => Type;
  declare static getFloatTy: (context: LLVMContext) => Type;
  declare static getDoubleTy: (context: LLVMContext) => Type;
  declare static getLabelTy: (context: LLVMContext) => Type;
  declare static getTokenTy: (context: LLVMContext) => Type;
  declare static getMetadataTy: (context: LLVMContext) => Type;
  declare static getInt1Ty: (context: LLVMContext) => IntegerType;
  declare static getInt8Ty: (context: LLVMContext) => IntegerType;
  declare static getInt16Ty: (context: LLVMContext) => IntegerType;
  declare static getInt32Ty: (context: LLVMContext) => IntegerType;
  declare static getInt64Ty: (context: LLVMContext) => IntegerType;
  declare static getInt128Ty: (context: LLVMContext) => IntegerType;
  declare static getIntNTy: (context: LLVMContext, bits: number) => IntegerType;
  /** `ptr addrspace(n)`. */
  declare static getPtrTy: (context: LLVMContext, addressSpace?: number) => PointerType;
  /** `ptr addrspace(n)` (the pointee is not part of the type any more). */
  declare static getInt8PtrTy: (context: LLVMContext, addressSpace?: number) => PointerType;
  /** `ptr addrspace(n)` (the pointee is not part of the type any more). */
  declare static getInt32PtrTy: (context: LLVMContext, addressSpace?: number) => PointerType;
  declare static isSameType: (a: Type, b: Type) => boolean;
}
export interface Type {
  isVoidTy(): boolean;
  isHalfTy(): boolean;
  isFloatTy(): boolean;
  isDoubleTy(): boolean;
  isFloatingPointTy(): boolean;
  isLabelTy(): boolean;
  isPointerTy(): boolean;
  isStructTy(): boolean;
  isArrayTy(): boolean;
  isVectorTy(): boolean;
  isFunctionTy(): boolean;
  isTokenTy(): boolean;
  isSized(): boolean;
  isIntegerTy(bitWidth?: number): boolean;
  getPrimitiveSizeInBits(): number;
  getIntegerBitWidth(): number;
  getPointerAddressSpace(): number;
  /** `ptr addrspace(n)`. */
  getPointerTo(addressSpace?: number): PointerType;
  print(): string;
  isSame(other: Type): boolean;
}

/** An integer type (its width: `getIntegerBitWidth()`, as on every Type). */
export class IntegerType extends Type {
  declare static get: (context: LLVMContext, bits: number) => IntegerType;
}

export class PointerType extends Type {
  /** `ptr addrspace(n)`; the element type only names the context (pointers are opaque). */
  declare static get: (elementTypeOrContext: Type | LLVMContext, addressSpace: number) => PointerType;
}
export interface PointerType {
  getAddressSpace(): number;
}

export class FunctionType extends Type {
  declare static get: {
    (result: Type, isVarArg: boolean): FunctionType;
    (result: Type, params: Type[], isVarArg: boolean): FunctionType;
  };
}
export interface FunctionType {
  getReturnType(): Type;
  getNumParams(): number;
  getParamType(index: number): Type;
  isVarArg(): boolean;
}

export class StructType extends Type {
  declare static get: (context: LLVMContext, elements?: Type[], isPacked?: boolean) => StructType;
}
export interface StructType {
  getNumElements(): number;
  getElementType(index: number): Type;
}

export class ArrayType extends Type {
  declare static get: (element: Type, count: number) => ArrayType;
}
export interface ArrayType {
  getNumElements(): number;
  getElementType(): Type;
}

export class VectorType extends Type {
  declare static get: (element: Type, count: number) => VectorType;
}

// ---- values ----

export class Value extends LLVMObject {}
export interface Value {
  getType(): Type;
  getName(): string;
  setName(name: string): void;
  /** Replaces every use with a value of the same type. */
  replaceAllUsesWith(value: Value): void;
  getUsers(): Value[];
  getUses(): { user: Value; operandNo: number }[];
  getNumUses(): number;
  use_empty(): boolean;
  /** Whether both wrappers denote the same LLVM value. */
  isSame(other: Value): boolean;
  getValueID(): number;
  print(): string;
  /** Allows (or forbids) fusing this floating-point operation into an FMA; other values ignore it. */
  setAllowContract(allow: boolean): void;
  /** Deletes a detached instruction that has no uses. */
  deleteValue(): void;
}

export class Argument extends Value {}
export interface Argument {
  getArgNo(): number;
  getParent(): Function;
}

export class BasicBlock extends Value {
  declare static Create: (
    context: LLVMContext,
    name?: string,
    parent?: Function | null,
    insertBefore?: BasicBlock | null,
  ) => BasicBlock;

  /**
   * The block's instructions as data, in one call (cheaper than asking each instruction through
   * its wrapper): see {@link InstructionSummary}. The binary sends it packed (a JS object made
   * per instruction through Node-API cost more than a scheduling pass's own work).
   */
  describeInstructions(): InstructionSummary[] {
    const native = this as unknown as { describeInstructionsPacked(): [Int32Array, string[]] };
    const [data, names] = native.describeInstructionsPacked();
    const summaries: InstructionSummary[] = [];
    for (let at = 0; at < data.length; ) {
      const callee = data[at + 1] as number;
      const count = data[at + 3] as number;
      // A plain loop: a subarray and Array.from per instruction cost more than the call.
      const operands: number[] = [];
      for (let i = 0; i < count; i++) operands.push(data[at + 4 + i] as number);
      summaries.push({
        opcode: names[data[at] as number] as string,
        callee: callee < 0 ? null : (names[callee] as string),
        inlineAsm: data[at + 2] === 1,
        operands,
      });
      at += 4 + count;
    }
    return summaries;
  }
}
export interface BasicBlock {
  getParent(): Function | null;
  getTerminator(): Instruction | null;
  getFirstNonPHI(): Instruction | null;
  insertInto(parent: Function, insertBefore?: BasicBlock | null): void;
  removeFromParent(): void;
  /** Erases an unreferenced block whose values are used only inside it. */
  eraseFromParent(): void;
  getInstructions(): Instruction[];
  empty(): boolean;
  /**
   * Puts the instructions in a new order, given as their current indices. Throws, leaving the
   * block as it was, unless the order names each instruction once, keeps the phis first and the
   * terminator last, and puts each instruction after those of the block whose values it uses.
   */
  reorder(order: readonly number[]): void;
}

/** One instruction of a block, as {@link BasicBlock.describeInstructions} describes it. */
export interface InstructionSummary {
  /** The opcode's name: `load`, `call`, `fadd`... */
  readonly opcode: string;
  /** The name of the function a call calls; null for other instructions, indirect calls and inline asm. */
  readonly callee: string | null;
  /** Whether it is a call of inline assembly. */
  readonly inlineAsm: boolean;
  /** The indices (in the block) of the earlier instructions of the block whose values it uses. */
  readonly operands: readonly number[];
}

export class InlineAsm extends Value {
  /** An inline-asm callee; call it with `IRBuilder.CreateCall(type, asm, args)`. */
  declare static get: (
    type: FunctionType,
    asm: string,
    constraints: string,
    hasSideEffects: boolean,
    isAlignStack?: boolean,
  ) => InlineAsm;
}

export class MetadataAsValue extends Value {
  /** Metadata as a value, for intrinsics that take metadata arguments. */
  declare static get: (context: LLVMContext, metadata: Metadata) => MetadataAsValue;
}

export class User extends Value {}
export interface User {
  getNumOperands(): number;
  getOperand(index: number): Value;
  setOperand(index: number, value: Value): void;
}

// ---- constants ----

export class Constant extends User {
  declare static getNullValue: (type: Type) => Constant;
  declare static getAllOnesValue: (type: Type) => Constant;
}
export interface Constant {
  isAllOnesValue(): boolean;
  isNullValue(): boolean;
}

export class ConstantInt extends Constant {
  declare static get: (type: Type, value: number, isSigned?: boolean) => ConstantInt;
  /** A constant of up to 64 bits from a bigint (negative values wrap to two's complement). */
  declare static getFromBigInt: (type: Type, value: bigint) => ConstantInt;
  declare static getTrue: (context: LLVMContext) => ConstantInt;
  declare static getFalse: (context: LLVMContext) => ConstantInt;
}
export interface ConstantInt {
  getZExtValue(): bigint;
  getSExtValue(): bigint;
  getBitWidth(): number;
}

export class ConstantFP extends Constant {
  declare static get: (type: Type, value: number | string) => ConstantFP;
}
export interface ConstantFP {
  /** The value converted to a double. */
  getValue(): number;
}

export class ConstantStruct extends Constant {
  declare static get: (type: StructType, values: Constant[]) => Constant;
}

export class ConstantArray extends Constant {
  declare static get: (type: ArrayType, values: Constant[]) => Constant;
}

export class ConstantPointerNull extends Constant {
  declare static get: (type: PointerType) => ConstantPointerNull;
}

export class ConstantDataArray extends Constant {
  /** An array constant from raw little-endian bytes, such as a typed array's contents. */
  declare static getRaw: (bytes: Uint8Array, count: number, elementType: Type) => Constant;
  declare static getString: (context: LLVMContext, text: string, addNull?: boolean) => Constant;
}

export class UndefValue extends Constant {
  declare static get: (type: Type) => UndefValue;
}

export class PoisonValue extends UndefValue {
  declare static get: (type: Type) => PoisonValue;
}

export class ConstantExpr extends Constant {
  /** A bitcast; between pointers of one address space it is the constant itself. */
  declare static getBitCast: (constant: Constant, type: Type) => Constant;
  declare static getIntToPtr: (constant: Constant, type: Type) => Constant;
  declare static getPtrToInt: (constant: Constant, type: Type) => Constant;
  declare static getAddrSpaceCast: (constant: Constant, type: Type) => Constant;
  declare static getPointerCast: (constant: Constant, type: Type) => Constant;
}
export interface ConstantExpr {
  getOpcodeName(): string;
}

// ---- globals ----

/** Linkage types (`GlobalValue::LinkageTypes`). */
export interface LinkageTypes {
  readonly ExternalLinkage: number;
  readonly AvailableExternallyLinkage: number;
  readonly LinkOnceAnyLinkage: number;
  readonly LinkOnceODRLinkage: number;
  readonly WeakAnyLinkage: number;
  readonly WeakODRLinkage: number;
  readonly AppendingLinkage: number;
  readonly InternalLinkage: number;
  readonly PrivateLinkage: number;
  readonly ExternalWeakLinkage: number;
  readonly CommonLinkage: number;
}

export class GlobalValue extends Constant {
  declare static readonly LinkageTypes: LinkageTypes;
  declare static readonly VisibilityTypes: {
    readonly DefaultVisibility: number;
    readonly HiddenVisibility: number;
    readonly ProtectedVisibility: number;
  };
  declare static readonly UnnamedAddr: {
    readonly None: number;
    readonly Local: number;
    readonly Global: number;
  };
}
export interface GlobalValue {
  getLinkage(): number;
  setLinkage(linkage: number): void;
  getVisibility(): number;
  setVisibility(visibility: number): void;
  getUnnamedAddr(): number;
  setUnnamedAddr(kind: number): void;
  isDeclaration(): boolean;
  getAddressSpace(): number;
  getValueType(): Type;
  getParent(): Module | null;
  /** Erases a global that nothing uses any more. */
  eraseFromParent(): void;
}

export class GlobalObject extends GlobalValue {}
export interface GlobalObject {
  getSection(): string;
  setSection(name: string): void;
  /** The alignment in bytes, or 0 when none is set. */
  getAlignment(): number;
  setAlignment(bytes: number): void;
  setMetadata(kind: string, node: MDNode | null): void;
  addMetadata(kind: string, node: MDNode): void;
  getMetadata(kind: string): MDNode | null;
}

export class GlobalVariable extends GlobalObject {
  declare static readonly ThreadLocalMode: {
    readonly NotThreadLocal: number;
    readonly GeneralDynamicTLSModel: number;
    readonly LocalDynamicTLSModel: number;
    readonly InitialExecTLSModel: number;
    readonly LocalExecTLSModel: number;
  };
  /** Creates a variable in any address space, optionally thread-local or externally initialized. */
  declare static Create: (
    module: Module,
    type: Type,
    isConstant: boolean,
    linkage: number,
    initializer: Constant | null,
    name?: string,
    addressSpace?: number,
    threadLocalMode?: number,
    externallyInitialized?: boolean,
  ) => GlobalVariable;
}
export interface GlobalVariable {
  getInitializer(): Constant | null;
  setInitializer(initializer: Constant | null): void;
  isConstant(): boolean;
  setConstant(value: boolean): void;
  isThreadLocal(): boolean;
  setThreadLocal(value: boolean): void;
  getThreadLocalMode(): number;
  setThreadLocalMode(mode: number): void;
  isExternallyInitialized(): boolean;
  setExternallyInitialized(value: boolean): void;
}

// biome-ignore lint/suspicious/noShadowRestrictedNames: LLVM's class name, as the rest of the API keeps them.
export class Function extends GlobalObject {
  declare static Create: (type: FunctionType, linkage: number, name?: string, module?: Module) => Function;
}
export interface Function {
  arg_size(): number;
  getArg(index: number): Argument;
  getArguments(): Argument[];
  getBasicBlocks(): BasicBlock[];
  getReturnType(): Type;
  getFunctionType(): FunctionType;
  getEntryBlock(): BasicBlock;
  deleteBody(): void;
  setSubprogram(subprogram: DISubprogram): void;
  getSubprogram(): DISubprogram | null;
  getCallingConv(): number;
  setCallingConv(cc: number): void;
  /**
   * Adds an attribute by name: an LLVM enum attribute when the name is one ("nounwind",
   * "alwaysinline", or "align" with a number), a string attribute ("target-cpu") otherwise.
   */
  addFnAttr(kind: string, value?: string | number): void;
  removeFnAttr(kind: string): void;
  hasFnAttribute(kind: string): boolean;
  /** The attribute's value as a string ("" for enum attributes without one), or null. */
  getFnAttribute(kind: string): string | null;
  addParamAttr(argNo: number, kind: string, value?: string | number): void;
  hasParamAttribute(argNo: number, kind: string): boolean;
  isIntrinsic(): boolean;
  getIntrinsicID(): number;
  /** The verifier's message, or null when the function is valid. */
  verify(): string | null;
  /** The control-flow graph: for each block, in `getBasicBlocks()` order, its successors' indices. */
  getBlockSuccessors(): number[][];
  /** The instructions whose opcode is one of `opcodes` (`call`, `frem`...), in order, in one call. */
  findInstructions(opcodes: readonly string[]): Instruction[];
}

/** A callee and its function type, as `Module.getOrInsertFunction` returns them. */
export class FunctionCallee {
  constructor(
    private readonly functionType: FunctionType,
    private readonly callee: Value,
  ) {}
  getFunctionType(): FunctionType {
    return this.functionType;
  }
  getCallee(): Value {
    return this.callee;
  }
}

// ---- instructions ----

export class Instruction extends User {}
export interface Instruction {
  getParent(): BasicBlock | null;
  getFunction(): Function | null;
  getModule(): Module | null;
  getOpcode(): number;
  getOpcodeName(): string;
  /** Erases an instruction that nothing uses any more. */
  eraseFromParent(): void;
  removeFromParent(): void;
  moveBefore(other: Instruction): void;
  insertBefore(other: Instruction): void;
  getNextNode(): Instruction | null;
  getPrevNode(): Instruction | null;
  setMetadata(kind: string, node: MDNode | null): void;
  getMetadata(kind: string): MDNode | null;
  /** The attached source location, or null. */
  getDebugLocation(): { line: number; column: number; file: string } | null;
  setDebugLoc(location: DILocation | null): void;
}

export class AllocaInst extends Instruction {}
export interface AllocaInst {
  getAllocatedType(): Type;
  setAlignment(bytes: number): void;
  getAlignment(): number;
}

export class LoadInst extends Instruction {}
export interface LoadInst {
  /** `syncScope`: "" or omitted for the system, "singlethread", or a target's scope name. */
  setAtomic(ordering: number, syncScope?: string): void;
  setVolatile(isVolatile: boolean): void;
  isVolatile(): boolean;
  setAlignment(bytes: number): void;
  getAlignment(): number;
}

export class StoreInst extends Instruction {}
export interface StoreInst {
  setAtomic(ordering: number, syncScope?: string): void;
  setVolatile(isVolatile: boolean): void;
  isVolatile(): boolean;
  setAlignment(bytes: number): void;
  getAlignment(): number;
}

export class CallInst extends Instruction {
  declare static readonly TailCallKind: {
    readonly TCK_None: number;
    readonly TCK_Tail: number;
    readonly TCK_MustTail: number;
    readonly TCK_NoTail: number;
  };
}
export interface CallInst {
  getCalledFunction(): Function | null;
  getCalledOperand(): Value;
  setCalledOperand(callee: Value): void;
  arg_size(): number;
  getArgOperand(index: number): Value;
  setArgOperand(index: number, value: Value): void;
  getCallingConv(): number;
  setCallingConv(cc: number): void;
  isInlineAsm(): boolean;
  getFunctionType(): FunctionType;
  isTailCall(): boolean;
  setTailCall(isTail: boolean): void;
  getTailCallKind(): number;
  setTailCallKind(kind: number): void;
  /** Adds a call-site attribute by name, as `Function.addFnAttr` does (`convergent`, say). */
  addFnAttr(kind: string, value?: string | number): void;
  /** Whether the call site itself has the attribute (the callee's are not counted). */
  hasFnAttr(kind: string): boolean;
}

export class ReturnInst extends Instruction {}
export class UnreachableInst extends Instruction {}
export class BranchInst extends Instruction {}
export class GetElementPtrInst extends Instruction {}
export class FenceInst extends Instruction {}
export class AtomicCmpXchgInst extends Instruction {}

export class SwitchInst extends Instruction {}
export interface SwitchInst {
  addCase(value: ConstantInt, dest: BasicBlock): void;
}

export class PHINode extends Instruction {}
export interface PHINode {
  addIncoming(value: Value, block: BasicBlock): void;
}

export class AtomicRMWInst extends Instruction {
  declare static readonly BinOp: {
    readonly Xchg: number;
    readonly Add: number;
    readonly Sub: number;
    readonly And: number;
    readonly Nand: number;
    readonly Or: number;
    readonly Xor: number;
    readonly Max: number;
    readonly Min: number;
    readonly UMax: number;
    readonly UMin: number;
    readonly FAdd: number;
    readonly FSub: number;
    readonly FMax: number;
    readonly FMin: number;
  };
}

// ---- metadata ----

export class Metadata extends LLVMObject {}
export interface Metadata {
  isSame(other: Metadata): boolean;
}

export class MDString extends Metadata {
  declare static get: (context: LLVMContext, text: string) => MDString;
}
export interface MDString {
  getString(): string;
}

export class MDNode extends Metadata {
  declare static get: (context: LLVMContext, operands: (Metadata | null)[]) => MDNode;
  declare static getDistinct: (context: LLVMContext, operands: (Metadata | null)[]) => MDNode;
}
export interface MDNode {
  getNumOperands(): number;
  getOperand(index: number): Metadata | null;
  getOperands(): (Metadata | null)[];
  isDistinct(): boolean;
}

export class ValueAsMetadata extends Metadata {
  /** ConstantAsMetadata for constants, a local value's metadata otherwise. */
  // A method type, so that ConstantAsMetadata's narrower `get` may override it.
  declare static get: { method(value: Value): ValueAsMetadata }['method'];
}
export interface ValueAsMetadata {
  getValue(): Value;
}

export class ConstantAsMetadata extends ValueAsMetadata {
  declare static get: (constant: Constant) => ConstantAsMetadata;
}

export class DIScope extends MDNode {}
export class DIFile extends DIScope {}
export class DICompileUnit extends DIScope {}
export class DISubprogram extends DIScope {
  declare static readonly DISPFlags: {
    readonly SPFlagZero: number;
    readonly SPFlagDefinition: number;
    readonly SPFlagLocalToUnit: number;
    readonly SPFlagOptimized: number;
  };
}
export class DISubroutineType extends MDNode {}
export class DINode extends MDNode {
  declare static readonly DIFlags: { readonly FlagZero: number; readonly FlagPrototyped: number };
}
/** The result of `DIBuilder.getOrCreateTypeArray` (an MDTuple). */
export type DITypeRefArray = MDNode;

/** A source location (an MDNode in LLVM; typed apart here since its `get` differs). */
export class DILocation extends Metadata {
  declare static get: (context: LLVMContext, line: number, column: number, scope: DIScope) => DILocation;
}

/** Builds debug information for one module. */
export class DIBuilder extends LLVMObject {
  constructor(module: Module) {
    super(module);
  }
}
export interface DIBuilder {
  createFile(filename: string, directory: string): DIFile;
  /** `emissionKind` 0 none, 1 full (default), 2 line tables only, 3 debug directives only. */
  createCompileUnit(
    lang: number,
    file: DIFile,
    producer: string,
    isOptimized: boolean,
    flags: string,
    rv: number,
    emissionKind?: 0 | 1 | 2 | 3,
  ): DICompileUnit;
  createFunction(
    scope: DIScope,
    name: string,
    linkage: string,
    file: DIFile,
    line: number,
    type: DISubroutineType,
    scopeLine: number,
    flags: number,
    spFlags: number,
  ): DISubprogram;
  getOrCreateTypeArray(elements: (Metadata | null)[]): DITypeRefArray;
  createSubroutineType(types: DITypeRefArray): DISubroutineType;
  finalize(): void;
}

// ---- the IR builder ----

type Binary = (lhs: Value, rhs: Value, name?: string) => Value;
type Unary = (value: Value, name?: string) => Value;
type Cast = (value: Value, type: Type, name?: string) => Value;

/** LLVM's IRBuilder; each Create method checks its operands first. */
export class IRBuilder extends LLVMObject {
  constructor(at: LLVMContext | BasicBlock | Instruction) {
    super(at);
  }

  /** A call of a function, a FunctionCallee, or a callee of the given function type. */
  CreateCall(callee: Function | FunctionCallee, args?: Value[], name?: string): CallInst;
  CreateCall(type: FunctionType, callee: Value, args?: Value[], name?: string): CallInst;
  CreateCall(
    first: Function | FunctionCallee | FunctionType,
    second?: Value | Value[],
    third?: Value[] | string,
    fourth?: string,
  ): CallInst {
    if (first instanceof FunctionType) {
      return this.CreateCallWithType(first, second as Value, (third as Value[] | undefined) ?? [], fourth);
    }
    const args = (second as Value[] | undefined) ?? [];
    const name = third as string | undefined;
    if (first instanceof FunctionCallee)
      return this.CreateCallWithType(first.getFunctionType(), first.getCallee(), args, name);
    if (first instanceof Function) return this.CreateCallWithType(first.getFunctionType(), first, args, name);
    throw new TypeError(
      'IRBuilder.CreateCall: expected a Function, a FunctionCallee or a FunctionType and a callee',
    );
  }
}
export interface IRBuilder {
  SetInsertPoint(at: BasicBlock | Instruction): void;
  GetInsertBlock(): BasicBlock | null;
  ClearInsertionPoint(): void;
  SetCurrentDebugLocation(location: DILocation | null): void;
  CreateRetVoid(): ReturnInst;
  CreateRet(value: Value): ReturnInst;
  CreateBr(dest: BasicBlock): BranchInst;
  CreateCondBr(condition: Value, then: BasicBlock, otherwise: BasicBlock): BranchInst;
  CreateSwitch(value: Value, dest: BasicBlock, cases?: number): SwitchInst;
  CreateUnreachable(): UnreachableInst;
  CreateAdd: Binary;
  CreateSub: Binary;
  CreateMul: Binary;
  CreateSDiv: Binary;
  CreateUDiv: Binary;
  CreateSRem: Binary;
  CreateURem: Binary;
  CreateAnd: Binary;
  CreateOr: Binary;
  CreateXor: Binary;
  CreateShl: Binary;
  CreateLShr: Binary;
  CreateAShr: Binary;
  CreateFAdd: Binary;
  CreateFSub: Binary;
  CreateFMul: Binary;
  CreateFDiv: Binary;
  CreateFRem: Binary;
  CreateNeg: Unary;
  CreateFNeg: Unary;
  CreateNot: Unary;
  CreateICmpEQ: Binary;
  CreateICmpNE: Binary;
  CreateICmpSGT: Binary;
  CreateICmpSGE: Binary;
  CreateICmpSLT: Binary;
  CreateICmpSLE: Binary;
  CreateICmpUGT: Binary;
  CreateICmpUGE: Binary;
  CreateICmpULT: Binary;
  CreateICmpULE: Binary;
  CreateFCmpOEQ: Binary;
  CreateFCmpOGT: Binary;
  CreateFCmpOGE: Binary;
  CreateFCmpOLT: Binary;
  CreateFCmpOLE: Binary;
  CreateFCmpONE: Binary;
  CreateFCmpORD: Binary;
  CreateFCmpUNO: Binary;
  CreateFCmpUEQ: Binary;
  CreateFCmpUGT: Binary;
  CreateFCmpUGE: Binary;
  CreateFCmpULT: Binary;
  CreateFCmpULE: Binary;
  CreateFCmpUNE: Binary;
  CreateIsNull: Unary;
  CreateIsNotNull: Unary;
  CreateSelect(condition: Value, ifTrue: Value, ifFalse: Value, name?: string): Value;
  CreateTrunc: Cast;
  CreateZExt: Cast;
  CreateSExt: Cast;
  CreateZExtOrTrunc: Cast;
  CreateSExtOrTrunc: Cast;
  CreateFPToSI: Cast;
  CreateFPToUI: Cast;
  CreateSIToFP: Cast;
  CreateUIToFP: Cast;
  CreateFPTrunc: Cast;
  CreateFPExt: Cast;
  CreatePtrToInt: Cast;
  CreateIntToPtr: Cast;
  /** A bitcast; between pointers of one address space it is the value itself. */
  CreateBitCast: Cast;
  CreateAddrSpaceCast: Cast;
  /** An address-space cast between pointers of different spaces, else the value itself. */
  CreatePointerCast: Cast;
  CreateAlloca(type: Type, arraySize?: Value | null, name?: string): AllocaInst;
  CreateLoad(type: Type, pointer: Value, name?: string): LoadInst;
  CreateStore(value: Value, pointer: Value): StoreInst;
  CreateGEP(type: Type, pointer: Value, indices: Value | Value[], name?: string): Value;
  CreateInBoundsGEP(type: Type, pointer: Value, indices: Value | Value[], name?: string): Value;
  CreateGlobalString(text: string, name?: string, addressSpace?: number, module?: Module): GlobalVariable;
  /** The global string itself: with opaque pointers it is the pointer to its first character. */
  CreateGlobalStringPtr(text: string, name?: string, addressSpace?: number, module?: Module): Constant;
  CreateCallWithType(type: FunctionType, callee: Value, args: Value[], name?: string): CallInst;
  CreatePHI(type: Type, reserved: number, name?: string): PHINode;
  CreateExtractValue(aggregate: Value, indices: number[], name?: string): Value;
  CreateInsertValue(aggregate: Value, value: Value, indices: number[], name?: string): Value;
  /** atomicrmw; `syncScope` names a scope ("" or omitted: system, "singlethread", or a target scope). */
  CreateAtomicRMW(
    op: number,
    pointer: Value,
    value: Value,
    align: number | null,
    ordering: number,
    syncScope?: string,
  ): Instruction;
  CreateAtomicCmpXchg(
    pointer: Value,
    compare: Value,
    newValue: Value,
    align: number | null,
    successOrdering: number,
    failureOrdering: number,
    syncScope?: string,
  ): AtomicCmpXchgInst;
  CreateFence(ordering: number, syncScope?: string): FenceInst;
  getInt1(value: number): ConstantInt;
  getInt8(value: number): ConstantInt;
  getInt16(value: number): ConstantInt;
  getInt32(value: number): ConstantInt;
  getInt64(value: number): ConstantInt;
  getInt1Ty(): IntegerType;
  getInt8Ty(): IntegerType;
  getInt16Ty(): IntegerType;
  getInt32Ty(): IntegerType;
  getInt64Ty(): IntegerType;
  getTrue(): ConstantInt;
  getFalse(): ConstantInt;
}

// ---- linking, targets, passes ----

export class Linker {
  declare static readonly Flags: {
    readonly None: number;
    readonly OverrideFromSrc: number;
    readonly LinkOnlyNeeded: number;
  };
  /**
   * Links `src` into `dest` and consumes `src` (its wrappers turn stale). Throws with LLVM's
   * diagnostics on failure; returns the warnings it reported, or "".
   */
  declare static linkModules: (dest: Module, src: Module, flags?: number) => string;
}

export class TargetRegistry {
  declare static lookupTarget: (triple: string) => Target | null;
}

/** Options of `Target.createTargetMachine`. */
export interface TargetMachineOptions {
  optLevel?: 0 | 1 | 2 | 3;
  relocModel?: 'static' | 'pic' | 'dynamic-no-pic' | 'ropi' | 'rwpi' | 'ropi-rwpi';
  codeModel?: 'tiny' | 'small' | 'kernel' | 'medium' | 'large';
}

export class Target extends LLVMObject {}
export interface Target {
  getName(): string;
  /** A machine; an unknown CPU throws (LLVM itself would only print a warning). */
  createTargetMachine(
    triple: string,
    cpu: string,
    features?: string,
    options?: TargetMachineOptions,
  ): TargetMachine;
}

export class TargetMachine extends LLVMObject {}
export interface TargetMachine {
  /**
   * Emits the module as assembly or an object file, in memory. The module must verify and carry
   * this machine's triple and data layout. Code generation lowers the module in place.
   */
  emitToBuffer(module: Module, kind: 'assembly' | 'object'): Buffer;
  getTargetTriple(): string;
  getTargetCPU(): string;
  getTargetFeatureString(): string;
  getDataLayoutString(): string;
}

// ---- constants and free functions ----

/** `llvm::AtomicOrdering`. */
export const AtomicOrdering = {} as {
  readonly NotAtomic: number;
  readonly Unordered: number;
  readonly Monotonic: number;
  readonly Acquire: number;
  readonly Release: number;
  readonly AcquireRelease: number;
  readonly SequentiallyConsistent: number;
};

/** `llvm::CallingConv`. */
export const CallingConv = {} as {
  readonly C: number;
  readonly Fast: number;
  readonly Cold: number;
  readonly PreserveMost: number;
  readonly PreserveAll: number;
  readonly X86_StdCall: number;
  readonly X86_64_SysV: number;
  readonly PTX_Kernel: number;
  readonly PTX_Device: number;
  readonly SPIR_FUNC: number;
  readonly SPIR_KERNEL: number;
  readonly AMDGPU_VS: number;
  readonly AMDGPU_GS: number;
  readonly AMDGPU_PS: number;
  readonly AMDGPU_CS: number;
  readonly AMDGPU_KERNEL: number;
  readonly AMDGPU_Gfx: number;
  readonly MaxID: number;
};

/** DWARF constants. */
export const dwarf = { SourceLanguage: {} } as {
  readonly SourceLanguage: {
    readonly DW_LANG_C: number;
    readonly DW_LANG_C99: number;
    readonly DW_LANG_C_plus_plus: number;
  };
};

export const LLVMConstants = {} as { readonly DEBUG_METADATA_VERSION: number };

/** The LLVM this binary was built with. */
export const config = {} as { readonly LLVM_VERSION_STRING: string; readonly LLVM_VERSION_MAJOR: number };

/** What the binary exports besides classes. */
interface NativeFunctions {
  parseIR(source: string | Uint8Array, context: LLVMContext, name?: string, lazy?: boolean): Module;
  runPasses(module: Module, pipeline: string, machine?: TargetMachine | null): string;
  internalize(module: Module, preserve: string[]): boolean;
  getHostCPUName(): string;
  getHostCPUFeatures(): string;
  getDefaultTargetTriple(): string;
  lldLinkCodeObject(object: Uint8Array, extraArgs?: string[]): Buffer;
}

let functions: NativeFunctions | undefined;

function native(): NativeFunctions {
  if (functions === undefined) throw new Error('@gpuc/llvm: the binary is not loaded; call llvm() first');
  return functions;
}

/**
 * Parses textual IR or bitcode (told apart by its magic); throws the parser's message. With
 * `lazy`, bitcode only: each function's body is read when a link takes it, so linking a few
 * functions of a large library (`Linker.linkModules` with `LinkOnlyNeeded`) reads only those. A
 * lazy module is for linking from: its unread functions look like definitions without blocks.
 */
export function parseIR(
  source: string | Uint8Array,
  context: LLVMContext,
  name?: string,
  lazy = false,
): Module {
  return native().parseIR(source, context, name, lazy);
}

/**
 * Runs a new-pass-manager pipeline given as text (`default<O3>`, `globaldce`, `nvvm-reflect`...)
 * with the target machine's analyses and passes registered. Returns LLVM's warnings, or "".
 * Two passes of gpuc's own give a pipeline written out as text what `default<On>` gives its
 * passes: `gpuc-inline-params<On>` (module; the following `inline` uses level n's thresholds)
 * and `gpuc-loop-unroll-full<On>` (loop; plain `loop-unroll-full` unrolls as at O2).
 */
export function runPasses(module: Module, pipeline: string, machine?: TargetMachine | null): string {
  return native().runPasses(module, pipeline, machine ?? null);
}

/** Gives internal linkage to every definition not named in `preserve`; returns whether anything changed. */
export function internalize(module: Module, preserve: string[]): boolean {
  return native().internalize(module, preserve);
}

export function getHostCPUName(): string {
  return native().getHostCPUName();
}

export function getHostCPUFeatures(): string {
  return native().getHostCPUFeatures();
}

export function getDefaultTargetTriple(): string {
  return native().getDefaultTargetTriple();
}

/**
 * Links a relocatable AMDGPU object into a loadable code object (`ld.lld -shared`) with lld's
 * ELF driver inside this process.
 */
export function lldLinkCodeObject(object: Uint8Array, extraArgs: string[] = []): Buffer {
  return native().lldLinkCodeObject(object, extraArgs);
}

/** Targets are initialised when the binary loads; kept for callers of the llvm-bindings API. */
export function InitializeAllTargetInfos(): void {}
export function InitializeAllTargets(): void {}
export function InitializeAllTargetMCs(): void {}
export function InitializeAllAsmPrinters(): void {}

// ---- installation ----

/** The classes the binary makes wrappers of, by the names it uses. */
const classes = {
  LLVMContext,
  Module,
  DataLayout,
  NamedMDNode,
  Type,
  IntegerType,
  PointerType,
  FunctionType,
  StructType,
  ArrayType,
  VectorType,
  Value,
  Argument,
  BasicBlock,
  InlineAsm,
  MetadataAsValue,
  User,
  Constant,
  ConstantInt,
  ConstantFP,
  ConstantStruct,
  ConstantArray,
  ConstantPointerNull,
  ConstantDataArray,
  UndefValue,
  PoisonValue,
  ConstantExpr,
  GlobalValue,
  GlobalObject,
  GlobalVariable,
  Function,
  FunctionCallee,
  Instruction,
  AllocaInst,
  LoadInst,
  StoreInst,
  CallInst,
  ReturnInst,
  UnreachableInst,
  BranchInst,
  GetElementPtrInst,
  FenceInst,
  AtomicCmpXchgInst,
  SwitchInst,
  PHINode,
  AtomicRMWInst,
  Metadata,
  MDString,
  MDNode,
  ValueAsMetadata,
  ConstantAsMetadata,
  DIFile,
  DICompileUnit,
  DISubprogram,
  DISubroutineType,
  DILocation,
  DIBuilder,
  IRBuilder,
  Linker,
  TargetRegistry,
  Target,
  TargetMachine,
} as const;

type NativeClass = { prototype?: Record<string, unknown>; new?: (...args: unknown[]) => void } & Record<
  string,
  unknown
>;

/**
 * Per class, an empty constructor sharing its prototype: the binary makes wrappers with these
 * (`instanceof` and the methods are the class's), so making one runs no constructor chain.
 */
function shells(): Record<string, () => void> {
  const table: Record<string, () => void> = {};
  for (const [name, cls] of Object.entries(classes)) {
    const shell = function (this: object) {} as unknown as { prototype: object };
    shell.prototype = cls.prototype;
    table[name] = shell as unknown as () => void;
  }
  return table;
}

/** Copies the binary's methods onto the classes and its constants into place; once. */
export function install(binary: Record<string, unknown>): void {
  if (functions !== undefined) return;
  for (const [name, cls] of Object.entries(classes)) {
    const from = binary[name] as NativeClass | undefined;
    if (from === undefined) continue;
    const { prototype, new: construct, ...statics } = from;
    if (prototype) Object.assign(cls.prototype, prototype);
    if (construct) Object.defineProperty(cls, create, { value: construct });
    Object.assign(cls, statics);
  }
  const set = (target: object, key: string, value: unknown) =>
    Object.defineProperty(target, key, { value, enumerable: true });
  set(Module, 'ModFlagBehavior', binary.ModFlagBehavior);
  set(GlobalValue, 'LinkageTypes', binary.LinkageTypes);
  set(GlobalValue, 'VisibilityTypes', binary.VisibilityTypes);
  set(GlobalValue, 'UnnamedAddr', binary.UnnamedAddr);
  set(GlobalVariable, 'ThreadLocalMode', binary.ThreadLocalMode);
  set(CallInst, 'TailCallKind', binary.TailCallKind);
  set(AtomicRMWInst, 'BinOp', binary.AtomicRMWBinOp);
  set(Linker, 'Flags', binary.LinkerFlags);
  set(DINode, 'DIFlags', binary.DIFlags);
  set(DISubprogram, 'DISPFlags', binary.DISPFlags);
  Object.assign(AtomicOrdering, binary.AtomicOrdering);
  Object.assign(CallingConv, binary.CallingConv);
  Object.assign(dwarf.SourceLanguage, binary.SourceLanguage);
  Object.assign(LLVMConstants, binary.LLVMConstants);
  Object.assign(config, binary.config);
  (binary.registerClasses as (classes: object, shells: object) => void)(classes, shells());
  functions = binary as unknown as NativeFunctions;
}
