/**
 * Device functions for the reference runner, seeing the names compiled device functions see:
 * those of the method tables (`defineDevice`) made from their source, and those of the scope
 * (in its records and tuples too) and of the arguments made again from their text. The compiler
 * has only a function's text and binds its free names to the kernel's scope, so a function run
 * as its own closure could read other values there (or none: `FACTOR is not defined`).
 */

import { globalMethods } from '../frontend/index.js';
import { lowerSource } from '../frontend/infer.js';
import type { KernelSource } from '../frontend/source.js';
import { voidType } from '../frontend/types.js';
import { typeOfValue } from '../frontend/values.js';
import { kernelCache } from '../support/cache-limits.js';
import { deviceFunctionText, functionExpressionText } from './collectives.js';
import { compileText } from './from-text.js';
import { kernelBindings, mapMembers } from './gpu.js';

type Names = Readonly<Record<string, unknown>>;
type AnyFunction = (...args: unknown[]) => unknown;

/**
 * The device functions of the global method table (`defineDevice`) whose names a text uses, as
 * JavaScript functions: each made from its source on its first call (seeing the table's device
 * functions and the scope in turn), and a name of several methods picking the one the
 * arguments' types select, as compiled calls do. `make` makes a method's function from its
 * source and the names it sees (the runner's generator versions make their own).
 */
export function deviceFunctions(
  text: string,
  scope: Names,
  make: (source: KernelSource, names: Names) => unknown = instantiate,
): Record<string, unknown> {
  const functions: Record<string, unknown> = {};
  for (const name of wordsOf(text)) {
    if (Object.hasOwn(functions, name) || !globalMethods.has(name)) continue;
    const made = new Map<KernelSource, AnyFunction>();
    functions[name] = (...args: unknown[]) => {
      const types = args.map((value) => typeOfValue(value) ?? voidType);
      const method = globalMethods.lookup(name, types);
      if (method?.implementation.kind !== 'source') throw new TypeError(`${name} takes no such arguments`);
      const own = method.implementation.source;
      let fn = made.get(own);
      if (!fn) {
        fn = make(own, { ...deviceFunctions(own.text, scope, make), ...scope }) as AnyFunction;
        made.set(own, fn);
      }
      return fn(...args);
    };
    dispatchers.add(functions[name] as AnyFunction);
  }
  return functions;
}

/** The words of texts (names, keywords), the latest few. */
const words = kernelCache<readonly string[]>();

/** The distinct words of a text, in order: the names it may use. */
function wordsOf(text: string): readonly string[] {
  let found = words().get(text);
  if (!found) {
    found = [...new Set(Array.from(text.matchAll(/[A-Za-z_$][\w$]*/g), ([word]) => word))];
    words().set(text, found);
  }
  return found;
}

/** The functions {@link deviceFunctions} makes. */
const dispatchers = new WeakSet<AnyFunction>();

/** Whether a value is a method table's name made a function by {@link deviceFunctions}. */
export const isMethodDispatch = (value: unknown): boolean =>
  typeof value === 'function' && dispatchers.has(value as AnyFunction);

/** Evaluates function text with `gpu`, the conversions and the scope's names bound. */
export function instantiate(source: KernelSource, scope: Names): unknown {
  const { names, values } = kernelBindings(source, scope);
  return compileText(names, `return (${functionExpressionText(source.text)});`)(...values);
}

/**
 * The names a kernel's text sees: the scope's, before them the method tables' device functions
 * it uses, and before those the scope's functions under their own names (`fn.name`), as the
 * compiler finds a helper a minifier renamed (`function o` passed as `{ square: o }`).
 */
export function kernelNames(text: string, scope: Names): Record<string, unknown> {
  const renamed = Object.values(scope).flatMap((value) =>
    typeof value === 'function' && /^[A-Za-z_$][\w$]*$/.test(value.name)
      ? [[value.name, value] as const]
      : [],
  );
  return { ...Object.fromEntries(renamed), ...deviceFunctions(text, scope), ...scope };
}

/**
 * Whether a function made again from its text with the kernel's names would find every name it
 * reads from outside (or JavaScript does: `Math`): not where it reads a name of its closure the
 * runner cannot bind (a plugin's host function a test runner renamed), or is no function the
 * compiler takes.
 */
export function findsItsNames(source: KernelSource, scope: Names): boolean {
  const outer = outerNames(source);
  return outer?.read.every(boundIn(source, scope)) ?? false;
}

/**
 * A name a function reads or calls from outside that neither the kernel's names nor JavaScript
 * binds; undefined where there is none, or the compiler takes no such function.
 */
export function unboundName(source: KernelSource, scope: Names): string | undefined {
  const outer = outerNames(source);
  const bound = boundIn(source, scope);
  return outer ? [...outer.read, ...outer.called].find((name) => !bound(name)) : undefined;
}

/** Whether a name is bound by the kernel's names or by JavaScript. */
function boundIn(source: KernelSource, scope: Names): (name: string) => boolean {
  const bound = new Set(kernelBindings(source, scope).names);
  return (name) => bound.has(name) || name in globalThis;
}

/** Whether a source reads any of the scope's names (in its default parameter values too). */
export function readsScopeNames(source: KernelSource, scope: Names): boolean {
  return outerNames(source)?.read.some((name) => Object.hasOwn(scope, name)) ?? false;
}

/** The names a source reads and calls from outside; null where the compiler takes no such function. */
interface OuterNames {
  readonly read: readonly string[];
  /** The names it calls (`f(x)`), the first of a path (`Math` of `Math.max(x)`). */
  readonly called: readonly string[];
}

const outerNamesOf = new WeakMap<KernelSource, OuterNames | null>();

/** The names a function reads or calls from outside it (in its default parameter values too). */
function outerNames(source: KernelSource): OuterNames | null {
  let names = outerNamesOf.get(source);
  if (names === undefined) {
    try {
      // Lowered as if called with no arguments, so that the names its defaults read are seen too.
      const insts = lowerSource(source, 0).blocks.flatMap((block) => [...block.phis, ...block.body]);
      names = {
        read: insts.flatMap((inst) => (inst.op === 'global' ? [inst.name] : [])),
        // A method call's name starts with its dot.
        called: insts.flatMap((inst) =>
          inst.op === 'call' && !inst.name.startsWith('.') ? [inst.name.split('.')[0] as string] : [],
        ),
      };
    } catch {
      names = null;
    }
    outerNamesOf.set(source, names);
  }
  return names;
}

/**
 * The scope and the arguments with each function in them (in records and tuples too) made
 * again from its text, all in one environment holding the kernel's names, bound once every
 * function is made, so that they may call one another; `rebound` says whether there was any.
 * Functions without text of their own (native or bound ones) are left as they are.
 */
export function scopeDeviceFunctions(
  source: KernelSource,
  scope: Names,
  args: readonly unknown[],
): { scope: Names; args: readonly unknown[]; rebound: boolean } {
  const originals = new Map<AnyFunction, string>();
  const collect = (value: unknown) =>
    mapMembers(value, (member) => {
      const text = typeof member === 'function' ? deviceFunctionText(member as AnyFunction) : undefined;
      if (text !== undefined) originals.set(member as AnyFunction, text);
      return member;
    });
  for (const value of [...Object.values(scope), ...args]) collect(value);
  if (originals.size === 0) return { scope, args, rebound: false };
  const texts = [...originals.values()];
  const allText = [source.text, ...texts].join('\n');
  // The names depend on the scope's keys only: bound to the new functions once they exist.
  const { names } = kernelBindings(source, kernelNames(allText, scope));
  const [made, bind] = compileText(
    [],
    `let ${names.join(', ')};\nreturn [[${texts.map((text) => `(${text})`).join(',\n')}], (values) => { [${names.join(', ')}] = values; }];`,
  )() as [AnyFunction[], (values: unknown[]) => void];
  const replaced = new Map([...originals.keys()].map((original, i) => [original, made[i] as AnyFunction]));
  for (const [original, fn] of replaced)
    if (fn.name !== original.name) Object.defineProperty(fn, 'name', { value: original.name });
  const rebind = (value: unknown) =>
    mapMembers(value, (member) => replaced.get(member as AnyFunction) ?? member);
  const bound = Object.fromEntries(Object.entries(scope).map(([name, value]) => [name, rebind(value)]));
  bind(kernelBindings(source, kernelNames(allText, bound)).values);
  return { scope: bound, args: args.map(rebind), rebound: true };
}
