/**
 * Typed IR to WGSL: a kernel and the device functions it calls as one WGSL module. Control flow
 * is rebuilt as structured statements (structured.ts). Every SSA value and phi is a
 * function-scope `var`, assigned where it is computed and on the edges into a phi's block, since
 * a merge block's code sits outside the construct that computed what it uses.
 *
 * Where WGSL and JavaScript differ, the WGSL written computes what JavaScript does (words.ts,
 * zeros.ts), or the construct is refused with an `unsupported-on-target` error at its line.
 */
import {
  type CompileError,
  ErrorCode,
  type IRBlock,
  type IRInstruction,
  type KernelType,
  type Span,
  type Specialization,
  serialNumbers,
} from '@gpuc/core/compiler';
import type { HalfRoute, ParameterSlot, WarpRoute, WGSLKernel, WordType } from '../webgpu/layout.js';
import { binary, unary } from './arithmetic.js';
import { isAtomic } from './atomics.js';
import { compare, singleOf } from './compare.js';
import type { ArrayName, ModuleParts, WriterContext } from './context.js';
import { type Half, halfBits, halfElement, halfElementBits, halfOf, halfRead } from './half.js';
import { intrinsic } from './intrinsics.js';
import { convertedMerges } from './merges.js';
import { moduleText } from './module.js';
import { isIntegerQuotient, quotientTo } from './quotient.js';
import { StructuredCode } from './structured.js';
import { isIntegerSum, sumTo } from './sums.js';
import { element, throwAt } from './throws.js';
import { isUniformRead, uniformityHint } from './uniform.js';
import {
  isNumberOfInteger,
  numberTo,
  type Wide,
  wideInstruction,
  wideLiteral,
  widen,
  wideOf,
} from './wide.js';
import { atomicOf, constantOf, convertWord, jsConvert, literal, truthy } from './words.js';
import { negativeZero, tracked } from './zeros.js';

/** A device function to write: its WGSL name and the arrays its array parameters stand for. */
interface DeviceFunction {
  readonly name: string;
  readonly arrays: readonly (ArrayName | undefined)[];
}

/** How to write a module. */
export interface WriteOptions {
  /** Host values the kernel reads by name. */
  readonly scope?: Readonly<Record<string, unknown>>;
  /** Check each array index: one out of range is a device exception at its line. */
  readonly boundsCheck?: boolean;
  /** How warp operations are written (default `workgroup`, which every adapter runs). */
  readonly warps?: WarpRoute;
  /** How f16 arrays are held (default `words`, which every adapter runs). */
  readonly halves?: HalfRoute;
}

/** Writes one specialization as a WGSL compute shader for a block size. */
export function writeWGSL(
  specialization: Specialization,
  block: readonly [number, number, number],
  { scope = {}, boundsCheck = false, warps = 'workgroup', halves = 'words' }: WriteOptions = {},
): WGSLKernel {
  const parts: ModuleParts = {
    boundsCheck,
    warps,
    usesWarps: false,
    halves,
    usesF16: false,
    entry: [],
    workgroupBytes: 0,
    origins: [],
    sites: [],
    throwing: new Set(),
    scope,
    helpers: new Set(),
    moduleVars: [],
    shared: new Map(),
    functions: [],
    written: new Map(),
    calling: [],
    productFence: false,
  };
  const kernel = new Writer(specialization, block, parts).kernel();
  origins.set(kernel, parts.origins);
  return kernel;
}

const origins = new WeakMap<WGSLKernel, ModuleParts['origins']>();

/** The WGSL type of an array's elements: a word (atomic where atomics touch it), two, or an f16. */
function held(array: ArrayName): string {
  if (array.wide) return 'vec2u';
  if (array.f16) return 'f16';
  return array.atomic ? atomicOf(array.element) : array.element;
}

/**
 * The kernel code a line of a kernel's WGSL comes from, as a CompileError with `what` at it
 * (the shader compiler's own rejections, such as a barrier under divergent control flow);
 * undefined for a line that names none. `cause` is the WGSL line of the value the compiler
 * traced a non-uniform branch to, where it names one.
 */
export function errorAtLine(
  kernel: WGSLKernel,
  line: number,
  what: string,
  cause?: number,
): CompileError | undefined {
  const lines = kernel.code.split('\n');
  const originOf = (at: number) => {
    const index = /\/\/ @(\d+)$/.exec(lines[at - 1] ?? '')?.[1];
    return index === undefined ? undefined : origins.get(kernel)?.[Number(index)];
  };
  const origin = originOf(line);
  if (!origin) return undefined;
  const read = cause === undefined ? undefined : originOf(cause);
  const hint =
    cause !== undefined && read
      ? uniformityHint(what, lines[cause - 1] ?? '', read.source.locate(read.span.start))
      : what;
  return origin.source.error(
    ErrorCode.unsupportedOnTarget,
    `WebGPU's shader compiler rejects this: ${hint}`,
    origin.span.start,
    origin.span.end,
  );
}

/**
 * Whether values of a type are known when compiling, so need no WGSL value: functions (a call
 * through one is a call of the function its type names), typed-array constructors, and records
 * and tuples of nothing else (`{ f: (x) => x + 1 }` from the scope).
 */
function valueless(type: KernelType | undefined): boolean {
  switch (type?.kind) {
    case undefined:
    case 'void':
    case 'never':
    case 'function':
    case 'constructor':
      return true;
    case 'record':
      return type.fields.every(([, field]) => valueless(field));
    case 'tuple':
      return type.elements.every(valueless);
    default:
      return false;
  }
}

/**
 * A number for each specialization, its identity in the keys of written device functions: its
 * printed key is not one (two functions of one name and argument types: `add` and `sub` both
 * arrows named `anonymous`).
 */
const serial = serialNumbers<Specialization>();

class Writer extends StructuredCode implements WriterContext {
  private readonly locals: string[] = [];
  private readonly arrays = new Map<IRInstruction, ArrayName>();
  private readonly atomicRoots = new Set<IRInstruction>();
  private readonly parameters: ParameterSlot[] = [];
  /** Integer values with a -0 flag (`z<id>`). */
  private readonly flags = new Set<IRInstruction>();
  /** Merged doubles held as the words they convert to (`v<id>_<type>`; merges.ts). */
  private merges = new Map<IRInstruction, Set<WordType>>();
  /** The function throws, or calls one that does. */
  private throws = false;
  /** The kernel code being written, which emitted statements name. */
  private at: Span | undefined;
  private words = 0;

  constructor(
    private readonly specialization: Specialization,
    readonly block: readonly [number, number, number],
    readonly parts: ModuleParts,
    /** Set for a device function; a kernel without. */
    private readonly device?: DeviceFunction,
  ) {
    super(specialization.fn);
  }

  /** The function's body: its variables, then its structured code. */
  private body(): string[] {
    const { fn, structure } = this;
    if (structure.irreducible)
      this.refuse(structure.irreducible.terminator?.span, 'irreducible control flow');
    const all = fn.blocks.filter((b) => structure.order.has(b));
    this.merges = convertedMerges(fn, (inst) => this.folded(inst));
    for (const b of all) for (const inst of [...b.phis, ...b.body]) this.declare(inst);
    this.tree(fn.blocks[0] as IRBlock);
    return [
      ...this.locals.map((l) => `  ${l}`),
      ...(this.usesGoto ? ['  var goto_: u32 = 0u;'] : []),
      ...this.lines,
    ];
  }

  /** A device function, written once per specialization and the arrays it is given: its name. */
  private deviceFunction(): void {
    const { fn, specialization } = this;
    const device = this.device as DeviceFunction;
    for (const b of fn.blocks) for (const inst of b.body) this.markAtomics(inst);
    const params = fn.params.flatMap((param, i) => {
      const array = device.arrays[i];
      if (array) {
        this.arrays.set(param, array);
        return array.pointer
          ? [`${array.pointer}: ptr<function, array<${held(array)}, ${array.length}>>`]
          : [];
      }
      if (valueless(param.type)) return [];
      return [`v${param.id}: ${this.held(param.type, param.span)}`];
    });
    const returns = specialization.returnType;
    const result =
      returns.kind === 'void' || returns.kind === 'never'
        ? ''
        : ` -> ${this.held(returns, fn.params[0]?.span ?? { start: 0, end: 1 })}`;
    const body = this.body();
    // Every path of the structured code ends in a return, which WGSL sees, except where a jump
    // passes through goto_: there WGSL wants one at the end, reached or not.
    const last = result && this.usesGoto ? [`  return ${this.zero(returns, { start: 0, end: 1 })};`] : [];
    if (this.throws) this.parts.throwing.add(device.name);
    this.parts.functions.push(
      [`fn ${device.name}(${params.join(', ')})${result} {`, ...body, ...last, '}'].join('\n'),
    );
  }

  kernel(): WGSLKernel {
    const { fn, structure } = this;
    const all = fn.blocks.filter((b) => structure.order.has(b));
    for (const b of all) for (const inst of [...b.phis, ...b.body]) this.markAtomics(inst);
    const bindings = this.declareParameters();
    this.parts.calling.push(this.specialization);
    const body = this.body();
    const fence = this.parts.productFence ? this.words++ : undefined;
    const dynamicLength = this.parts.dynamic ? this.words++ : undefined;
    const status =
      this.parts.sites.length > 0
        ? { binding: this.parameters.length + 1, sites: this.parts.sites }
        : undefined;
    const code = moduleText(this.parts, {
      block: this.block,
      bindings,
      body,
      words: this.words,
      ...(fence !== undefined ? { productFenceWord: fence } : {}),
      ...(dynamicLength !== undefined ? { dynamicLengthWord: dynamicLength } : {}),
      ...(status ? { statusBinding: status.binding } : {}),
    });
    return {
      name: fn.name,
      code,
      parameters: this.parameters,
      words: this.words,
      block: this.block,
      workgroupBytes: this.parts.workgroupBytes,
      ...(this.parts.usesWarps ? { warps: this.parts.warps } : {}),
      ...(this.parts.usesF16 ? { halves: 'shader-f16' as const } : {}),
      ...(fence !== undefined ? { productFenceWord: fence } : {}),
      ...(status ? { status } : {}),
      ...(dynamicLength !== undefined
        ? {
            dynamicShared: {
              lengthWord: dynamicLength,
              ...(this.parts.dynamic?.half ? { elementBytes: 2 as const } : {}),
              ...(this.parts.dynamic?.wide ? { elementBytes: 8 as const } : {}),
            },
          }
        : {}),
    };
  }

  // --- errors and types -------------------------------------------------------------------

  refuse(span: Span | undefined, what: string): never {
    const at = span ?? this.fn.params[0]?.span ?? { start: 0, end: 1 };
    const source = at.source ?? this.fn.source;
    throw source.error(ErrorCode.unsupportedOnTarget, `${what} is not supported on WebGPU`, at.start, at.end);
  }

  /** The WGSL type of a scalar value, or a refusal at `span`. */
  scalar(type: KernelType | undefined, span: Span): WordType {
    if (type?.kind === 'scalar') {
      switch (type.name) {
        case 'f32':
        case 'i32':
        case 'u32':
        case 'bool':
          return type.name;
        case 'f64':
          return this.refuse(
            span,
            'f64 (WGSL has no double precision: use Float32Array, f32(...) or Math.fround)',
          );
        // Held as two words (wide.ts) by the callers of this, which take any other scalar.
        case 'i64':
        case 'u64':
          return this.refuse(span, `${type.name} here (WGSL has no 64-bit integers)`);
        // A value about to be stored into a 16-bit float array: its bits (half.ts).
        case 'f16':
        case 'bf16':
          return 'u32';
        default:
          return this.refuse(span, `${type.name} (WGSL has no 8- or 16-bit integers)`);
      }
    }
    return this.refuse(span, `a value of type ${type?.key ?? 'unknown'}`);
  }

  /** The WGSL type of a scalar value: a word, or a BigInt's two (wide.ts). */
  private held(type: KernelType | undefined, span: Span): string {
    return wideOf(type) ? 'vec2u' : this.scalar(type, span);
  }

  /** A scalar type's zero as WGSL. */
  private zero(type: KernelType | undefined, span: Span): string {
    return wideOf(type) ? wideLiteral(0) : literal(this.scalar(type, span), 0);
  }

  /**
   * What an array's WGSL holds: a word type, each 16-bit float in a u32 of its own, or f16
   * elements as WGSL f16 on the `shader-f16` route.
   */
  private element(
    type: KernelType & { kind: 'array' },
    span: Span,
    wide?: 'wide',
  ): { element: Exclude<WordType, 'bool'>; half?: Half; wide?: Wide; f16?: true } {
    const held = wideOf(type.element);
    if (held && wide) {
      if (type.rank !== 1) this.refuse(span, 'a multi-dimensional view');
      return { element: 'u32', wide: held };
    }
    const element = this.scalar(type.element, span);
    if (element === 'bool') return this.refuse(span, 'an array of bool');
    if (type.rank !== 1) this.refuse(span, 'a multi-dimensional view');
    const half = halfOf(type.element);
    if (half === 'f16' && this.parts.halves === 'shader-f16') {
      this.parts.usesF16 = true;
      return { element, half, f16: true };
    }
    return half ? { element, half } : { element };
  }

  // --- declarations -----------------------------------------------------------------------

  /** Arrays that atomics touch hold `atomic<T>` elements. */
  private markAtomics(inst: IRInstruction): void {
    if (inst.op !== 'call' || !isAtomic(inst.name)) return;
    const array = inst.args[0] as IRInstruction;
    this.atomicRoots.add(array);
    const element = array.type?.kind === 'array' ? array.type.element.name : undefined;
    if (element !== 'i32' && element !== 'u32' && element !== 'f32')
      this.refuse(inst.span, `an atomic on ${element ?? 'a non-array'} (only i32, u32 and f32 atomics are)`);
  }

  private declareParameters(): string[] {
    const bindings: string[] = [];
    let binding = 1;
    for (const [index, param] of this.fn.params.entries()) {
      const type = param.type;
      if (type?.kind === 'array') {
        const { element, half, wide, f16 } = this.element(type, param.span, 'wide');
        const atomic = this.atomicRoots.has(param);
        const lengthWord = this.words++;
        const name = `a${index}`;
        const array: ArrayName = {
          name,
          element,
          atomic,
          length: `i32(params.w[${lengthWord}])`,
          ...(half ? { half } : {}),
          ...(wide ? { wide } : {}),
          ...(f16 ? { f16 } : {}),
        };
        bindings.push(
          `@group(0) @binding(${binding}) var<storage, read_write> ${name}: array<${held(array)}>;`,
        );
        this.arrays.set(param, array);
        this.parameters.push({
          kind: 'array',
          element: wide ?? half ?? element,
          binding: binding++,
          lengthWord,
        });
      } else if (wideOf(type)) {
        // A BigInt: two words, the low one first.
        const word = this.words;
        this.words += 2;
        this.parameters.push({ kind: 'scalar', type: wideOf(type) as Wide, word });
        this.locals.push(`let v${param.id}: vec2u = vec2u(params.w[${word + 1}], params.w[${word}]);`);
      } else {
        const word = this.words++;
        const wordType = this.scalar(type, param.span);
        this.parameters.push({ kind: 'scalar', type: wordType, word });
        const read = `params.w[${word}]`;
        this.locals.push(
          `let v${param.id}: ${wordType} = ${wordType === 'u32' ? read : wordType === 'bool' ? `${read} != 0u` : `bitcast<${wordType}>(${read})`};`,
        );
      }
    }
    return bindings;
  }

  /** A function-scope variable for each value; a module or local array for each array made. */
  private declare(inst: IRInstruction): void {
    const type = inst.type;
    if (inst.op === 'call' && inst.name === 'gpu.sharedArray' && type?.kind === 'array') {
      const { element, half, wide, f16 } = this.element(type, inst.span, 'wide');
      const atomic = this.atomicRoots.has(inst);
      // Another specialization of this function declared the array at this place already.
      const site = this.specialization.fn.source.site(inst.span.start, inst.span.end);
      const made = this.parts.shared.get(site);
      if (made && made.atomic === atomic && made.element === element) {
        this.arrays.set(inst, made);
        return;
      }
      const name = `s${inst.id}${this.device ? `_${this.device.name}` : ''}`;
      const array: ArrayName = {
        name,
        element,
        atomic,
        length: `${type.length}`,
        workgroup: true,
        ...(half ? { half } : {}),
        ...(wide ? { wide } : {}),
        ...(f16 ? { f16 } : {}),
      };
      this.parts.moduleVars.push(`var<workgroup> ${name}: array<${held(array)}, ${type.length}>;`);
      // Every element is a word (a BigInt two, a WGSL f16 half of one); WebGPU counts each
      // variable rounded up to 16 bytes.
      this.parts.workgroupBytes += Math.ceil(((type.length ?? 0) * (wide ? 8 : f16 ? 2 : 4)) / 16) * 16;
      this.arrays.set(inst, array);
      this.parts.shared.set(site, array);
      return;
    }
    if (inst.op === 'call' && inst.name === 'gpu.dynamicSharedArray' && type?.kind === 'array') {
      // Every call names the one block of dynamic shared memory: one element type only.
      const { element, half, wide, f16 } = this.element(type, inst.span, 'wide');
      const dynamic = this.parts.dynamic;
      if (dynamic && (dynamic.wide ?? dynamic.half ?? dynamic.element) !== (wide ?? half ?? element))
        this.refuse(inst.span, 'dynamic shared memory viewed as two element types');
      if (this.atomicRoots.has(inst)) this.refuse(inst.span, 'an atomic on dynamic shared memory');
      const held = { element, ...(half ? { half } : {}), ...(wide ? { wide } : {}), ...(f16 ? { f16 } : {}) };
      if (!dynamic) this.parts.dynamic = held;
      this.arrays.set(inst, {
        name: 'gpuc_dynamic',
        ...held,
        atomic: false,
        length: 'gpuc_dynamic_count',
        workgroup: true,
      });
      return;
    }
    if (inst.op === 'newarray' && type?.kind === 'array') {
      const { element, half, wide, f16 } = this.element(type, inst.span, 'wide');
      const name = `l${inst.id}`;
      if (this.atomicRoots.has(inst)) this.refuse(inst.span, 'an atomic on a local array');
      const array: ArrayName = {
        name,
        element,
        atomic: false,
        length: `${type.length}`,
        local: true,
        ...(half ? { half } : {}),
        ...(wide ? { wide } : {}),
        ...(f16 ? { f16 } : {}),
      };
      this.locals.push(`var ${name}: array<${held(array)}, ${type.length}>;`);
      this.arrays.set(inst, array);
      return;
    }
    if (type?.kind === 'array') {
      if (inst.op === 'param') return;
      this.refuse(inst.span, inst.op === 'phi' ? 'an array chosen at run time' : 'this array');
    }
    // Functions are known when compiling: a function value needs no WGSL value.
    if (valueless(type)) return;
    for (const word of this.merges.get(inst) ?? []) this.locals.push(`var v${inst.id}_${word}: ${word};`);
    if (inst.op === 'param' || inst.op === 'const' || this.folded(inst)) return;
    this.locals.push(`var v${inst.id}: ${wideOf(type) ? 'vec2u' : this.scalar(type, inst.span)};`);
    if (inst.op === 'phi' && tracked(inst)) {
      this.locals.push(`var z${inst.id}: bool;`);
      this.flags.add(inst);
    }
  }

  // --- what the structured code asks of a WGSL function --------------------------------------

  /** Each statement names the kernel code it comes from, for errors the shader compiler finds. */
  protected override annotate(): string {
    const at = this.at;
    return at ? ` // @${this.parts.origins.push({ span: at, source: at.source ?? this.fn.source }) - 1}` : '';
  }

  protected override condition(inst: IRInstruction): string {
    return this.value(inst);
  }

  protected override blockBody(block: IRBlock): void {
    for (const inst of block.body) this.instruction(inst);
    this.at = block.terminator?.span;
  }

  protected override returnFrom(value: IRInstruction | undefined, span: Span) {
    if (value === undefined) return this.emit('return;');
    if (!this.device) return this.refuse(span, 'a kernel that returns a value');
    const returns = this.specialization.returnType;
    this.emit(
      `return ${wideOf(returns) ? widen(this, value, span) : this.coerce(value, this.scalar(returns, span), span)};`,
    );
  }

  protected override throwFrom(message: string, span: Span): void {
    throwAt(this, message, span);
  }

  /** The phis' copies on the edge `from -> to`, as one parallel copy. */
  protected override copies(from: IRBlock, to: IRBlock): void {
    const live = to.phis
      .map(
        (phi) => [phi, phi.args[phi.op === 'phi' ? phi.blocks.indexOf(from) : -1] as IRInstruction] as const,
      )
      .filter(([phi]) => this.hasVar(phi));
    // Read every source before writing any phi.
    const reads = live.map(([, source], i) => `let c${i} = ${this.value(source)};`);
    const writes = live.map(([phi], i) => `v${phi.id} = c${i};`);
    for (const [i, [phi, source]] of live.entries()) {
      if (!this.flags.has(phi)) continue;
      reads.push(`let f${i} = ${this.flag(source)};`);
      writes.push(`z${phi.id} = f${i};`);
    }
    for (const phi of to.phis)
      for (const word of this.merges.get(phi) ?? []) {
        const source = phi.args[phi.op === 'phi' ? phi.blocks.indexOf(from) : -1] as IRInstruction;
        const name = `m${phi.id}_${word}`;
        reads.push(`let ${name} = ${this.coerce(source, word, phi.span)};`);
        writes.push(`v${phi.id}_${word} = ${name};`);
      }
    if (reads.length === 0) return;
    this.emit(`{ ${[...reads, ...writes].join(' ')} }`);
  }

  // --- instructions -----------------------------------------------------------------------

  hasVar(inst: IRInstruction): boolean {
    const t = inst.type;
    return t?.kind === 'scalar' && inst.op !== 'param' && inst.op !== 'const' && !this.folded(inst);
  }

  /**
   * An f64 constant expression (`-2.2`), integer or f32 widened, quotient or sum of integers: never
   * a WGSL value, only converted or compared where it is used (`f32(-2.2)`), and refused where
   * it is used as an f64.
   */
  private folded(inst: IRInstruction): boolean {
    return (
      inst.type?.kind === 'scalar' &&
      inst.type.name === 'f64' &&
      (constantOf(inst, this.parts.scope) !== undefined ||
        this.merges.has(inst) ||
        isNumberOfInteger(inst) ||
        isIntegerQuotient(inst, this.parts.scope) ||
        isIntegerSum(inst, this.parts.scope) ||
        singleOf(inst) !== undefined)
    );
  }

  assign(inst: IRInstruction, expression: string): void {
    if (this.hasVar(inst)) this.emit(`v${inst.id} = ${expression};`);
    else this.emit(`_ = ${expression};`);
  }

  /** A value as a WGSL expression. */
  value(inst: IRInstruction): string {
    if (inst.op === 'const') return this.constant(inst);
    if (this.folded(inst)) return this.scalar(inst.type, inst.span);
    return `v${inst.id}`;
  }

  private constant(inst: IRInstruction & { op: 'const' }): string {
    if (wideOf(inst.type)) return widen(this, inst, inst.span);
    const type = this.scalar(inst.type, inst.span);
    const value = inst.value;
    if (typeof value !== 'number' && typeof value !== 'boolean')
      return this.refuse(inst.span, 'this constant');
    return literal(type, value);
  }

  array(inst: IRInstruction, span: Span): ArrayName {
    return this.arrays.get(inst) ?? this.refuse(span, 'this array');
  }

  private instruction(inst: IRInstruction): void {
    this.at = inst.span;
    this.compute(inst);
    if (!tracked(inst) || !this.hasVar(inst)) return;
    const flag = negativeZero(inst, this.value(inst), this);
    if (flag === undefined) return;
    this.locals.push(`var z${inst.id}: bool;`);
    this.flags.add(inst);
    this.emit(`z${inst.id} = ${flag};`);
  }

  /** A value's -0 flag as a WGSL expression (docs/language.md; zeros.ts). */
  flag(inst: IRInstruction): string {
    if (this.flags.has(inst)) return `z${inst.id}`;
    return inst.op === 'const' && Object.is(inst.value, -0) && tracked(inst) ? 'true' : 'false';
  }

  private compute(inst: IRInstruction) {
    if (wideInstruction(this, inst)) return;
    const [a, b] = inst.args as (IRInstruction | undefined)[];
    const arg = (i: number) => this.value(inst.args[i] as IRInstruction);
    switch (inst.op) {
      case 'const':
      case 'param':
        return;
      case 'global': {
        // A double of the scope is a constant as a literal is: converted or compared where used.
        if (valueless(inst.type) || this.folded(inst)) return;
        // A captured number is a constant of the module, as native code bakes it.
        const value = this.parts.scope[inst.name];
        if (wideOf(inst.type) && typeof value === 'bigint') return this.assign(inst, wideLiteral(value));
        if (
          inst.type?.kind !== 'scalar' ||
          !(typeof value === 'number' || typeof value === 'boolean' || value instanceof Number)
        )
          return this.refuse(inst.span, `the captured value '${inst.name}'`);
        const type = this.scalar(inst.type, inst.span);
        return this.assign(
          inst,
          literal(type, jsConvert(typeof value === 'boolean' ? value : Number(value), type)),
        );
      }
      case 'undef':
        if (this.hasVar(inst)) this.emit(`v${inst.id} = ${literal(this.scalar(inst.type, inst.span), 0)};`);
        return;
      case 'unary':
        if (this.folded(inst)) return;
        return this.assign(inst, unary(inst, arg(0)));
      case 'binary':
        if (this.folded(inst)) return;
        return this.assign(inst, binary(this, inst, a as IRInstruction, b as IRInstruction));
      case 'compare':
        return this.assign(inst, compare(this, inst, a as IRInstruction, b as IRInstruction));
      case 'truthy':
        return this.assign(inst, truthy(this.scalar(a?.type, inst.span), arg(0), this.parts.helpers));
      case 'convert':
        if (this.folded(inst)) return;
        return this.assign(inst, this.convert(a as IRInstruction, inst));
      case 'index': {
        // A function of a tuple of them: known when compiling.
        if (valueless(inst.type)) return;
        const array = this.array(a as IRInstruction, inst.span);
        const place = element(this, array, b as IRInstruction, inst.span);
        // Its value uniform, where that keeps the kernel's meaning (uniform.ts).
        const uniform = isUniformRead(
          inst,
          array,
          b as IRInstruction,
          this.parts.boundsCheck,
          this.parts.scope,
        );
        const at = uniform ? `workgroupUniformLoad(&${place})` : place;
        // A 64-bit element is its low word, then its high word.
        if (array.wide) return this.assign(inst, `${at}.yx`);
        if (array.half) return this.assign(inst, halfRead(this, array.half, halfElementBits(array, at)));
        if (!array.atomic) return this.assign(inst, at);
        // The uniform read of an atomic is its word, as atomicLoad's.
        const loaded = uniform ? at : `atomicLoad(&${at})`;
        return this.assign(inst, array.element === 'f32' ? `bitcast<f32>(${loaded})` : loaded);
      }
      case 'store': {
        const array = this.array(a as IRInstruction, inst.span);
        const at = element(this, array, b as IRInstruction, inst.span);
        const value = inst.args[2] as IRInstruction;
        if (array.wide) return this.emit(`${at} = (${widen(this, value, inst.span)}).yx;`);
        const stored = array.half
          ? halfElement(array, halfBits(this, value, array.half, inst.span))
          : this.coerce(value, array.element, inst.span);
        if (!array.atomic) return this.emit(`${at} = ${stored};`);
        return this.emit(
          `atomicStore(&${at}, ${array.element === 'f32' ? `bitcast<u32>(${stored})` : stored});`,
        );
      }
      case 'length':
        return this.assign(inst, this.array(a as IRInstruction, inst.span).length);
      case 'newarray':
        return;
      case 'call':
        if (inst.target?.kind === 'function')
          return this.callDevice(inst, inst.target.specialization, inst.args);
        return intrinsic(this, inst);
      case 'print':
        return this.refuse(inst.span, 'console.log');
      case 'callvalue':
        if (inst.target?.kind === 'function')
          return this.callDevice(inst, inst.target.specialization, inst.args.slice(1));
        return this.refuse(inst.span, 'a call through a function value');
      // A record or tuple of functions, or a member of one: known when compiling.
      case 'field':
      case 'record':
      case 'tuple':
        if (valueless(inst.type)) return;
        return this.refuse(inst.span, `a ${inst.op === 'field' ? 'member of a ' : ''}record or tuple`);
      default:
        return this.refuse(inst.span, `this construct (${inst.op})`);
    }
  }

  /** A value converted to a word type, for stores and atomics whose operand types differ. */
  coerce(inst: IRInstruction, to: WordType, span: Span): string {
    // A constant of any number type (`f32(2.5)`'s 2.5 is f64) converts here, as JavaScript would.
    const known = constantOf(inst, this.parts.scope);
    if (known !== undefined) return literal(to, jsConvert(known, to));
    if (this.merges.has(inst)) return `v${inst.id}_${to}`;
    if (isNumberOfInteger(inst)) return numberTo(this, inst, to, span);
    // A double that holds an f32 converts as the f32 does.
    const single = singleOf(inst);
    if (single) return this.coerce(single, to, span);
    // Converted to a word, a quotient of integers is one; as anything else, the double it is
    // (refused at the quotient).
    if (isIntegerQuotient(inst, this.parts.scope))
      return to === 'i32' || to === 'u32' ? quotientTo(this, inst, to) : this.value(inst);
    // So is a sum of 32-bit integers, modulo 2^32.
    if (isIntegerSum(inst, this.parts.scope))
      return to === 'i32' || to === 'u32' ? sumTo(this, inst, to, span) : this.value(inst);
    // A 16-bit float value (bits) converts through the f32 holding it.
    const half = halfOf(inst.type);
    if (half) return convertWord('f32', to, halfRead(this, half, this.value(inst)), this.parts.helpers);
    const from = this.scalar(inst.type, span);
    if (from === to) return this.value(inst);
    const converted = convertWord(from, to, this.value(inst), this.parts.helpers);
    // An integer that JavaScript holds as -0 converts to -0.
    if (to === 'f32' && this.flags.has(inst))
      return `select(${converted}, ${literal('f32', -0)}, z${inst.id})`;
    return converted;
  }

  private convert(from: IRInstruction, to: IRInstruction): string {
    if (to.op === 'convert' && to.index) return this.floatIndex(from, to.span);
    const half = halfOf(to.type);
    if (half) return halfBits(this, from, half, to.span);
    return this.coerce(from, this.scalar(to.type, to.span), to.span);
  }

  /**
   * A float index as i32 (`indexValue`): -1 for NaN, the infinities and f32s outside the i32
   * range, which store semantics would wrap inside. A double here holds an integer (a sum or
   * quotient of integers) or an f32, which converts as the f32 does.
   */
  private floatIndex(from: IRInstruction, span: Span): string {
    const single = singleOf(from) ?? from;
    if (!(halfOf(single.type) || (single.type?.kind === 'scalar' && single.type.name === 'f32')))
      return this.coerce(from, 'i32', span);
    const x = this.coerce(single, 'f32', span);
    const inside = `${x} >= ${literal('f32', -(2 ** 31))} && ${x} < ${literal('f32', 2 ** 31)}`;
    return `select(-1i, ${this.coerce(single, 'i32', span)}, ${inside})`;
  }

  /**
   * A call of a device function: a WGSL function per specialization and arrays given (WGSL
   * passes no storage or workgroup array to a function, so the function names them itself).
   */
  private callDevice(inst: IRInstruction, callee: Specialization, operands: readonly IRInstruction[]) {
    if (this.parts.calling.includes(callee)) return this.refuse(inst.span, 'recursion');
    const arrays = operands.map((arg) =>
      arg.type?.kind === 'array' ? this.array(arg, inst.span) : undefined,
    );
    // A local array goes by pointer (WGSL passes function-space pointers): the callee's own
    // parameter `p<i>` names it there, whichever array of that shape the caller gives.
    const given = arrays.map((array, i) =>
      array?.local ? { ...array, name: `(*p${i})`, pointer: `p${i}` } : array,
    );
    const key = `${serial(callee)}(${given.map((a) => (a?.local ? `local ${a.wide ?? a.half ?? a.element} ${a.length}` : (a?.name ?? ''))).join(',')})`;
    let name = this.parts.written.get(key);
    if (name === undefined) {
      name = `f${this.parts.written.size}_${callee.fn.name.replace(/\W/g, '_')}`;
      this.parts.written.set(key, name);
      this.parts.calling.push(callee);
      new Writer(callee, this.block, this.parts, { name, arrays: given }).deviceFunction();
      this.parts.calling.pop();
    }
    const args = operands.flatMap((arg, i) => {
      const array = arrays[i];
      if (array) return array.local ? [array.pointer ?? `&${array.name}`] : [];
      if (valueless(arg.type)) return [];
      const type = callee.fn.params[i]?.type;
      return [
        wideOf(type)
          ? widen(this, arg, inst.span)
          : this.coerce(arg, this.scalar(type, inst.span), inst.span),
      ];
    });
    const call = `${name}(${args.join(', ')})`;
    this.emit(this.hasVar(inst) ? `v${inst.id} = ${call};` : `${call};`);
    // A device exception in the callee ends this function too.
    if (this.parts.throwing.has(name)) {
      this.throws = true;
      this.emit(`if (atomicLoad(&status[0]) != 0u) { ${this.leave()} }`);
    }
  }

  markThrows(): void {
    this.throws = true;
  }

  /** The statement that leaves the function: a result (never read) where it has one. */
  leave(): string {
    const returns = this.specialization.returnType;
    if (!this.device || returns.kind !== 'scalar') return 'return;';
    return `return ${this.zero(returns, this.fn.params[0]?.span ?? { start: 0, end: 1 })};`;
  }
}
