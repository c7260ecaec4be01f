/**
 * Code generation: typed IR to an LLVM module, with the IR builder.
 *
 * Each specialization reached from the entry becomes one LLVM function (the entry under its
 * configured name, the rest internal). Values follow JavaScript's semantics where the IR leaves
 * it to codegen: conversions behave as typed-array stores, integer remainders by zero give 0
 * instead of trapping, shift counts are masked, comparisons treat NaN as JavaScript does. Calls
 * to intrinsics go to the generator the job's back-end registered, or a generic one. Line
 * tables carry the kernel's source lines when the debug level asks for them.
 */

import { copyElements } from '../../frontend/catalogue/async-copy.js';
import type { LoweredName } from '../../frontend/catalogue/index.js';
import { TILE } from '../../frontend/catalogue/matrix.js';
import { swizzledAIndex, WARPGROUP_DEPTH, WARPGROUP_ROWS } from '../../frontend/catalogue/warpgroup.js';
import { type CompileError, ErrorCode } from '../../frontend/errors.js';
import { bf16Bits } from '../../frontend/half.js';
import { reversePostorder, type Specialization } from '../../frontend/infer.js';
import {
  type Block,
  type CompareOperator,
  type Instruction,
  literalValue,
  type Span,
} from '../../frontend/ir.js';
import { flippedComparison, singleComparison } from '../../frontend/single-compare.js';
import {
  type ArrayType,
  bits,
  type FragmentType,
  f32 as f32Type,
  f64 as f64Type,
  holdsF64,
  i64 as i64Type,
  isBig,
  isFloat,
  isHalf,
  isInteger,
  isSigned,
  loaded as loadedType,
  type ScalarType,
  show,
  type Type,
} from '../../frontend/types.js';
import { ArrayView, isByReference } from '../../frontend/values.js';
import { CAPTURED_SYMBOL, type CapturedArray } from '../../host/captured-arrays.js';
import { addGlobal } from '../../llvm/globals.js';
import { llvm } from '../../llvm/load.js';
import { callByName, createModule } from '../../llvm/module.js';
import type {
  BasicBlock,
  DIBuilder,
  DIFile,
  DILocation,
  DISubprogram,
  GlobalVariable,
  IRBuilder,
  LLVMContext,
  LLVMFunction,
  Type as LLVMType,
  Module,
  PHINode,
  Value,
} from '../../llvm/types.js';
import type { Compiler } from '../compiler.js';
import type { Job } from '../job.js';
import type { RuntimeRegistry } from '../runtime.js';
import { assumeArraysAligned } from './alignment.js';
import { ATOMIC_INTRINSICS } from './atomics.js';
import { fromHalf, toHalf } from './half.js';
import {
  entryAlloca,
  genericIntrinsics,
  type IntrinsicContext,
  type IntrinsicGenerator,
} from './intrinsics.js';
import { attachUnrollHint } from './loop-hints.js';
import { TILE_INTRINSICS } from './matrix.js';
import { isOutOfLine } from './out-of-line.js';
import { TypeMapper } from './types.js';
import { WAITS, waitCount } from './wait-counts.js';
import { flagsNeeded, NegativeZeros } from './zeros.js';

/** The generated module and its entry function. */
export interface Generated {
  readonly module: Module;
  readonly entry: LLVMFunction;
  /** Every specialization generated, with its function's name. */
  readonly functions: ReadonlyMap<Specialization, string>;
  /** Globals made for captured host values: global name -> scope name, and whether portable. */
  readonly relocations: ReadonlyMap<string, { name: string; portable: boolean }>;
  /** Globals the launch fills with captured arrays' contents (targets that `fillsCapturedArrays`). */
  readonly captures: readonly CapturedArray[];
}

/** Generates the module for a job's entry specialization. */
export function generateModule(
  context: LLVMContext,
  root: Specialization,
  job: Job,
  compiler: Compiler,
  captures: CapturedArray[] = [],
): Generated {
  return new ModuleGenerator(context, job, compiler, captures).run(root);
}

class ModuleGenerator {
  readonly l = llvm();
  readonly module: Module;
  readonly types: TypeMapper;
  readonly builder: IRBuilder;
  private readonly functions = new Map<Specialization, LLVMFunction>();
  /** The entry's specialization. */
  root: Specialization | undefined;
  private readonly names = new Map<Specialization, string>();
  private readonly pending: Specialization[] = [];
  private readonly generators: ReadonlyMap<string, IntrinsicGenerator>;
  private readonly everywhere: ReadonlyMap<string, IntrinsicGenerator>;
  private readonly debug: { builder: DIBuilder; files: Map<string, DIFile> } | undefined;

  /**
   * @param captures the filled arrays' globals of the whole compile, which nested jobs share
   *   with their parent: one numbering, and one list for the launch to fill
   */
  constructor(
    readonly context: LLVMContext,
    readonly job: Job,
    readonly compiler: Compiler,
    readonly captures: CapturedArray[],
  ) {
    this.module = createModule(context, job.config.name ?? 'kernel', job.target);
    this.types = new TypeMapper(context, job.target.addressSpaces, job.target.fragments);
    this.builder = new this.l.IRBuilder(context);
    this.generators = this.compiler.intrinsics.get(job.target.backend) ?? new Map();
    this.everywhere = this.compiler.intrinsics.get('*') ?? new Map();
    if (job.config.debugLevel > 0) {
      const builder = new this.l.DIBuilder(this.module);
      this.debug = { builder, files: new Map() };
      const file = this.file(job.source.file);
      // Level 1 is line information for error locations and profilers, 2 everything.
      const emission = job.config.debugLevel >= 2 ? 1 : job.target.lineDirectives ? 3 : 2;
      builder.createCompileUnit(
        this.l.dwarf.SourceLanguage.DW_LANG_C,
        file,
        'gpuc',
        job.config.optLevel > 0,
        '',
        0,
        emission,
      );
      this.module.addModuleFlag(
        this.l.Module.ModFlagBehavior.Warning,
        'Debug Info Version',
        this.l.LLVMConstants.DEBUG_METADATA_VERSION,
      );
      this.module.addModuleFlag(this.l.Module.ModFlagBehavior.Warning, 'Dwarf Version', 4);
    }
  }

  /**
   * Whether a function's LLVM form returns nothing: one of no value, and the kernel, whose value
   * (`return x`, an arrow's expression) JavaScript's caller ignores and a launch cannot take.
   */
  returnsNothing(spec: Specialization): boolean {
    const kind = spec.returnType.kind;
    return kind === 'void' || kind === 'never' || (this.job.config.kernel && spec === this.root);
  }

  get runtime(): RuntimeRegistry {
    return this.compiler.runtime;
  }

  run(root: Specialization): Generated {
    const entryName = this.job.config.name ?? root.fn.name;
    this.root = root;
    const entry = this.declare(root, entryName);
    while (this.pending.length > 0) {
      const spec = this.pending.shift() as Specialization;
      new FunctionGenerator(this, spec, this.functions.get(spec) as LLVMFunction).generate();
    }
    this.debug?.builder.finalize();
    return {
      module: this.module,
      entry,
      functions: this.names,
      relocations: this.relocations,
      captures: this.captures,
    };
  }

  private file(path: string): DIFile {
    const debug = this.debug as NonNullable<typeof this.debug>;
    let file = debug.files.get(path);
    if (!file) {
      const slash = path.lastIndexOf('/');
      file = debug.builder.createFile(
        slash >= 0 ? path.slice(slash + 1) : path,
        slash >= 0 ? path.slice(0, slash) : '.',
      );
      debug.files.set(path, file);
    }
    return file;
  }

  /** The LLVM function of a specialization, declared now and generated later. */
  functionFor(spec: Specialization): LLVMFunction {
    const existing = this.functions.get(spec);
    if (existing) return existing;
    return this.declare(spec, `${spec.fn.name}_${this.functions.size}`);
  }

  private declare(spec: Specialization, name: string): LLVMFunction {
    const l = this.l;
    const params = spec.argTypes.map((t) => this.types.value(t));
    const result = this.returnsNothing(spec)
      ? l.Type.getVoidTy(this.context)
      : this.types.value(spec.returnType);
    const type = l.FunctionType.get(result, params, false);
    const isEntry = this.functions.size === 0;
    const linkage = isEntry
      ? l.Function.LinkageTypes.ExternalLinkage
      : l.Function.LinkageTypes.InternalLinkage;
    const fn = l.Function.Create(type, linkage, name, this.module);
    fn.addFnAttr('nounwind');
    if (!isEntry && spec.inline) fn.addFnAttr('alwaysinline');
    else if (!isEntry && isOutOfLine(spec.fn.source)) fn.addFnAttr('noinline');
    spec.fn.params.forEach((param, i) => {
      if (param.op === 'param') fn.getArg(i).setName(param.name);
    });
    this.functions.set(spec, fn);
    this.names.set(spec, name);
    this.pending.push(spec);
    if (this.debug) {
      const file = this.file(spec.fn.source.file);
      const line = spec.fn.source.locate(0).line;
      const types = this.debug.builder.getOrCreateTypeArray([]);
      const subprogram = this.debug.builder.createFunction(
        file,
        spec.fn.name,
        name,
        file,
        line,
        this.debug.builder.createSubroutineType(types),
        line,
        l.DINode.DIFlags.FlagZero,
        l.DISubprogram.DISPFlags.SPFlagDefinition,
      );
      fn.setSubprogram(subprogram);
    }
    return fn;
  }

  /** The intrinsic generator for a name: the back-end's, one for every back-end, or the generic one. */
  generator(name: string): IntrinsicGenerator | undefined {
    return this.generators.get(name) ?? this.everywhere.get(name) ?? genericIntrinsics[name as LoweredName];
  }

  /** Calls an LLVM intrinsic or external function by name, declaring it on first use. */
  call(name: string, result: LLVMType, args: readonly Value[]): Value {
    return callByName(this.builder, this.module, name, result, args);
  }

  /**
   * Converts a value between kernel types with the semantics of a store into a typed array of
   * the target type: integers wrap, floats round to nearest, and floats become integers by
   * truncation modulo 2^n, with NaN and infinities giving 0 (JavaScript's ToInt32 family).
   */
  convert(value: Value, from: Type, to: Type): Value {
    if (from === to || to.kind !== 'scalar' || from.kind !== 'scalar') return value;
    const b = this.builder;
    const l = this.l;
    if (isHalf(from)) return this.convert(fromHalf(b, this.context, value, from), f32Type, to);
    // Floats round once; integers (and booleans) reach a 16-bit float through f32, which holds
    // those below 2^24 exactly (larger ones overflow f16, and bf16 rounds through f32 anyway).
    if (isHalf(to))
      return toHalf(b, this.context, isFloat(from) ? value : this.convert(value, from, f32Type), to);
    const target = this.types.value(to);
    if (to.name === 'bool') return value;
    if (from.name === 'bool') {
      const asInt = b.CreateZExt(value, isFloat(to) ? l.Type.getInt32Ty(this.context) : target);
      return isFloat(to) ? b.CreateUIToFP(asInt, target) : asInt;
    }
    if (isInteger(from) && isInteger(to)) {
      if (bits(from) === bits(to)) return value;
      if (bits(from) > bits(to)) return b.CreateTrunc(value, target);
      return isSigned(from) ? b.CreateSExt(value, target) : b.CreateZExt(value, target);
    }
    if (isInteger(from) && isFloat(to))
      return isSigned(from) ? b.CreateSIToFP(value, target) : b.CreateUIToFP(value, target);
    if (isFloat(from) && isFloat(to))
      return bits(from) > bits(to) ? b.CreateFPTrunc(value, target) : b.CreateFPExt(value, target);
    return this.floatToInteger(value, from, to);
  }

  /**
   * A float index as i32 (`indexValue`): truncated inside the i32 range, -1 outside it and for
   * NaN (ordered comparisons are false for it), so that bounds checks reject it.
   */
  floatIndex(value: Value, from: Type): Value {
    const b = this.builder;
    const l = this.l;
    const x = isHalf(from) ? this.convert(value, from, f32Type) : value;
    const float = isHalf(from) ? this.types.value(f32Type) : this.types.value(from);
    const i32 = l.Type.getInt32Ty(this.context);
    const inside = b.CreateAnd(
      b.CreateFCmpOGE(x, l.ConstantFP.get(float, -(2 ** 31))),
      b.CreateFCmpOLT(x, l.ConstantFP.get(float, 2 ** 31)),
    );
    const whole = b.CreateFPToSI(b.CreateSelect(inside, x, l.ConstantFP.get(float, 0)), i32);
    return b.CreateSelect(inside, whole, l.ConstantInt.get(i32, -1));
  }

  /** JavaScript's ToInt32-style conversion of a float to an n-bit integer. */
  private floatToInteger(value: Value, from: ScalarType, to: ScalarType): Value {
    if (bits(from) === 32 && bits(to) <= 32) return this.singleToInteger(value, to);
    const result = this.doubleToInteger(
      bits(from) === 64 ? value : this.builder.CreateFPExt(value, this.l.Type.getDoubleTy(this.context)),
    );
    return bits(to) === 64 ? result : this.builder.CreateTrunc(result, this.types.value(to));
  }

  /**
   * An f32 to an integer of at most 32 bits, in f32 only (targets without f64 need it): below
   * 2^62 it converts exactly through i64; an f32 at or above 2^62 is a multiple of 2^39, so the
   * bits a 32-bit result keeps are zero, as are NaN's and the infinities'.
   */
  private singleToInteger(x: Value, to: ScalarType): Value {
    const b = this.builder;
    const l = this.l;
    const float = l.Type.getFloatTy(this.context);
    const i64 = l.Type.getInt64Ty(this.context);
    const small = b.CreateFCmpOLT(this.call('llvm.fabs.f32', float, [x]), l.ConstantFP.get(float, 2 ** 62));
    const truncated = this.call('llvm.trunc.f32', float, [x]);
    const whole = b.CreateFPToSI(b.CreateSelect(small, truncated, l.ConstantFP.get(float, 0)), i64);
    return b.CreateTrunc(b.CreateSelect(small, whole, l.ConstantInt.get(i64, 0)), this.types.value(to));
  }

  /**
   * An f64 to i64 modulo 2^64 (exact, as JavaScript's ToInt32 family needs). Below 2^63 in
   * magnitude the value converts directly (truncating); larger ones are integers whose low 64
   * bits are the significand shifted by the exponent, negated for negative values. NaN and the
   * infinities have the largest exponent, which shifts every bit out: 0, as JavaScript gives.
   */
  private doubleToInteger(x: Value): Value {
    const b = this.builder;
    const l = this.l;
    const double = l.Type.getDoubleTy(this.context);
    const i64 = l.Type.getInt64Ty(this.context);
    const int = (v: number | bigint) => l.ConstantInt.getFromBigInt(i64 as never, BigInt(v));
    const small = b.CreateFCmpOLT(this.call('llvm.fabs.f64', double, [x]), l.ConstantFP.get(double, 2 ** 63));
    const direct = b.CreateFPToSI(b.CreateSelect(small, x, l.ConstantFP.get(double, 0)), i64);
    const bits = b.CreateBitCast(x, i64);
    const exponent = b.CreateAnd(b.CreateLShr(bits, int(52)), int(0x7ff));
    const significand = b.CreateOr(b.CreateAnd(bits, int(2n ** 52n - 1n)), int(2n ** 52n));
    // The value is significand * 2^(exponent - 1075); from 2^63 on that shift is at least 11.
    const shift = b.CreateSub(exponent, int(1075));
    const low = b.CreateSelect(
      b.CreateICmpULT(shift, int(64)),
      b.CreateShl(significand, b.CreateAnd(shift, int(63))),
      int(0),
    );
    const negative = b.CreateICmpSLT(bits, int(0));
    return b.CreateSelect(small, direct, b.CreateSelect(negative, b.CreateNeg(low), low));
  }

  private power: LLVMFunction | undefined;

  /**
   * `i64 gpuc.ipow(i64 base, i64 exponent)`: exponentiation by squaring, wrapping like every
   * 64-bit result; the exponent is unsigned (callers refuse negative i64 exponents first).
   */
  powerHelper(type: LLVMType): LLVMFunction {
    if (this.power) return this.power;
    const l = this.l;
    const fn = l.Function.Create(
      l.FunctionType.get(type, [type, type], false),
      l.Function.LinkageTypes.InternalLinkage,
      'gpuc.ipow',
      this.module,
    );
    const b = new l.IRBuilder(this.context);
    const entry = l.BasicBlock.Create(this.context, 'entry', fn);
    const loop = l.BasicBlock.Create(this.context, 'loop', fn);
    const done = l.BasicBlock.Create(this.context, 'done', fn);
    const [base, exponent] = [fn.getArg(0), fn.getArg(1)];
    const zero = l.ConstantInt.get(type, 0);
    const one = l.ConstantInt.get(type, 1);
    b.SetInsertPoint(entry);
    b.CreateBr(loop);
    b.SetInsertPoint(loop);
    const acc = b.CreatePHI(type, 2);
    const factor = b.CreatePHI(type, 2);
    const rest = b.CreatePHI(type, 2);
    const odd = b.CreateICmpNE(b.CreateAnd(rest, one), zero);
    const nextAcc = b.CreateSelect(odd, b.CreateMul(acc, factor), acc);
    const nextRest = b.CreateLShr(rest, one);
    const nextFactor = b.CreateMul(factor, factor);
    acc.addIncoming(one, entry);
    acc.addIncoming(nextAcc, loop);
    factor.addIncoming(base, entry);
    factor.addIncoming(nextFactor, loop);
    rest.addIncoming(exponent, entry);
    rest.addIncoming(nextRest, loop);
    b.CreateCondBr(b.CreateICmpEQ(nextRest, zero), done, loop);
    b.SetInsertPoint(done);
    b.CreateRet(nextAcc);
    this.power = fn;
    return fn;
  }

  /**
   * A captured typed array, view, record or tuple. Each array is offered to the back-ends
   * first (`captureValue`); otherwise its contents become an internal constant global (DESIGN
   * section 7: portable). Every one is recorded in the module's relocation map.
   */
  captured(name: string, value: unknown, type: Type): Value {
    return this.materialize([name], value, type);
  }

  private materialize(path: readonly string[], value: unknown, type: Type): Value {
    const l = this.l;
    const name = path.join('.');
    switch (type.kind) {
      case 'array': {
        const own = this.compiler.hooks.for(this.job.target.backend).captureValue.call({
          name,
          value,
          type,
          module: this.module,
          types: this.types,
          job: this.job,
        });
        if (own) {
          this.relocations.set(name, { name, portable: own.portable });
          return own.value;
        }
        if (isByReference(value))
          throw new RefusedCapture(
            `'${name}' is captured byReference, which ${this.job.target.name} cannot do (host memory is out of its reach): pass it as an argument`,
          );
        const data = (value instanceof ArrayView ? value.data : value) as ArrayBufferView & {
          length: number;
        };
        const element = this.types.memory(type.element);
        const space = this.types.space(type.space);
        // One global per array, however many times the kernel names it.
        let global = this.capturedArrays.get(JSON.stringify(path));
        if (!global) {
          if (type.space === 'constant') this.countConstant(data.byteLength);
          global = this.job.target.fillsCapturedArrays
            ? this.filledArray(path, data, element, space)
            : this.constantArray(name, data, element, space, type.space === 'constant');
          this.capturedArrays.set(JSON.stringify(path), global);
          this.relocations.set(global.getName(), { name, portable: true });
        }
        const i32 = l.Type.getInt32Ty(this.context);
        const shape = value instanceof ArrayView ? value.shape.map((n) => l.ConstantInt.get(i32, n)) : [];
        return l.ConstantStruct.get(
          this.types.value(type) as never,
          [
            l.ConstantExpr.getBitCast(global, l.PointerType.get(element, space)),
            l.ConstantInt.get(i32, data.length),
            ...shape,
          ] as never,
        );
      }
      case 'record':
        return l.ConstantStruct.get(
          this.types.value(type) as never,
          type.fields.map(
            ([field, t]) =>
              this.materialize([...path, field], (value as Record<string, unknown>)[field], t) as never,
          ),
        );
      case 'tuple':
        return l.ConstantStruct.get(
          this.types.value(type) as never,
          type.elements.map(
            (t, i) => this.materialize([...path, String(i)], (value as unknown[])[i], t) as never,
          ),
        );
      case 'scalar': {
        const raw = value instanceof Number ? value.valueOf() : value;
        if (type.name === 'bool') return l.ConstantInt.get(this.types.value(type), raw ? 1 : 0);
        if (isFloat(type)) return l.ConstantFP.get(this.types.value(type), Number(raw));
        return l.ConstantInt.getFromBigInt(this.types.value(type) as never, BigInt(raw as number | bigint));
      }
      default:
        return l.UndefValue.get(this.types.value(type));
    }
  }

  /** A captured array's contents as an internal constant: new contents, a new compile. */
  private constantArray(
    name: string,
    data: ArrayBufferView & { length: number },
    element: LLVMType,
    space: number,
    constant: boolean,
  ) {
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const contents = this.l.ConstantDataArray.getRaw(bytes, data.length, element);
    return addGlobal(this.module, {
      name: `captured.${name}`,
      type: contents.getType(),
      init: contents,
      constant,
      linkage: 'internal',
      addressSpace: space,
    });
  }

  /**
   * A captured array as a global of its type and length that each launch fills: exported, and
   * set from outside, so that no optimisation assumes its contents.
   */
  private filledArray(
    path: readonly string[],
    data: ArrayBufferView & { length: number },
    element: LLVMType,
    space: number,
  ) {
    const symbol = `${CAPTURED_SYMBOL}${this.captures.length}`;
    const global = addGlobal(this.module, {
      name: symbol,
      type: this.l.ArrayType.get(element, data.length),
      init: 'zero',
      externallyInitialized: true,
      addressSpace: space,
    });
    // Kept visible through internalising, for the launch to find.
    global.setMetadata('gpuc.export', this.l.MDNode.get(this.context, []));
    this.captures.push({ symbol, path, bytes: data.byteLength });
    return global;
  }

  /** Globals made for captured host values: global name -> scope name, and whether portable. */
  readonly relocations = new Map<string, { name: string; portable: boolean }>();

  /** The global made for each captured array, by its path in the scope. */
  private readonly capturedArrays = new Map<string, GlobalVariable>();

  /** Bytes of the arrays captured by value so far, against the target's constant memory. */
  private constantBytes = 0;

  /** Counts a captured array against the target's constant memory; past it, a RefusedCapture. */
  private countConstant(bytes: number): void {
    this.constantBytes += bytes;
    const limit = this.job.target.limits?.constantBytes;
    if (limit !== undefined && this.constantBytes > limit)
      throw new RefusedCapture(
        `${together(bytes, this.constantBytes, "the kernel's captured arrays")}: ${this.job.target.name} holds ${limit} bytes of them in constant memory (pass a larger array as an argument)`,
      );
  }

  /** Bytes of the module's shared arrays so far, against the target's limit. */
  sharedBytes = 0;
  /** The places in the source of the shared arrays counted in `sharedBytes` (each once). */
  readonly sharedSites = new Set<string>();

  /**
   * Bytes of the local arrays of every function of the module so far, against the target's
   * limit: inlining may put them all in one frame, and without recursion no stack holds more.
   */
  localBytes = 0;

  /** The bytes an array of `length` elements of a kernel type takes in memory (exact: a double). */
  arrayBytes(element: Type, length: number): number {
    return Number(this.module.getDataLayout().getTypeAllocSize(this.types.memory(element))) * length;
  }

  /**
   * The debug location of a source span in a function, or null without debug information. Code
   * inlined from another function's source is attributed to the call it came from.
   */
  location(spec: Specialization, subprogram: DISubprogram | undefined, span: Span) {
    if (!this.debug || !subprogram) return null;
    const own = span.source === undefined || span.source === spec.fn.source ? span : span.site;
    if (!own) return null;
    // Each instruction asks, most for a location asked before: one binding call (and wrapper)
    // each line and column, found once per offset (instructions of one expression share one).
    let made = this.locations.get(subprogram);
    if (made === undefined) {
      made = { byOffset: new Map(), byLine: new Map() };
      this.locations.set(subprogram, made);
    }
    let location = made.byOffset.get(own.start);
    if (location === undefined) {
      const { line, column } = spec.fn.source.locate(own.start);
      const key = `${line}:${column}`;
      location = made.byLine.get(key);
      if (location === undefined) {
        location = this.l.DILocation.get(this.context, line, column, subprogram);
        made.byLine.set(key, location);
      }
      made.byOffset.set(own.start, location);
    }
    return location;
  }

  /** The debug locations made so far, by subprogram, then offset, and line and column. */
  private readonly locations = new Map<
    DISubprogram,
    { byOffset: Map<number, DILocation>; byLine: Map<string, DILocation> }
  >();

  /**
   * Gives what the builder makes next a debug location. Consecutive instructions mostly share
   * one, and setting it again is a binding call that changes nothing: only this sets the
   * builder's location (moving it to a block keeps the location).
   */
  setLocation(location: DILocation): void {
    if (location === this.lastLocation) return;
    this.builder.SetCurrentDebugLocation(location);
    this.lastLocation = location;
  }

  private lastLocation: DILocation | undefined;
}

/** An array's bytes, and the total of its kind when others count too, for limit errors. */
function together(bytes: number, total: number, what: string): string {
  return total === bytes
    ? `this array takes ${bytes} bytes`
    : `this array takes ${bytes} bytes, ${what} ${total}`;
}

/** A captured value the target cannot hold: one captured `byReference`, or past its constant memory. */
class RefusedCapture extends Error {}

class FunctionGenerator {
  private readonly values = new Map<Instruction, Value>();
  private readonly blocks = new Map<Block, BasicBlock>();
  /** The LLVM block each IR block ends in (its terminator's block). */
  private readonly ends = new Map<Block, BasicBlock>();
  private readonly phis: [Instruction & { op: 'phi' }, PHINode][] = [];
  private readonly l = llvm();
  private readonly subprogram: DISubprogram | undefined;
  private readonly zeros: NegativeZeros;

  constructor(
    private readonly unit: ModuleGenerator,
    private readonly spec: Specialization,
    private readonly fn: LLVMFunction,
  ) {
    this.subprogram = unit.job.config.debugLevel > 0 ? (fn.getSubprogram() as DISubprogram) : undefined;
    this.zeros = new NegativeZeros(unit.builder, unit.context, flagsNeeded(spec.fn));
  }

  private get b(): IRBuilder {
    return this.unit.builder;
  }

  private fail(message: string, inst: Instruction): never {
    const source = inst.span.source ?? this.spec.fn.source;
    throw source.error(ErrorCode.unsupportedOnTarget, message, inst.span.start, inst.span.end);
  }

  /** The refusal of a wait's float count that is no non-negative integer once optimised. */
  private refusal(name: string, count: Instruction): CompileError {
    const source = count.span.source ?? this.spec.fn.source;
    return source.error(
      ErrorCode.notConstant,
      `${name} takes a float count only where it is a non-negative integer known when the kernel is compiled (Math.floor of a constant); an integer count that is not waits for every group`,
      count.span.start,
      count.span.end,
    );
  }

  /** Where a span is, for device exceptions (inlined code: in its own source). */
  private where(span: Span) {
    return (span.source ?? this.spec.fn.source).locate(span.start);
  }

  generate(): void {
    const { l, unit, spec } = this;
    const context = unit.context;
    // Blocks in reverse postorder: each block's dominators come before it, so every operand
    // but a phi's is generated before its use. The order of the IR's block list is only the
    // order blocks were created in (a loop's increment before its body's inner blocks).
    const order = reversePostorder(spec.fn);
    const reached = new Set(order);
    for (const block of spec.fn.blocks) if (!reached.has(block)) order.push(block);
    for (const block of order) this.blocks.set(block, l.BasicBlock.Create(context, block.label, this.fn));
    spec.fn.params.forEach((param, i) => {
      this.values.set(param, this.fn.getArg(i));
    });
    this.assumeAligned(order[0] as Block);
    for (const block of order) {
      this.b.SetInsertPoint(this.blocks.get(block) as BasicBlock);
      for (const phi of block.phis) {
        this.locate(phi);
        const node = this.b.CreatePHI(unit.types.value(phi.type as Type), phi.args.length);
        this.values.set(phi, node);
        this.phis.push([phi as Instruction & { op: 'phi' }, node]);
        this.zeros.phi(phi as Instruction & { op: 'phi' });
      }
      for (const inst of block.body) {
        this.refuseLacked(inst);
        if (inst.op === 'param') continue;
        this.locate(inst);
        const value = this.instruction(inst);
        if (value) {
          this.values.set(inst, value);
          this.zeros.track(inst, value, (arg) => this.value(arg));
        }
      }
      this.terminator(block);
    }
    for (const [phi, node] of this.phis) {
      phi.args.forEach((arg, i) => {
        node.addIncoming(this.value(arg), this.ends.get(phi.blocks[i] as Block) as BasicBlock);
      });
    }
    this.zeros.finish((block) => this.ends.get(block) as BasicBlock);
  }

  /** A kernel's array arguments start at the target's array alignment (its launches check it). */
  private assumeAligned(first: Block): void {
    const { unit, spec } = this;
    const bytes = unit.job.target.arrayAlignment;
    if (!bytes || !unit.job.config.kernel || spec !== unit.root) return;
    this.b.SetInsertPoint(this.blocks.get(first) as BasicBlock);
    spec.argTypes.forEach((type, i) => {
      assumeArraysAligned(this.b, unit.module, this.fn.getArg(i), type, bytes);
    });
  }

  /** An instruction's value converted to a type: store semantics, and an integer's -0 kept. */
  private converted(inst: Instruction, to: Type): Value {
    const value = this.unit.convert(this.value(inst), this.typeOf(inst), to);
    return isFloat(to) ? this.zeros.toFloat(inst, value) : value;
  }

  /**
   * A value of a type the target lacks (f64 on Metal) is refused at its line: the front end
   * types JavaScript's numbers as f64 wherever nothing says otherwise, and the fix belongs there.
   */
  private refuseLacked(inst: Instruction): void {
    const { lacks, name } = this.unit.job.target;
    const type = inst.type as Type | undefined;
    // A constant or a widening is only as wide as its uses: those that stay f64 are refused
    // themselves (a comparison of a widened f32 with a constant compares in f32 exactly; what is
    // left in f64 after optimisation, validation names).
    if (!lacks.f64 || inst.op === 'const' || inst.op === 'convert' || type === undefined || !holdsF64(type))
      return;
    this.fail(
      `this ${inst.op === 'param' ? 'parameter' : 'value'} is ${show(type)}, and ${name} has no f64 ` +
        '(an integer divided, or a Math function of an integer, computes in f64 as JavaScript does: ' +
        'use f32(...) or f32 arrays)',
      inst,
    );
  }

  private locate(inst: Instruction | { span: Span }): void {
    const location = this.unit.location(this.spec, this.subprogram, inst.span);
    if (location) this.unit.setLocation(location);
  }

  private value(inst: Instruction): Value {
    const value = this.values.get(inst);
    if (value === undefined) {
      if (inst.op === 'undef') return this.l.UndefValue.get(this.unit.types.value(inst.type as Type));
      throw new Error(`gpuc: codegen reached %${inst.id} (${inst.op}) before its definition`);
    }
    return value;
  }

  /** The values of an instruction's operands. */
  private operandValues(inst: Instruction): Value[] {
    return inst.args.map((a) => this.value(a));
  }

  private typeOf(inst: Instruction): Type {
    return inst.type as Type;
  }

  private instruction(inst: Instruction): Value | undefined {
    const { b, l, unit } = this;
    const type = this.typeOf(inst);
    switch (inst.op) {
      case 'const':
        return this.constant(inst.value, type);
      case 'undef':
        return l.UndefValue.get(unit.types.value(type));
      case 'global':
        return this.global(inst);
      case 'unary':
        return this.unary(inst.operator, this.value(inst.args[0] as Instruction), type);
      case 'binary':
        // Float powers are Math.pow as inference dispatched it: a device function of an overlay,
        // or the intrinsic (LLVM's llvm.pow is not selectable everywhere).
        if (inst.operator === '**' && isFloat(type)) {
          const target = inst.target;
          if (target?.kind !== 'function')
            return this.intrinsicCall(inst, 'Math.pow', this.operandValues(inst));
          const params = target.specialization.argTypes;
          const actual = inst.args.map((a, i) => this.converted(a, params[i] as Type));
          return this.b.CreateCall(this.unit.functionFor(target.specialization), actual);
        }
        return this.binary(
          inst,
          this.value(inst.args[0] as Instruction),
          this.value(inst.args[1] as Instruction),
          type,
        );
      case 'compare':
        return (
          this.singleCompare(inst.operator, inst.args[0] as Instruction, inst.args[1] as Instruction) ??
          this.integerSingleCompare(
            inst.operator,
            inst.args[0] as Instruction,
            inst.args[1] as Instruction,
          ) ??
          this.compare(
            inst.operator,
            this.value(inst.args[0] as Instruction),
            this.value(inst.args[1] as Instruction),
            this.typeOf(inst.args[0] as Instruction),
          )
        );
      case 'truthy':
        return this.truthy(this.value(inst.args[0] as Instruction), this.typeOf(inst.args[0] as Instruction));
      case 'convert': {
        const from = inst.args[0] as Instruction;
        if (inst.index && isFloat(this.typeOf(from)))
          return this.unit.floatIndex(this.value(from), this.typeOf(from));
        return this.converted(from, type);
      }
      case 'call':
      case 'callvalue':
        return this.call(inst);
      case 'index':
        return this.load(inst);
      case 'store':
        this.store(inst);
        return undefined;
      case 'length': {
        // A tuple's length is its type's; an array carries its length as field 1.
        const of = this.typeOf(inst.args[0] as Instruction);
        if (of.kind === 'tuple') return l.ConstantInt.get(unit.types.value(type), of.elements.length);
        return b.CreateExtractValue(this.value(inst.args[0] as Instruction), [1]);
      }
      case 'field': {
        const aggregate = this.typeOf(inst.args[0] as Instruction);
        const index =
          aggregate.kind === 'record'
            ? aggregate.fields.findIndex(([n]) => n === inst.name)
            : Number(inst.name);
        return b.CreateExtractValue(this.value(inst.args[0] as Instruction), [index]);
      }
      case 'record':
      case 'tuple': {
        let aggregate: Value = l.UndefValue.get(unit.types.value(type));
        // Each field as its type says (a literal `0.0` may have been made as an integer).
        const fields =
          type.kind === 'record' ? type.fields.map(([, t]) => t) : type.kind === 'tuple' ? type.elements : [];
        inst.args.forEach((arg, i) => {
          const value = this.converted(arg, fields[i] as Type);
          aggregate = b.CreateInsertValue(aggregate, value, [i]);
        });
        return aggregate;
      }
      case 'newarray':
        return this.localArray(inst, type, inst.uninitialized === true);
      case 'print':
        return this.intrinsicCall(inst, 'console.log', this.operandValues(inst));
      case 'phi':
      case 'param':
        return undefined;
    }
  }

  private constant(value: number | bigint | boolean | string, type: Type): Value {
    const l = this.l;
    const llvmType = this.unit.types.value(type);
    // A boolean constant inference gave a number type (`x[0] = true` into a Float32Array) is 0 or 1.
    if (typeof value === 'boolean' && type.kind === 'scalar' && type.name !== 'bool')
      return this.constant(value ? 1 : 0, type);
    if (typeof value === 'boolean') return l.ConstantInt.get(llvmType, value ? 1 : 0);
    // BigInt literals wrap modulo 2^64, as a store into a BigInt64Array would.
    if (typeof value === 'bigint')
      return l.ConstantInt.getFromBigInt(llvmType as never, BigInt.asIntN(64, value));
    if (typeof value === 'string') return l.UndefValue.get(llvmType);
    if (type.kind === 'scalar' && type.name === 'bf16') return l.ConstantInt.get(llvmType, bf16Bits(value));
    if (isFloat(type)) return l.ConstantFP.get(llvmType, value);
    if (type.kind === 'scalar' && is64Int(type))
      return l.ConstantInt.getFromBigInt(llvmType as never, BigInt(value));
    return l.ConstantInt.get(llvmType, value, type.kind === 'scalar' && isSigned(type));
  }

  /** A captured host value: plain data becomes constants (captured arrays are DESIGN section 7's job). */
  private global(inst: Instruction & { op: 'global' }): Value {
    const type = this.typeOf(inst);
    const value = this.unit.job.scope[inst.name];
    if (
      type.kind === 'scalar' &&
      (typeof value === 'number' ||
        typeof value === 'bigint' ||
        typeof value === 'boolean' ||
        value instanceof Number)
    ) {
      const raw = value instanceof Number ? value.valueOf() : value;
      return this.constant(raw as number, type);
    }
    if (type.kind === 'function' || type.kind === 'constructor')
      return this.l.UndefValue.get(this.unit.types.value(type));
    try {
      return this.unit.captured(inst.name, value, type);
    } catch (error) {
      if (error instanceof RefusedCapture) this.fail(error.message, inst);
      throw error;
    }
  }

  private unary(operator: string, value: Value, type: Type): Value {
    const { b, l } = this;
    switch (operator) {
      case '-':
        return isFloat(type) ? b.CreateFNeg(value) : b.CreateNeg(value);
      case '~':
        return b.CreateNot(value);
      case '!':
        return b.CreateXor(value, l.ConstantInt.getTrue(this.unit.context));
      default:
        return value;
    }
  }

  private binary(inst: Instruction & { op: 'binary' }, x: Value, y: Value, type: Type): Value {
    const { b, l, unit } = this;
    const operator = inst.operator;
    const float = isFloat(type);
    const signed = type.kind === 'scalar' && isSigned(type);
    const llvmType = unit.types.value(type);
    switch (operator) {
      case '+':
        return float ? this.fusable(b.CreateFAdd(x, y), type) : b.CreateAdd(x, y);
      case '-':
        return float ? this.fusable(b.CreateFSub(x, y), type) : b.CreateSub(x, y);
      case '*':
        return float ? this.fusable(b.CreateFMul(x, y), type) : b.CreateMul(x, y);
      case '/':
        if (float) return b.CreateFDiv(x, y);
        this.bigDivisor(inst, y, type);
        return this.guardedDivision(x, y, llvmType, signed, 'div');
      case '%':
        if (float) return b.CreateFRem(x, y);
        this.bigDivisor(inst, y, type);
        return this.guardedDivision(x, y, llvmType, signed, 'rem');
      case '**':
        // Only BigInts reach here (number powers are f64); JavaScript refuses negative exponents.
        if (signed)
          this.require(
            b.CreateICmpSGE(y, l.Constant.getNullValue(llvmType)),
            'RangeError: Exponent must be non-negative',
            inst,
          );
        return this.b.CreateCall(this.unit.powerHelper(llvmType), [x, y]);
      case '&':
        return b.CreateAnd(x, y);
      case '|':
        return b.CreateOr(x, y);
      case '^':
        return b.CreateXor(x, y);
      case '<<':
      case '>>':
        if (isBig(type)) {
          const count = inst.args[1]?.type as Type;
          return this.bigShift(operator, x, y, signed, count.kind === 'scalar' && isSigned(count));
        }
        return operator === '<<'
          ? b.CreateShl(x, this.shiftCount(y, llvmType, type))
          : b.CreateAShr(x, this.shiftCount(y, llvmType, type));
      case '>>>':
        return b.CreateLShr(x, this.shiftCount(y, llvmType, type));
      default:
        throw new Error(`gpuc: no code for '${operator}'`);
    }
  }

  /**
   * A float sum, difference or product, which fuses into no multiply-add: each rounds once, so
   * f32 code with Math.fround at each step is JavaScript's arithmetic exactly. The `fastMath`
   * param trades that for speed: f32 products and sums may then fuse.
   */
  private fusable(value: Value, type: Type): Value {
    if (type === f32Type && this.unit.job.params.fastMath === true) value.setAllowContract(true);
    return value;
  }

  /** A shift count as JavaScript takes it: modulo the width of `type`. */
  private shiftCount(count: Value, llvmType: LLVMType, type: Type): Value {
    return this.b.CreateAnd(count, this.l.ConstantInt.get(llvmType, bits(type as ScalarType) - 1));
  }

  /**
   * Integer division and remainder with JavaScript's answers where the hardware has none:
   * dividing by zero gives 0 (JavaScript: NaN, which a store to an integer array makes 0), and
   * INT_MIN / -1 wraps.
   */
  private guardedDivision(x: Value, y: Value, type: LLVMType, signed: boolean, kind: 'div' | 'rem'): Value {
    const { b, l } = this;
    const zero = l.ConstantInt.get(type, 0);
    const isZero = b.CreateICmpEQ(y, zero);
    const one = l.ConstantInt.get(type, 1);
    const safe = b.CreateSelect(isZero, one, y);
    let divisor = safe;
    if (signed) {
      // -1 divides everything; taking 1 and negating avoids INT_MIN / -1 overflowing.
      const minusOne = b.CreateICmpEQ(safe, l.Constant.getAllOnesValue(type));
      divisor = b.CreateSelect(minusOne, one, safe);
      const result = kind === 'div' ? b.CreateSDiv(x, divisor) : b.CreateSRem(x, divisor);
      const adjusted = b.CreateSelect(minusOne, kind === 'div' ? b.CreateNeg(x) : zero, result);
      return b.CreateSelect(isZero, zero, adjusted);
    }
    const result = kind === 'div' ? b.CreateUDiv(x, divisor) : b.CreateURem(x, divisor);
    return b.CreateSelect(isZero, zero, result);
  }

  /** A BigInt divided by zero: a device exception at the operation, as JavaScript throws. */
  private bigDivisor(inst: Instruction, divisor: Value, type: Type): void {
    if (!isBig(type)) return;
    const zero = this.l.Constant.getNullValue(divisor.getType());
    this.require(this.b.CreateICmpNE(divisor, zero), 'RangeError: Division by zero', inst);
  }

  /**
   * A BigInt shift as JavaScript computes it, modulo 2^64: `<<` by 64 or more gives 0, `>>` by
   * 64 or more the sign (0 for u64, whose `>>` is logical), and a negative count shifts the
   * other way (an i64 count's; a u64 count is never negative, whatever the value's type). Counts
   * are masked inside each shift so that none is poison.
   */
  private bigShift(
    operator: '<<' | '>>',
    x: Value,
    count: Value,
    signed: boolean,
    countSigned: boolean,
  ): Value {
    const { b, l } = this;
    const type = x.getType();
    const constant = (n: number) => l.ConstantInt.get(type, n);
    const inRange = (c: Value) => b.CreateICmpULT(c, constant(64));
    const masked = (c: Value) => b.CreateAnd(c, constant(63));
    const left = (c: Value) => b.CreateSelect(inRange(c), b.CreateShl(x, masked(c)), constant(0));
    const right = (c: Value) =>
      signed
        ? b.CreateAShr(x, b.CreateSelect(inRange(c), c, constant(63)))
        : b.CreateSelect(inRange(c), b.CreateLShr(x, masked(c)), constant(0));
    if (!countSigned) return operator === '<<' ? left(count) : right(count);
    // -count of the most negative count stays negative, which as unsigned is out of range too.
    const negative = b.CreateICmpSLT(count, constant(0));
    const opposite = b.CreateNeg(count);
    return operator === '<<'
      ? b.CreateSelect(negative, right(opposite), left(count))
      : b.CreateSelect(negative, left(opposite), right(count));
  }

  /**
   * An f32 widened to f64 and compared with a number constant (`f64(x) < 0.1`): as an f32
   * comparison (`singleComparison`), cheaper everywhere. Inference makes a plain `x < 0.1` one
   * already. Undefined when the operands are not of that shape.
   */
  private singleCompare(operator: CompareOperator, left: Instruction, right: Instruction): Value | undefined {
    let single = widenedSingle(left);
    let c = numberConstant(right);
    let op = operator;
    if (single === undefined || c === undefined) {
      single = widenedSingle(right);
      c = numberConstant(left);
      op = flippedComparison(operator);
    }
    if (single === undefined || c === undefined) return undefined;
    const x = this.value(single);
    const comparison = singleComparison(op, c);
    if (typeof comparison === 'boolean')
      return comparison
        ? this.l.ConstantInt.getTrue(this.unit.context)
        : this.l.ConstantInt.getFalse(this.unit.context);
    return this.compare(
      comparison.operator,
      x,
      this.l.ConstantFP.get(x.getType(), comparison.constant),
      f32Type,
    );
  }

  /**
   * An i32 or u32 compared with an f32: JavaScript compares exactly, where rounding the integer
   * to f32 (as the promotion does) can make 2147483647 equal 2147483648. Rounding is monotonic,
   * so the rounded comparison is right unless it ties; then the f32 is an integer of at most 2^32
   * and the two compare exactly as i64. Undefined when the operands are not of that shape.
   */
  private integerSingleCompare(operator: string, left: Instruction, right: Instruction): Value | undefined {
    const integer = roundedInteger(left) ?? roundedInteger(right);
    if (integer === undefined) return undefined;
    const { b, l, unit } = this;
    const i64 = l.Type.getInt64Ty(unit.context);
    const [x, y] = [this.value(left), this.value(right)];
    const single = integer === roundedInteger(left) ? y : x;
    const tie = b.CreateFCmpOEQ(x, y);
    const whole = b.CreateFPToSI(b.CreateSelect(tie, single, l.ConstantFP.get(single.getType(), 0)), i64);
    const exact = isSigned(this.typeOf(integer) as ScalarType)
      ? b.CreateSExt(this.value(integer), i64)
      : b.CreateZExt(this.value(integer), i64);
    const [p, q] = integer === roundedInteger(left) ? [exact, whole] : [whole, exact];
    return b.CreateSelect(tie, this.compare(operator, p, q, i64Type), this.compare(operator, x, y, f32Type));
  }

  private compare(operator: string, x: Value, y: Value, operandType: Type): Value {
    const b = this.b;
    if (isFloat(operandType)) {
      switch (operator) {
        case '==':
          return b.CreateFCmpOEQ(x, y);
        case '!=':
          return b.CreateFCmpUNE(x, y);
        case '<':
          return b.CreateFCmpOLT(x, y);
        case '<=':
          return b.CreateFCmpOLE(x, y);
        case '>':
          return b.CreateFCmpOGT(x, y);
        default:
          return b.CreateFCmpOGE(x, y);
      }
    }
    const signed = operandType.kind === 'scalar' && operandType.name !== 'bool' && isSigned(operandType);
    switch (operator) {
      case '==':
        return b.CreateICmpEQ(x, y);
      case '!=':
        return b.CreateICmpNE(x, y);
      case '<':
        return signed ? b.CreateICmpSLT(x, y) : b.CreateICmpULT(x, y);
      case '<=':
        return signed ? b.CreateICmpSLE(x, y) : b.CreateICmpULE(x, y);
      case '>':
        return signed ? b.CreateICmpSGT(x, y) : b.CreateICmpUGT(x, y);
      default:
        return signed ? b.CreateICmpSGE(x, y) : b.CreateICmpUGE(x, y);
    }
  }

  /** JavaScript truthiness: a number is true when it is neither zero nor NaN. */
  private truthy(value: Value, type: Type): Value {
    const { b, l, unit } = this;
    if (type.kind === 'scalar' && type.name === 'bool') return value;
    const llvmType = unit.types.value(type);
    return isFloat(type)
      ? b.CreateFCmpONE(value, l.ConstantFP.get(llvmType, 0))
      : b.CreateICmpNE(value, l.ConstantInt.get(llvmType, 0));
  }

  private elementPointer(array: Value, index: Value, arrayType: Type, indexType: Type): Value {
    const { b, l, unit } = this;
    if (arrayType.kind !== 'array') throw new Error('gpuc: indexing a non-array');
    const data = b.CreateExtractValue(array, [0]);
    const i64 = l.Type.getInt64Ty(unit.context);
    const offset =
      indexType.kind === 'scalar' && isSigned(indexType)
        ? b.CreateSExtOrTrunc(index, i64)
        : b.CreateZExtOrTrunc(index, i64);
    return b.CreateInBoundsGEP(unit.types.memory(arrayType.element), data, [offset]);
  }

  private load(inst: Instruction): Value {
    const { b, unit } = this;
    const [array, index] = inst.args as [Instruction, Instruction];
    const arrayType = this.typeOf(array);
    if (arrayType.kind === 'tuple') {
      if (index.op === 'const') return b.CreateExtractValue(this.value(array), [Number(index.value)]);
      return this.selectElement(inst, arrayType);
    }
    this.checkIndex(inst, this.value(array), [this.value(index)], [this.typeOf(index)], [1]);
    const pointer = this.elementPointer(this.value(array), this.value(index), arrayType, this.typeOf(index));
    const element = (arrayType as Extract<Type, { kind: 'array' }>).element;
    const loaded = b.CreateLoad(unit.types.memory(element), pointer);
    if (element.name === 'bool') return b.CreateTrunc(loaded, unit.types.value(element));
    return unit.convert(loaded, element, loadedType(element));
  }

  /**
   * A tuple's element at a variable index: a chain of selects over the elements converted to
   * the merged type. An index outside the tuple reads what JavaScript's `undefined` becomes in
   * a typed array of that type: NaN for floats, 0 for integers, false for booleans.
   */
  private selectElement(inst: Instruction, tuple: Extract<Type, { kind: 'tuple' }>): Value {
    const { b, l, unit } = this;
    const [array, index] = inst.args as [Instruction, Instruction];
    const type = this.typeOf(inst);
    const aggregate = this.value(array);
    const position = this.value(index);
    const indexType = unit.types.value(this.typeOf(index));
    let result: Value = isFloat(type)
      ? l.ConstantFP.get(unit.types.value(type), Number.NaN)
      : l.ConstantInt.get(unit.types.value(type), 0);
    tuple.elements.forEach((element, i) => {
      const value = unit.convert(b.CreateExtractValue(aggregate, [i]), element, type);
      result = b.CreateSelect(b.CreateICmpEQ(position, l.ConstantInt.get(indexType, i)), value, result);
    });
    return result;
  }

  private store(inst: Instruction): void {
    const { b, unit } = this;
    const [array, index, value] = inst.args as [Instruction, Instruction, Instruction];
    const arrayType = this.typeOf(array) as Extract<Type, { kind: 'array' }>;
    this.checkIndex(inst, this.value(array), [this.value(index)], [this.typeOf(index)], [1]);
    const pointer = this.elementPointer(this.value(array), this.value(index), arrayType, this.typeOf(index));
    const stored =
      arrayType.element.name === 'bool'
        ? b.CreateZExt(this.value(value), unit.types.memory(arrayType.element))
        : this.value(value);
    b.CreateStore(stored, pointer);
  }

  /**
   * With `boundsCheck`: each index (of its type) below the array value's field `fields[k]` (the
   * length, or a view's extent), else a device exception at the access's line.
   */
  private checkIndex(
    inst: Instruction,
    array: Value,
    indices: readonly Value[],
    indexTypes: readonly Type[],
    fields: readonly number[],
  ): void {
    if (!this.unit.job.config.boundsCheck) return;
    const { b, l, unit } = this;
    const i64 = l.Type.getInt64Ty(unit.context);
    let inside: Value | undefined;
    indices.forEach((index, k) => {
      const type = indexTypes[k] as Type;
      // Negative indices become huge unsigned ones: one comparison covers both ends.
      const wide =
        type.kind === 'scalar' && isSigned(type)
          ? b.CreateSExtOrTrunc(index, i64)
          : b.CreateZExtOrTrunc(index, i64);
      const bound = b.CreateZExt(b.CreateExtractValue(array, [fields[k] as number]), i64);
      const ok = b.CreateICmpULT(wide, bound);
      inside = inside ? b.CreateAnd(inside, ok) : ok;
    });
    this.require(inside as Value, 'index out of range', inst);
  }

  /** Argument `k` of an intrinsic call as an i64 index (sign-extended where its type is signed). */
  private wideIndex(args: readonly Value[], operands: readonly Instruction[], k: number): Value {
    const { b, l } = this;
    const i64 = l.Type.getInt64Ty(this.unit.context);
    const type = operands[k]?.type as Type;
    return type.kind === 'scalar' && isSigned(type)
      ? b.CreateSExtOrTrunc(args[k] as Value, i64)
      : b.CreateZExtOrTrunc(args[k] as Value, i64);
  }

  /**
   * With `boundsCheck`: the four corners of a matrix operation's tile (`array, offset, ld`; 16x16,
   * or `rows` x `columns`), in 64 bits, inside the array; every other element lies between them.
   */
  private checkTile(
    inst: Instruction,
    args: readonly Value[],
    operands: readonly Instruction[],
    rows = TILE,
    columns = TILE,
  ): void {
    if (!this.unit.job.config.boundsCheck) return;
    const { b, l } = this;
    const i64 = l.Type.getInt64Ty(this.unit.context);
    const [offset, ld] = [this.wideIndex(args, operands, 1), this.wideIndex(args, operands, 2)];
    const last = (n: Value) => b.CreateAdd(n, l.ConstantInt.get(i64, columns - 1));
    const lastRow = b.CreateAdd(offset, b.CreateMul(ld, l.ConstantInt.get(i64, rows - 1)));
    const corners = [offset, last(offset), lastRow, last(lastRow)];
    this.checkIndex(
      inst,
      args[0] as Value,
      corners,
      corners.map(() => i64Type),
      [1, 1, 1, 1],
    );
  }

  /**
   * With `boundsCheck`: a warpgroup product's A tile (1024 elements from its offset, or a
   * swizzled one's atoms) and B tile (16 N) inside their shared arrays, and a warpgroup store's
   * 64 x N tile inside its array.
   */
  private checkWarpgroup(
    inst: Instruction,
    name: string,
    args: readonly Value[],
    operands: readonly Instruction[],
  ): void {
    if (!this.unit.job.config.boundsCheck) return;
    if (name === 'gpu.matrixWarpgroupStore') {
      const columns = ((operands[3] as Instruction).type as FragmentType).columns as number;
      this.checkTile(inst, args, operands, WARPGROUP_ROWS, columns);
      return;
    }
    const { b, l } = this;
    const i64 = l.Type.getInt64Ty(this.unit.context);
    const columns = ((operands[4] as Instruction).type as FragmentType).columns as number;
    // A swizzled product reads the rows (of bytes / 2 elements) its tiles' elements are in.
    const bytes = operands[5] ? Number(literalValue(operands[5])) : 0;
    const row = l.ConstantInt.get(i64, Math.max(1, bytes >> 1) - 1);
    for (const [at, count] of [
      [
        0,
        bytes
          ? swizzledAIndex(bytes, WARPGROUP_ROWS - 1, WARPGROUP_DEPTH - 1) + 1
          : WARPGROUP_ROWS * WARPGROUP_DEPTH,
      ],
      [2, WARPGROUP_DEPTH * columns],
    ] as const) {
      const offset = this.wideIndex(args, operands, at + 1);
      const end = b.CreateAdd(offset, l.ConstantInt.get(i64, count - 1));
      const [first, last] = bytes
        ? [b.CreateAnd(offset, b.CreateNot(row)), b.CreateOr(end, row)]
        : [offset, end];
      this.checkIndex(inst, args[at] as Value, [first, last], [i64Type, i64Type], [1, 1]);
    }
  }

  /**
   * With `boundsCheck`: both ends of a `gpu.copyAsync`'s 16 bytes inside their arrays, and both
   * offsets multiples of the elements it copies (the alignment its hardware copy needs).
   */
  private checkCopy(inst: Instruction, args: readonly Value[], operands: readonly Instruction[]): void {
    if (!this.unit.job.config.boundsCheck) return;
    const { b, l } = this;
    const i64 = l.Type.getInt64Ty(this.unit.context);
    const count = copyElements(operands[0]?.type as ArrayType);
    let aligned: Value | undefined;
    for (const at of [0, 2]) {
      const type = operands[at + 1]?.type as Type;
      const offset =
        type.kind === 'scalar' && isSigned(type)
          ? b.CreateSExtOrTrunc(args[at + 1] as Value, i64)
          : b.CreateZExtOrTrunc(args[at + 1] as Value, i64);
      const last = b.CreateAdd(offset, l.ConstantInt.get(i64, count - 1));
      this.checkIndex(inst, args[at] as Value, [offset, last], [i64Type, i64Type], [1, 1]);
      const ok = b.CreateICmpEQ(
        b.CreateAnd(offset, l.ConstantInt.get(i64, count - 1)),
        l.ConstantInt.get(i64, 0),
      );
      aligned = aligned ? b.CreateAnd(aligned, ok) : ok;
    }
    this.require(aligned as Value, `gpu.copyAsync needs offsets that are multiples of ${count}`, inst);
  }

  /** Code after this runs where `ok` holds; elsewhere a device exception at the instruction's line. */
  private require(ok: Value, message: string, inst: Instruction): void {
    const { b, l, unit } = this;
    const fail = l.BasicBlock.Create(unit.context, 'check.fail', this.fn);
    const pass = l.BasicBlock.Create(unit.context, 'check.ok', this.fn);
    b.CreateCondBr(ok, pass, fail);
    b.SetInsertPoint(fail);
    const { line, column, file } = this.where(inst.span);
    unit.runtime.emitThrow(
      b,
      unit.module,
      { message, function: this.spec.fn.name, file, line, column },
      unit.types.space('global'),
    );
    this.returnDefault();
    b.SetInsertPoint(pass);
  }

  /**
   * A fixed-size local array: stack memory in the entry block, as `{ pointer, length }`. The
   * kernel's local arrays together stay within the target's limit (a thread's stack or local
   * memory), else a compile error at the array that crosses it.
   */
  private localArray(inst: Instruction, type: Type, uninitialized: boolean): Value {
    const { b, l, unit } = this;
    const array = type as Extract<Type, { kind: 'array' }>;
    const bytes = unit.arrayBytes(array.element, array.length as number);
    unit.localBytes += bytes;
    const limit = unit.job.target.limits?.localBytes;
    if (limit !== undefined && unit.localBytes > limit)
      this.fail(
        `${together(bytes, unit.localBytes, "the kernel's local arrays (its device functions' too)")}: ${unit.job.target.name} gives a kernel's local arrays ${limit} bytes (pass a larger array as an argument)`,
        inst,
      );
    const memory = l.ArrayType.get(unit.types.memory(array.element), array.length as number);
    const storage = entryAlloca(b, memory);
    // Like a new typed array, it starts zeroed, each time its expression runs: one memset, not
    // a store of a zero aggregate (which LLVM expands element by element, in time and code).
    if (!uninitialized) {
      const space = storage.getType().getPointerAddressSpace();
      const i64 = l.Type.getInt64Ty(unit.context);
      unit.call(`llvm.memset.p${space}.i64`, l.Type.getVoidTy(unit.context), [
        b.CreatePointerCast(storage, l.PointerType.get(l.Type.getInt8Ty(unit.context), space)),
        l.ConstantInt.get(l.Type.getInt8Ty(unit.context), 0),
        l.ConstantInt.get(i64, bytes),
        l.ConstantInt.getFalse(unit.context),
      ]);
    }
    const element = b.CreatePointerCast(
      storage,
      l.PointerType.get(unit.types.memory(array.element), unit.types.space('local')),
    );
    let value: Value = l.UndefValue.get(unit.types.value(type));
    value = b.CreateInsertValue(value, element, [0]);
    return b.CreateInsertValue(
      value,
      l.ConstantInt.get(l.Type.getInt32Ty(unit.context), array.length as number),
      [1],
    );
  }

  /** `view.get(i, j)` and `view.set(i, j, value)`: row-major offsets from the view's extents. */
  private viewAccess(inst: Instruction & { op: 'call' }, args: Value[]): Value | undefined {
    const { b, l, unit } = this;
    const view = inst.args[0] as Instruction;
    const viewType = this.typeOf(view) as Extract<Type, { kind: 'array' }>;
    const i64 = l.Type.getInt64Ty(unit.context);
    const wide = (value: Value, type: Type) =>
      type.kind === 'scalar' && isSigned(type)
        ? b.CreateSExtOrTrunc(value, i64)
        : b.CreateZExtOrTrunc(value, i64);
    const indices = Array.from({ length: viewType.rank }, (_, d) => inst.args[1 + d] as Instruction);
    this.checkIndex(
      inst,
      args[0] as Value,
      indices.map((_, d) => args[1 + d] as Value),
      indices.map((index) => this.typeOf(index)),
      indices.map((_, d) => 2 + d),
    );
    let offset: Value = l.ConstantInt.get(i64, 0);
    for (let d = 0; d < viewType.rank; d++) {
      const extent = b.CreateZExt(b.CreateExtractValue(args[0] as Value, [2 + d]), i64);
      const index = wide(args[1 + d] as Value, this.typeOf(inst.args[1 + d] as Instruction));
      offset = b.CreateAdd(b.CreateMul(offset, extent), index);
    }
    const element = unit.types.memory(viewType.element);
    const pointer = b.CreateInBoundsGEP(element, b.CreateExtractValue(args[0] as Value, [0]), [offset]);
    if (inst.name === '.get') {
      const loaded = b.CreateLoad(element, pointer);
      return viewType.element.name === 'bool'
        ? b.CreateTrunc(loaded, unit.types.value(viewType.element))
        : unit.convert(loaded, viewType.element, loadedType(viewType.element));
    }
    const valueInst = inst.args[inst.args.length - 1] as Instruction;
    const value = this.converted(valueInst, viewType.element);
    b.CreateStore(viewType.element.name === 'bool' ? b.CreateZExt(value, element) : value, pointer);
    return undefined;
  }

  private call(inst: Instruction): Value | undefined {
    const target = inst.target;
    const args = inst.args.map((a) => this.value(a));
    const actual = inst.op === 'callvalue' ? args.slice(1) : args;
    if (target?.kind === 'function') {
      const callee = this.unit.functionFor(target.specialization);
      const call = this.b.CreateCall(callee, actual);
      return target.specialization.returnType.kind === 'void' ? undefined : call;
    }
    if (target?.kind === 'intrinsic') return this.intrinsicCall(inst, target.name, actual);
    if (inst.op === 'call' && (inst.name === '.get' || inst.name === '.set'))
      return this.viewAccess(inst, args);
    throw new Error(`gpuc: call %${inst.id} was not resolved by inference`);
  }

  /**
   * A shared array's bytes count toward the kernel's static shared memory, which stays within
   * the target's limit, else a compile error at the array that crosses it.
   */
  private countShared(inst: Instruction): void {
    const { unit } = this;
    // A function compiled for several argument types has one array at each place.
    const site = this.site(inst);
    if (unit.sharedSites.has(site)) return;
    unit.sharedSites.add(site);
    const array = inst.type as Extract<Type, { kind: 'array' }>;
    const bytes = unit.arrayBytes(array.element, array.length as number);
    unit.sharedBytes += bytes;
    const limit = unit.job.target.limits?.sharedBytes;
    if (limit !== undefined && unit.sharedBytes > limit)
      this.fail(
        `${together(bytes, unit.sharedBytes, "the kernel's shared arrays")}: a block has ${limit} bytes of static shared memory on ${unit.job.target.name}`,
        inst,
      );
  }

  /** An instruction's place in the source, the same in every specialisation of its function. */
  private site(inst: Instruction): string {
    return this.spec.fn.source.site(inst.span.start, inst.span.end);
  }

  private intrinsicCall(inst: Instruction, name: string, args: Value[]): Value | undefined {
    const generator = this.unit.generator(name);
    if (!generator) this.fail(`${name} has no implementation on ${this.unit.job.target.name}`, inst);
    const unit = this.unit;
    const operands = inst.op === 'callvalue' ? inst.args.slice(1) : inst.args;
    if (ATOMIC_INTRINSICS.has(name))
      this.checkIndex(inst, args[0] as Value, [args[1] as Value], [operands[1]?.type as Type], [1]);
    if (TILE_INTRINSICS.has(name)) this.checkTile(inst, args, operands);
    if (name.startsWith('gpu.matrixWarpgroupMultiplyAdd') || name === 'gpu.matrixWarpgroupStore')
      this.checkWarpgroup(inst, name, args, operands);
    if (name === 'gpu.copyAsync') this.checkCopy(inst, args, operands);
    if (name === 'gpu.sharedArray') this.countShared(inst);
    // Conversions of the arguments keep an integer's -0 (Math.atan2(0, -x)).
    const sources = new Map(operands.map((arg) => [this.values.get(arg), arg]));
    const cx: IntrinsicContext = {
      builder: unit.builder,
      module: unit.module,
      types: unit.types,
      job: unit.job,
      argTypes: operands.map((a) => a.type as Type),
      resultType: inst.type as Type,
      inst,
      site: this.site(inst),
      where: () => ({ ...this.where(inst.span), function: this.spec.fn.name }),
      convert: (value, from, to) => {
        const converted = unit.convert(value, from, to);
        const source = sources.get(value);
        return source && isFloat(to) ? this.zeros.toFloat(source, converted) : converted;
      },
      call: (symbol, result, args) => unit.call(symbol, result, args),
      require: (ok, message) => this.require(ok, message, inst),
      fail: (message) => this.fail(message, inst),
    };
    // A float count of a wait reaches every target's lowering as an i32, checked once optimised.
    const count = operands[0];
    if (WAITS.has(name) && count)
      args[0] = waitCount(cx, args[0] as Value, count.type as Type, () => this.refusal(name, count));
    return generator(cx, args);
  }

  private terminator(block: Block): void {
    const { b, unit } = this;
    // Intrinsic generators may have split the block; the terminator goes where they left off.
    this.ends.set(block, b.GetInsertBlock() as BasicBlock);
    const t = block.terminator;
    if (!t) return;
    this.locate(t);
    switch (t.kind) {
      case 'jump': {
        const branch = b.CreateBr(this.blocks.get(t.target) as BasicBlock);
        if (t.unroll !== undefined) attachUnrollHint(unit.module.getContext(), branch, t.unroll);
        return;
      }
      case 'branch': {
        const branch = b.CreateCondBr(
          this.value(t.condition),
          this.blocks.get(t.ifTrue) as BasicBlock,
          this.blocks.get(t.ifFalse) as BasicBlock,
        );
        if (t.unroll !== undefined) attachUnrollHint(unit.module.getContext(), branch, t.unroll);
        return;
      }
      case 'return':
        if (t.value === undefined || unit.returnsNothing(this.spec)) b.CreateRetVoid();
        else b.CreateRet(this.value(t.value));
        return;
      case 'throw': {
        const { line, column, file } = this.where(t.span);
        unit.runtime.emitThrow(
          unit.builder,
          unit.module,
          { message: t.message, function: this.spec.fn.name, file, line, column },
          unit.types.space('global'),
        );
        this.returnDefault();
        return;
      }
      case 'unreachable':
        b.CreateUnreachable();
        return;
    }
  }

  /** After a device exception the function returns (a zero value) so the thread can finish. */
  private returnDefault(): void {
    const { b, l, unit } = this;
    if (unit.returnsNothing(this.spec)) b.CreateRetVoid();
    else b.CreateRet(l.Constant.getNullValue(unit.types.value(this.spec.returnType)));
  }
}

function is64Int(type: ScalarType): boolean {
  return type.name === 'i64' || type.name === 'u64';
}

/** The f32 an f64 conversion widens (`f64(x)` of an f32 `x`), or undefined for other values. */
function widenedSingle(inst: Instruction): Instruction | undefined {
  const arg = inst.args[0];
  return inst.op === 'convert' && inst.type === f64Type && arg?.type === f32Type ? arg : undefined;
}

/** The 32-bit integer an f32 conversion rounds (`f32(i)`), or undefined for other values. */
function roundedInteger(inst: Instruction): Instruction | undefined {
  const from = inst.op === 'convert' ? (inst.args[0] as Instruction) : undefined;
  const type = from?.type;
  return inst.type === f32Type && type?.kind === 'scalar' && isInteger(type) && bits(type) === 32
    ? from
    : undefined;
}

/** The value of a number constant, or undefined for other values. */
function numberConstant(inst: Instruction): number | undefined {
  return inst.op === 'const' && typeof inst.value === 'number' ? inst.value : undefined;
}
