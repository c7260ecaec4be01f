/**
 * Generator profiles: what a target can express, so that kernels for it use only that. The
 * `default` profile is the whole language (every back-end but WebGPU runs it); `wgsl` leaves out
 * what WGSL has no type for (`f64`, 8- and 16-bit integers, BigInt atomics) and what the WebGPU
 * back-end refuses (views, records and tuples, captured arrays, the Math functions WGSL does not
 * round correctly, asynchronous copies). A profile only removes options from the generator's
 * choices, so the default profile reads the tape exactly as before (the same seed, the same
 * kernels).
 */
import type { ElementType, Ty } from '../types.js';

/** Constructs a profile can switch off, each beyond what its types already rule out. */
export type Construct =
  | 'view'
  | 'aggregate'
  | 'captured-array'
  | 'transcendental'
  | 'copy-async'
  /** `BigInt.asIntN`, `BigInt.asUintN`. */
  | 'bigint-as-n'
  /** A value returned at the kernel's end. */
  | 'kernel-value'
  /** An input passed as the same array as an output. */
  | 'alias'
  /**
   * A comparison of an f32 or u32 with a literal or a value of another type (a `switch` on one
   * too): gpuc compares exactly, in f64 (WebGPU in the operands' own types).
   */
  | 'exact-comparison';

export interface Profile {
  readonly name: ProfileName;
  /** Types no value, element, atomic or variable of a kernel has. */
  readonly without: ReadonlySet<Ty | ElementType>;
  /** Element types atomics may not take (beyond `without`). */
  readonly withoutAtomics: ReadonlySet<Ty>;
  /** Constructs never written. */
  readonly off: ReadonlySet<Construct>;
}

export const PROFILE_NAMES = ['default', 'wgsl'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export const PROFILES: Record<ProfileName, Profile> = {
  default: { name: 'default', without: new Set(), withoutAtomics: new Set(), off: new Set() },
  wgsl: {
    name: 'wgsl',
    // WGSL has f32, i32, u32 and bool; BigInts are pairs of words and 16-bit floats words.
    without: new Set(['f64', 'i8', 'u8', 'i16', 'u16']),
    withoutAtomics: new Set(['i64', 'u64']),
    off: new Set([
      'view',
      'aggregate',
      'captured-array',
      'transcendental',
      'copy-async',
      'bigint-as-n',
      'kernel-value',
      'alias',
    ]),
  },
};
