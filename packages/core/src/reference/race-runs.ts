/**
 * Launches checked for data races (races.ts): the arguments' arrays wrapped to record their
 * accesses, a race found run again from the arguments' first contents to take the stacks of its
 * two accesses, and the race reported as a {@link DataRaceError} naming the kernel, the array,
 * the element, both threads and both places in the source.
 */
import { parseSync } from 'oxc-parser';
import type { SourceLocation } from '../frontend/errors.js';
import { lowerSource, sourceOf } from '../frontend/infer.js';
import type { Node } from '../frontend/parse.js';
import type { KernelSource } from '../frontend/source.js';
import { ArrayView } from '../frontend/values.js';
import { originOf } from './from-text.js';
import type { ThreadState } from './gpu.js';
import { mapMembers } from './gpu.js';
import { KernelError } from './kernel-error.js';
import { RaceCheck, RaceFound, type RacingAccess, type Site } from './races.js';

/** Two threads of a launch touched an element, one writing, with nothing ordering them. */
export class DataRaceError extends KernelError {
  override name = 'DataRaceError';
  readonly code = 'data-race';

  constructor(
    readonly kernel: string,
    readonly array: string,
    readonly index: number,
    readonly first: RacingAccess,
    readonly second: RacingAccess,
  ) {
    const side = (a: RacingAccess) =>
      `${a.kind === 'read' ? 'read' : a.kind === 'write' ? 'written' : `updated atomically${a.atomic ? ` (gpu.${a.atomic})` : ''}`} by block ${a.blockIdx.join(',')} thread ${a.threadIdx.join(',')}${a.at ? ` at ${a.at.file}:${a.at.line}:${a.at.column}` : ''}`;
    const atomics =
      first.kind === 'atomic' && second.kind === 'atomic' ? ', two atomics whose order changes it,' : '';
    super(
      `data race in kernel ${kernel}: element ${index} of ${array} ${side(first)}, then ${side(second)}${atomics} with no barrier or atomic ordering them (the result depends on the GPU's schedule)`,
      second.blockIdx,
      second.threadIdx,
    );
  }
}

/** Whether a value is an array whose elements the kernel indexes (a typed array or a face of one). */
const isElements = (value: unknown): value is object =>
  typeof value === 'object' &&
  value !== null &&
  typeof Reflect.get(value, 'BYTES_PER_ELEMENT') === 'number' &&
  typeof Reflect.get(value, 'length') === 'number' &&
  Reflect.get(value, 'buffer') !== undefined;

/** The arguments with each array (in records, tuples and views too) recording its accesses. */
export function trackedArguments(
  races: RaceCheck,
  values: readonly unknown[],
  names: readonly string[],
): unknown[] {
  // A record or tuple holding itself is left as it is there, as `mapMembers` leaves it.
  const wrap = (value: unknown, path: string, within: readonly object[] = []): unknown => {
    if (isElements(value)) return races.wrap(value, () => `parameter ${path}`);
    if (value instanceof ArrayView) return new ArrayView(wrap(value.data, path) as never, value.shape);
    if (typeof value !== 'object' || value === null || within.includes(value)) return value;
    const inner = [...within, value];
    if (Array.isArray(value)) {
      const items = value.map((item, i) => wrap(item, `${path}[${i}]`, inner));
      return items.some((item, i) => item !== value[i]) ? items : value;
    }
    if (Object.getPrototypeOf(value) === Object.prototype) {
      const entries = Object.entries(value).map(
        ([key, field]) => [key, wrap(field, `${path}.${key}`, inner)] as const,
      );
      return entries.some(([key, field]) => field !== (value as Record<string, unknown>)[key])
        ? Object.fromEntries(entries)
        : value;
    }
    return value;
  };
  return values.map((value, i) => wrap(value, names[i] ?? `#${i}`));
}

/** What a launch's race report needs to know of it. */
interface Launch {
  readonly name: string;
  readonly source: KernelSource;
  readonly scope: Readonly<Record<string, unknown>>;
  readonly args: readonly unknown[];
}

/** The buffers under the arrays in values (in records and tuples too). */
function buffersOf(values: readonly unknown[]): Set<ArrayBufferLike> {
  const buffers = new Set<ArrayBufferLike>();
  for (const value of values)
    mapMembers(value, (member) => {
      const array = member instanceof ArrayView ? member.data : member;
      if (isElements(array)) buffers.add(Reflect.get(array, 'buffer') as ArrayBufferLike);
      return member;
    });
  return buffers;
}

/**
 * Runs a launch (`run`) checking races. A race found, the arguments' contents are put back and the
 * launch runs again, taking the stacks of the two accesses (the same ones: the run is the same),
 * and the race is thrown with their places.
 */
export function checkingRaces(
  run: (races: RaceCheck) => void,
  values: readonly unknown[],
  launch: Launch,
): void {
  const buffers = buffersOf(values);
  const before = new Map([...buffers].map((buffer) => [buffer, buffer.slice(0)]));
  let found: RaceFound;
  try {
    checked(run, new RaceCheck());
    return;
  } catch (error) {
    if (!(error instanceof RaceFound)) throw error;
    found = error;
  }
  for (const [buffer, copy] of before) new Uint8Array(buffer).set(new Uint8Array(copy));
  const again = new RaceCheck(new Set([found.first.serial, found.second.serial]));
  const locate = locator(launch);
  again.describeShared = (site) => sharedName(site, locate);
  try {
    checked(run, again);
  } catch (error) {
    if (!(error instanceof RaceFound)) throw error;
    if (error.first.serial === found.first.serial && error.second.serial === found.second.serial)
      found = error;
  }
  const side = (access: RaceFound['first']): RacingAccess => {
    const site = found.sites.get(access.serial);
    const placed = site && locate(site);
    const at = placed && { file: placed.file, line: placed.line, column: placed.column };
    return {
      kind: access.kind,
      ...(access.swap ? { atomic: 'atomicCAS' } : access.update ? { atomic: access.update.name } : {}),
      blockIdx: triple(access.thread.blockIdx),
      threadIdx: triple(access.thread.threadIdx),
      ...(at ? { at } : {}),
    };
  };
  throw new DataRaceError(
    functionName(launch),
    found.array,
    found.index,
    side(found.first),
    side(found.second),
  );
}

/** A run, then the races only its end shows (compare-and-swaps that lost and were not tried again). */
function checked(run: (races: RaceCheck) => void, races: RaceCheck): void {
  run(races);
  races.finish();
}

/** The kernel's name: its function's, where its text names it (a kernel given as text). */
function functionName(launch: Launch): string {
  try {
    return lowerSource(launch.source).name || launch.name;
  } catch {
    return launch.name;
  }
}

const triple = (d: ThreadState['blockIdx']): [number, number, number] => [d.x, d.y, d.z];

/** A shared array's name: the variable its call initialises, with the call's place. */
function sharedName(site: Site | undefined, locate: (site: Site) => Placed | undefined): string {
  const at = site && locate(site);
  if (!at) return 'a shared array';
  const name = /([A-Za-z_$][\w$]*)\s*=\s*$/.exec(at.text.slice(0, at.offset))?.[1];
  return `shared array ${name ? `${name} ` : ''}(${at.file}:${at.line}:${at.column})`;
}

/** A place in a source, with the function text it lies in and its offset there. */
type Placed = SourceLocation & { readonly text: string; readonly offset: number };

/**
 * Where a stack frame of the kernel's code is in the user's source: through the texts the runner
 * made (from-text.ts) to the kernel's or a device function's source, at the start of the access
 * (V8 places a store at its `=`); a frame of a file of its own (a kernel run as itself) as V8
 * gives it.
 */
function locator(launch: Launch): (site: Site) => Placed | undefined {
  // The kernel and the device functions, by name (for frames of functions run as themselves).
  const byName = new Map<string, KernelSource>([[launch.name, launch.source]]);
  for (const value of [...Object.values(launch.scope), ...launch.args])
    mapMembers(value, (member) => {
      if (typeof member === 'function' && !byName.has(member.name)) {
        try {
          byName.set(member.name, sourceOf(member as () => unknown));
        } catch {
          // A function without text of its own (native, bound) is no device function.
        }
      }
      return member;
    });
  const sources = [...byName.values()];
  const placed = (source: KernelSource, offset: number): Placed => {
    const start = accessStart(source.text, offset);
    return { ...source.locate(start), text: source.text, offset: start };
  };
  return (site) => {
    const line = site.getLineNumber();
    const column = site.getColumnNumber();
    if (line === null || column === null) return undefined;
    const script = site.getScriptNameOrSourceURL?.() ?? site.getFileName() ?? '';
    const known = sources.map((s) => s.text);
    const origin = originOf(script, line, column, known);
    if (origin) {
      const source = sources.find((s) => s.text === origin.text);
      return source && placed(source, origin.offset);
    }
    // A function run as itself: its text is what the frame's function holds, from its start.
    const source = byName.get(site.getFunctionName() ?? '');
    const startLine = site.getEnclosingLineNumber?.();
    const startColumn = site.getEnclosingColumnNumber?.();
    if (!source || !startLine || !startColumn || line < startLine) return undefined;
    const lines = source.text.split('\n');
    if (line - startLine >= lines.length) return undefined;
    const offset =
      line === startLine
        ? column - startColumn
        : lines.slice(0, line - startLine).reduce((sum, l) => sum + l.length + 1, 0) + column - 1;
    return placed(source, offset);
  };
}

/**
 * The start of the innermost element access (or call) around an offset of a function's text:
 * V8 places a load at its `[`, a store at its `=`.
 */
function accessStart(text: string, offset: number): number {
  const { program, errors } = parseSync('kernel.js', `(${text})`, { lang: 'ts' });
  if (errors.length > 0) return offset;
  const at = offset + 1;
  let best: Node | undefined;
  let size = Number.POSITIVE_INFINITY;
  const consider = (span: Node, start: Node) => {
    if (span.start <= at && at < span.end && span.end - span.start < size) {
      best = start;
      size = span.end - span.start;
    }
  };
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const node = value as Node;
    if (node.type === 'MemberExpression' && node.computed) consider(node, node);
    else if (node.type === 'CallExpression') consider(node, node);
    else if (node.type === 'AssignmentExpression' && (node.left as Node).type === 'MemberExpression')
      consider(node, node.left as Node);
    else if (node.type === 'UpdateExpression' && (node.argument as Node).type === 'MemberExpression')
      consider(node, node.argument as Node);
    for (const key of Object.keys(node)) if (key !== 'start' && key !== 'end') walk(node[key]);
  };
  walk(program);
  return best ? best.start - 1 : offset;
}
