/**
 * @gpuc/enzyme-ad: automatic differentiation of gpuc kernels, after Enzyme.
 *
 * In device code, `autodiff(Reverse, f, ...)` and `autodiff(Forward, f, ...)` with the
 * activity annotations `Active`, `Duplicated`, `DuplicatedNoNeed` and `Const`; derivatives are
 * generated on the typed IR and compiled through deferred code generation, in the target of
 * the kernel that asks. Importing this package applies `EnzymePlugin` to every compiler gpuc
 * makes (`applyEverywhere`), so `launchNative` and each back-end's launches accept `autodiff`
 * without naming a compiler. On the host, the same call (and `gradient`) runs the derivative
 * compiled for the native target. `defineDerivative` registers a custom rule.
 */
import { applyEverywhere } from '@gpuc/core';
import { EnzymePlugin } from './plugin/plugin.js';

applyEverywhere(new EnzymePlugin());

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
export { defineDerivative } from './plugin/rules.js';
export { EnzymePlugin };
