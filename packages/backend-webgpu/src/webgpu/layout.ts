/**
 * How a compiled kernel takes its arguments, shared by the WGSL writer and the runtime (which
 * needs no compiler): scalars and array lengths as 32-bit words of one read-only storage buffer
 * at binding 0, each array as a read-write storage buffer of its own after it, all in group 0.
 */

/** The scalar types WGSL kernels take and arrays hold. */
export type WordType = 'f32' | 'i32' | 'u32' | 'bool';

/**
 * What an array argument holds: a word type, a 16-bit float type whose elements the device
 * holds one to a u32 word (the runtime widens and narrows them; f16 elements as WGSL's own f16
 * under the `shader-f16` route, `HalfRoute`), or a 64-bit integer type (two words, low first, as
 * the host's bytes are).
 */
export type ArrayElement = Exclude<WordType, 'bool'> | 'f16' | 'bf16' | 'i64' | 'u64';

/**
 * How a kernel's warp operations (shuffles, votes, ballots) are written: through workgroup memory
 * between two barriers (every adapter), or as WGSL's subgroup operations, which gpuc's warps (32
 * threads in the block's linear order) can be only where the adapter's subgroups have 32
 * invocations: `subgroups` where its subgroups are always 32 (`subgroupMinSize` and
 * `subgroupMaxSize` 32), `sized-subgroups` where the pipeline asks for 32 (`@subgroup_size(32)`,
 * the `subgroup-size-control` feature, a block whose x is a multiple of 32).
 */
export type WarpRoute = 'workgroup' | 'subgroups' | 'sized-subgroups';

/**
 * How a kernel's f16 arrays are held: `words`, each element's bits in a u32 word of its own
 * (every adapter); `shader-f16`, as WGSL `f16` elements of two bytes (`enable f16;`), where the
 * device has the `shader-f16` feature. Both convert with the same integer code (bit-exact with
 * the reference runner); bf16, which WGSL has no type for, is held in words on both.
 */
export type HalfRoute = 'words' | 'shader-f16';

/** Where one kernel parameter goes. */
export type ParameterSlot =
  /** A scalar: its word in the parameter buffer (a BigInt: two, the low one first). */
  | { readonly kind: 'scalar'; readonly type: WordType | 'i64' | 'u64'; readonly word: number }
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
   * `elementBytes` 2: viewed as f16 or bf16, `sharedBytes / 2` elements of a word each (of two
   * bytes each where the kernel's `halves` is `shader-f16` and the view f16); 8:
   * viewed as BigInts, `sharedBytes / 8` elements of two words each.
   */
  readonly dynamicShared?: { readonly lengthWord: number; readonly elementBytes?: 2 | 8 };
  /** The status buffer of a kernel that may throw. */
  readonly status?: StatusBuffer;
  /** The block (workgroup) size the module was written for. */
  readonly block: readonly [number, number, number];
  /** How its warp operations are written, where it has any. */
  readonly warps?: WarpRoute;
  /**
   * `shader-f16` where its f16 arrays (arguments, shared, dynamic shared or local) are WGSL f16
   * elements: it runs only on a device with that feature, and its f16 arguments and dynamic
   * shared elements take two bytes on the device. Absent: f16 elements are words, if any.
   */
  readonly halves?: 'shader-f16';
  /**
   * Bytes of workgroup memory its module declares (shared arrays, warp lanes), as WebGPU counts
   * them (absent from WGSL compiled by an earlier version: then only dynamic memory is checked).
   */
  readonly workgroupBytes?: number;
}
