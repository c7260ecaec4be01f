/**
 * How a compiled kernel takes its arguments, shared by the WGSL writer and the runtime (which
 * needs no compiler): scalars and array lengths as 32-bit words of one read-only storage buffer
 * at binding 0, each array as a read-write storage buffer of its own after it, all in group 0.
 */

/** The scalar types WGSL kernels take and arrays hold. */
export type WordType = 'f32' | 'i32' | 'u32' | 'bool';

/**
 * What an array argument holds: a word type, or a 16-bit float type whose elements the device
 * holds one to a u32 word (the runtime widens and narrows them).
 */
export type ArrayElement = Exclude<WordType, 'bool'> | 'f16' | 'bf16';

/** Where one kernel parameter goes. */
export type ParameterSlot =
  /** A scalar: its word in the parameter buffer. */
  | { readonly kind: 'scalar'; readonly type: WordType; readonly word: number }
  /** An array: its binding, and the word that holds its length. */
  | {
      readonly kind: 'array';
      readonly element: ArrayElement;
      readonly binding: number;
      readonly lengthWord: number;
    };

/** Where a kernel throws: what a device exception reports (`message (in function at file:line)`). */
export interface ThrowSite {
  readonly message: string;
  readonly function: string;
  readonly file: string;
  readonly line: number;
}

/**
 * A kernel that throws reports through a status buffer of four words at `binding`: the owner
 * (0 until a thread throws), the site's index + 1, the thread's block and its thread, linear.
 */
export interface StatusBuffer {
  readonly binding: number;
  readonly sites: readonly ThrowSite[];
}

/** A kernel as WGSL, with what the runtime needs to launch it. */
export interface WGSLKernel {
  /** The kernel's name, for messages. */
  readonly name: string;
  /** The WGSL module; its entry point is `main`. */
  readonly code: string;
  /** One slot per kernel parameter, in order. */
  readonly parameters: readonly ParameterSlot[];
  /** Words of the parameter buffer (0: the kernel has no scalar or array parameter). */
  readonly words: number;
  /** The word that holds 0, which the module xors into products' bits so that none is fused. */
  readonly productFenceWord?: number;
  /**
   * Dynamic shared memory (`gpu.dynamicSharedArray`): a workgroup array sized by the pipeline
   * constant `gpuc_dynamic_length` (elements, at least 1), its true length in `lengthWord`.
   * `elementBytes` 2: viewed as f16 or bf16, `sharedBytes / 2` elements of a word each.
   */
  readonly dynamicShared?: { readonly lengthWord: number; readonly elementBytes?: 2 };
  /** The status buffer of a kernel that may throw. */
  readonly status?: StatusBuffer;
  /** The block (workgroup) size the module was written for. */
  readonly block: readonly [number, number, number];
}
