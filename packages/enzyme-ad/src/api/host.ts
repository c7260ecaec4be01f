/**
 * `autodiff` and `gradient` on the host. In a kernel the reference runner runs, `autodiff`
 * evaluates the derivative as JavaScript; anywhere else it compiles the function's derivative
 * for the native target (once per function, argument types and activities) and runs it.
 */

import { compileNative, createCompiler, referenceScope } from '@gpuc/core';
import {
  type Compiler,
  currentWorld,
  deviceAlias,
  f64Type,
  isFloat,
  methodStack,
  sourceFromText,
  sourceOf,
  specialize,
  TypedScalar,
  typeOfValue,
} from '@gpuc/core/compiler';
import { type KernelType, parseType } from '@gpuc/core/host';
import { adMethods } from '../plugin/device.js';
import { EnzymePlugin } from '../plugin/plugin.js';
import { ruleMethods } from '../plugin/rules.js';
import { evaluateAutodiff } from '../reference/evaluate.js';
import {
  Active,
  type Annotated,
  Const,
  Duplicated,
  isAnnotated,
  isMode,
  type ModeValue,
  Reverse,
  type Scalar,
  type ShadowArray,
} from './activity.js';

/** Options of host calls, given after the annotated arguments. */
export interface HostOptions {
  /** Host values the function reads by name. */
  readonly scope?: Readonly<Record<string, unknown>>;
  /** Entries per reverse-mode tape (default 256): loops with more iterations need more. */
  readonly tapeCapacity?: number;
  /**
   * Iterations per checkpoint of a loop the data ends (the `adCheckpoint` param): the tape then
   * holds a checkpoint per chunk and one chunk. 0, the default, tapes every iteration.
   */
  readonly checkpoint?: number;
}

type DeviceFunction = (...args: never[]) => unknown;

let hostCompiler: Compiler | undefined;

/**
 * Differentiates `f` at the annotated arguments. Reverse mode returns the derivatives of the
 * Active arguments, in order (undefined when there are none), and adds the derivatives of
 * Duplicated arrays into their shadows; forward mode returns the tangent of f's result.
 *
 * @example
 * ```ts
 * const f = (x: number, y: number) => x * x * y;
 * autodiff(Reverse, f, Active(3), Active(2)); // [12, 9]
 * autodiff(Forward, f, Duplicated(3, 1), Const(2)); // 12
 * ```
 */
export function autodiff(
  mode: ModeValue,
  f: DeviceFunction,
  ...args: (Annotated | HostOptions)[]
): number[] | number | undefined {
  if (!isMode(mode)) throw new TypeError('gpuc: autodiff takes a mode first: Reverse or Forward');
  if (typeof f !== 'function') throw new TypeError('gpuc: autodiff differentiates a function');
  const last = args[args.length - 1];
  const options = isOptions(last) ? last : {};
  const annotated = (options === last ? args.slice(0, -1) : args) as Annotated[];
  annotated.forEach((a, i) => {
    if (!isAnnotated(a))
      throw new TypeError(
        `gpuc: argument ${i + 3} of autodiff must be annotated: Active(x), Duplicated(x, dx), DuplicatedNoNeed(x, dx) or Const(x)`,
      );
  });
  sharedShadows(annotated);
  const scope = referenceScope();
  if (scope !== undefined) {
    const result = evaluateAutodiff(mode.mode, f, annotated, scope);
    return result as number[] | number | undefined;
  }
  return native(mode, f, annotated, options);
}

deviceAlias(autodiff, 'autodiff');

/**
 * Refuses a shadow that shares memory with an array argument f reads or writes: derivatives
 * are compiled on the promise that it does not (their reads of f's arrays pass the additions
 * into shadows).
 */
function sharedShadows(annotated: readonly Annotated[]): void {
  const buffers = annotated.map((a) => (ArrayBuffer.isView(a.value) ? a.value.buffer : undefined));
  annotated.forEach((a, i) => {
    if (!('shadow' in a) || !ArrayBuffer.isView(a.shadow)) return;
    const j = buffers.indexOf(a.shadow.buffer);
    if (j >= 0)
      throw new RangeError(
        `gpuc: the shadow of argument ${i + 3} of autodiff shares memory with argument ${j + 3}`,
      );
  });
}

const OPTIONS = new Set(['scope', 'tapeCapacity', 'checkpoint']);

/** Options are a plain object of options' names only, last among the arguments. */
function isOptions(value: unknown): value is HostOptions {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype &&
    Object.keys(value).every((key) => OPTIONS.has(key))
  );
}

/**
 * The gradient of `f` at `args`, on the host: each number is Active, each typed array
 * Duplicated (with a fresh shadow), anything else Const. Returns one entry per argument: the
 * derivative of a number, the gradient array of an array, undefined for the rest.
 *
 * @example
 * ```ts
 * gradient((x: number, y: number) => x * Math.sin(y), 2, 0); // [0, 2]
 * gradient((v: Float64Array, n: number) => { let s = 0; for (let i = 0; i < n; i++) s += v[i] * v[i]; return s; },
 *   Float64Array.of(1, 2), 2); // [Float64Array [2, 4], undefined]
 * ```
 */
export function gradient(f: DeviceFunction, ...args: unknown[]): (number | ShadowArray | undefined)[] {
  const last = args[args.length - 1];
  const options = isOptions(last) ? last : undefined;
  const values = options ? args.slice(0, -1) : args;
  const shadows = new Map<number, ShadowArray>();
  const annotated = values.map((value, i) => {
    if (typeof value === 'number' || value instanceof TypedScalar) return Active(value as Scalar);
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const array = value as ShadowArray;
      const shadow = new (array.constructor as new (n: number) => ShadowArray)(array.length);
      shadows.set(i, shadow);
      return Duplicated(array, shadow);
    }
    return Const(value);
  });
  const actives = (autodiff(Reverse, f, ...annotated, ...(options ? [options] : [])) ?? []) as number[];
  let next = 0;
  return values.map((_, i) => {
    const a = annotated[i] as Annotated;
    if (a.activity === 'active') return actives[next++];
    return shadows.get(i);
  });
}

const wrappers = new WeakMap<DeviceFunction, WeakMap<object, Readonly<Record<string, unknown>>>>();
const NO_SCOPE = Object.freeze({});

/** The scope of a host call's wrapper kernel: the caller's, with the function added. */
function wrapperScope(f: DeviceFunction, scope: Readonly<Record<string, unknown>>) {
  let byScope = wrappers.get(f);
  if (!byScope) {
    byScope = new WeakMap();
    wrappers.set(f, byScope);
  }
  let wrapped = byScope.get(scope);
  if (!wrapped) {
    wrapped = Object.freeze({ ...scope, gpuc$differentiated: f });
    byScope.set(scope, wrapped);
  }
  return wrapped;
}

/** Compiles a one-thread kernel calling autodiff for the host, and runs it. */
function native(
  mode: ModeValue,
  f: DeviceFunction,
  annotated: readonly Annotated[],
  options: HostOptions,
): number[] | number | undefined {
  const names: string[] = [];
  const types: KernelType[] = [parseType('f64[]') as KernelType];
  const values: unknown[] = [];
  const calls = annotated.map((a, i) => {
    const type = a.activity !== 'const' && typeof a.value === 'number' ? f64Type : typeOfValue(a.value);
    if (!type) throw new TypeError(`gpuc: autodiff cannot pass argument ${i + 3} to a kernel`);
    names.push(`a${i}`);
    types.push(type);
    values.push(a.value);
    switch (a.activity) {
      case 'active':
        return `Active(a${i})`;
      case 'const':
        return `Const(a${i})`;
      default:
        names.push(`s${i}`);
        types.push(type);
        values.push(a.shadow);
        return `${a.activity === 'duplicated' ? 'Duplicated' : 'DuplicatedNoNeed'}(a${i}, s${i})`;
    }
  });
  const actives = annotated.filter((a) => a.activity === 'active').length;
  const scope = wrapperScope(f, options.scope ?? NO_SCOPE);
  const call = `autodiff(${mode.mode === 'reverse' ? 'Reverse' : 'Forward'}, gpuc$differentiated, ${calls.join(', ')})`;
  // Forward mode returns a tangent only when f returns a number.
  const primalTypes = annotated.map((_, i) => types[1 + names.indexOf(`a${i}`)] as KernelType);
  const tangent = mode.mode === 'forward' && isFloat(returnType(f, primalTypes, scope));
  const store =
    mode.mode === 'reverse'
      ? actives > 0
        ? `const d = ${call};\n${Array.from({ length: actives }, (_, k) => `  out[${k}] = d[${k}];`).join('\n')}`
        : `${call};`
      : tangent
        ? `out[0] = ${call};`
        : `${call};`;
  const text = `function autodiffOnHost(out, ${names.join(', ')}) {\n  ${store}\n}`;
  hostCompiler ??= createCompiler().use(new EnzymePlugin());
  const kernel = compileNative(sourceFromText(text, 'autodiff-on-host.js'), types, {
    scope,
    compiler: hostCompiler,
    // An index out of range in f (or its shadow's) would write outside a buffer of this
    // process: on the host it is a DeviceError instead.
    config: { boundsCheck: true },
    params: {
      adAtomic: false,
      ...(options.tapeCapacity !== undefined ? { adTapeCapacity: options.tapeCapacity } : {}),
      ...(options.checkpoint !== undefined ? { adCheckpoint: options.checkpoint } : {}),
    },
  });
  const out = new Float64Array(Math.max(1, actives));
  kernel.launch(1, 1, [out, ...values], 1);
  if (mode.mode === 'forward') return tangent ? out[0] : undefined;
  return actives > 0 ? Array.from(out) : undefined;
}

/** What `f` returns for argument types (inferred as kernels infer it). */
function returnType(
  f: DeviceFunction,
  argTypes: readonly KernelType[],
  scope: Readonly<Record<string, unknown>>,
): KernelType {
  const env = { methods: methodStack([adMethods, ruleMethods]), scope, world: currentWorld() };
  return specialize(sourceOf(f), argTypes, env).returnType;
}
