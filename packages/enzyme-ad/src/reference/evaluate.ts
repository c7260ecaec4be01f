/**
 * `autodiff` in kernels the reference runner runs: the same derivative the compiler makes,
 * generated for the argument values' types and run as JavaScript, resolving names through the
 * kernel's scope.
 */

import {
  arrayUnder,
  currentWorld,
  f64Type,
  functionById,
  type KernelSource,
  lowerSource,
  methodStack,
  type RuleContext,
  recordType,
  type Specialization,
  sourceOf,
  specialize,
  typeOfFunction,
  typeOfValue,
} from '@gpuc/core/compiler';
import type { KernelType } from '@gpuc/core/host';
import { type Annotated, Forward, Reverse } from '../api/activity.js';
import { DEFAULT_CHECKPOINT, DEFAULT_TAPE_CAPACITY, derivativeOf } from '../derive/index.js';
import { adMethods, type Mode, siteFor } from '../plugin/device.js';
import { ruleFunction, ruleMethods } from '../plugin/rules.js';
import { toJavaScript } from './javascript.js';

const FIELDS: Record<Annotated['activity'], string> = {
  active: 'active',
  duplicated: 'duplicated',
  duplicated_no_need: 'duplicatedNoNeed',
  const: 'constant',
};

/** The kernel type of an annotated value: numbers that carry derivatives are f64. */
function valueType(annotated: Annotated): KernelType {
  const { value } = annotated;
  const type = annotated.activity !== 'const' && typeof value === 'number' ? f64Type : typeOfValue(value);
  if (!type) throw new TypeError(`gpuc: autodiff cannot pass ${String(value)} to a kernel function`);
  return type;
}

const compiled = new WeakMap<KernelSource, (...args: unknown[]) => unknown>();

/** Whether two arrays share an element. */
function overlap(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return (
    a.buffer === b.buffer &&
    a.byteOffset < b.byteOffset + b.byteLength &&
    b.byteOffset < a.byteOffset + a.byteLength
  );
}

/** Whether a DuplicatedNoNeed array shares memory with another of f's arrays. */
function noNeedShared(annotated: readonly Annotated[]): boolean {
  // The reference runner passes arrays as faces (proxies recording accesses): the arrays under them.
  const arrays = annotated.map((a) => {
    const value = arrayUnder(a.value);
    return ArrayBuffer.isView(value) ? value : undefined;
  });
  return annotated.some((a, i) => {
    const array = arrays[i];
    return (
      a.activity === 'duplicated_no_need' &&
      array !== undefined &&
      arrays.some((other, j) => j !== i && other !== undefined && overlap(array, other))
    );
  });
}

/** Runs `autodiff(mode, f, ...annotated)` as JavaScript with the kernel's scope. */
export function evaluateAutodiff(
  mode: Mode,
  f: (...args: never[]) => unknown,
  annotated: readonly Annotated[],
  scope: Readonly<Record<string, unknown>>,
): unknown {
  const env = { methods: methodStack([adMethods, ruleMethods]), scope, world: currentWorld() };
  const context: Pick<RuleContext, 'specialize' | 'lookup'> = {
    specialize: (callee, args): Specialization => {
      if (callee.kind === 'function' && callee.id !== 0)
        return specialize(sourceOf(functionById(callee.id) as (...args: never[]) => unknown), args, env);
      const method =
        callee.kind === 'function' ? env.methods.lookup(callee.name, args, env.world) : undefined;
      if (method?.implementation.kind !== 'source')
        throw new TypeError('gpuc: autodiff differentiates device functions written in JavaScript');
      return specialize(method.implementation.source, args, env);
    },
    lookup: (name, args) => env.methods.lookup(name, args, env.world),
  };
  const types = annotated.map((a) => {
    const value = valueType(a);
    const field = FIELDS[a.activity];
    return recordType(
      a.activity === 'active' || a.activity === 'const'
        ? [[field, value]]
        : [
            [field, value],
            ['shadow', value],
          ],
    );
  });
  const modeType = typeOfValue(mode === 'reverse' ? Reverse : Forward) as KernelType;
  const site = siteFor([modeType, typeOfFunction(f), ...types], context);
  if (typeof site === 'string') throw new TypeError(`gpuc: autodiff: ${site}`);
  const derivative = derivativeOf(site, {
    tapeCapacity: DEFAULT_TAPE_CAPACITY,
    atomic: true,
    checkpoint: DEFAULT_CHECKPOINT,
    tangent: true,
  });
  // As compiled calls do (plugin/versions.ts): f's stores into a DuplicatedNoNeed array are
  // kept where another of f's arrays shares its memory.
  const source = derivative.kept && noNeedShared(annotated) ? derivative.kept : derivative.source;
  let run = compiled.get(source);
  if (!run) {
    run = toJavaScript(lowerSource(source), scope, (name) => {
      const rule = ruleFunction(name);
      if (!rule) throw new Error(`gpuc: the reference runner cannot call ${name} from a derivative`);
      return rule as (...args: unknown[]) => unknown;
    });
    compiled.set(source, run);
  }
  const flat = annotated.flatMap((a) => {
    const value = a.value instanceof Number ? a.value.valueOf() : a.value;
    if (a.activity === 'duplicated' || a.activity === 'duplicated_no_need') {
      const shadow = a.shadow instanceof Number ? a.shadow.valueOf() : a.shadow;
      return [value, shadow];
    }
    return [value];
  });
  return run(...flat);
}
