/**
 * @gpuc/enzyme-ad: automatic differentiation for gpuc.
 *
 * Today: Enzyme-style activity annotations and the key that identifies a derivative job. The
 * derivative generation itself arrives with the compiler's deferred code generation.
 */
export {
  Active,
  type ActiveArg,
  type Annotated,
  Const,
  type ConstArg,
  Duplicated,
  type DuplicatedArg,
  DuplicatedNoNeed,
  derivativeKey,
  isAnnotated,
  type Mode,
  type ShadowArray,
} from './activity.js';
