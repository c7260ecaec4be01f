/**
 * The bitcode format Apple's compiler writes for a deployment target, as the Apple-built
 * metallibs in Metal.jl's tests show it (`test/metallib/*.{13,14,15}.metallib`): for macOS 13,
 * FUNCTION records of 18 operands (no address space or partition) and GLOBALVAR records of 16,
 * and only attributes old enough for that release's loader; for macOS 14 and later, 21 and 18
 * operands and the newer attributes (`mustprogress`, `willreturn`, `nofree`, `nosync`...).
 */

export interface AirFormat {
  /** Whether FUNCTION and GLOBALVAR records end with address space and partition fields. */
  partitions: boolean;
  /** Whether an enum attribute kind is written (others are left out: they only state facts). */
  writesAttribute(kind: number): boolean;
}

/** The last attribute kind of LLVM 4 (`norecurse`, 48): Apple's macOS 13 output stays below it. */
const LAST_OLD_ATTRIBUTE = 48;

/** The format for a module's triple (`air64-apple-macosx13.0.0`). */
export function airFormat(triple: string): AirFormat {
  const major = Number(/macosx(\d+)/.exec(triple)?.[1] ?? Number.NaN);
  if (Number.isNaN(major)) throw new Error(`gpuc: ${triple} is not an AIR triple for macOS`);
  return major >= 14
    ? { partitions: true, writesAttribute: () => true }
    : { partitions: false, writesAttribute: (kind) => kind <= LAST_OLD_ATTRIBUTE };
}
