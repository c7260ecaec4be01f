import {
  currentWorld,
  type KernelType,
  methodStack,
  parseType,
  printFunction,
  sourceOf,
  specialize,
} from '@gpuc/core';
import { CASES } from '../corpus/cases.js';
import { flatten } from '../src/derive/flatten.js';
import { adMethods } from '../src/plugin/device.js';
import { ruleMethods } from '../src/plugin/rules.js';

const c = CASES.find((x) => x.name === process.argv[2])!;
const env = { methods: methodStack([adMethods, ruleMethods]), scope: { ...c.scope }, world: currentWorld() };
const spec = specialize(
  sourceOf(c.fn as never),
  c.kind === 'scalar' ? c.domain.map(() => parseType('f64') as KernelType) : [],
  env,
);
console.log(printFunction(spec.fn));
console.log(printFunction(flatten(spec, () => false)));
