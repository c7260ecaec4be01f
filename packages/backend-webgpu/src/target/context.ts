/**
 * What the parts of the WGSL writer share: the arrays a function names, what every function of
 * one module adds to it, and what the writer of one function offers the modules that write its
 * instructions (values, conversions, statements, refusals).
 */
import type {
  IRFunction,
  IRInstruction,
  KernelSource,
  KernelType,
  Span,
  Specialization,
} from '@gpuc/core/compiler';
import type { HalfRoute, ThrowSite, WarpRoute, WordType } from '../webgpu/layout.js';
import type { Half } from './half.js';
import type { Wide } from './wide.js';

/** An array a function reads or writes, by its WGSL name. */
export interface ArrayName {
  readonly name: string;
  readonly element: WordType;
  readonly atomic: boolean;
  /** An array of 64-bit integers: each element a vec2u, low word first (`element` is u32; wide.ts). */
  readonly wide?: Wide;
  /**
   * An array of 16-bit floats: each element's bits in a u32 word (`element` is u32), or a WGSL
   * f16 where `f16` is set (the `shader-f16` route; half.ts).
   */
  readonly half?: Half;
  readonly f16?: true;
  /** The WGSL expression of its length (an i32). */
  readonly length: string;
  /** A function's own local array (a device function is given a pointer to it). */
  readonly local?: boolean;
  /** Workgroup memory (`gpu.sharedArray`, `gpu.dynamicSharedArray`). */
  readonly workgroup?: true;
  /** In a device function, the parameter that points to the local array it was given. */
  readonly pointer?: string;
}

/** What every function of one WGSL module shares: helpers, module variables, device functions. */
export interface ModuleParts {
  readonly helpers: Set<string>;
  readonly moduleVars: string[];
  /**
   * The workgroup arrays of `gpu.sharedArray` calls, by place in the source: one however many
   * specializations of a function are written.
   */
  readonly shared: Map<string, ArrayName>;
  /** Device functions' WGSL, each after those it calls. */
  readonly functions: string[];
  /** Device functions written, by specialization (its serial number) and the arrays they were given. */
  readonly written: Map<string, string>;
  /** The specializations being written, caller first: a call of one of them is recursion. */
  readonly calling: Specialization[];
  /** Where each statement comes from: its `// @<index>` names one. */
  readonly origins: { readonly span: Span; readonly source: KernelSource }[];
  /** Where the module's functions throw, in the order of the status word's index. */
  readonly sites: ThrowSite[];
  /** Device functions that throw, by WGSL name. */
  readonly throwing: Set<string>;
  /** The element type of dynamic shared memory, where a function views it. */
  dynamic?: { readonly element: WordType; readonly half?: Half; readonly wide?: Wide; readonly f16?: true };
  /** Host values the kernel reads by name. */
  readonly scope: Readonly<Record<string, unknown>>;
  /** Some function fences products (`fence`, a zero read from the parameter words). */
  productFence: boolean;
  /** Each array index is checked, an index out of range a device exception (`boundsCheck`). */
  readonly boundsCheck: boolean;
  /** How warp operations are written (warp.ts). */
  readonly warps: WarpRoute;
  /** Some function has a warp operation. */
  usesWarps: boolean;
  /** How f16 arrays are held (half.ts). */
  readonly halves: HalfRoute;
  /** Some array is held as WGSL f16 (`enable f16;`). */
  usesF16: boolean;
  /** Statements at the start of the entry point, once the launch's indices are set. */
  readonly entry: string[];
  /** Bytes of workgroup memory declared, each variable rounded up to 16 as WebGPU counts it. */
  workgroupBytes: number;
}

/** What the writer of one function offers the modules that write its instructions. */
export interface WriterContext {
  readonly fn: IRFunction;
  readonly parts: ModuleParts;
  /** The block (workgroup) size the module is written for. */
  readonly block: readonly [number, number, number];
  /** A value as a WGSL expression. */
  value(inst: IRInstruction): string;
  /** A value converted to a word type (as a store into that typed array converts it). */
  coerce(inst: IRInstruction, to: WordType, span: Span): string;
  /** The WGSL type of a scalar, or a refusal at `span`. */
  scalar(type: KernelType | undefined, span: Span): WordType;
  /** The array an array value names, or a refusal. */
  array(inst: IRInstruction, span: Span): ArrayName;
  /** Whether a value has a WGSL variable (`v<id>`). */
  hasVar(inst: IRInstruction): boolean;
  /** A statement. */
  emit(line: string): void;
  /** A value's variable set to an expression (or the expression evaluated). */
  assign(inst: IRInstruction, expression: string): void;
  /** An `unsupported-on-target` CompileError at `span`. */
  refuse(span: Span | undefined, what: string): never;
  /** The statement that leaves the function (with an unread result where it has one). */
  leave(): string;
  /** The function throws (or calls one that does). */
  markThrows(): void;
}
