/**
 * The intrinsic catalogue: every intrinsic and `Math` function kernels can call, declared once.
 * The front end types calls from it, folds
 * constants and the reference runner evaluates with its JavaScript definitions, automatic
 * differentiation reads its derivatives, and the device math library implements the entries it
 * marks. A back-end supplies only its lowering: code generators keyed by these names
 * (`Lowerings`, in the compiler layer), or an overlay that refuses an entry with a coded error.
 */
import type { Entry } from './entry.js';
import { GPU } from './gpu.js';
import { MATH } from './math.js';
import { NUMBERS } from './numbers.js';

export type { Derivative, Entry, Partial, PartialBuilder, Partials, Rule } from './entry.js';
export { ATOMIC_OPERATIONS, type GeometryName } from './gpu.js';

const ENTRIES = { ...GPU, ...MATH, ...NUMBERS };

/** The name of an intrinsic of the catalogue. */
export type IntrinsicName = keyof typeof ENTRIES;

/** Every intrinsic, by the name kernels call it by. */
export const CATALOGUE: Readonly<Record<IntrinsicName, Entry>> = Object.freeze(ENTRIES);

/**
 * `console.log`: typed by the front end itself (a constant format and one value per
 * directive), then lowered by each back-end like an intrinsic.
 */
export const PRINT = 'console.log';

/** What a back-end may lower: the catalogue's intrinsics and printing. */
export type LoweredName = IntrinsicName | typeof PRINT;

/** The catalogue's entries with their names. */
export function catalogueEntries(): [IntrinsicName, Entry][] {
  return Object.entries(CATALOGUE) as [IntrinsicName, Entry][];
}

/** Whether a name is an intrinsic of the catalogue. */
export function isIntrinsicName(name: string): name is IntrinsicName {
  return Object.hasOwn(CATALOGUE, name);
}

/** The `Math` function names of the catalogue, without `Math.` (`sin`, `atan2`...). */
export type MathName = Extract<IntrinsicName, `Math.${string}`> extends `Math.${infer N}` ? N : never;

/** A `Math` function the device math library implements. */
export interface LibraryFunction {
  /** Its short name (`sin`): the library's `gpuc_sin`, libm's `sin` and `sinf`... */
  readonly name: MathName;
  readonly arity: 1 | 2;
  /** The library has an f32 version too (`gpuc_cbrtf`). */
  readonly single: boolean;
  /** The function takes any number of arguments, folded pairwise (`Math.hypot`). */
  readonly variadic: boolean;
}

/** The `Math` functions the device math library implements: those vendor math libraries provide too. */
export function mathLibrary(): LibraryFunction[] {
  return catalogueEntries().flatMap(([name, { library, signature }]) =>
    library
      ? [
          {
            name: name.slice('Math.'.length) as MathName,
            arity: library.arity,
            single: library.single === true,
            variadic: signature === 'variadic',
          },
        ]
      : [],
  );
}
