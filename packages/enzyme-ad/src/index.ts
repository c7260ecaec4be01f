/**
 * @gpuc/enzyme-ad: automatic differentiation of gpuc kernels, after Enzyme.
 *
 * In device code, `autodiff(Reverse, f, ...)` and `autodiff(Forward, f, ...)` with the
 * activity annotations `Active`, `Duplicated`, `DuplicatedNoNeed` and `Const`; derivatives are
 * generated on the typed IR and compiled through deferred code generation, in the target of
 * the kernel that asks (apply `EnzymePlugin` to the compiler). On the host, the same call (and
 * `gradient`) runs the derivative compiled for the native target. `defineDerivative` registers
 * a custom rule.
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
  Forward,
  isAnnotated,
  isMode,
  type ModeValue,
  Reverse,
  type Scalar,
  type ShadowArray,
} from './api/activity.js';
export { autodiff, gradient, type HostOptions } from './api/host.js';
export { DEFAULT_TAPE_CAPACITY } from './derive/index.js';
export { EnzymePlugin } from './plugin/plugin.js';
export { defineDerivative } from './plugin/rules.js';
