/**
 * `map`: a function of the kernel language applied element by element to arrays of one length
 * (scalars given to every element), into a new array of the type it returns.
 */
import type { FunctionInput } from '../frontend/infer.js';
import { parseType, type Type } from '../frontend/types.js';
import { describeInMessage, typeOfValue } from '../frontend/values.js';
import type { ArrayBackend } from './backend.js';
import { arrayElement, badInput, checkOptions, type ElementName, returnElement } from './element.js';
import { type MapInput, mapKernel } from './kernels.js';
import { opScope } from './scope.js';

/** Options of an array operation. */
export interface ArrayOptions {
  /** Names the function reads from outside, as a kernel's scope. */
  readonly scope?: Readonly<Record<string, unknown>>;
}

/** Options of `map`. */
export interface MapOptions<A> extends ArrayOptions {
  /** Where to write the result (an array of the inputs' length; values convert as stored). */
  readonly out?: A;
}

/** Whether the last of `map`'s arguments is its options: a plain object. */
export function isOptions(value: unknown): value is MapOptions<unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Runs `map` on a back-end: `inputs` are arrays and scalars, perhaps followed by options. */
export function mapOn<A>(backend: ArrayBackend<A>, fn: FunctionInput, inputs: readonly unknown[]): A {
  const last = inputs[inputs.length - 1];
  const options: MapOptions<A> = isOptions(last) ? (last as MapOptions<A>) : {};
  const values = isOptions(last) ? inputs.slice(0, -1) : inputs;
  checkOptions('map', values.length + 1, options, ['out', 'scope']);
  const kinds: MapInput[] = [];
  const types: Type[] = [];
  let length: number | undefined;
  values.forEach((value, i) => {
    const element = backend.elementOf(value) && arrayElement(backend, 'map', i + 1, `input ${i}`, value);
    if (element) {
      const n = backend.lengthOf(value as A);
      if (length !== undefined && n !== length)
        throw badInput(
          'map',
          i + 1,
          `input ${i}`,
          `it has ${n} elements where the first array has ${length}`,
        );
      length = n;
      kinds.push('array');
      types.push(parseType(element) as Type);
    } else {
      const type = typeOfValue(value);
      if (type?.kind !== 'scalar')
        throw badInput(
          'map',
          i + 1,
          `input ${i}`,
          `${describeInMessage(value)} is neither an array the ${backend.name} back-end takes nor a number`,
        );
      kinds.push('scalar');
      types.push(type);
    }
  });
  if (length === undefined) throw badInput('map', 1, 'inputs', 'map needs at least one array');
  const scope = opScope(fn as object, options.scope);
  const result = returnElement('map', scope.gpucOp as FunctionInput, types, scope);
  const element: ElementName = result === 'bool' ? 'u8' : result;
  const out = options.out ?? backend.alloc(element, length);
  if (options.out !== undefined) {
    arrayElement(backend, 'map', values.length + 1, 'out', out);
    if (backend.lengthOf(out) !== length)
      throw badInput(
        'map',
        values.length + 1,
        'out',
        `it has ${backend.lengthOf(out)} elements, not ${length}`,
      );
  }
  if (length > 0)
    backend.launch(mapKernel(kinds, result === 'bool'), { size: length, scope }, [out, length, ...values]);
  backend.finish?.();
  return out;
}
