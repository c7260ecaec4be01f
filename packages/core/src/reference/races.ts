/**
 * Race detection for the reference runner. A launch whose threads touch one element, at least
 * one of them writing, with nothing ordering them, has no single JavaScript answer: a GPU's result
 * depends on its schedule. The runner runs threads in one order, so it records, per element of
 * every argument and shared array, the last write and the reads and atomics since, and reports a
 * conflicting pair that nothing orders.
 *
 * Ordered: two accesses of one thread; accesses of one block in different barrier intervals (the
 * block's threads all pass each `gpu.barrier()` before any goes on); accesses of one warp on
 * either side of a warp operation its lanes passed together; accesses an atomic on one
 * element orders, releasing the first and acquiring for the second (`orders`). Atomics race
 * with atomics only where their order changes the element (`commute`: a maximum and a
 * subtraction, two exchanges of different values); a compare-and-swap that lost where it would
 * have won first, its thread not trying again, races at the launch's end (`swapped`, `finish`);
 * plain writes and reads race with atomics, but a
 * read with a compare-and-swap (the guess a swap loop starts from, which the swap checks). A
 * write of the value the element already holds, over another thread's write of it (a flag many
 * threads set), gives the same result in any order and is not reported.
 *
 * Recording is cheap (no stacks). A race found, the runner runs the launch again from the
 * arguments' first contents, taking the stack at just the two accesses, to say where they are.
 */

import type { SourceLocation } from '../frontend/errors.js';
import { markArrayFace } from '../frontend/values.js';
import type { ThreadState } from './gpu.js';

/** One access, as recorded. */
interface Access {
  readonly thread: ThreadState;
  /** The block's number in the launch, and its barrier interval. */
  readonly block: number;
  readonly epoch: number;
  /** Its thread's warp in the block, and the warp operations that warp had passed. */
  readonly warp: number;
  readonly met: number;
  readonly kind: 'read' | 'write' | 'atomic';
  /** Its number among the launch's recorded accesses: the same on a second, identical run. */
  readonly serial: number;
  /** An atomic compare-and-swap. */
  readonly swap?: boolean;
  /** Any other atomic: what it does. */
  readonly update?: AtomicUpdate;
}

/** An atomic read-modify-write but a compare-and-swap, as the race check compares them. */
export interface AtomicUpdate {
  readonly name:
    | 'atomicAdd'
    | 'atomicSub'
    | 'atomicMin'
    | 'atomicMax'
    | 'atomicAnd'
    | 'atomicOr'
    | 'atomicXor'
    | 'atomicExch';
  readonly value: number | bigint;
  /** What it makes of an element (before the array's conversion). */
  readonly apply: (old: never) => unknown;
}

/** An atomic compare-and-swap: what it compares the element with, and the value it offers. */
export interface Swap {
  readonly compare: unknown;
  readonly value: unknown;
}

/** The element an array stores for a value (its conversion), to compare. */
type Stored = (value: unknown) => unknown;

/** Whether an atomic leaves every element as it is (adds 0, ors 0, takes the minimum with NaN). */
function leavesAlone({ name, value }: AtomicUpdate, float: boolean): boolean {
  const zero = value === 0 || value === 0n;
  switch (name) {
    // x + -0 and x - 0 are x for every float x, -0 too; + 0 makes -0 into 0.
    case 'atomicAdd':
      return float ? Object.is(value, -0) : zero;
    case 'atomicSub':
      return float ? Object.is(value, 0) : zero;
    case 'atomicOr':
    case 'atomicXor':
      return zero;
    case 'atomicAnd':
      return typeof value === 'bigint' ? BigInt.asUintN(64, value) === 2n ** 64n - 1n : (value | 0) === -1;
    case 'atomicMin':
    case 'atomicMax':
      return Number.isNaN(value);
    default:
      return false;
  }
}

/** Whether every bit set in `x` is set in `y`. */
const within = (x: number | bigint, y: number | bigint): boolean =>
  typeof x === 'bigint' ? (x & ~(y as bigint)) === 0n : (x & ~(y as number)) === 0;

/** Whether no bit is set in both. */
const disjoint = (x: number | bigint, y: number | bigint): boolean =>
  typeof x === 'bigint' ? (x & (y as bigint)) === 0n : (x & (y as number)) === 0;

/**
 * Whether two atomics on one element leave the same element in either order, whatever it held.
 * What each returns may still depend on the order (a slot claimed with `atomicAdd`): that is the
 * thread's business, not reported. Float additions commute here, though their rounding depends on
 * the order, as it does on any GPU (docs/language.md says so).
 */
function commute(a: AtomicUpdate, b: AtomicUpdate, float: boolean, stored: Stored): boolean {
  if (leavesAlone(a, float) || leavesAlone(b, float)) return true;
  // An exchange of v commutes with an operation that leaves v as it is (a max of v with less).
  if (a.name === 'atomicExch') {
    const v = stored(a.value);
    return Object.is(stored(b.apply(v as never)), v);
  }
  if (b.name === 'atomicExch') return commute(b, a, float, stored);
  if (a.name === b.name) return true;
  const x = stored(a.value) as number | bigint;
  const y = stored(b.value) as number | bigint;
  switch (`${a.name} ${b.name}`) {
    case 'atomicAdd atomicSub':
    case 'atomicSub atomicAdd':
      return true;
    // A clamp from below and above, whichever first, if the floor is at most the ceiling.
    case 'atomicMin atomicMax':
      return y <= x;
    case 'atomicMax atomicMin':
      return x <= y;
    // Setting bits and clearing others; flipping kept bits; setting and flipping different bits.
    case 'atomicOr atomicAnd':
    case 'atomicXor atomicAnd':
      return within(x, y);
    case 'atomicAnd atomicOr':
    case 'atomicAnd atomicXor':
      return within(y, x);
    case 'atomicOr atomicXor':
    case 'atomicXor atomicOr':
      return disjoint(x, y);
    default:
      return false;
  }
}

/** How far the search for an order through atomics goes (elements' log entries and acquires looked at). */
const HOPS = 1_000_000;

/** Whether `earlier` is ordered before `later` (which ran after it). */
type Orders = (earlier: Access, later: Access) => boolean;

/** Whether one thread, or a barrier between them, orders `earlier` before `later`. */
const ordered: Orders = (earlier, later) =>
  earlier.thread === later.thread ||
  (earlier.block === later.block &&
    (earlier.epoch < later.epoch || (earlier.warp === later.warp && earlier.met < later.met)));

/** A thread's warp, and how many warp operations it has passed. */
interface Lane {
  readonly warp: number;
  met: number;
}

/**
 * Reads (or atomics) of an element since its last write, as few as find any conflict: the latest
 * two threads' of the newest barrier interval (a writer may be one of them), and one of an earlier
 * interval (the earliest: from an earlier block, if any is, it conflicts with every later write).
 */
class Accesses {
  private earlier: Access | undefined;
  private latest: Access | undefined;
  private other: Access | undefined;

  add(access: Access): void {
    const latest = this.latest;
    if (latest && (latest.block !== access.block || latest.epoch !== access.epoch)) {
      this.earlier ??= latest;
      this.latest = this.other = undefined;
    }
    if (this.latest?.thread !== access.thread) this.other = this.latest;
    this.latest = access;
  }

  /** Whether the newest access is this thread's, in this interval, and the same atomic as `access`. */
  holds(access: Access): boolean {
    const latest = this.latest;
    return (
      latest !== undefined &&
      latest.thread === access.thread &&
      latest.block === access.block &&
      latest.epoch === access.epoch &&
      latest.swap === access.swap &&
      latest.update?.name === access.update?.name &&
      Object.is(latest.update?.value, access.update?.value)
    );
  }

  /** One access that `conflicts` with `access` and `orders` does not order before it, if any. */
  conflict(
    access: Access,
    orders: Orders,
    conflicts: (seen: Access) => boolean = () => true,
  ): Access | undefined {
    for (const seen of [this.latest, this.other, this.earlier])
      if (seen && conflicts(seen) && !orders(seen, access)) return seen;
    return undefined;
  }
}

interface Element {
  write?: Access;
  reads?: Accesses;
  atomics?: Accesses;
  /** Every atomic on the element, in order: what orders threads through it. */
  log?: Access[];
  /** The compare-and-swap that last replaced the element, while nothing else has touched it since. */
  won?: { readonly access: Access; readonly before: unknown; readonly swap: Swap };
  /**
   * Compare-and-swaps that failed where they would have won had they come before `winner`, which
   * nothing orders before them, each leaving another element in that order: a race, unless the
   * loser's thread swaps again (a swap loop retrying), which clears it.
   */
  lost?: { readonly winner: Access; readonly loser: Access }[];
}

/** A tracked array: its elements' records (by byte, shared by views of one buffer) and its name. */
interface Tracked {
  readonly target: object;
  readonly elements: Map<number, Element>;
  readonly byteOffset: number;
  readonly size: number;
  readonly name: () => string;
  /** Whether it holds floats, and what it stores for a value. */
  readonly float: boolean;
  readonly stored: Stored;
}

/** Where an access was: the first stack frame in the kernel's code. */
export type Site = NodeJS.CallSite;

/** One of the two accesses of a race, as reported. */
export interface RacingAccess {
  readonly kind: 'read' | 'write' | 'atomic';
  /** An atomic's `gpu` function (`atomicMax`, `atomicCAS`). */
  readonly atomic?: string;
  readonly blockIdx: readonly [number, number, number];
  readonly threadIdx: readonly [number, number, number];
  /** Where in the source, when the second run found it. */
  readonly at?: SourceLocation;
}

/** Thrown inside a run at the first race, for race-runs.ts to report (never seen outside the runner). */
export class RaceFound {
  constructor(
    readonly first: Access,
    readonly second: Access,
    readonly array: string,
    readonly index: number,
    readonly sites: ReadonlyMap<number, Site>,
  ) {}
}

const sitesOf = (_: Error, sites: NodeJS.CallSite[]) => sites;

/** What a typed array stores for a value (the value itself for another kind of array). */
function storing(array: object): Stored {
  if (!ArrayBuffer.isView(array)) return (value) => value;
  const cell = new (array.constructor as new (length: number) => unknown[])(1);
  return (value) => {
    try {
      cell[0] = value;
      return cell[0];
    } catch {
      return value;
    }
  };
}

/** A typed array's elements as its `values()` gives them, read through `face`. */
function* elementsOf(face: object, length: number): Generator<unknown> {
  for (let i = 0; i < length; i++) yield Reflect.get(face, i);
}

/** A typed array's `entries()`, its elements read through `face`. */
function* entriesOf(face: object, length: number): Generator<[number, unknown]> {
  for (let i = 0; i < length; i++) yield [i, Reflect.get(face, i)];
}

/**
 * The first frame of the stack below `callee`, but for the methods of a view (`ArrayView`'s `get`
 * and `set` index its data for the kernel that called them).
 */
function siteOf(callee: (...args: never[]) => unknown): Site | undefined {
  const { stackTraceLimit, prepareStackTrace } = Error;
  const holder: { stack?: NodeJS.CallSite[] } = {};
  Error.stackTraceLimit = 2;
  Error.prepareStackTrace = sitesOf;
  try {
    Error.captureStackTrace(holder, callee);
    return holder.stack?.find((site) => site.getTypeName() !== 'ArrayView');
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    Error.prepareStackTrace = prepareStackTrace;
  }
}

/**
 * The record of one launch's accesses. The runner says which block runs (`enterBlock`), when its
 * barrier is passed (`barrier`) and which thread runs (`current`); arrays wrapped by `wrap` record
 * every element read and write, `atomic` the atomics.
 */
export class RaceCheck {
  private current: ThreadState | undefined;
  private lane: Lane = { warp: 0, met: 0 };
  private readonly lanes = new Map<ThreadState, Lane>();
  /** While a warp's collective runs (its lanes' loads and stores are not checked). */
  suspended = false;
  private block = -1;
  private epoch = 0;
  private serial = 0;
  private readonly buffers = new WeakMap<ArrayBufferLike, Map<number, Element>>();
  private readonly tracked = new WeakMap<object, Tracked>();
  private readonly sites = new Map<number, Site>();
  /** Each block's atomics, by block: where its threads acquire what others released. */
  private readonly acquires = new Map<number, { element: Element; access: Access }[]>();
  /** Elements with lost compare-and-swaps (`Element.lost`), reported at the launch's end. */
  private readonly losses = new Map<Element, { readonly tracked: Tracked; readonly index: number }>();

  /** @param capture the serials of the accesses whose sites to take (a second run's). */
  constructor(private readonly capture: ReadonlySet<number> = new Set()) {}

  enterBlock(): void {
    this.block++;
    this.epoch = 0;
    this.lanes.clear();
  }

  /** The thread that runs from now on. */
  enter(thread: ThreadState): void {
    this.current = thread;
    let lane = this.lanes.get(thread);
    if (!lane) {
      const { threadIdx: t, blockDim: d } = thread;
      lane = { warp: (t.x + d.x * (t.y + d.y * t.z)) >> 5, met: 0 };
      this.lanes.set(thread, lane);
    }
    this.lane = lane;
  }

  /**
   * The lanes of a warp (or warpgroup) passed a warp operation together: it orders their
   * accesses before it before those after it, as the lanes all reach it before any goes on.
   */
  warpMet(threads: readonly ThreadState[]): void {
    for (const thread of threads) {
      const lane = this.lanes.get(thread);
      if (lane) lane.met++;
    }
  }

  barrier(): void {
    this.epoch++;
  }

  /** What a shared array is called, from where it was made (the runner knows the sources). */
  describeShared: (site: Site | undefined) => string = () => 'a shared array';

  /** A shared array as `wrap` makes it, named from the call of `callee` that made it. */
  wrapShared<T extends object>(array: T, callee: (...args: never[]) => unknown): T {
    // Only a second run reports: the first takes no stacks.
    const site = this.capture.size > 0 ? siteOf(callee) : undefined;
    return this.wrap(array, () => this.describeShared(site));
  }

  /** The array (a typed array or a kernel face of one) as a face recording its elements' accesses. */
  wrap<T extends object>(array: T, name: () => string): T {
    const buffer = Reflect.get(array, 'buffer') as ArrayBufferLike;
    let elements = this.buffers.get(buffer);
    if (!elements) {
      elements = new Map();
      this.buffers.set(buffer, elements);
    }
    const tracked: Tracked = {
      target: array,
      elements,
      byteOffset: Reflect.get(array, 'byteOffset') as number,
      size: Reflect.get(array, 'BYTES_PER_ELEMENT') as number,
      name,
      float: array instanceof Float32Array || array instanceof Float64Array,
      stored: storing(array),
    };
    const check = this;
    const length = Reflect.get(array, 'length') as number;
    /** The element a property key is (a canonical index in range), or -1. */
    const elementAt = (key: string | symbol): number => {
      if (typeof key !== 'string') return -1;
      const index = +key;
      return Number.isInteger(index) && index >= 0 && index < length && String(index) === key ? index : -1;
    };
    const handler: ProxyHandler<T> = {
      get(target, key) {
        const index = elementAt(key);
        if (index >= 0) check.record(tracked, index, 'read', handler.get as never);
        const value = Reflect.get(target, key, target);
        if (index >= 0 || typeof value !== 'function' || key === 'constructor') return value;
        // A typed array's methods refuse a proxy as `this`: its iterators read through the face
        // (so that a for-of's reads are recorded), the other methods run on the array itself.
        if (key === Symbol.iterator || key === 'values') return () => elementsOf(face, length);
        if (key === 'entries') return () => entriesOf(face, length);
        return (...args: unknown[]) => Reflect.apply(value, target, args);
      },
      set(target, key, value) {
        const index = elementAt(key);
        if (index < 0) return Reflect.set(target, key, value, target);
        const before = Reflect.get(target, key, target);
        const done = Reflect.set(target, key, value, target);
        const unchanged = Object.is(before, Reflect.get(target, key, target));
        check.record(tracked, index, 'write', handler.set as never, unchanged);
        return done;
      },
    };
    const face = new Proxy(array, handler);
    markArrayFace(face, array);
    this.tracked.set(face, tracked);
    return face;
  }

  /** Runs an atomic operation (`kind`: a swap, or what it does) on element `index` of a wrapped array. */
  atomic<A extends object, R>(
    array: A,
    index: number,
    operate: (array: A) => R,
    callee: (...args: never[]) => unknown,
    kind: AtomicUpdate | Swap,
  ): R {
    const tracked = this.tracked.get(array);
    if (!tracked) return operate(array);
    if (Number.isInteger(index) && index >= 0 && index < (Reflect.get(array, 'length') as number))
      this.record(tracked, index, 'atomic', callee, false, kind);
    return operate(tracked.target as A);
  }

  /**
   * The end of the launch: a compare-and-swap that lost to another thread's, unordered, and was
   * not tried again is a race (which thread's value the element keeps is the GPU's schedule).
   */
  finish(): void {
    for (const [element, { tracked, index }] of this.losses) {
      const [loss] = element.lost ?? [];
      if (loss) throw new RaceFound(loss.winner, loss.loser, tracked.name(), index, this.sites);
    }
  }

  /**
   * A compare-and-swap's place among the element's swaps: it clears its thread's losses (a loop
   * tries again), and it wins (`Element.won`) or, where it would have won before the last winner
   * and that order leaves another element, loses.
   */
  private swapped(
    element: Element,
    access: Access,
    swap: Swap,
    before: unknown,
    tracked: Tracked,
    index: number,
  ) {
    this.retried(element, access.thread);
    // The swap's own test, as the kernel's `===`.
    if (before === swap.compare) {
      element.won = { access, before, swap };
      return;
    }
    const won = element.won;
    if (!won || won.access.thread === access.thread || won.before !== swap.compare) return;
    if (this.orders(won.access, access)) return;
    // This one first: it replaces the element, and the winner's swap then finds that or not.
    const { stored } = tracked;
    const mine = stored(swap.value);
    const other = mine === won.swap.compare ? stored(won.swap.value) : mine;
    if (Object.is(other, stored(won.swap.value))) return;
    element.lost ??= [];
    element.lost.push({ winner: won.access, loser: access });
    this.losses.set(element, { tracked, index });
  }

  /** A thread touched the element again: its lost swaps are its loop's business. */
  private retried(element: Element, thread: ThreadState): void {
    if (element.lost) element.lost = element.lost.filter((loss) => loss.loser.thread !== thread);
  }

  /**
   * Whether `earlier` is ordered before `later`: by one thread or a barrier, or through atomics.
   * An atomic releases what its thread did before it, and what its block did before a barrier
   * it passed; an atomic on the same element after it acquires that for its thread, and for its
   * block after a barrier (a lock's holder, the last block to count itself), and releases it in
   * turn with its own (the last block of the last group to count itself). Only asked where
   * nothing cheaper orders the two.
   */
  private readonly orders: Orders = (earlier, later) =>
    ordered(earlier, later) || this.throughAtomics(earlier, later);

  /**
   * Searches back from `later`, breadth first: the atomics its thread (or block, before a
   * barrier) acquired through, the releases on their elements before them, then what those
   * acquired through, until a release that `earlier`'s thread (or block, after a barrier) made
   * after it. Every hop goes back in the run, so none is visited twice; the search gives up (a
   * race reported) past {@link HOPS} steps, which only chains through many thousands of atomics
   * reach.
   */
  private throughAtomics(earlier: Access, later: Access): boolean {
    const points = [later];
    const seen = new Set<Access>();
    let steps = 0;
    for (let next = 0; next < points.length && steps < HOPS; next++) {
      const point = points[next] as Access;
      for (const { element, access: acquire } of this.acquires.get(point.block) ?? []) {
        steps++;
        if (acquire.serial >= point.serial) break;
        if (acquire.thread !== point.thread && acquire.epoch >= point.epoch) continue;
        for (const release of element.log ?? []) {
          steps++;
          if (release.serial >= acquire.serial) break;
          if (release.serial <= earlier.serial || seen.has(release)) continue;
          if (
            release.block === earlier.block &&
            (release.thread === earlier.thread || release.epoch > earlier.epoch)
          )
            return true;
          seen.add(release);
          points.push(release);
        }
      }
    }
    return false;
  }

  private record(
    tracked: Tracked,
    index: number,
    kind: Access['kind'],
    callee: (...args: never[]) => unknown,
    unchanged = false,
    atomic?: AtomicUpdate | Swap,
  ): void {
    const thread = this.current;
    if (!thread || this.suspended) return;
    const serial = this.serial++;
    if (this.capture.has(serial)) {
      const site = siteOf(callee);
      if (site) this.sites.set(serial, site);
    }
    const byte = tracked.byteOffset + index * tracked.size;
    let element = tracked.elements.get(byte);
    if (!element) {
      element = {};
      tracked.elements.set(byte, element);
    }
    const { block, epoch } = this;
    const { warp, met } = this.lane;
    const swap = atomic && 'compare' in atomic ? atomic : undefined;
    const update = atomic && 'name' in atomic ? atomic : undefined;
    const access: Access = swap
      ? { thread, block, epoch, warp, met, kind, serial, swap: true }
      : update
        ? { thread, block, epoch, warp, met, kind, serial, update }
        : { thread, block, epoch, warp, met, kind, serial };
    const orders = this.orders;
    const write = element.write;
    const unordered = write && !orders(write, access) ? write : undefined;
    let conflict: Access | undefined;
    if (kind === 'read') {
      // A compare-and-swap loop's guess (a plain read of the element it swaps) races no swap.
      conflict = unordered ?? element.atomics?.conflict(access, orders, (seen) => !seen.swap);
      element.reads ??= new Accesses();
      const reads = element.reads;
      // A thread's further reads in one interval add nothing to know.
      if (!conflict && !reads.holds(access)) reads.add(access);
    } else if (kind === 'atomic') {
      // Atomics whose order changes the element race (a swap's order is its loop's business).
      const racing = (seen: Access) =>
        seen.update !== undefined &&
        update !== undefined &&
        !commute(seen.update, update, tracked.float, tracked.stored);
      conflict =
        unordered ??
        (update &&
          (element.reads?.conflict(access, orders) ?? element.atomics?.conflict(access, orders, racing)));
      element.atomics ??= new Accesses();
      const atomics = element.atomics;
      if (!conflict && !atomics.holds(access)) atomics.add(access);
      // Each atomic releases what its thread did before it, and acquires what others released.
      element.log ??= [];
      element.log.push(access);
      let acquires = this.acquires.get(block);
      if (!acquires) {
        acquires = [];
        this.acquires.set(block, acquires);
      }
      acquires.push({ element, access });
      if (swap) this.swapped(element, access, swap, Reflect.get(tracked.target, index), tracked, index);
      else {
        this.retried(element, thread);
        element.won = undefined;
      }
    } else {
      // Another thread's write of the value the element still holds changes nothing.
      conflict =
        (unchanged ? undefined : unordered) ??
        element.reads?.conflict(access, orders) ??
        element.atomics?.conflict(access, orders);
      if (!conflict) {
        element.write = access;
        element.reads = element.atomics = element.won = undefined;
        this.retried(element, thread);
      }
    }
    if (conflict) throw new RaceFound(conflict, access, tracked.name(), index, this.sites);
  }
}
