/**
 * The generator's state: the choice tape, the kernel's variables, arrays, records, device
 * functions and parameters written so far, the context of the code being written (loops, labels,
 * a device function's body, whether a thread may throw or return), and the features seen. Each
 * layer of the generator extends the one below (values, expressions, operators, effects, Math,
 * memory, records, atomics, device functions, collectives, assignments, control flow, idioms,
 * statements, refusals, the kernel); the choice of a compound expression and of a block of
 * statements, made at the top, are reached from below through the two abstract methods here.
 */
import type { Param } from '../case.js';
import type { Tape } from '../tape.js';
import type { ElementType, Ty } from '../types.js';
import {
  type Aggregate,
  type ArrayParam,
  type DeviceFunction,
  type Local,
  type LocalArray,
  type Result,
  type Role,
  readable,
  type Variable,
  type ViewOf,
} from './model.js';
import { type Construct, PROFILES, type Profile } from './profile.js';
import type { Expr } from './text.js';

export abstract class State {
  protected readonly vars: Variable[] = [];
  protected readonly locals: Local[] = [];
  protected readonly aggregates: Aggregate[] = [];
  protected readonly shared: LocalArray[] = [];
  /** Typed arrays the kernel captures from its scope (read only), and every captured value. */
  protected readonly tables: LocalArray[] = [];
  /** Views passed to the device function being written (read only). */
  protected readonly views: ViewOf[] = [];
  protected readonly captured: Param[] = [];
  /** Strings of the scope, by name: each a constant member key (`r[K0]` reads `r.a`). */
  protected readonly keys: { readonly name: string; readonly key: string }[] = [];
  protected readonly helpers: DeviceFunction[] = [];
  /** Members of records and tuples of device functions in scope (`F0.a`, `F0[1]`), each its function. */
  protected readonly holders: { readonly text: string; readonly fn: DeviceFunction }[] = [];
  /** The result of the device function being written (its early returns give one too). */
  protected helperResult: Result | undefined;
  /** Whether the kernel may return here: no barrier or warp operation comes after. */
  protected returning = false;
  protected readonly params: Param[] = [];
  protected readonly arrays: ArrayParam[] = [];
  /** Warp operations written (the kernel's plain-JS run becomes a generator). */
  protected warp = false;
  /** Whether a statement may throw (not before warp operations). */
  protected throwing = true;
  /** Whether the kernel is compiled with `boundsCheck`: an index out of range then throws. */
  protected boundsChecked = false;
  /** The variables warp operations and shared atomics gave: an output stores one, so that they matter. */
  protected readonly collectiveResults: Variable[] = [];
  protected readonly features = new Set<string>();
  protected counter = 0;
  protected fused = false;
  protected loopDepth = 0;
  protected breakDepth = 0;
  protected readonly labels: { name: string; loop: boolean }[] = [];
  protected statements = 0;
  /** How many statements a kernel has at most (its device functions' included). */
  protected maxStatements = 40;
  protected inHelper = false;
  /** Blocks of 4 x 2 threads rather than 8 x 1 (`FuzzCase.square`), or 2 x 2 x 2 (`cube`). */
  protected square = false;
  protected cube = false;
  /** Kernels with `??` (always its left side) or `||`/`&&` on numbers are a few, chosen up front. */
  protected readonly nullishAllowed: boolean;
  protected readonly numericLogical: boolean;

  constructor(
    protected readonly tape: Tape,
    protected readonly profile: Profile = PROFILES.default,
  ) {
    this.nullishAllowed = tape.chance(3);
    this.numericLogical = tape.chance(15);
  }

  /** Whether the profile lets kernels have values of type `t`. */
  protected has(t: Ty | ElementType): boolean {
    return !this.profile.without.has(t);
  }

  /** Whether the profile lets kernels use a construct. */
  protected allows(construct: Construct): boolean {
    return !this.profile.off.has(construct);
  }

  /** The options the profile allows (names of types it leaves out removed; all by default). */
  protected allowed<T>(options: readonly T[]): T[] {
    return options.filter((t) => !this.profile.without.has(t as Ty));
  }

  /** Weighted options, those of types the profile leaves out weighing nothing. */
  protected weights<T>(options: readonly (readonly [number, T])[]): [number, T][] {
    return options.map(([w, t]) => [this.profile.without.has(t as Ty) ? 0 : w, t]);
  }

  /**
   * Adds a device function whose source is the same in every form (plain, emulated, fused):
   * the idioms' fixed helpers, which no parameter types shape. Their calls are written by the
   * idiom alone (`params` empty); `marks` says why (generic, recursive, collective).
   */
  protected fixedHelper(
    name: string,
    source: string,
    marks: Pick<DeviceFunction, 'generic' | 'recursive' | 'collective'>,
  ): string {
    this.helpers.push({ name, source, emulated: source, fused: source, params: [], result: 'i32', ...marks });
    return name;
  }

  protected fresh(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }

  protected feature(name: string): void {
    this.features.add(name);
  }

  /** The thread's linear number in its block (its warp lane too), as the kernel writes it. */
  protected get tid(): string {
    if (this.cube)
      return '((gpu.threadIdx.z * gpu.blockDim.y + gpu.threadIdx.y) * gpu.blockDim.x + gpu.threadIdx.x)';
    return this.square ? '(gpu.threadIdx.y * gpu.blockDim.x + gpu.threadIdx.x)' : 'gpu.threadIdx.x';
  }

  /** The array parameters of a role the code being written can reach (none in a helper). */
  protected kernelArrays(role: Role): ArrayParam[] {
    return this.inHelper ? [] : this.arrays.filter((a) => a.role === role);
  }

  /** Whether a u64 value is at hand (a u64 array or variable); `u64(x)` makes one anyway. */
  protected hasU64(): boolean {
    return (
      (!this.inHelper && this.arrays.some((a) => a.t === 'u64' && readable(a))) ||
      this.vars.some((v) => v.t === 'u64') ||
      this.tape.chance(30)
    );
  }

  /** A compound expression of type `t` (compound.ts): the choice among every kind. */
  protected abstract compound(t: Ty, depth: number): Expr;

  /** A block of at most `max` statements nested `depth` deep (statements.ts). */
  protected abstract block(depth: number, max: number): string[];
}
