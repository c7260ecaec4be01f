/**
 * Kernels with collectives, for the reference runner: where the kernel or a device function it
 * may call reaches a collective (the block barrier, warp shuffles and votes), the kernel and
 * every device function (of its scope, in records and tuples there or in the arguments, of the
 * method tables) are rewritten into generators. A collective becomes `yield { op, args }`, whose
 * value the runner sends back once the whole block has reached it; any other call runs the
 * generator it gives, if any, with `yield*`. The generators see `gpu` and the scope's names, as
 * compiled device functions do (and so do the others: device-functions.ts).
 */

import { parseSync } from 'oxc-parser';
import { importedNames } from '../frontend/imports.js';
import { memberName, unparenthesized } from '../frontend/keys.js';
import { depthOverflow, nestingOverflow } from '../frontend/nesting.js';
import { functionSpan, type Node } from '../frontend/parse.js';
import { KernelSource } from '../frontend/source.js';
import { typeOfValue } from '../frontend/values.js';
import { kernelCache } from '../support/cache-limits.js';
import { deviceFunctions, isMethodDispatch } from './device-functions.js';
import { compileText, recordOrigin } from './from-text.js';
import { COLLECTIVES, kernelBindings, mapMembers } from './gpu.js';

/** What a generator yields at a collective. */
export type Collective = { op: string; args: unknown[] };
export type KernelGenerator = (...args: unknown[]) => Generator<Collective, unknown, unknown>;

/** A change to a function's text; ties at one position apply inner changes first. */
interface Edit {
  start: number;
  end: number;
  text: string;
  depth: number;
}

interface Parsed {
  /** The text parsed (a method's text gets a `function` in front). */
  readonly text: string;
  readonly fn: Node;
  /** The names its parameters bind (those of their patterns too). */
  readonly params: ReadonlySet<string>;
}

/** Parsed texts, kept while the runner is likely to run them again (undefined: not a function). */
const parsedTexts = kernelCache<{ parsed: Parsed | undefined }>();

/** The outermost function of a function's text (declaration, expression, arrow or method). */
function parseFunctionText(text: string): Parsed | undefined {
  let found = parsedTexts().get(text);
  if (!found) {
    found = { parsed: parseFunctionTextOnce(text) };
    parsedTexts().set(text, found);
  }
  return found.parsed;
}

function parseFunctionTextOnce(text: string): Parsed | undefined {
  // Too deep for the parser and the walks here; the compiler refuses such functions.
  if (nestingOverflow(text) !== undefined) return undefined;
  const method = methodAsFunction(text);
  for (const candidate of [text, `function ${text}`, method?.text]) {
    if (candidate === undefined) continue;
    // The line break ends a line comment after the function (`} // done`), which would
    // otherwise take the closing parenthesis with it.
    const { program, errors } = parseSync('device.js', `(${candidate}\n)`, { lang: 'ts' });
    if (errors.length > 0) continue;
    const start = candidate === method?.text ? method.start : 0;
    recordOrigin(candidate, text, (offset) => Math.max(0, offset - FUNCTION.length) + start);
    let expression = (program.body[0] as Node | undefined)?.expression as Node | undefined;
    if (expression?.type === 'ParenthesizedExpression') expression = expression.expression as Node;
    if (
      expression &&
      (expression.type === 'FunctionExpression' || expression.type === 'ArrowFunctionExpression')
    )
      return depthOverflow(expression)
        ? undefined
        : {
            // Up to the function's end (offsets count the opening parenthesis): the text is
            // wrapped in more code, where what follows the function must not go.
            text: candidate.slice(0, expression.end - 1),
            fn: expression,
            params: new Set((expression.params as Node[]).flatMap(boundNames)),
          };
  }
  // Text holding more than the function (a `#!` line, declarations after it): the function the
  // compiler takes from it, the first.
  const span = kernelSpan(text);
  if (!span || (span.start === 0 && span.end === text.length)) return undefined;
  const own = text.slice(span.start, span.end);
  recordOrigin(own, text, (offset) => offset + span.start);
  return parseFunctionText(own);
}

/** Where the compiler's kernel lies in a text; undefined where it takes none. */
function kernelSpan(text: string): { start: number; end: number } | undefined {
  try {
    return functionSpan(new KernelSource(text, 'kernel.ts'));
  } catch {
    return undefined;
  }
}

/** The names a parameter or a pattern binds. */
function boundNames(pattern: Node | null): string[] {
  switch (pattern?.type) {
    case 'Identifier':
      return [pattern.name as string];
    case 'AssignmentPattern':
      return boundNames(pattern.left as Node);
    case 'RestElement':
      return boundNames(pattern.argument as Node);
    case 'ArrayPattern':
      return (pattern.elements as (Node | null)[]).flatMap(boundNames);
    case 'ObjectPattern':
      return (pattern.properties as Node[]).flatMap((p) =>
        boundNames(p.type === 'RestElement' ? p : (p.value as Node)),
      );
    default:
      return [];
  }
}

const ARGUMENTS = '__gpucArguments';

/** Functions with their parameters bound in their bodies, by the function as parsed. */
const inBody = new WeakMap<Parsed, Parsed>();

/**
 * A function whose parameters are not all plain names as one taking its arguments as a list and
 * binding its parameters from it first thing in its body, in the order JavaScript binds them:
 * a generator's parameters cannot yield, and a default may reach a collective (`w =
 * gpu.shuffleXor(v, 1)`). The body keeps a block of its own, as its declarations have a scope
 * of their own: a default reads the scope's `K` even where the body declares another `K`.
 */
function parametersInBody(parsed: Parsed): Parsed {
  const { text: raw, fn } = parsed;
  const params = fn.params as Node[];
  if (params.every((p) => p.type === 'Identifier')) return parsed;
  let made = inBody.get(parsed);
  if (made) return made;
  // Offsets are those of the text parsed in parentheses.
  const text = `(${raw})`;
  const slice = (node: Node) => text.slice(node.start, node.end);
  const body = fn.body as Node;
  const statements =
    body.type === 'BlockStatement' ? text.slice(body.start + 1, body.end - 1) : `return (${slice(body)});`;
  const id = fn.id as Node | null | undefined;
  const head = `function ${id ? slice(id) : ''}(...${ARGUMENTS}) {
let [${params.map(slice).join(', ')}] = ${ARGUMENTS};
{`;
  const moved = `${head}${statements}
}
}`;
  // The statements moved as they were; the parameters' line stands for the function's start.
  const from = body.type === 'BlockStatement' ? body.start + 1 : body.start - 'return ('.length;
  recordOrigin(moved, raw, (offset) => Math.max(0, offset - head.length + from - 1));
  const { program } = parseSync('device.js', `(${moved})`, { lang: 'ts' });
  const expression = (program.body[0] as Node).expression as Node;
  made = {
    text: moved,
    fn: expression.type === 'ParenthesizedExpression' ? (expression.expression as Node) : expression,
    params: parsed.params,
  };
  inBody.set(parsed, made);
  return made;
}

/**
 * A function's text as a function expression JavaScript can evaluate: itself, or for a method
 * shorthand (`scale(x) {...}`, `'a-b'(x) {...}`) a function of its parameters and body.
 */
const FUNCTION = 'function ';

export function functionExpressionText(text: string): string {
  return parseFunctionText(text)?.text ?? text;
}

/**
 * The text of a function the compiler compiles as a device function, as a function expression
 * JavaScript can evaluate; undefined for other functions: gpuc's own (the conversions, a
 * plugin's host functions), typed-array constructors, and those without text (native, bound).
 */
export function deviceFunctionText(fn: (...args: never[]) => unknown): string | undefined {
  const type = typeOfValue(fn);
  if (type?.kind !== 'function' || type.id === 0) return undefined;
  return parseFunctionText(Function.prototype.toString.call(fn))?.text;
}

/**
 * A method whose key is no plain name (`'a-b'(x) {...}`, `['k'](x) {...}`, `get g() {...}`) as
 * the function expression of its parameters and body, or undefined for other text.
 */
function methodAsFunction(text: string): { text: string; start: number } | undefined {
  const { program, errors } = parseSync('device.js', `({${text}\n})`, { lang: 'ts' });
  if (errors.length > 0) return undefined;
  let object = (program.body[0] as Node | undefined)?.expression as Node | undefined;
  if (object?.type === 'ParenthesizedExpression') object = object.expression as Node;
  const value = (object?.properties as Node[] | undefined)?.[0]?.value as Node | undefined;
  if (value?.type !== 'FunctionExpression') return undefined;
  // The value spans the parameters and the body; `({` shifted it by two.
  return { text: `${FUNCTION}${text.slice(value.start - 2, value.end - 2)}`, start: value.start - 2 };
}

/** The calls in a function's body, with their depth there; `visit` returning false stops the walk. */
function calls(fn: Node, visit: (call: Node, depth: number) => boolean): void {
  const walk = (value: unknown, depth: number): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item, depth);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const node = value as Node;
    if (node.type === 'CallExpression' && !visit(node, depth)) return;
    for (const key of Object.keys(node)) if (key !== 'start' && key !== 'end') walk(node[key], depth + 1);
  };
  walk(fn.body, 1);
}

/** The names of `gpu` in the kernel's file: its own, and those it imports it as. */
type GpuNames = ReadonlySet<string>;

/** The member of `gpu` a call calls (`gpu.barrier()`, `gpu['barrier']()`, under one of gpu's names), if any. */
const gpuMember = (call: Node, gpuNames: GpuNames): string | undefined => {
  const callee = unparenthesized(call.callee as Node);
  const object = callee.object as Node | undefined;
  return object?.type === 'Identifier' && gpuNames.has(object.name as string)
    ? memberName(callee)
    : undefined;
};

/**
 * The callee of a call of `gpu` by a key only known as it runs (`gpu[op]()`, `op` a const or a
 * string of the scope), which may be a collective: the generator asks {@link KEYED} then.
 */
const keyedGpuCallee = (call: Node, gpuNames: GpuNames): Node | undefined => {
  const callee = unparenthesized(call.callee as Node);
  const object = callee.object as Node | undefined;
  return object?.type === 'Identifier' &&
    gpuNames.has(object.name as string) &&
    callee.computed === true &&
    memberName(callee) === undefined
    ? callee
    : undefined;
};

const collectiveName = (call: Node, gpuNames: GpuNames): string | undefined => {
  const name = gpuMember(call, gpuNames);
  return name !== undefined && COLLECTIVES.has(name) ? name : undefined;
};

/** Whether a call is `gpu.sharedArray(...)` (under one of gpu's names). */
const isSharedArray = (call: Node, gpuNames: GpuNames): boolean =>
  gpuMember(call, gpuNames) === 'sharedArray';

/**
 * What a call becomes in a generator: the function called may be a rewritten device function
 * (its call gives a generator, run with `yield*`: of the scope, of a record or tuple there, passed
 * as an argument or found in a local) or any other.
 */
const THROUGH = '__gpucThrough';
const KEYED = '__gpucKeyed';
const THROUGH_DEFINITION = `const ${THROUGH} = function* (result) {
  return Object.prototype.toString.call(result) === '[object Generator]' ? yield* result : result;
};
const ${KEYED} = function* (object, key, args, site) {
  const name = String(key);
  if (${JSON.stringify([...COLLECTIVES])}.includes(name)) return yield { op: name, args };
  return name === 'sharedArray' && args.length > 0 ? object[key](...args, site) : object[key](...args);
};`;

/** The name a callee is rooted at (`ops` for `ops.f` and `ops.pair[1]`), if any. */
function calleeRoot(callee: Node): string | undefined {
  let node = callee;
  while (node.type === 'MemberExpression') node = node.object as Node;
  return node.type === 'Identifier' ? (node.name as string) : undefined;
}

/**
 * The generator version of a parsed function: its calls (but of `gpu`'s other members) run any
 * generator they give with `yield*`. Its `gpu.sharedArray` calls pass their place (`site`, then
 * the call's offset) as a third argument, so that the runner knows the call site without asking
 * for the stack.
 */
function generatorText(parsed: Parsed, gpuNames: GpuNames, site: string): string {
  const key = `${[...gpuNames].join(',')}\n${site}`;
  let known = generatorTexts.get(parsed);
  if (!known) {
    known = new Map();
    generatorTexts.set(parsed, known);
  }
  let made = known.get(key);
  if (made === undefined) {
    made = generatorTextOnce(parsed, gpuNames, site);
    known.set(key, made);
  }
  return made;
}

/** Generator versions made, by function and by the names of `gpu` and the site they were made for. */
const generatorTexts = new WeakMap<Parsed, Map<string, string>>();

function generatorTextOnce({ text: raw, fn }: Parsed, gpuNames: GpuNames, site: string): string {
  const text = `(${raw})`;
  const slice = (node: Node) => text.slice(node.start, node.end);
  const edits: Edit[] = [];
  calls(fn, (call, depth) => {
    const args = call.arguments as Node[];
    const last = args.at(-1);
    if (isSharedArray(call, gpuNames) && last) {
      const key = JSON.stringify(`${site}@${call.start}`);
      edits.push({ start: last.end, end: last.end, text: `, ${key}`, depth });
      return true;
    }
    const op = collectiveName(call, gpuNames);
    if (op) {
      // The arguments stay where they are, so that collectives among them (a matrix product
      // of loads) are rewritten too.
      edits.push({
        start: call.start,
        end: args[0]?.start ?? call.end - 1,
        text: `(yield { op: ${JSON.stringify(op)}, args: [`,
        depth,
      });
      edits.push({ start: call.end - 1, end: call.end, text: '] })', depth: -depth });
      return true;
    }
    const keyed = keyedGpuCallee(call, gpuNames);
    if (keyed) {
      // `gpu[key](a)` becomes `yield* __gpucKeyed(gpu, key, [a], site)`, the key and arguments
      // left in place (rewritten too).
      const [object, key] = [keyed.object as Node, keyed.property as Node];
      const place = JSON.stringify(`${site}@${call.start}`);
      edits.push({ start: call.start, end: object.start, text: `(yield* ${KEYED}(`, depth });
      edits.push({ start: object.end, end: key.start, text: ', ', depth: -depth });
      edits.push({ start: key.end, end: args[0]?.start ?? call.end - 1, text: ', [', depth: -depth });
      edits.push({ start: call.end - 1, end: call.end, text: `], ${place}))`, depth: -depth });
      return true;
    }
    if (!gpuNames.has(calleeRoot(call.callee as Node) ?? '')) {
      edits.push({ start: call.start, end: call.start, text: `(yield* ${THROUGH}(`, depth });
      edits.push({ start: call.end, end: call.end, text: '))', depth: -depth });
    }
    return true;
  });
  const body = fn.body as Node;
  if (fn.type === 'ArrowFunctionExpression') {
    const list = (fn.params as Node[]).map(slice).join(', ');
    edits.push({ start: fn.start, end: body.start, text: `function* (${list}) `, depth: 0 });
    if (body.type !== 'BlockStatement') {
      edits.push({ start: body.start, end: body.start, text: '{ return (', depth: 0 });
      // The outermost closing: applied first, so that it ends up after the calls' closings there.
      edits.push({ start: body.end, end: body.end, text: '); }', depth: 0 });
    }
  } else if (!fn.generator) {
    edits.push({ start: fn.start, end: fn.start + 'function'.length, text: 'function*', depth: 0 });
  }
  // Right to left; at one position, inner openings before outer ones and outer closings first,
  // so that the later (outer) one ends up outside.
  edits.sort((a, b) => b.start - a.start || b.depth - a.depth);
  let result = text;
  for (const edit of edits) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  const made = result.slice(1, -1);
  recordOrigin(made, raw, (offset) => unedited(edits, offset + 1) - 1);
  return made;
}

/** The offset in the text before `edits` of offset `at` in the text after them (an edit's own text: its start). */
function unedited(edits: readonly Edit[], at: number): number {
  let shift = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    if (at < edit.start + shift) break;
    if (at < edit.start + shift + edit.text.length) return edit.start;
    shift += edit.text.length - (edit.end - edit.start);
  }
  return at - shift;
}

/** What {@link callsCollective} found, by function and by the names of `gpu` it was asked for. */
const callingCollectives = new WeakMap<Parsed, Map<string, boolean>>();

/** Whether a parsed function calls a collective itself. */
function callsCollective(parsed: Parsed, gpuNames: GpuNames): boolean {
  const key = [...gpuNames].join(',');
  let known = callingCollectives.get(parsed);
  if (!known) {
    known = new Map();
    callingCollectives.set(parsed, known);
  }
  let found = known.get(key);
  if (found === undefined) {
    found = false;
    calls(parsed.fn, (call) => {
      if (collectiveName(call, gpuNames) || keyedGpuCallee(call, gpuNames)) found = true;
      return !found;
    });
    known.set(key, found);
  }
  return found;
}

type AnyFunction = (...args: unknown[]) => unknown;

/** The kernel as a generator, with the arguments it is to be called with. */
export interface CollectiveKernel {
  readonly kernel: KernelGenerator;
  readonly args: readonly unknown[];
}

/**
 * The kernel as a generator yielding at its collectives, and at those of every device function
 * it may call (of its scope, in records and tuples there or in the arguments, of the method
 * tables), each a generator too and put in their places; or null where none of them calls a
 * collective. Where any does, every device function is a generator, as a function value may
 * reach one by any way a kernel may hold it (a parameter, a member, a local).
 */
export function collectiveVersion(
  source: KernelSource,
  scope: Readonly<Record<string, unknown>>,
  args: readonly unknown[],
): CollectiveKernel | null {
  const parsed = parseFunctionText(source.text);
  if (!parsed) throw new Error(`gpuc: the reference runner cannot parse ${source.file}`);
  const kernel = parametersInBody(parsed);
  const gpuNames = gpuNamesOf(source);
  // The device functions the kernel may reach, with their text.
  const devices = new Map<AnyFunction, Parsed>();
  const gather = (value: unknown) =>
    mapMembers(value, (member) => {
      if (typeof member !== 'function' || isMethodDispatch(member) || devices.has(member as AnyFunction))
        return member;
      const text = deviceFunctionText(member as AnyFunction);
      const device = text === undefined ? undefined : parseFunctionText(text);
      if (device) devices.set(member as AnyFunction, parametersInBody(device));
      return member;
    });
  for (const value of [...Object.values(scope), ...args]) gather(value);
  // The names the generators see: the scope's, and the method tables' functions any of them
  // uses (each a generator too: `methodGenerator`).
  const allText = [source.text, ...[...devices.values()].map((device) => device.text)].join('\n');
  const plain = Object.fromEntries(Object.entries(scope).filter(([, value]) => !isMethodDispatch(value)));
  const seen = (values: Readonly<Record<string, unknown>>) => ({
    ...deviceFunctions(allText, values, methodGenerator),
    ...values,
  });
  // A method table's function is found by the arguments' types at the call: it may reach one.
  if (
    !Object.values(seen(plain)).some(isMethodDispatch) &&
    !callsCollective(kernel, gpuNames) &&
    ![...devices.values()].some((device) => callsCollective(device, gpuNames))
  )
    return null;
  const originals = [...devices.keys()];
  const texts = originals.map((fn, i) => generatorText(devices.get(fn) as Parsed, gpuNames, `function ${i}`));
  // Bound once every generator exists, so that they may call one another.
  const { names } = kernelBindings(source, seen(plain));
  const [generators, run, bind] = compileText(
    [],
    `${THROUGH_DEFINITION}
let ${names.join(', ')};
return [[${texts.map((text) => `(${text})`).join(',\n')}],
(${generatorText(kernel, gpuNames, 'kernel')}),
(values) => { [${names.join(', ')}] = values; }];`,
  )() as [AnyFunction[], KernelGenerator, (values: unknown[]) => void];
  const replaced = new Map(originals.map((fn, i) => [fn, generators[i] as AnyFunction]));
  const replace = (value: unknown) =>
    mapMembers(value, (member) => replaced.get(member as AnyFunction) ?? member);
  const inWorld = Object.fromEntries(Object.entries(plain).map(([name, value]) => [name, replace(value)]));
  bind(kernelBindings(source, seen(inWorld)).values);
  return { kernel: run, args: args.map(replace) };
}

/** The names of `gpu` in a source's file: its own, and those it imports it as. */
function gpuNamesOf(source: KernelSource): GpuNames {
  const names = new Set(['gpu']);
  for (const [local, name] of importedNames(source)) if (name === 'gpu') names.add(local);
  return names;
}

/** A number for each method table function, naming its calls of `gpu.sharedArray` apart. */
const methodSites = new WeakMap<KernelSource, number>();
let nextMethodSite = 0;

/** The generator version of a method table's device function, seeing `names`. */
function methodGenerator(own: KernelSource, names: Readonly<Record<string, unknown>>): unknown {
  const device = parseFunctionText(own.text);
  if (!device) throw new Error(`gpuc: the reference runner cannot parse ${own.file}`);
  let site = methodSites.get(own);
  if (site === undefined) {
    site = nextMethodSite++;
    methodSites.set(own, site);
  }
  const bindings = kernelBindings(own, names);
  return compileText(
    bindings.names,
    `${THROUGH_DEFINITION}\nreturn (${generatorText(parametersInBody(device), gpuNamesOf(own), `method ${site}`)});`,
  )(...bindings.values);
}
