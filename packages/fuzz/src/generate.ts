/**
 * The kernel generator: reads a choice tape and writes a kernel three ways at once: as
 * JavaScript source (`js`), with gpuc's documented semantics emulated (`em`, every operation a
 * call into {@link Emulation}), and emulated with f32 products and sums fused (`fu`). It types
 * every expression as gpuc does (docs/language.md "Types", "Literals", "Promotion") so the
 * emulation applies each divergence where gpuc computes in a narrower type than JavaScript.
 *
 * Literals follow gpuc's rule: untyped until they meet a typed operand. The generator only lets
 * a literal stand where its type is certain: alone only when its default type is the one wanted,
 * and next to a typed (non-literal) operand, whose type it takes, otherwise.
 */
import { BLOCK, encode, type FuzzCase, type Helper, LENGTH, type Param, type Tolerance } from './case.js';
import { convert } from './emulate.js';
import { Tape } from './tape.js';
import {
  ARRAY_OF,
  type BigIntType,
  EDGES,
  type ElementType,
  fits,
  isBigInt,
  isFloat,
  isHalf,
  isNarrow,
  join,
  NUMBER_TYPES,
  type NumberType,
  readAs,
  type Ty,
} from './types.js';

/** An expression written three ways, with its gpuc type. */
interface Expr {
  readonly t: Ty;
  readonly js: string;
  readonly em: string;
  readonly fu: string;
  /** A literal (its type is the one it takes; `free` when that is its default). */
  readonly lit?: boolean;
  /** Folded from literals by gpuc (`-1`, `(2 >>> 1)`, `Math.abs(0.5)`): a literal too. */
  readonly folded?: boolean;
  /** An f32 product, with its operands' fused texts: a sum over it may contract. */
  readonly mul?: readonly [string, string];
}

interface Variable {
  readonly name: string;
  readonly t: Ty;
  readonly mutable: boolean;
  /** A `const` bound to a literal: gpuc types it as that literal. */
  readonly lit?: boolean;
}

interface LocalArray {
  readonly name: string;
  readonly t: Exclude<Ty, 'bool'>;
  readonly length: number;
}

interface Aggregate {
  readonly name: string;
  /** Field names (a record) or undefined (a tuple). */
  readonly fields?: readonly string[];
  readonly types: readonly Ty[];
  /** A tuple that a variable may index: the merged type of its elements. */
  readonly merged?: Ty;
}

type Mode = 'free' | 'sibling' | 'none';

/** What a device function returns: a value, or a record or tuple of values. */
type Result = Ty | Omit<Aggregate, 'name'>;

/** A device function of the kernel's scope; a parameter may take another such function. */
interface DeviceFunction extends Helper {
  readonly params: readonly (Ty | { readonly fn: DeviceFunction })[];
  readonly result: Result;
}

/**
 * An array parameter's role. `output`: zeros, each thread stores its element at the end;
 * `input`: each thread reads, and may update, only its own element; `table`: an input any thread
 * reads at any index (vector loads) and none writes; `atomic`: changed only by atomics of one
 * kind, whose order cannot change the final contents; `wide`: an output of 4 elements (2 of 64
 * bits) per thread, written side by side at the end (vector stores), read by none.
 */
type Role = 'output' | 'input' | 'table' | 'atomic' | 'wide';

interface ArrayParam {
  readonly name: string;
  readonly t: ElementType;
  readonly role: Role;
  readonly atomic?: AtomicPlan;
  /**
   * Passed as `view(data, 4, 4)` (or `view(data, 2, 2, 4)`): read with `.get(r, c)`, written
   * with `.set(r, c, x)`.
   */
  readonly view?: readonly number[];
  /** An input passed as the same array as this output. */
  readonly alias?: string;
}

/** The dynamic shared memory of a kernel that uses it: 8 elements of the widest type. */
const DYNAMIC_SHARED_BYTES = 8 * BLOCK;

/** The shapes of a view parameter: its 16 elements as 4 rows of 4, or 2 planes of 2 rows of 4. */
const VIEW = [4, 4] as const;
const VIEW3 = [2, 2, 4] as const;

/** The indices of element `i` of a view, row-major. */
const viewIndex = (a: ArrayParam): string =>
  a.view?.length === 3 ? 'i >> 3, (i >> 2) & 1, i & 3' : 'i >> 2, i & 3';

/** The thread's own element of an array parameter (of a view, row `i >> 2`, column `i & 3`). */
const own = (a: ArrayParam): string => (a.view ? `${a.name}.get(${viewIndex(a)})` : `${a.name}[i]`);

/** The store of `e` into the thread's own element of an output. */
const ownStore = (a: ArrayParam, e: Expr): string =>
  a.view ? line(`${a.name}.set(${viewIndex(a)}, `, e, ');') : line(`${a.name}[i] = `, e, ';');

/**
 * The atomics an `atomic` array takes: one operation, whose results in any order of the threads
 * are the same (integer `+ -` wrap alike in any order; float sums of small dyadic values are
 * exact); `Exch` and `CAS` with one value (and compare) that every thread uses.
 */
interface AtomicPlan {
  readonly op: 'Add' | 'Min' | 'Max' | 'And' | 'Or' | 'Xor' | 'Exch' | 'CAS';
  /** The one value of `Exch` and `CAS`, and `CAS`'s compare. */
  readonly uniform?: string;
  readonly compare?: string;
  /**
   * Each thread's atomics on its own element `i` only: then any values (NaN, -0, any exchange)
   * and the old values the atomics return are the same in any order of the threads.
   */
  readonly own?: boolean;
}

const same = (js: string, t: Ty, extra: Partial<Expr> = {}): Expr => ({ t, js, em: js, fu: js, ...extra });

/** gpuc folds an operator or Math function on literals alone into a literal. */
const foldedIf = (parts: readonly Expr[]): Partial<Expr> =>
  parts.every((p) => p.lit) ? { lit: true, folded: true } : {};

/** Three texts of an expression built from children's three texts. */
function build(t: Ty, parts: readonly Expr[], write: (texts: string[]) => string, extra: Partial<Expr> = {}) {
  return {
    t,
    js: write(parts.map((p) => p.js)),
    em: write(parts.map((p) => p.em)),
    fu: write(parts.map((p) => p.fu)),
    ...extra,
  };
}

const TRANSCENDENTAL = [
  'sin',
  'cos',
  'tan',
  'asin',
  'acos',
  'sinh',
  'cosh',
  'asinh',
  'acosh',
  'atanh',
  'exp',
  'expm1',
  'log',
  'log1p',
  'log2',
  'log10',
  'atan',
  'cbrt',
  'tanh',
];
/** The case labels of a `switch` on a value of each type: its edges, NaN and -0 among them. */
const SWITCH_LABELS = {
  i32: ['0', '1', '-1', '2', '7', '2147483647', '-2147483648', '65536'],
  u32: ['0', '1', '7', '255', '2147483648', '4294967295', '65536'],
  f64: ['0', '-0.0', '0.5', '1', '-1', '2.5', 'NaN', 'Infinity', '4294967296', '2147483647'],
  f32: ['0', '0.5', '1', '0.1', '-0.4', '16777216', '2.5', '-1'],
  i64: ['0n', '1n', '-1n', '7n', '4294967295n', '9223372036854775807n'],
  bool: ['true', 'false'],
} as const;

/** Element types of wide outputs, and how many elements a thread writes side by side. */
const WIDE_TYPES = ['f32', 'i32', 'u32', 'f64', 'i64', 'u64'] as const;
type WideType = (typeof WIDE_TYPES)[number];
const widthOf = (t: ElementType): number => (t === 'f64' || isBigInt(t as Ty) ? 2 : 4);

/** Whether a statement may read an array's elements: atomic and wide arrays change under others. */
const readable = (a: ArrayParam): boolean => a.role !== 'atomic' && a.role !== 'wide';

/** The step of `++` and `--` in type `t`. */
const one = (t: Ty): string => (isBigInt(t) ? '1n' : '1');

/** The type an element computes in: its read type, narrow integers as `i32`. */
function computedAs(t: ElementType): Exclude<Ty, 'bool'> {
  const read = readAs(t);
  return isNarrow(read) ? 'i32' : read;
}

/** Element types atomics take (docs/language.md "Intrinsics"). */
const ATOMIC_TYPES = ['i32', 'u32', 'i64', 'u64', 'f32', 'f64'] as const;
type AtomicType = (typeof ATOMIC_TYPES)[number];

const KEEP_TYPE = ['abs', 'sign', 'floor', 'ceil', 'round', 'trunc'] as const;

class Generator {
  private readonly vars: Variable[] = [];
  private readonly locals: LocalArray[] = [];
  private readonly aggregates: Aggregate[] = [];
  private readonly shared: LocalArray[] = [];
  /** Typed arrays the kernel captures from its scope (read only), and every captured value. */
  private readonly tables: LocalArray[] = [];
  private readonly captured: Param[] = [];
  private readonly helpers: DeviceFunction[] = [];
  /** The result of the device function being written (its early returns give one too). */
  private helperResult: Result | undefined;
  /** Whether the kernel may return here: no barrier or warp operation comes after. */
  private returning = false;
  private readonly params: Param[] = [];
  private readonly arrays: ArrayParam[] = [];
  /** Warp operations written (the kernel's plain-JS run becomes a generator). */
  private warp = false;
  /** Whether a statement may throw (not before warp operations). */
  private throwing = true;
  /** The variables warp operations and shared atomics gave: an output stores one, so that they matter. */
  private readonly collectiveResults: Variable[] = [];
  private readonly features = new Set<string>();
  private counter = 0;
  private fused = false;
  private loopDepth = 0;
  private breakDepth = 0;
  private readonly labels: { name: string; loop: boolean }[] = [];
  private statements = 0;
  /** How many statements a kernel has at most (its device functions' included). */
  private maxStatements = 40;
  private inHelper = false;
  /** Kernels with `??` (always its left side) or `||`/`&&` on numbers are a few, chosen up front. */
  private readonly nullishAllowed: boolean;
  private readonly numericLogical: boolean;

  constructor(private readonly tape: Tape) {
    this.nullishAllowed = tape.chance(3);
    this.numericLogical = tape.chance(15);
  }

  private fresh(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }

  private feature(name: string): void {
    this.features.add(name);
  }

  // ---------- values ----------

  private value(t: Exclude<Ty, 'bool'>): number | bigint {
    const edges = EDGES[t];
    if (!this.tape.chance(35)) return edges[this.tape.next(edges.length)] as number | bigint;
    const r = this.tape.next(65536);
    switch (t) {
      case 'f32':
        return Math.fround((r - 32768) / 2 ** this.tape.next(12));
      case 'f64':
        return (r - 32768) / 2 ** this.tape.next(20) + (this.tape.chance(20) ? 2 ** 40 : 0);
      case 'i64':
        return BigInt(r - 32768) * (this.tape.chance(30) ? 1n << 40n : 1n);
      case 'u64':
        return BigInt(r) * (this.tape.chance(30) ? 1n << 40n : 1n);
      case 'u32':
        return (r * (this.tape.chance(30) ? 65536 : 1)) >>> 0;
      case 'i32':
        return (r - 32768) * (this.tape.chance(30) ? 65536 : 1);
      default:
        return convert(t, r - 32768);
    }
  }

  // ---------- expressions ----------

  /**
   * A literal of type `t`. `free`: nothing types it, so only a literal whose default type is
   * `t` may stand; `sibling`: a typed operand of type `t` beside it gives it `t`; `none`: none.
   */
  private literal(t: Ty, mode: Mode): Expr | undefined {
    if (mode === 'none') return undefined;
    const free = mode === 'free';
    if (t === 'bool') return same(this.tape.chance(50) ? 'true' : 'false', 'bool');
    if (isBigInt(t)) {
      if (t === 'u64' && free) return undefined;
      const v = this.value(t) as bigint;
      if (t === 'i64' && v < 0n) return undefined;
      return { ...same(`${v}n`, t), lit: true };
    }
    if (isNarrow(t)) return undefined;
    const v = this.value(t === 'f32' && this.tape.chance(50) ? 'f64' : (t as NumberType)) as number;
    if (!Number.isFinite(v) || Object.is(v, -0) || v < 0) return undefined;
    if (t === 'i32' || t === 'u32') {
      if (free && t === 'u32') return undefined;
      // Integers outside i32 are float literals in gpuc (they would not wrap into the sibling).
      if (!fits(t, v) || !fits('i32', v)) return undefined;
      const text = this.tape.chance(10) ? `0x${v.toString(16)}` : String(v);
      return { ...same(text, t), lit: true };
    }
    // A float literal: written with a point or exponent, so it is a float literal in gpuc.
    let text = String(v);
    if (!/[.e]/.test(text)) text = `${text}.0`;
    if (free && t === 'f32') return undefined;
    // Meeting an f32 operand, the literal converts to f32: the emulation rounds it.
    return t === 'f32'
      ? { t, js: text, em: `$.w('f32', ${text})`, fu: `$.w('f32', ${text})`, lit: true }
      : { ...same(text, t), lit: true };
  }

  /** Leaves of type `t` that need no recursion. */
  private leaves(t: Ty, mode: Mode): Expr[] {
    const found: Expr[] = [];
    // Variables and inputs count thrice: kernels should compute on data more than on constants.
    for (const v of this.vars) {
      if (v.t !== t || (v.lit && mode === 'none')) continue;
      const leaf = same(v.name, t, v.lit ? { lit: true } : {});
      found.push(leaf, leaf, leaf);
    }
    for (const a of this.inHelper ? [] : this.arrays) {
      // Outputs hold zeros until the final stores; atomic arrays change under other threads.
      const read = readAs(a.t);
      if (read !== t || !readable(a)) continue;
      if (a.role !== 'output') found.push(...Array.from({ length: 3 }, () => same(own(a), t)));
      else if (this.tape.chance(20)) found.push(same(own(a), t));
    }
    if (t === 'i32' && !this.inHelper && this.tape.chance(10)) {
      this.feature('length');
      found.push(same(`${this.tape.pick(this.arrays).name}.length`, t));
    }
    for (const agg of this.aggregates) {
      agg.types.forEach((ft, k) => {
        if (ft === t) found.push(same(agg.fields ? `${agg.name}.${agg.fields[k]}` : `${agg.name}[${k}]`, t));
      });
    }
    if (t === 'i32' && !this.inHelper)
      found.push(
        same('i', t),
        same('gpu.threadIdx.x', t),
        same(
          this.tape.pick(['gpu.blockDim.x', 'gpu.blockIdx.x', 'gpu.gridDim.x', 'gpu.laneId', 'gpu.warpSize']),
          t,
        ),
      );
    if (t === 'f64' && mode !== 'none') {
      // Named constants may be folded to untyped literals: they stand where a literal may.
      found.push(
        same(
          this.tape.pick([
            'NaN',
            'Infinity',
            '(-Infinity)',
            'Number.MAX_SAFE_INTEGER',
            'Number.MIN_VALUE',
            'Math.PI',
            'Number.EPSILON',
            'Number.MAX_VALUE',
            '(-0.0)',
            'Number.MIN_SAFE_INTEGER',
            'Number.POSITIVE_INFINITY',
            'Number.NEGATIVE_INFINITY',
            'Number.NaN',
            'Math.E',
            'Math.LN2',
            'Math.LN10',
            'Math.LOG2E',
            'Math.LOG10E',
            'Math.SQRT2',
            'Math.SQRT1_2',
          ]),
          t,
          { lit: true },
        ),
      );
    }
    const lit = this.literal(t, mode);
    if (lit) found.push(lit);
    return found;
  }

  /** An expression of type `t`; `mode` says whether and how it may be a literal. */
  expr(t: Ty, depth: number, mode: Mode = 'free'): Expr {
    const e = this.pickExpr(t, depth, mode);
    if (e.t !== t) throw new Error(`generator: asked for ${t}, made ${e.t}: ${e.js}`);
    // A literal where none may stand, or one folded from literals whose default type may not be
    // `t` (`(a >>> b)` of literals can be 4294967295, a float literal): made typed explicitly.
    const foreign = e.folded && t !== 'i32' && t !== 'f64';
    return (e.lit && mode === 'none') || foreign ? this.typed(e) : e;
  }

  /** A literal made a typed value of its type (the same number in JavaScript and gpuc). */
  private typed(e: Expr): Expr {
    if (e.t === 'bool') return e;
    return build(e.t, [e], ([x]) => (e.t === 'f32' ? `Math.fround(${x})` : `${e.t}(${x})`));
  }

  private pickExpr(t: Ty, depth: number, mode: Mode): Expr {
    // Choice 0 is a leaf: the simplest expression.
    if (depth <= 0 || !this.tape.chance(70)) {
      const leaves = this.leaves(t, mode);
      if (leaves.length > 0) return this.tape.pick(leaves);
      return this.conversion(t, 0);
    }
    return this.compound(t, depth);
  }

  /** A value of type `t` made from another type (always possible). */
  private conversion(t: Ty, depth: number): Expr {
    const d = Math.max(depth - 1, 0);
    if (t === 'bool') return this.comparison(d);
    // `i64(x)` and `u64(x)` convert between the BigInt types as a store would (modulo 2^64).
    if (t === 'i64' && depth > 0 && this.tape.chance(25)) {
      this.feature('convert:i64');
      return build('i64', [this.expr('u64', d)], ([a]) => `i64(${a})`);
    }
    if (t === 'i64')
      return build('i64', [this.expr(this.tape.pick(['i32', 'u32'] as const), d)], ([a]) => `BigInt(${a})`);
    if (t === 'u64') {
      const source = this.inHelper ? undefined : this.arrays.find((a) => a.t === 'u64' && readable(a));
      if (source && this.tape.chance(50)) return same(own(source), 'u64');
      this.feature('convert:u64');
      return build('u64', [this.expr('i64', d)], ([a]) => `u64(${a})`);
    }
    if (depth <= 0) return this.constant(t);
    const from = this.tape.pick(NUMBER_TYPES);
    const inner = this.expr(from, d);
    if (t === 'f32' && this.tape.chance(50))
      return build('f32', [inner], ([a]) => `Math.fround(${a})`, { mul: undefined });
    if (t === 'f32' && this.tape.chance(50)) {
      // Rounded to a 16-bit float, given as the f32 holding it ("Half precision").
      const half = this.tape.pick(['f16', 'bf16']);
      this.feature(`convert:${half}`);
      return build('f32', [inner], ([a]) => `${half}(${a})`);
    }
    this.feature(`convert:${t}`);
    return build(t, [inner], ([a]) => `${t}(${a})`);
  }

  /** A small constant of a number type: the leaf that always exists. */
  private constant(t: NumberType): Expr {
    const k = this.tape.next(8);
    if (t === 'i32') return same(String(k), t, { lit: true });
    if (t === 'f64') return same(`${k}.5`, t, { lit: true });
    if (t === 'f32') return same(`Math.fround(${k}.5)`, t);
    return same(`${t}(${k})`, t);
  }

  /** `v++`, `--v`... of a variable as a value: the old value (postfix) or the new (prefix). */
  private stepValue(t: Ty): Expr {
    const v = this.tape.pick(this.vars.filter((x) => x.mutable && x.t === t));
    const op = this.tape.pick(['++', '--']);
    const prefix = this.tape.chance(50);
    this.feature(prefix ? 'prefix-value' : 'postfix-value');
    const js = prefix ? `(${op}${v.name})` : `(${v.name}${op})`;
    if (t === 'f64') return same(js, t);
    // The new value computed in the variable's type; a postfix gives the old one, held meanwhile.
    const step = `${v.name} = $.b('${op[0]}', '${t}', ${v.name}, ${one(t)})`;
    const em = prefix ? `(${step})` : `($.kept = ${v.name}, ${step}, $.kept)`;
    return { t, js, em, fu: em };
  }

  /** An element update's value (`(a0[i] += x)`) of type `t`. */
  private updateValue(t: Ty, d: number): Expr {
    const a = this.tape.pick(this.updatable().filter((x) => computedAs(x.t) === t));
    this.feature('element-update-value');
    return this.updateOf(a, d);
  }

  /** `gpu.fma(a, b, c)`: f64 agrees with JavaScript's exact one; f32 rounds once to f32. */
  private fma(t: 'f32' | 'f64', d: number): Expr {
    const [a, b, c] = [0, 1, 2].map(() =>
      this.widen(t, this.expr(t === 'f64' && this.tape.chance(20) ? 'i32' : t, d, 'none')),
    ) as [Expr, Expr, Expr];
    this.feature(`fma:${t}`);
    const call = (name: string, key: 'js' | 'em' | 'fu') => `${name}(${a[key]}, ${b[key]}, ${c[key]})`;
    const emulated = t === 'f64' ? 'gpu.fma' : '$.fmaf';
    return { t, js: call('gpu.fma', 'js'), em: call(emulated, 'em'), fu: call(emulated, 'fu') };
  }

  private compound(t: Ty, depth: number): Expr {
    const d = depth - 1;
    if (t === 'bool') return this.boolean(d);
    if (isBigInt(t)) return this.bigint(t, d);
    if (isNarrow(t)) return this.conversion(t, depth);
    const choice = this.tape.weighted<() => Expr>([
      [10, () => this.arithmetic(t as NumberType, d)],
      [3, () => this.ternary(t, d)],
      [2, () => this.math(t as NumberType, d)],
      [this.numericLogical ? 2 : 0, () => this.logical(t, d)],
      [t === 'i32' ? 5 : t === 'u32' ? 2 : 0, () => this.bitwise(t as 'i32' | 'u32', d)],
      [2, () => this.unary(t as NumberType, d)],
      [this.callable().length > 0 ? 2 : 0, () => this.call(t, d)],
      [this.locals.length > 0 ? 3 : 0, () => this.localRead(t, d)],
      [this.tables.length > 0 && !this.inHelper ? 2 : 0, () => this.capturedRead(t, d)],
      [this.aggregates.some((a) => a.merged !== undefined) ? 1 : 0, () => this.tupleRead(t, d)],
      [this.vars.some((v) => v.mutable && v.t === t) ? 1 : 0, () => this.stepValue(t)],
      [this.shared.length > 0 ? 2 : 0, () => this.sharedRead(t, d)],
      [2, () => this.conversion(t, depth)],
      [t === 'f64' ? 2 : 0, () => this.intDivision(d)],
      [t === 'f64' ? 1 : 0, () => this.wideLiteral(d)],
      [t === 'i32' || t === 'u32' || t === 'f64' ? 1 : 0, () => this.bits(t as 'i32' | 'u32' | 'f64', d)],
      [this.nullishAllowed ? 1 : 0, () => this.nullish(t, d)],
      [isFloat(t) ? 1 : 0, () => this.fma(t as 'f32' | 'f64', d)],
      [this.updatable().some((a) => computedAs(a.t) === t) ? 1 : 0, () => this.updateValue(t, d)],
    ]);
    return choice();
  }

  /**
   * Two operands that compute in `t`: of type `t`, at most one a literal (which then takes `t`
   * from the other), or of mixed types whose promotion is `t`, then without literals.
   */
  private operands(t: NumberType, d: number): [Expr, Expr] {
    // Mixed operands whose promotion is `t`.
    let [ta, tb]: [NumberType, NumberType] = [t, t];
    if (this.tape.chance(25)) {
      const options: [NumberType, NumberType][] =
        t === 'f64'
          ? [
              ['i32', 'u32'],
              ['f32', 'f64'],
              ['i32', 'f64'],
              ['u8', 'f64'],
            ]
          : t === 'f32'
            ? [
                ['i32', 'f32'],
                ['u32', 'f32'],
                ['i16', 'f32'],
              ]
            : t === 'i32'
              ? [
                  ['i8', 'i32'],
                  ['u16', 'i32'],
                  ['u8', 'i16'],
                ]
              : [['u32', 'u32']];
      [ta, tb] = this.tape.pick(options);
      if (this.tape.chance(50)) [ta, tb] = [tb, ta];
    }
    if (ta !== t || tb !== t) return [this.expr(ta, d, 'none'), this.expr(tb, d, 'none')];
    const a = this.expr(t, d, 'sibling');
    return [a, this.expr(t, d, a.lit ? 'none' : 'sibling')];
  }

  /** A value converted to the type it computes in (only f32 changes a value). */
  private widen(to: NumberType, e: Expr): Expr {
    if (to !== 'f32' || (e.t === 'f32' && !e.lit)) return e;
    return { t: to, js: e.js, em: `$.w('f32', ${e.em})`, fu: `$.w('f32', ${e.fu})` };
  }

  private arithmetic(t: NumberType, d: number): Expr {
    const op = this.tape.pick(['+', '-', '*', '%', ...(isFloat(t) ? ['/'] : [])]);
    const [a0, b0] = this.operands(t, d);
    const a = this.widen(t, a0);
    const b = this.widen(t, b0);
    this.feature(`${op}:${t}`);
    const js = `(${a.js} ${op} ${b.js})`;
    const em = t === 'f64' ? `(${a.em} ${op} ${b.em})` : `$.b('${op}', '${t}', ${a.em}, ${b.em})`;
    let fu = t === 'f64' ? `(${a.fu} ${op} ${b.fu})` : `$.b('${op}', '${t}', ${a.fu}, ${b.fu})`;
    if (t === 'f32' && (op === '+' || op === '-') && (a.mul || b.mul)) {
      this.fused = true;
      fu = a.mul
        ? `$.fma(${a.mul[0]}, ${a.mul[1]}, ${b.fu}, '${op === '+' ? 'mul+c' : 'mul-c'}')`
        : `$.fma(${b.mul?.[0]}, ${b.mul?.[1]}, ${a.fu}, '${op === '+' ? 'c+mul' : 'c-mul'}')`;
    }
    const mul = t === 'f32' && op === '*' ? ([a.fu, b.fu] as const) : undefined;
    return { t, js, em, fu, ...(mul ? { mul } : {}) };
  }

  /** `i / j` with integers: an f64 quotient, exactly JavaScript's. */
  private intDivision(d: number): Expr {
    const a = this.expr(this.tape.pick(['i32', 'u32'] as const), d);
    const b = this.expr(this.tape.pick(['i32', 'u32'] as const), d);
    this.feature('/:int');
    return build('f64', [a, b], ([x, y]) => `(${x} / ${y})`, foldedIf([a, b]));
  }

  /**
   * An `i32` or `u32` beside an integer literal it cannot hold (`i + 3000000000`, `u % -3`):
   * computed in `f64`, exactly as JavaScript does (docs/language.md "Literals").
   */
  private wideLiteral(d: number): Expr {
    const t = this.tape.pick(['i32', 'u32'] as const);
    const a = this.expr(t, d, 'none');
    const literal = this.tape.pick(
      t === 'i32'
        ? ['3000000000', '4294967295', '2147483648', '-2147483649']
        : ['-1', '-3', '4294967296', '-2147483648'],
    );
    const op = this.tape.pick(['+', '-', '*', '%', '/']);
    this.feature('literal:beyond-type');
    const lit = literal.startsWith('-') ? `(${literal})` : literal;
    const first = this.tape.chance(50);
    return build('f64', [a], ([x]) => (first ? `(${lit} ${op} ${x})` : `(${x} ${op} ${lit})`));
  }

  /** `gpu.popcount(x)`, an f64's words (`gpu.highWord`, `lowWord`) and `gpu.fromWords(high, low)`. */
  private bits(t: 'i32' | 'u32' | 'f64', d: number): Expr {
    if (t === 'f64') {
      this.feature('gpu.fromWords');
      return build(
        'f64',
        [this.expr('i32', d), this.expr('u32', d)],
        ([h, l]) => `gpu.fromWords(${h}, ${l})`,
      );
    }
    if (t === 'i32' && this.tape.chance(50)) {
      const from = this.tape.pick(['i32', 'u32', 'u8', 'i16', 'i64', 'u64'] as const);
      this.feature(`gpu.popcount:${from}`);
      return build(
        'i32',
        [this.expr(from === 'u64' && !this.hasU64() ? 'i64' : from, d)],
        ([x]) => `gpu.popcount(${x})`,
      );
    }
    // Of a value read twice (a leaf, no side effects) that is not NaN: which NaN a kernel
    // computes is not specified, as for JavaScript's own float arrays.
    const leaves = this.leaves('f64', 'none').filter((l) => !l.lit);
    const word = t === 'i32' ? 'highWord' : 'lowWord';
    this.feature(`gpu.${word}`);
    if (leaves.length === 0) return build(t, [this.constant('f64')], ([x]) => `gpu.${word}(${x})`);
    const v = this.tape.pick(leaves);
    return build(t, [v, v], ([x, y]) => `gpu.${word}(Number.isNaN(${x}) ? 0 : ${y})`);
  }

  private bitwise(t: 'i32' | 'u32', d: number): Expr {
    const op = t === 'u32' ? '>>>' : this.tape.pick(['&', '|', '^', '<<', '>>', '|0', '~']);
    // Bitwise operators convert any number with ToInt32, exactly as JavaScript does.
    const a = this.expr(this.tape.pick(NUMBER_TYPES), d);
    this.feature(`${op}`);
    if (op === '|0') return build(t, [a], ([x]) => `(${x} | 0)`, foldedIf([a]));
    if (op === '~') return build(t, [a], ([x]) => `(~${x})`, foldedIf([a]));
    const b = this.expr(this.tape.pick(NUMBER_TYPES), d);
    return build(t, [a, b], ([x, y]) => `(${x} ${op} ${y})`, foldedIf([a, b]));
  }

  private unary(t: NumberType, d: number): Expr {
    const a = this.expr(t, d);
    if (a.lit && t === 'f32') return a;
    if (this.tape.chance(20)) {
      // Unary plus: the value itself, of its type (an integer's -0 kept).
      this.feature('unary+');
      return build(t, [a], ([x]) => `(+${x})`, foldedIf([a]));
    }
    this.feature(`neg:${t}`);
    if (t === 'f64' || t === 'f32') return build(t, [a], ([x]) => `(-${x})`, foldedIf([a]));
    return {
      t,
      js: `(-${a.js})`,
      em: `$.neg('${t}', ${a.em})`,
      fu: `$.neg('${t}', ${a.fu})`,
      ...foldedIf([a]),
    };
  }

  private ternary(t: Ty, d: number): Expr {
    const c = this.condition(d);
    // Arms of different types merge by promotion; the emulation converts each arm.
    if (t !== 'bool' && !isBigInt(t) && !isNarrow(t) && this.tape.chance(30)) {
      const pairs: [NumberType, NumberType][] =
        t === 'f64'
          ? [
              ['i32', 'u32'],
              ['i32', 'f64'],
              ['f32', 'f64'],
              ['i32', 'f32'],
              ['u32', 'f32'],
            ]
          : [[t as NumberType, t as NumberType]];
      const [ta, tb] = this.tape.pick(pairs);
      if (join([ta, tb]) === t) {
        const a = this.widen(t as NumberType, this.expr(ta, d, 'none'));
        const b = this.widen(t as NumberType, this.expr(tb, d, 'none'));
        this.feature(`?:mixed:${t}`);
        return build(t, [c, a, b], ([x, y, z]) => `(${x} ? ${y} : ${z})`);
      }
    }
    const a = this.expr(t, d);
    const b = this.expr(t, d);
    this.feature('?:');
    return build(t, [c, a, b], ([x, y, z]) => `(${x} ? ${y} : ${z})`);
  }

  /** `a || b`, `a && b` on numbers: JavaScript gives an operand, not a boolean. */
  private logical(t: Ty, d: number): Expr {
    const op = this.tape.pick(['||', '&&']);
    const a = this.expr(t, d);
    const b = this.expr(t, d);
    this.feature(`${op}:${t === 'bool' ? 'bool' : 'number'}`);
    return build(t, [a, b], ([x, y]) => `(${x} ${op} ${y})`);
  }

  /** `a ?? b`: `a`, as kernel values are never null or undefined (docs/language.md "Operators"). */
  private nullish(t: Ty, d: number): Expr {
    const a = this.expr(t, d);
    const b = this.expr(t, d);
    this.feature('??');
    return build(t, [a, b], ([x, y]) => `(${x} ?? ${y})`);
  }

  private math(t: NumberType, d: number): Expr {
    if (t === 'i32' && this.tape.chance(30)) {
      const name = this.tape.pick(['imul', 'clz32']);
      const a = this.expr(this.tape.pick(NUMBER_TYPES), d);
      this.feature(`Math.${name}`);
      if (name === 'clz32') return build('i32', [a], ([x]) => `Math.clz32(${x})`);
      const b = this.expr(this.tape.pick(NUMBER_TYPES), d);
      return build('i32', [a, b], ([x, y]) => `Math.imul(${x}, ${y})`);
    }
    if (t === 'f32' && this.tape.chance(30)) {
      const a = this.expr(this.tape.pick(NUMBER_TYPES), d);
      this.feature('Math.fround');
      return build('f32', [a], ([x]) => `Math.fround(${x})`);
    }
    if (this.tape.chance(30)) {
      const name = this.tape.pick(['min', 'max']);
      // Two values, now and then three or one.
      const count = this.tape.chance(20) ? this.tape.pick([1, 3]) : 2;
      // Two values may be of mixed types whose promotion is `t` (an integer beside an f32 is
      // rounded to f32 first, docs/language.md "Where f32 differs").
      const args =
        count === 2 && this.tape.chance(30)
          ? this.operands(t, d).map((e) => this.widen(t, e))
          : Array.from({ length: count }, () => this.expr(t, d));
      this.feature(count === 2 ? `Math.${name}` : `Math.${name}:${count}`);
      return build(t, args, (xs) => `$.m('${name}', '${t}', ${xs.join(', ')})`, {
        js: `Math.${name}(${args.map((a) => a.js).join(', ')})`,
        ...foldedIf(args),
      });
    }
    if (isFloat(t) && this.tape.chance(30)) {
      const a = this.expr(t, d);
      this.feature('Math.sqrt');
      return {
        t,
        js: `Math.sqrt(${a.js})`,
        em: `$.m('sqrt', '${t}', ${a.em})`,
        fu: `$.m('sqrt', '${t}', ${a.fu})`,
      };
    }
    const name = this.tape.pick(KEEP_TYPE);
    const a = this.expr(t, d);
    this.feature(`Math.${name}`);
    return {
      t,
      js: `Math.${name}(${a.js})`,
      em: `$.m('${name}', '${t}', ${a.em})`,
      fu: `$.m('${name}', '${t}', ${a.fu})`,
      ...foldedIf([a]),
    };
  }

  /** A Math function gpuc computes within stated ulps: only at the root of an output's store. */
  private transcendental(t: 'f32' | 'f64', d: number): Expr {
    if (this.tape.chance(30)) {
      const a = this.expr(t, d);
      const b = this.expr(t, d);
      const name = this.tape.pick(['atan2', 'hypot', 'pow', '**']);
      this.feature(`Math.${name}`);
      if (name === 'hypot' && this.tape.chance(50)) {
        // Three values (folded pairwise by gpuc, within the same ulps).
        const c = this.expr(t, d);
        this.feature('Math.hypot:3');
        return build(t, [a, b, c], ([x, y, z]) => `$.m('hypot', '${t}', ${x}, ${y}, ${z})`, {
          js: `Math.hypot(${a.js}, ${b.js}, ${c.js})`,
        });
      }
      if (name === '**')
        return {
          t,
          js: `(${a.js} ** ${b.js})`,
          em: `$.m('pow', '${t}', ${a.em}, ${b.em})`,
          fu: `$.m('pow', '${t}', ${a.fu}, ${b.fu})`,
        };
      return {
        t,
        js: `Math.${name}(${a.js}, ${b.js})`,
        em: `$.m('${name}', '${t}', ${a.em}, ${b.em})`,
        fu: `$.m('${name}', '${t}', ${a.fu}, ${b.fu})`,
      };
    }
    const name = this.tape.pick(TRANSCENDENTAL);
    const a = this.expr(t, d);
    this.feature(`Math.${name}`);
    return {
      t,
      js: `Math.${name}(${a.js})`,
      em: `$.m('${name}', '${t}', ${a.em})`,
      fu: `$.m('${name}', '${t}', ${a.fu})`,
    };
  }

  private bigint(t: BigIntType, d: number): Expr {
    const op = this.tape.pick(['+', '-', '*', '&', '|', '^', '/', '%', '<<', '>>', '**', 'neg', '~', '?:']);
    if (op === '?:') return this.ternary(t, d);
    const a = this.expr(t, d);
    // On literals alone gpuc folds it into a BigInt literal (made typed where a type is needed).
    if (op === 'neg') {
      this.feature(`neg:${t}`);
      return {
        t,
        js: `(-${a.js})`,
        em: `$.neg('${t}', ${a.em})`,
        fu: `$.neg('${t}', ${a.fu})`,
        ...foldedIf([a]),
      };
    }
    if (op === '~') {
      this.feature(`~:${t}`);
      return {
        t,
        js: `(~${a.js})`,
        em: `$.not('${t}', ${a.em})`,
        fu: `$.not('${t}', ${a.fu})`,
        ...foldedIf([a]),
      };
    }
    let b: Expr;
    if (op === '<<' || op === '>>') {
      // A shift by a huge count would make JavaScript build a huge BigInt.
      if (this.tape.chance(50))
        b = same(`${this.tape.pick([0, 1, 3, 31, 32, 63, 64, 70])}n`, t, { lit: true });
      else {
        const count = this.expr(t, d);
        b = build(t, [count], ([x]) => `(${x} & 63n)`, foldedIf([count]));
      }
    } else if (op === '**') {
      // A negative exponent throws (a RangeError); a u64 cannot hold one (`type-mismatch`).
      b = same(`${this.tape.pick(t === 'u64' ? [0, 1, 2, 3] : [0, 1, 2, 3, -1])}n`, t, { lit: true });
    } else {
      b = this.expr(t, d, a.lit ? 'none' : 'sibling');
    }
    if (b.js.startsWith('-')) b = { ...b, js: `(${b.js})`, em: `(${b.em})`, fu: `(${b.fu})` };
    this.feature(`${op}:${t}`);
    return {
      t,
      js: `(${a.js} ${op} ${b.js})`,
      em: `$.b('${op}', '${t}', ${a.em}, ${b.em})`,
      fu: `$.b('${op}', '${t}', ${a.fu}, ${b.fu})`,
      ...foldedIf([a, b]),
    };
  }

  private comparison(d: number): Expr {
    const op = this.tape.pick(['<', '<=', '>', '>=', '===', '!==', '==', '!=']);
    if (this.tape.chance(15)) {
      const t = this.tape.pick(['i64', 'u64'] as const);
      const a = this.expr(t === 'u64' && !this.hasU64() ? 'i64' : t, d);
      const b = this.expr(a.t, d, a.lit ? 'none' : 'sibling');
      this.feature(`cmp:${a.t}`);
      return build('bool', [a, b], ([x, y]) => `(${x} ${op} ${y})`);
    }
    const t = this.tape.pick(['i32', 'f64', 'f32', 'u32', 'i32'] as const);
    // Compared exactly, as JavaScript compares: an integer or a literal beside an f32 is not
    // rounded to f32 first (docs/language.md "Where f32 differs").
    const [a, b] = this.operands(t, d);
    this.feature(`cmp:${t}`);
    return build('bool', [a, b], ([x, y]) => `(${x} ${op} ${y})`);
  }

  /** Whether a u64 value is at hand (a u64 array or variable); `u64(x)` makes one anyway. */
  private hasU64(): boolean {
    return (
      (!this.inHelper && this.arrays.some((a) => a.t === 'u64' && readable(a))) ||
      this.vars.some((v) => v.t === 'u64') ||
      this.tape.chance(30)
    );
  }

  private boolean(d: number): Expr {
    return this.tape.weighted<() => Expr>([
      [6, () => this.comparison(d)],
      [2, () => this.logical('bool', d)],
      [
        2,
        () => {
          const a = this.expr(this.tape.pick(['bool', 'i32', 'f64', 'f32', 'u32'] as const), d);
          this.feature('!');
          return build('bool', [a], ([x]) => `(!${x})`);
        },
      ],
      [
        1,
        () => {
          const name = this.tape.pick(['isNaN', 'isFinite', 'isInteger']);
          const a = this.expr(this.tape.pick(['f64', 'f32', 'i32'] as const), d);
          this.feature(`Number.${name}`);
          return build('bool', [a], ([x]) => `Number.${name}(${x})`);
        },
      ],
      [1, () => this.ternary('bool', d)],
    ])();
  }

  /** A condition: a boolean or, as JavaScript allows, a number's truthiness. */
  private condition(d: number): Expr {
    return this.expr(this.tape.weighted([[5, 'bool'] as const, [1, 'i32'] as const, [1, 'f64'] as const]), d);
  }

  /** The device functions an expression may call: not those with warp operations (see collectiveCall). */
  private callable(): DeviceFunction[] {
    return this.helpers.filter((h) => !h.collective);
  }

  private call(t: Ty, d: number): Expr {
    const helpers = this.callable();
    const helper = helpers.find((h) => h.result === t) ?? this.tape.pick(helpers);
    // A function parameter takes the function it was made for, by name.
    const args = helper.params.map((p) =>
      typeof p === 'string' ? signless(this.expr(p, d)) : same(p.fn.name, 'bool'),
    );
    this.feature(helper.params.length > 2 ? 'helper:arity>2' : 'helper');
    const result = helper.result;
    let call: Expr;
    if (typeof result === 'string') call = build(result, args, (xs) => `${helper.name}(${xs.join(', ')})`);
    else {
      // A member of the record or tuple returned.
      const k = this.tape.next(result.types.length);
      const member = result.fields ? `.${result.fields[k]}` : `[${k}]`;
      this.feature(result.fields ? 'helper:record' : 'helper:tuple');
      call = build(result.types[k] as Ty, args, (xs) => `${helper.name}(${xs.join(', ')})${member}`);
    }
    return call.t === t ? call : this.coerce(call, t);
  }

  /**
   * A value the device function being written returns: of its result type, or a record or tuple
   * of its members' types (integers crossing the function's boundary lose a -0).
   */
  private resultValue(result: Result, d: number, mode: Mode): Expr | (string | Expr)[] {
    if (typeof result === 'string') return signless(this.expr(result, d, mode));
    const values = result.types.map((t) => signless(this.expr(t, d, 'none')));
    if (!result.fields)
      return [
        '[',
        ...interleave(
          values,
          values.map(() => ''),
          ', ',
        ),
        ']',
      ];
    const fields = result.fields;
    return [
      '{ ',
      ...interleave(
        values,
        fields.map((f) => `${f}: `),
        ', ',
      ),
      ' }',
    ];
  }

  /** `if (c) return;` in the kernel, `if (c) return value;` in a device function. */
  private returnStatement(): string[] {
    const c = this.condition(2);
    if (!this.inHelper) {
      this.feature('return:kernel');
      return [line('if (', c, ') return;')];
    }
    this.feature('return:early');
    const value = this.resultValue(this.helperResult as Result, 2, 'none');
    return [line('if (', c, ') return ', ...(Array.isArray(value) ? value : [value]), ';')];
  }

  /** A tuple's element at a variable index in range: of the elements' merged type. */
  private tupleRead(t: Ty, d: number): Expr {
    const tuple = this.tape.pick(this.aggregates.filter((a) => a.merged !== undefined));
    const index = this.expr('i32', Math.min(d, 1));
    this.feature('tuple-index');
    const read = build(
      tuple.merged as Ty,
      [index],
      ([x]) => `${tuple.name}[(${x} >>> 0) % ${tuple.types.length}]`,
    );
    return read.t === t ? read : this.coerce(read, t);
  }

  /** An element of a typed array captured from the scope (copied in, read only). */
  private capturedRead(t: Ty, d: number): Expr {
    const table = this.tape.pick(this.tables);
    const index = this.index(table.length, d);
    this.feature('captured:array');
    const read = build(readAs(table.t), [index], ([x]) => `${table.name}[${x}]`);
    return read.t === t ? read : this.coerce(read, t);
  }

  /**
   * A value captured from the kernel's scope, typed as a host value is (docs/language.md "Host
   * values"): a number is `i32` when an integer in its range (not -0), `f64` otherwise; a BigInt
   * `i64`; a boolean `bool`; or a typed array of 16 elements.
   */
  private capture(name: string): void {
    if (this.tape.chance(40)) {
      const t = this.tape.pick(['f64', 'f32', 'i32', 'u8', 'i16', 'u32', 'i64', 'u64'] as const);
      const values = Array.from({ length: LENGTH }, () => encode(this.value(t)));
      this.captured.push({ name, kind: 'array', type: t, values });
      this.tables.push({ name, t, length: LENGTH });
      return;
    }
    const [value, t] = this.hostValue();
    this.feature(`captured:${t}`);
    this.captured.push({ name, kind: 'scalar', type: t, value: encode(value) });
    this.vars.push({ name, t, mutable: false });
  }

  /** A plain host value and its kernel type ("Host values"): a number, a BigInt or a boolean. */
  private hostValue(): [number | bigint | boolean, Ty] {
    const kind = this.tape.pick(['number', 'number', 'bigint', 'bool'] as const);
    if (kind === 'bool') return [this.tape.chance(50), 'bool'];
    if (kind === 'bigint') return [this.value('i64'), 'i64'];
    const v = this.value(this.tape.pick(['f64', 'i32'] as const)) as number;
    return [v, fits('i32', v) && !Object.is(v, -0) ? 'i32' : 'f64'];
  }

  /**
   * A record (a plain object) or a tuple (a plain array) of 2 or 3 host values, passed as a
   * kernel argument (`kind` 'parameter') or captured from the scope: read by member, and a
   * tuple of numbers by a variable index too.
   */
  private aggregateValue(name: string, where: 'parameter' | 'captured'): Param {
    const values = Array.from({ length: 2 + this.tape.next(2) }, () => this.hostValue());
    const types = values.map(([, t]) => t);
    const record = this.tape.chance(50);
    const fields = record ? types.map((_, k) => String.fromCharCode(97 + k)) : undefined;
    const numbers = types.every((e) => e === 'i32' || e === 'f64');
    const merged = numbers
      ? join(types as NumberType[])
      : types.every((e) => e === types[0])
        ? types[0]
        : undefined;
    this.feature(`${where}:${record ? 'record' : 'tuple'}`);
    this.aggregates.push({
      name,
      types,
      ...(fields ? { fields } : {}),
      ...(!record && merged ? { merged } : {}),
    });
    return {
      name,
      kind: 'aggregate',
      types,
      values: values.map(([v]) => encode(v)),
      ...(fields ? { fields } : {}),
    };
  }

  private localRead(t: Ty, d: number): Expr {
    const array = this.tape.pick(this.locals);
    const index = this.index(array.length, d);
    this.feature('local-array');
    const read = build(array.t, [index], ([x]) => `${array.name}[${x}]`);
    return read.t === t ? read : this.coerce(read, t);
  }

  private sharedRead(t: Ty, d: number): Expr {
    const array = this.tape.pick(this.shared);
    const shift = this.tape.next(BLOCK);
    this.feature('shared');
    const read = same(`${array.name}[(gpu.threadIdx.x + ${shift}) & ${BLOCK - 1}]`, array.t);
    void d;
    return read.t === t ? read : this.coerce(read, t);
  }

  /** An expression of another type made into `t` by an explicit conversion. */
  private coerce(e: Expr, t: Ty): Expr {
    if (t === 'bool') return build('bool', [e], ([x]) => `(${x} ${isBigInt(e.t) ? '!== 0n' : '!== 0'})`);
    if (isBigInt(t) || isBigInt(e.t)) {
      if (isBigInt(t) && isBigInt(e.t)) return t === 'i64' && e.t === 'i64' ? e : this.conversion(t, 0);
      if (isBigInt(t)) return this.conversion(t, 0);
      return this.coerce(
        build('f64', [e], ([x]) => `Number(${x})`),
        t,
      );
    }
    if (e.t === 'bool') {
      const number = build('i32', [e], ([x]) => `(${x} ? 1 : 0)`);
      return t === 'i32' ? number : this.coerce(number, t);
    }
    return build(t, [e], ([x]) => (t === 'f32' ? `Math.fround(${x})` : `${t}(${x})`));
  }

  /** An index into an array of `length` (a power of two) that is always in range. */
  private index(length: number, d: number): Expr {
    if (this.tape.chance(30)) return same(String(this.tape.next(length)), 'i32');
    const e = this.expr('i32', Math.min(d, 1));
    return build('i32', [e], ([x]) => `(${x} & ${length - 1})`);
  }

  // ---------- statements ----------

  /** Statements whose declarations stay in scope after them (the kernel's top level). */
  private sequence(depth: number, max: number): string[] {
    const lines: string[][] = [];
    const count = this.tape.next(max + 1);
    for (let k = 0; k < count && this.statements < this.maxStatements; k++) lines.push(this.statement(depth));
    return lines.flat();
  }

  private block(depth: number, max: number): string[] {
    const saved = [this.vars.length, this.locals.length, this.aggregates.length];
    const lines = this.sequence(depth, max);
    // An outer f64 variable assigned a narrower number as the block's last statement: its type
    // after the block (and at a loop's head) is their join, f64, which holds the value exactly.
    const outer = this.vars.slice(0, saved[0]).filter((v) => v.mutable && v.t === 'f64');
    if (outer.length > 0 && this.tape.chance(20)) {
      const v = this.tape.pick(outer);
      const e = this.expr(this.tape.pick(['i32', 'u32', 'f32', 'i16'] as const), 2);
      this.feature(`assign:f64<-${e.t}`);
      lines.push(line(`${v.name} = `, e, ';'));
    }
    this.vars.length = saved[0] as number;
    this.locals.length = saved[1] as number;
    this.aggregates.length = saved[2] as number;
    return lines;
  }

  /** Generates a statement; returns its lines as `[js, em, fu]` triples joined per line. */
  private statement(depth: number): string[] {
    this.statements++;
    const mutable = this.vars.filter((v) => v.mutable);
    const nested = depth > 0;
    return this.tape.weighted<() => string[]>([
      [6, () => this.declare()],
      [mutable.length > 0 ? 6 : 0, () => this.assign(this.tape.pick(mutable))],
      [nested ? 4 : 0, () => this.ifStatement(depth)],
      [nested ? 4 : 0, () => this.loop(depth)],
      [nested ? 1 : 0, () => this.switchStatement(depth)],
      [this.breakDepth > 0 || this.labels.length > 0 ? 2 : 0, () => this.jump()],
      [this.inHelper || this.returning ? (nested ? 1 : 2) : 0, () => this.returnStatement()],
      [this.locals.length > 0 ? 2 : 0, () => this.localStore()],
      [2, () => this.localArray()],
      [2, () => this.aggregate()],
      [nested ? 1 : 0, () => this.merge()],
      [nested ? 1 : 0, () => this.labelledBlock(depth)],
      [this.throwing && this.tape.chance(30) ? 1 : 0, () => this.throwStatement()],
      [
        this.kernelArrays('atomic').length > 0 ? 2 : 0,
        () => this.atomic(this.tape.pick(this.kernelArrays('atomic'))),
      ],
      [this.updatable().length > 0 ? 2 : 0, () => this.elementUpdate()],
      [this.kernelArrays('table').length > 0 ? 1 : 0, () => this.vectorLoad()],
      [
        this.tape.chance(10) ? 1 : 0,
        () => {
          // Memory fences: nothing a single thread's results can show, but they must compile.
          const fence = this.tape.pick(['threadFence', 'threadFenceBlock', 'threadFenceSystem']);
          this.feature(`gpu.${fence}`);
          return [plain(`gpu.${fence}();`)];
        },
      ],
    ])();
  }

  /** The array parameters of a role the code being written can reach (none in a helper). */
  private kernelArrays(role: Role): ArrayParam[] {
    return this.inHelper ? [] : this.arrays.filter((a) => a.role === role);
  }

  // ---------- atomics, element updates, vector loads, warp operations ----------

  private atomicPlan(t: AtomicType, shared = false): AtomicPlan {
    const float = isFloat(t);
    const op = this.tape.pick(
      float
        ? (['Add', 'Min', 'Max', 'Exch', 'CAS'] as const)
        : (['Add', 'Min', 'Max', 'And', 'Or', 'Xor', 'Exch', 'CAS'] as const),
    );
    if (!shared && this.tape.chance(30)) return { op, own: true };
    const big = isBigInt(t) ? 'n' : '';
    if (op === 'Exch') return { op, uniform: float ? `${this.tape.next(8)}.5` : this.uniform(t, 100) };
    if (op === 'CAS') return { op, compare: `${this.tape.next(4)}${big}`, uniform: this.uniform(t, 8) };
    return { op };
  }

  /**
   * The value every thread exchanges into an integer array: an integer below `limit`, or for a
   * 32-bit array now and then a number the store converts (`2.5` is 2, `-1.5` in a `u32[]` is
   * 4294967295), which docs/language.md allows in `atomicExch` and atomicCAS's new value.
   */
  private uniform(t: AtomicType, limit: number): string {
    if (isBigInt(t)) return `${this.tape.next(limit)}n`;
    if (!this.tape.chance(25)) return String(this.tape.next(limit));
    this.feature('atomic-value:converted');
    return this.tape.pick([`${this.tape.next(limit)}.5`, '-1.5', '4294967297.5']);
  }

  /** An atomic array's element before the launch: small dyadic values where floats add. */
  private atomicInitial(t: AtomicType, plan: AtomicPlan): number | bigint {
    if (plan.own) return this.value(t);
    if (plan.op === 'CAS') return isBigInt(t) ? BigInt(this.tape.next(4)) : this.tape.next(4);
    if (isFloat(t) && plan.op !== 'Exch') return this.tape.next(1024) * 0.25 - 64;
    return this.value(t);
  }

  /** `gpu.atomic<op>(c, index, value)` on an atomic array, as its plan allows. */
  private atomic(a: ArrayParam): string[] {
    const plan = a.atomic as AtomicPlan;
    const t = a.t as AtomicType;
    if (plan.own) return this.ownAtomic(a, plan, t);
    const index = this.tape.chance(30)
      ? same(String(this.tape.next(4)), 'i32')
      : build('i32', [this.expr('i32', 1)], ([x]) => `(${x} & 3)`);
    const op = plan.op === 'Add' && this.tape.chance(40) ? 'Sub' : plan.op;
    const args =
      op === 'CAS'
        ? [index, same(plan.compare as string, t), same(plan.uniform as string, t)]
        : op === 'Exch'
          ? [index, same(plan.uniform as string, t)]
          : [index, this.atomicValue(t, op)];
    this.feature(`atomic${op}:${t}`);
    const call = build(t, args, (xs) => `gpu.atomic${op}(${a.name}, ${xs.join(', ')})`);
    if (isFloat(t) || isBigInt(t) || !this.tape.chance(20)) return [line(call, ';')];
    // The old value depends on the threads' order: only its type is tested, by `& 0`.
    const name = this.fresh('v');
    this.vars.push({ name, t: 'i32', mutable: false });
    this.feature('atomic-result');
    return [line(`const ${name} = (`, call, ' & 0);')];
  }

  /**
   * Atomics on a shared array of 4: its elements set by the first 4 threads, a barrier, each
   * thread's atomics of one kind, a barrier, then each thread reads one element (the same in any
   * order of the atomics).
   */
  private sharedAtomics(): string[] {
    const t = this.tape.pick(ATOMIC_TYPES);
    const plan = this.atomicPlan(t, true);
    const name = this.fresh('sa');
    const a: ArrayParam = { name, t, role: 'atomic', atomic: plan };
    const initial = this.atomicInitial(t, plan);
    const text =
      typeof initial === 'bigint' ? `${initial}n` : Object.is(initial, -0) ? '-0.0' : String(initial);
    this.feature(`shared-atomic${plan.op}:${t}`);
    const updates = Array.from({ length: 1 + this.tape.next(2) }, () => this.atomic(a)).flat();
    const result = this.fresh('v');
    const out = [
      plain(`const ${name} = gpu.sharedArray(${ARRAY_OF[t]}, 4);`),
      plain(
        `if (gpu.threadIdx.x < 4) ${name}[gpu.threadIdx.x] = ${text.startsWith('-') ? `(${text})` : text};`,
      ),
      plain('gpu.barrier();'),
      ...updates,
      plain('gpu.barrier();'),
      plain(`const ${result} = ${name}[i & 3];`),
    ];
    this.vars.push({ name: result, t, mutable: false });
    this.collectiveResults.push(this.vars.at(-1) as Variable);
    return out;
  }

  /** An atomic on the thread's own element, any value of the element's type; its old value kept. */
  private ownAtomic(a: ArrayParam, plan: AtomicPlan, t: AtomicType): string[] {
    const op = plan.op === 'Add' && this.tape.chance(40) ? 'Sub' : plan.op;
    const value = () => this.expr(t, 2, 'none');
    // The element itself (only this thread changes it) makes a compare that holds.
    const compare = () => (this.tape.chance(50) ? same(`${a.name}[i]`, t) : value());
    const args = op === 'CAS' ? [compare(), value()] : [value()];
    this.feature(`atomic${op}:${t}:own`);
    const call = build(t, args, (xs) => `gpu.atomic${op}(${a.name}, i, ${xs.join(', ')})`);
    if (this.tape.chance(50)) return [line(call, ';')];
    const name = this.fresh('v');
    this.vars.push({ name, t, mutable: false });
    return [line(`const ${name} = `, call, ';')];
  }

  /** A value whose atomic updates give the same contents in any order. */
  private atomicValue(t: AtomicType, op: string): Expr {
    if (isFloat(t)) {
      // Small multiples of 1/4 (or 1/2 around 0): every sum is exact, so any order gives it.
      const ordered = op === 'Min' || op === 'Max';
      if ((ordered || t === 'f64') && this.tape.chance(30)) {
        // An i32 value: any number in a float Min/Max, an integer into an f64 sum (exact).
        this.feature('atomic-value:i32');
        return build('i32', [this.expr('i32', 1)], ([x]) =>
          ordered ? `((${x} & 255) - 64)` : `(${x} & 255)`,
        );
      }
      const scaled = build('f64', [this.expr('i32', 1)], ([x]) =>
        ordered ? `((${x} & 255) * 0.5 - 64)` : `((${x} & 255) * 0.25)`,
      );
      return t === 'f32' ? build('f32', [scaled], ([x]) => `Math.fround(${x})`) : scaled;
    }
    const ordered = op === 'Min' || op === 'Max';
    if (t === 'u64' && !this.hasU64())
      return ordered ? same(`u64(${this.tape.next(1000)}n)`, t) : this.expr('i64', 2, 'none');
    // Wrapping operations take any integer of the width; ordered ones compare in the array's type.
    // Bitwise ones take any number (ToInt32 commutes with the store's conversion).
    const bitwise = op === 'And' || op === 'Or' || op === 'Xor';
    const from: Ty = ordered
      ? t
      : isBigInt(t)
        ? this.tape.pick(this.hasU64() ? (['i64', 'u64'] as const) : (['i64'] as const))
        : this.tape.pick(
            bitwise ? (['i32', 'u32', 'i16', 'f64'] as const) : (['i32', 'u32', 'u8', 'i16'] as const),
          );
    if (from !== t && !isBigInt(t) && from !== 'i32' && from !== 'u32') this.feature(`atomic-value:${from}`);
    return this.expr(from, 2, 'none');
  }

  /** The input arrays a thread may update at its own index (views are indexed by `.get`). */
  private updatable(): ArrayParam[] {
    return this.kernelArrays('input').filter((x) => !x.view);
  }

  /** `a[i] op= e`, `a[i]++`: a thread updates its own element of an input array. */
  private elementUpdate(): string[] {
    const a = this.tape.pick(this.updatable());
    const t = computedAs(a.t);
    if (this.tape.chance(15)) {
      const op = this.tape.pick(['++', '--']);
      const target = `${a.name}[i]`;
      this.feature(`element${op}`);
      const em =
        t === 'f64' ? `${target}${op};` : `${target} = $.b('${op[0]}', '${t}', ${target}, ${one(t)});`;
      return [`${target}${op};\u0000${em}\u0000${em}`];
    }
    if (this.tape.chance(25)) {
      // A plain store of a value of any type, converted by the store, read back later.
      this.feature('element=');
      return [line(`${a.name}[i] = `, this.expr(this.storedType(a.t), 2), ';')];
    }
    const e = this.updateOf(a, 2);
    return [line(e, ';')];
  }

  /**
   * `(a[i] op= e)` or `(++a[i])` as a value: the result computed in the element's type of
   * computation (JavaScript's unconverted number), stored converted.
   */
  private updateOf(a: ArrayParam, d: number): Expr {
    const t = computedAs(a.t);
    const target = `${a.name}[i]`;
    if (this.tape.chance(25)) {
      const op = this.tape.pick(['++', '--']);
      this.feature(`element${op}`);
      const em =
        t === 'f64' ? `(${op}${target})` : `(${target} = $.b('${op[0]}', '${t}', ${target}, ${one(t)}))`;
      return { t, js: `(${op}${target})`, em, fu: em };
    }
    const op = this.tape.pick(
      isBigInt(t)
        ? ['+', '-', '*', '&', '|', '^']
        : t === 'i32'
          ? ['+', '-', '*', '%', '&', '|', '^', '<<', '>>']
          : t === 'u32'
            ? ['+', '-', '*', '%', '>>>']
            : ['+', '-', '*', '/', '%'],
    );
    const e = this.expr(t, d, 'none');
    this.feature(`element${op}=`);
    const exact = t === 'f64' || (['&', '|', '^', '<<', '>>', '>>>'].includes(op) && !isBigInt(t));
    const form = (x: string) =>
      exact ? `(${target} ${op}= ${x})` : `(${target} = $.b('${op}', '${t}', ${target}, ${x}))`;
    return { t, js: `(${target} ${op}= ${e.js})`, em: form(e.em), fu: form(e.fu) };
  }

  /**
   * Neighbouring elements of a table read into constants, the first index a provable multiple
   * of the group (docs/language.md "Vector memory access"): 4 elements of 32 bits or less, 2 of 64.
   */
  private vectorLoad(): string[] {
    const a = this.tape.pick(this.kernelArrays('table'));
    const t = readAs(a.t);
    const base = this.fresh('g');
    if (a.view) {
      // A row of a view: its four columns (of 3 dimensions, row `g & 1` of plane `g >> 1`).
      const names = Array.from({ length: VIEW[1] }, () => this.fresh('v'));
      const e = this.expr('i32', 1);
      this.feature('view-row');
      const row = a.view.length === 3 ? `${base} >> 1, ${base} & 1` : base;
      const loads = names.map((n, k) => `${n} = ${a.name}.get(${row}, ${k})`);
      for (const name of names) this.vars.push({ name, t, mutable: false });
      return [line(`const ${base} = (`, e, ` & ${VIEW[0] - 1});`), plain(`const ${loads.join(', ')};`)];
    }
    const width = widthOf(t);
    const names = Array.from({ length: width }, () => this.fresh('v'));
    const e = this.expr('i32', 1);
    this.feature(`vector-load:${width}`);
    const loads = names.map((n, k) => `${n} = ${a.name}[${base}${k > 0 ? ` + ${k}` : ''}]`);
    for (const name of names) this.vars.push({ name, t, mutable: false });
    return [
      line(`const ${base} = ${width} * (`, e, ` & ${LENGTH / width - 1});`),
      plain(`const ${loads.join(', ')};`),
    ];
  }

  /**
   * The thread's group of a wide output, written side by side from `width * i` on (docs/language.md
   * "Vector memory access"): one store per element, or a local array's elements in a loop.
   */
  private vectorStore(a: ArrayParam): string[] {
    const t = a.t as WideType;
    const width = widthOf(t);
    const base = this.fresh('g');
    const out = [plain(`const ${base} = ${width} * i;`)];
    this.feature(`vector-store:${width}`);
    if (this.tape.chance(40)) {
      const local = this.fresh('l');
      const counter = this.fresh('j');
      this.vars.push({ name: counter, t: 'i32', mutable: false });
      const fill = this.expr(t, 2);
      this.vars.pop();
      this.feature('vector-store:loop');
      return [
        ...out,
        plain(`const ${local} = new ${ARRAY_OF[t]}(${width});`),
        plain(`for (let ${counter} = 0; ${counter} < ${width}; ${counter}++) {`),
        line(`${local}[${counter}] = `, fill, ';'),
        plain('}'),
        plain(`for (let ${counter} = 0; ${counter} < ${width}; ${counter}++) {`),
        plain(`${a.name}[${base} + ${counter}] = ${local}[${counter}];`),
        plain('}'),
      ];
    }
    for (let k = 0; k < width; k++)
      out.push(line(`${a.name}[${base}${k > 0 ? ` + ${k}` : ''}] = `, this.expr(t, 2), ';'));
    return out;
  }

  /**
   * A warp reduction as users write it: a loop every lane runs alike, combining its value with
   * another lane's (`shuffleDown` by 4, 2, 1, or a `shuffleXor` butterfly by 1, 2, 4).
   */
  private warpReduction(): string[] {
    const t = this.tape.pick(['i32', 'u32', 'f32', 'f64', 'i64'] as const);
    const sources = this.arrays.filter(
      (x) => (x.role === 'input' || x.role === 'table') && readAs(x.t) === t,
    );
    const start =
      sources.length > 0 && this.tape.chance(70)
        ? same(own(this.tape.pick(sources)), t)
        : this.expr(t, 2, 'none');
    const value = this.fresh('r');
    const step = this.fresh('j');
    const down = this.tape.chance(50);
    const op = this.tape.pick(isBigInt(t) ? ['+', '^'] : ['+', 'max', 'min']);
    const call = `gpu.${down ? 'shuffleDown' : 'shuffleXor'}(${value}, ${step})`;
    // A shuffled integer's -0 is +0 (docs/language.md); sums then keep JavaScript's values.
    const other = t === 'i32' || t === 'u32' ? `$.z(${call})` : call;
    const combine = (x: string, emulated: boolean): string => {
      if (op === 'max' || op === 'min')
        return emulated ? `$.m('${op}', '${t}', ${value}, ${x})` : `Math.${op}(${value}, ${x})`;
      if (!emulated || t === 'f64') return `(${value} ${op} ${x})`;
      return `$.b('${op}', '${t}', ${value}, ${x})`;
    };
    this.feature(`warp:reduce-${down ? 'down' : 'xor'}`);
    this.vars.push({ name: value, t, mutable: false });
    this.collectiveResults.push(this.vars.at(-1) as Variable);
    const head = down
      ? `for (let ${step} = 4; ${step} > 0; ${step} >>= 1) {`
      : `for (let ${step} = 1; ${step} < ${BLOCK}; ${step} <<= 1) {`;
    const body = `${value} = ${combine(call, false)};\u0000${value} = ${combine(other, true)};\u0000${value} = ${combine(other, true)};`;
    if (!this.tape.chance(30)) return [line(`let ${value} = `, start, ';'), plain(head), body, plain('}')];
    // The reduction as a device function the kernel calls where every lane does (an integer's
    // -0 is +0 once passed or returned).
    const name = this.fresh('h');
    const result = t === 'i32' || t === 'u32' ? `$.z(${value})` : value;
    const [source, emulated, fused] = texts([
      plain(`function ${name}(x0) {`),
      plain(`let ${value} = x0;`),
      plain(head),
      body,
      plain('}'),
      `return ${value};\u0000return ${result};\u0000return ${result};`,
      plain('}'),
    ]);
    this.helpers.push({ name, source, emulated, fused, params: [t], result: t, collective: true });
    this.feature('warp:reduce-in-function');
    if (this.tape.chance(50)) return [line(`const ${value} = ${name}(`, signless(start), ');')];
    // Called again on its own result, in a loop every lane runs alike.
    const round = this.fresh('j');
    const again = t === 'i32' || t === 'u32' ? `$.z(${value})` : value;
    this.feature('warp:in-function-loop');
    return [
      line(`let ${value} = `, start, ';'),
      plain(`for (let ${round} = 0; ${round} < ${1 + this.tape.next(3)}; ${round}++) {`),
      `${value} = ${name}(${value});\u0000${value} = ${name}(${again});\u0000${value} = ${name}(${again});`,
      plain('}'),
    ];
  }

  /** A table of 32- or 64-bit elements that asynchronous copies may read. */
  private copySource(): ArrayParam | undefined {
    const tables = this.kernelArrays('table').filter((a) => !a.view && !isHalf(a.t) && !isNarrow(a.t));
    return tables.length > 0 ? this.tape.pick(tables) : undefined;
  }

  /** `gpu.barrier();`, or now and then a device function's that the kernel calls. */
  private barrierCall(): string {
    if (!this.tape.chance(25)) return 'gpu.barrier();';
    const name = this.fresh('h');
    const source = `function ${name}() {\n  gpu.barrier();\n}`;
    this.helpers.push({
      name,
      source,
      emulated: source,
      fused: source,
      params: [],
      result: 'i32',
      collective: true,
    });
    this.feature('barrier:in-function');
    return `${name}();`;
  }

  /** `gpu.shuffle…(v, n)`, a vote or a ballot of a fresh value, at the kernel's top level. */
  private warpOperation(): string[] {
    this.warp = true;
    const uniform = this.vars.filter((v) => /^[sK]\d+$/.test(v.name) && !isBigInt(v.t));
    if (uniform.length > 0 && this.tape.chance(20)) return this.uniformWarp(this.tape.pick(uniform));
    if (this.tape.chance(30)) return this.warpReduction();
    const op = this.tape.pick([
      'shuffle',
      'shuffleUp',
      'shuffleDown',
      'shuffleXor',
      'voteAny',
      'voteAll',
      'ballot',
    ]);
    const value = this.fresh('w');
    const result = this.fresh('w');
    this.feature(`warp:${op}`);
    if (op.startsWith('vote') || op === 'ballot') {
      const p = this.condition(2);
      this.vars.push({ name: result, t: op === 'ballot' ? 'u64' : 'bool', mutable: false });
      this.collectiveResults.push(this.vars.at(-1) as Variable);
      const vote = (x: string) => `gpu.${op}(${x})`;
      return [line(`const ${value} = `, p, ';'), this.collectiveCall(result, vote, vote, [value])];
    }
    const t = this.tape.pick(['i32', 'u32', 'f32', 'f64', 'i64'] as const);
    // Mostly an input's element, which differs from lane to lane.
    const sources = this.arrays.filter(
      (x) => (x.role === 'input' || x.role === 'table') && readAs(x.t) === t,
    );
    const shuffled =
      sources.length > 0 && this.tape.chance(60)
        ? same(own(this.tape.pick(sources)), t)
        : this.expr(t, 2, 'none');
    const out = [line(`const ${value} = `, shuffled, ';')];
    // Lanes 8 to 31 are outside the warp of a block of 8: the lane gets its own value.
    const range = op === 'shuffle' || op === 'shuffleXor' ? 32 : 10;
    // Now and then one outside the warp's 32 lanes: a negative one, or one past 31 (`shuffle`
    // takes it modulo 32).
    let amount = this.tape.chance(10)
      ? this.tape.pick(['-1', '33', '40', '-9'])
      : String(this.tape.next(range));
    if (this.tape.chance(50)) {
      amount = this.fresh('w');
      out.push(
        line(
          `const ${amount} = (`,
          this.expr('i32', 1),
          ` & ${op === 'shuffleUp' || op === 'shuffleDown' ? 7 : 31});`,
        ),
      );
    }
    const call = (x: string, n: string) => `gpu.${op}(${x}, ${n})`;
    // An integer's -0 is +0 once shuffled (docs/language.md).
    const em = (x: string, n: string) => (t === 'i32' || t === 'u32' ? `$.z(${call(x, n)})` : call(x, n));
    this.vars.push({ name: result, t, mutable: false });
    this.collectiveResults.push(this.vars.at(-1) as Variable);
    out.push(this.collectiveCall(result, call, em, [value, amount]));
    return out;
  }

  /**
   * A shuffle under a condition every thread computes alike (of a scalar argument or a captured
   * value): the whole warp takes the branch or none does, as warp operations need.
   */
  private uniformWarp(v: Variable): string[] {
    const t = this.tape.pick(['i32', 'u32', 'f32', 'f64'] as const);
    const name = this.fresh('w');
    const op = this.tape.pick(['shuffleXor', 'shuffleDown', 'shuffleUp', 'shuffle']);
    const call = `gpu.${op}(${name}, ${1 + this.tape.next(7)})`;
    const em = t === 'i32' || t === 'u32' ? `$.z(${call})` : call;
    const step = `${name} = ${call};\u0000${name} = ${em};\u0000${name} = ${em};`;
    const start = line(`let ${name} = `, this.expr(t, 2, 'none'), ';');
    if (v.t !== 'bool' && this.tape.chance(50)) {
      // As many times as the value says (0 to 3), in a loop every lane runs alike.
      const round = this.fresh('j');
      this.feature('warp:uniform-loop');
      this.vars.push({ name, t, mutable: false });
      this.collectiveResults.push(this.vars.at(-1) as Variable);
      return [
        start,
        plain(`for (let ${round} = 0; ${round} < (${v.name} & 3); ${round}++) {`),
        step,
        plain('}'),
      ];
    }
    const test = v.t === 'bool' ? v.name : `${v.name} > ${v.t === 'u32' ? 'u32(1)' : '1'}`;
    this.feature('warp:uniform-branch');
    const out = [start, plain(`if (${test}) {`), step, plain('}')];
    this.vars.push({ name, t, mutable: false });
    this.collectiveResults.push(this.vars.at(-1) as Variable);
    return out;
  }

  /**
   * `const result = <warp operation>;` at the kernel's top level, or now and then the same
   * operation inside a device function the kernel calls there (`const result = h(v, n)`, which
   * gpuc inlines into the kernel's coroutine and the reference runner runs with `yield*`).
   */
  private collectiveCall(
    result: string,
    js: (...args: string[]) => string,
    em: (...args: string[]) => string,
    args: readonly string[],
  ): string {
    if (!this.tape.chance(25))
      return `const ${result} = ${js(...args)};\u0000const ${result} = ${em(...args)};\u0000const ${result} = ${em(...args)};`;
    const name = this.fresh('h');
    const params = args.map((_, k) => `x${k}`);
    // A declaration, or an arrow function whose expression is the call.
    const arrow = this.tape.chance(30);
    if (arrow) this.feature('warp:in-arrow');
    const text = (body: string) => functionText(name, params, body, arrow);
    // The result crosses the function's boundary: an integer's -0 is +0 (it is already, shuffled).
    const emulated = text(em(...params));
    this.helpers.push({
      name,
      source: text(js(...params)),
      emulated,
      fused: emulated,
      params: args.map(() => 'i32'),
      result: 'i32',
      collective: true,
    });
    this.feature('warp:in-function');
    if (this.tape.chance(70)) return plain(`const ${result} = ${name}(${args.join(', ')});`);
    // Through another device function, which calls the one it is passed.
    const apply = this.fresh('h');
    const through = functionText(apply, ['f', ...params], `f(${params.join(', ')})`, arrow);
    this.helpers.push({
      name: apply,
      source: through,
      emulated: through,
      fused: through,
      params: args.map(() => 'i32'),
      result: 'i32',
      collective: true,
      through: 'f',
    });
    this.feature('warp:in-function-argument');
    return plain(`const ${result} = ${apply}(${name}, ${args.join(', ')});`);
  }

  private anyType(): Ty {
    const types: Ty[] = ['i32', 'i32', 'f64', 'f64', 'f32', 'u32', 'bool', 'i64', 'i8', 'u16'];
    if (this.hasU64()) types.push('u64');
    return this.tape.pick(types);
  }

  private declare(): string[] {
    const t = this.anyType();
    const mutable = this.tape.chance(70);
    // A `let` may be assigned later: from a literal it would be a literal until then, and the
    // merge's type would depend on what is assigned, so it starts typed.
    const e = this.expr(t, 3, mutable ? 'none' : 'free');
    const name = this.fresh('v');
    this.vars.push({ name, t: e.t, mutable, ...(e.lit ? { lit: true } : {}) });
    const kw = mutable ? 'let' : 'const';
    return [line(`${kw} ${name} = `, e, ';')];
  }

  private assign(v: Variable): string[] {
    this.feature('assign');
    const number = v.t === 'i32' || v.t === 'u32' || isFloat(v.t);
    const logical = [
      ...(v.t === 'bool' || (this.numericLogical && number) ? ['||=', '&&='] : []),
      ...(this.nullishAllowed ? ['??='] : []),
    ];
    if (logical.length > 0 && this.tape.chance(15)) {
      // Assigns only where JavaScript does (`??=` never: kernel values are never nullish).
      const op = this.tape.pick(logical);
      this.feature(op);
      return [line(`${v.name} ${op} `, this.expr(v.t, 2, 'none'), ';')];
    }
    const compound = v.t !== 'bool' && !isNarrow(v.t) && this.tape.chance(30);
    if (compound) {
      if (this.tape.chance(30)) {
        const op = this.tape.pick(['++', '--']);
        const t = v.t;
        const em =
          t === 'f64' ? `${v.name}${op};` : `${v.name} = $.b('${op[0]}', '${t}', ${v.name}, ${one(t)});`;
        return [`${v.name}${op};\u0000${em}\u0000${em}`];
      }
      const ops = isBigInt(v.t)
        ? ['+', '-', '*', '&', '|', '^']
        : v.t === 'i32'
          ? ['+', '-', '*', '%', '&', '|', '^', '<<', '>>']
          : v.t === 'u32'
            ? ['+', '-', '*', '%', '>>>']
            : ['+', '-', '*', '/', '%'];
      const op = this.tape.pick(ops);
      const e = this.expr(v.t, 2, 'sibling');
      const rhs = this.widen(v.t as NumberType, e);
      this.feature(`${op}=`);
      const bitwise = ['&', '|', '^', '<<', '>>', '>>>'].includes(op) && !isBigInt(v.t);
      const em =
        v.t === 'f64' || bitwise
          ? `${v.name} ${op}= ${rhs.em};`
          : `${v.name} = $.b('${op}', '${v.t}', ${v.name}, ${rhs.em});`;
      const fu =
        v.t === 'f64' || bitwise
          ? `${v.name} ${op}= ${rhs.fu};`
          : `${v.name} = $.b('${op}', '${v.t}', ${v.name}, ${rhs.fu});`;
      return [`${v.name} ${op}= ${e.js};\u0000${em}\u0000${fu}`];
    }
    // A literal assigned alone would make the variable that literal until paths merge (it then
    // takes the type of what it meets: docs/language.md "Literals"), not a value of type v.t.
    const e = this.expr(v.t, 3, 'none');
    return [line(`${v.name} = `, e, ';')];
  }

  private ifStatement(depth: number): string[] {
    const c = this.condition(2);
    this.feature('if');
    const then = this.block(depth - 1, 3);
    const out = [line('if (', c, ') {'), ...then];
    if (this.tape.chance(50)) out.push(plain('} else {'), ...this.block(depth - 1, 3));
    out.push(plain('}'));
    return out;
  }

  private loop(depth: number): string[] {
    const kind = this.tape.weighted([
      [4, 'for'],
      [4, 'while'],
      [4, 'do'],
      [1, 'forever'],
    ] as const);
    const counter = this.fresh('j');
    // A forever loop's test is an `if` in its body: its bound stays an i32.
    const bound = this.loopBound(kind !== 'forever');
    // A counter compared with a u32 or f64 bound is an f64 in gpuc (docs/language.md).
    const counterType = bound.t === 'i32' ? 'i32' : 'f64';
    const down = kind === 'for' && this.tape.chance(20);
    const label = this.tape.chance(25) ? this.fresh('L') : undefined;
    this.feature(`loop:${kind}`);
    const head: string[] = [];
    if (label) {
      this.feature('label');
      this.labels.push({ name: label, loop: true });
    }
    const prefix = label ? `${label}: ` : '';
    // An unrolling hint right before the loop, now and then: by 2 or 4, or fully.
    const hint = this.tape.chance(12) ? plain(`gpu.unroll(${this.tape.pick(['', '2', '4'])});`) : undefined;
    if (hint) this.feature('gpu.unroll');
    this.loopDepth++;
    this.breakDepth++;
    this.vars.push({ name: counter, t: counterType, mutable: false });
    let body: string[];
    if (down) {
      // Counting down from the bound, by 1 or 2, to 0.
      const step = 1 + this.tape.next(2);
      this.feature('loop:down');
      head.push(
        ...(hint ? [hint] : []),
        line(`${prefix}for (let ${counter} = `, bound, `; ${counter} >= 0; ${counter} -= ${step}) {`),
      );
      body = this.block(depth - 1, 4);
      head.push(...body, plain('}'));
    } else if (kind === 'forever') {
      // `while (true)` or `for (;;)`, left by a `break` under the counter's test.
      this.feature('loop:forever');
      head.push(
        plain(`let ${counter} = 0;`),
        ...(hint ? [hint] : []),
        plain(this.tape.chance(50) ? `${prefix}while (true) {` : `${prefix}for (;;) {`),
        // `!(j < n)`, not `j >= n`: a NaN bound leaves at once, as a `while (j < n)` would.
        line(`if (!(${counter} < `, bound, ')) break;'),
        plain(`${counter}++;`),
      );
      body = this.block(depth - 1, 4);
      head.push(...body, plain('}'));
    } else if (kind === 'for') {
      head.push(
        ...(hint ? [hint] : []),
        line(`${prefix}for (let ${counter} = 0; ${counter} < `, bound, `; ${counter}++) {`),
      );
      body = this.block(depth - 1, 4);
      head.push(...body, plain('}'));
    } else if (kind === 'while') {
      head.push(
        plain(`let ${counter} = 0;`),
        ...(hint ? [hint] : []),
        line(`${prefix}while (${counter} < `, bound, ') {'),
        plain(`${counter}++;`),
      );
      body = this.block(depth - 1, 4);
      head.push(...body, plain('}'));
    } else {
      head.push(
        plain(`let ${counter} = 0;`),
        ...(hint ? [hint] : []),
        plain(`${prefix}do {`),
        plain(`${counter}++;`),
      );
      body = this.block(depth - 1, 4);
      head.push(...body, line(`} while (${counter} < `, bound, ');'));
    }
    this.vars.splice(
      this.vars.findIndex((v) => v.name === counter),
      1,
    );
    // The while/do counters stay declared after the loop (read-only).
    if (kind !== 'for') this.vars.push({ name: counter, t: counterType, mutable: false });
    this.loopDepth--;
    this.breakDepth--;
    if (label) this.labels.pop();
    return head;
  }

  /**
   * A loop's bound: a constant trip count, or one the data gives (at most 7, evaluated again each
   * time round, as JavaScript does: it may read what the body changes). Compared with a `u32`
   * or an `f64` bound, the counter is an `f64` in gpuc (docs/language.md), the same numbers.
   */
  private loopBound(wide: boolean): Expr {
    if (!this.tape.chance(25)) return same(String(1 + this.tape.next(4)), 'i32');
    this.feature('loop:data-bound');
    const kind = wide ? this.tape.pick(['i32', 'i32', 'u32', 'f64'] as const) : 'i32';
    if (kind !== 'i32') this.feature(`loop:bound-${kind}`);
    if (kind === 'u32') return build('u32', [this.expr('u32', 1)], ([x]) => `(${x} >>> 29)`);
    if (kind === 'f64') return build('f64', [this.expr('f64', 1)], ([x]) => `Math.min(${x}, 7.5)`);
    return build('i32', [this.expr('i32', 1)], ([x]) => `(${x} & 7)`);
  }

  /** `break` or `continue`, plain (in a loop or switch) or to an enclosing label, under a condition. */
  private jump(): string[] {
    const jumps: string[] = [];
    if (this.loopDepth > 0) jumps.push('continue');
    if (this.breakDepth > 0) jumps.push('break');
    for (const label of this.labels) {
      jumps.push(`break ${label.name}`);
      if (label.loop) jumps.push(`continue ${label.name}`);
    }
    const jump = this.tape.pick(jumps);
    const c = this.condition(2);
    this.feature(jump.includes(' ') ? `${jump.split(' ')[0]}:label` : jump);
    return [line('if (', c, `) ${jump};`)];
  }

  private switchStatement(depth: number): string[] {
    const t = this.tape.weighted<keyof typeof SWITCH_LABELS | 'masked'>([
      [4, 'masked'],
      [1, 'i32'],
      [1, 'u32'],
      [1, 'f64'],
      [1, 'f32'],
      [1, 'i64'],
      [1, 'bool'],
    ]);
    const cases = 1 + this.tape.next(t === 'bool' ? 2 : 3);
    let subject: Expr;
    let labels: string[];
    if (t === 'masked') {
      this.feature('switch');
      subject = build('i32', [this.expr('i32', 2)], ([x]) => `(${x} & 3)`);
      labels = Array.from({ length: cases + 1 }, (_, k) => String(k));
    } else {
      // Any value of a type, matched (with ===) against constants of its edges, NaN and -0 among them.
      this.feature(`switch:${t}`);
      subject = this.expr(t, 2, 'none');
      const options = [...SWITCH_LABELS[t]];
      // Distinct labels, one for each case but the default (the one at its place is not used).
      labels = Array.from(
        { length: cases + 1 },
        () => options.splice(this.tape.next(options.length), 1)[0] ?? '',
      );
    }
    // Matched as `===` compares: exactly, a literal beside an f32 subject not rounded.
    const label = (text: string) => plain(`case ${text}:`);
    const out = [line('switch (', subject, ') {')];
    const defaultAt = this.tape.next(cases + 1);
    this.breakDepth++; // `break` inside a case leaves the switch
    for (let k = 0; k <= cases; k++) {
      out.push(
        k === defaultAt ? plain('default:') : label(labels[k < defaultAt ? k : k - 1] as string),
        plain('{'),
        ...this.block(depth - 1, 2),
        plain('}'),
      );
      if (this.tape.chance(70)) out.push(plain('break;'));
    }
    this.breakDepth--;
    out.push(plain('}'));
    return out;
  }

  private labelledBlock(depth: number): string[] {
    const name = this.fresh('B');
    this.feature('label:block');
    this.labels.push({ name, loop: false });
    const c = this.condition(2);
    const body = this.block(depth - 1, 3);
    this.labels.pop();
    return [plain(`${name}: {`), line('if (', c, `) break ${name};`), ...body, plain('}')];
  }

  private localArray(): string[] {
    const t = this.tape.pick(['f64', 'f32', 'i32', 'u8', 'i16', 'u32', 'i64'] as const);
    const length = this.tape.pick([4, 8]);
    const name = this.fresh('l');
    const counter = this.fresh('j');
    this.vars.push({ name: counter, t: 'i32', mutable: false });
    const fill = this.expr(t, 2);
    this.vars.pop();
    this.locals.push({ name, t, length });
    this.feature(`local-array:${t}`);
    return [
      plain(`const ${name} = new ${ARRAY_OF[t]}(${length});`),
      plain(`for (let ${counter} = 0; ${counter} < ${length}; ${counter}++) {`),
      line(`${name}[${counter}] = `, fill, ';'),
      plain('}'),
    ];
  }

  private localStore(): string[] {
    const array = this.tape.pick(this.locals);
    const index = this.index(array.length, 1);
    const e = this.expr(this.storedType(array.t), 2);
    return [line(`${array.name}[`, index, '] = ', e, ';')];
  }

  /**
   * The type of a value stored into an array of `t`: mostly `t`, now and then another that the
   * store converts as JavaScript's typed arrays do (NaN into an `Int32Array` is 0, 300 into a
   * `Uint8Array` 44, an `i64` into a `BigUint64Array` modulo 2^64).
   */
  private storedType(t: ElementType): Ty {
    const read = computedAs(t);
    if (!this.tape.chance(35)) return read;
    const from = isBigInt(read)
      ? this.tape.pick(this.hasU64() ? (['i64', 'u64'] as const) : (['i64'] as const))
      : this.tape.pick(['f64', 'i32', 'u32', 'f32'] as const);
    if (from !== read) this.feature(`store:${from}->${t}`);
    return from;
  }

  private aggregate(): string[] {
    const count = 2 + this.tape.next(2);
    const types = Array.from({ length: count }, () => this.anyType());
    // An integer kept in a record or tuple loses a -0 (docs/language.md).
    const values = types.map((t) => signless(this.expr(t, 2)));
    const name = this.fresh(this.tape.chance(50) ? 'r' : 't');
    if (name.startsWith('r')) {
      const fields = values.map((_, k) => String.fromCharCode(97 + k));
      this.aggregates.push({ name, fields, types: values.map((v) => v.t) });
      this.feature('record');
      const out = [
        line(
          `const ${name} = { `,
          ...interleave(
            values,
            fields.map((f) => `${f}: `),
            ', ',
          ),
          ' };',
        ),
      ];
      if (this.tape.chance(30)) {
        // Destructured, some fields renamed.
        const names = fields.map(() => this.fresh('p'));
        names.forEach((n, k) => {
          this.vars.push({ name: n, t: values[k]?.t as Ty, mutable: false });
        });
        this.feature('destructure:record');
        out.push(plain(`const { ${fields.map((f, k) => `${f}: ${names[k]}`).join(', ')} } = ${name};`));
      }
      return out;
    }
    this.feature('tuple');
    const elements = values.map((v) => v.t);
    const numbers = elements.every((e) => (NUMBER_TYPES as readonly Ty[]).includes(e));
    const merged = numbers
      ? join(elements as NumberType[])
      : elements.every((e) => e === elements[0])
        ? elements[0]
        : undefined;
    this.aggregates.push({ name, types: elements, ...(merged ? { merged } : {}) });
    const out = [
      line(
        `const ${name} = [`,
        ...interleave(
          values,
          values.map(() => ''),
          ', ',
        ),
        '];',
      ),
    ];
    if (this.tape.chance(40)) {
      const names = values.map(() => this.fresh('p'));
      names.forEach((n, k) => {
        this.vars.push({ name: n, t: values[k]?.t as Ty, mutable: false });
      });
      this.feature('destructure');
      out.push(plain(`const [${names.join(', ')}] = ${name};`));
    }
    return out;
  }

  /** A variable assigned values of different types on two paths (their join type after). */
  private merge(): string[] {
    const types = [
      this.tape.pick(['i32', 'u32', 'f32', 'f64'] as const),
      this.tape.pick(['i32', 'u32', 'f32', 'f64'] as const),
    ];
    const t = join(types);
    const name = this.fresh('m');
    const c = this.condition(2);
    // Typed values only: literals would merge by their own rule ("Literals").
    const [a, b] = types.map((ti) => this.expr(ti, 2, 'none')) as [Expr, Expr];
    // The first assignment is the declaration's type, so each path assigns the same variable.
    const convert = (e: Expr) => (t === 'f32' && e.t !== 'f32' ? this.widen('f32', e) : e);
    const initial = this.expr(a.t, 1, 'none');
    this.vars.push({ name, t, mutable: false });
    this.feature(`merge:${types.join('/')}`);
    return [
      line(`let ${name} = `, convert(initial), ';'),
      line('if (', c, ') {'),
      line(`${name} = `, convert(a), ';'),
      plain('} else {'),
      line(`${name} = `, convert(b), ';'),
      plain('}'),
    ];
  }

  private throwStatement(): string[] {
    const c = this.condition(2);
    this.feature('throw');
    return [line('if (', c, ") throw new Error('fuzz');")];
  }

  // ---------- the kernel ----------

  private helper(): void {
    const name = this.fresh('h');
    const arity = 1 + this.tape.next(this.tape.chance(30) ? 4 : 2);
    const params = Array.from({ length: arity }, () =>
      this.tape.pick(['i32', 'f64', 'f32', 'u32', 'i64', 'bool', 'u16', 'u64'] as const),
    );
    const names = params.map((_, k) => `x${k}`);
    // Now and then the first parameter takes a device function made before, which the body may
    // call through it (the callee specialised on that function's type).
    const fn = this.helpers.length > 0 && this.tape.chance(25) ? this.tape.pick(this.helpers) : undefined;
    // Mostly a number; now and then a record or tuple of 2 or 3 values.
    let result: Result = this.tape.pick(['i32', 'f64', 'f32', 'u32', 'i64'] as const);
    if (this.tape.chance(20)) {
      const types = Array.from({ length: 2 + this.tape.next(2) }, () => this.anyType());
      result = this.tape.chance(50)
        ? { types, fields: types.map((_, k) => String.fromCharCode(97 + k)) }
        : { types };
    }
    this.inHelper = true;
    this.helperResult = result;
    const saved = this.vars.length;
    params.forEach((t, k) => {
      if (k > 0 || !fn) this.vars.push({ name: names[k] as string, t, mutable: false });
    });
    if (fn) {
      this.feature('helper:function-argument');
      this.helpers.push({ ...fn, name: 'x0' });
    }
    const body = this.block(1, 3);
    const value = this.resultValue(result, 3, 'free');
    const ret = line('return ', ...(Array.isArray(value) ? value : [value]), ';');
    if (fn) this.helpers.pop();
    this.vars.length = saved;
    this.inHelper = false;
    this.helperResult = undefined;
    // A declaration, an arrow function or a function expression.
    const form = this.tape.pick(['declaration', 'arrow', 'expression'] as const);
    if (form !== 'declaration') this.feature(`helper:${form}`);
    const list = names.join(', ');
    const head = {
      declaration: `function ${name}(${list}) {`,
      arrow: `const ${name} = (${list}) => {`,
      expression: `const ${name} = function (${list}) {`,
    }[form];
    const lines = [plain(head), ...body, ret, plain(form === 'declaration' ? '}' : '};')];
    const [source, emulated, fused] = texts(lines);
    const all = params.map((t, k) => (k === 0 && fn ? { fn } : t));
    this.helpers.push({ name, source, emulated, fused, params: all, result });
  }

  kernel(): FuzzCase {
    const outputs = 1 + this.tape.next(3);
    const inputs = 1 + this.tape.next(3);
    const scalars = this.tape.next(4);
    const elementTypes = [
      'f64',
      'i32',
      'f32',
      'u32',
      'i8',
      'u8',
      'i16',
      'u16',
      'i64',
      'u64',
      'f16',
      'bf16',
    ] as const;
    for (let k = 0; k < outputs; k++) {
      const t = this.tape.pick(elementTypes);
      this.arrays.push({ name: `o${k}`, t, role: 'output' });
    }
    for (let k = 0; k < inputs; k++) {
      const t = this.tape.pick(elementTypes);
      this.arrays.push({ name: `a${k}`, t, role: this.tape.chance(25) ? 'table' : 'input' });
    }
    if (this.tape.chance(12)) this.arrays.push({ name: 'q0', t: this.tape.pick(WIDE_TYPES), role: 'wide' });
    const atomics = this.tape.chance(20) ? 1 + this.tape.next(2) : 0;
    for (let k = 0; k < atomics; k++) {
      const t = this.tape.pick(ATOMIC_TYPES);
      this.arrays.push({ name: `c${k}`, t, role: 'atomic', atomic: this.atomicPlan(t) });
    }
    // Some arrays of outputs and inputs pass as 4 x 4 views (16-bit ones stay plain: plain
    // JavaScript sees those through a face of numbers that a view would not use).
    this.arrays.forEach((a, k) => {
      if (a.role !== 'atomic' && a.role !== 'wide' && !isHalf(a.t) && this.tape.chance(10)) {
        const three = this.tape.chance(30);
        this.arrays[k] = { ...a, view: three ? VIEW3 : VIEW };
        this.feature(three ? 'view:3' : 'view');
      }
    });
    // Now and then an input is the same array as an output (JavaScript lets one array be passed
    // twice): each thread reads and writes only its own element of either, in program order.
    const inputAt = this.arrays.findIndex((a) => a.role === 'input' && !a.view);
    const plainOutputs = this.arrays.filter((a) => a.role === 'output' && !a.view);
    const aliased =
      inputAt >= 0 && plainOutputs.length > 0 && this.tape.chance(10)
        ? this.tape.pick(plainOutputs)
        : undefined;
    if (aliased) {
      this.arrays[inputAt] = { ...(this.arrays[inputAt] as ArrayParam), t: aliased.t, alias: aliased.name };
      this.feature('alias');
    }
    for (const a of this.arrays) {
      // A 16-bit array rounds the f32 values it is made of.
      const read = readAs(a.t);
      const values = Array.from({ length: a.role === 'wide' ? LENGTH * widthOf(a.t) : LENGTH }, () =>
        encode(
          a.role === 'output' || a.role === 'wide'
            ? zero(read)
            : a.atomic
              ? this.atomicInitial(read as AtomicType, a.atomic)
              : this.value(read),
        ),
      );
      this.params.push({
        name: a.name,
        kind: 'array',
        type: a.t,
        values,
        ...(a.view ? { view: a.view } : {}),
        ...(a.alias ? { alias: a.alias } : {}),
      });
    }
    // Warp operations come after the first statements; no thread may throw before them (on a
    // GPU the lanes left would wait for one that has exited).
    const warpOperations = this.tape.chance(12) ? 1 + this.tape.next(3) : 0;
    this.throwing = warpOperations === 0;
    if (this.tape.chance(25)) this.helper();
    if (this.tape.chance(20)) this.helper();
    for (let k = 0; k < scalars; k++) {
      const t = this.tape.pick(['i32', 'f64', 'bool', 'f32', 'u32', 'i64', 'i16'] as const);
      const value = t === 'bool' ? this.tape.chance(50) : this.value(t);
      const name = `s${k}`;
      this.params.push({ name, kind: 'scalar', type: t, value: encode(value) });
      this.vars.push({ name, t, mutable: false });
    }
    // Records and tuples as arguments, and values captured from the scope (after the device
    // functions, which do not see them).
    if (this.tape.chance(10)) this.params.push(this.aggregateValue('R0', 'parameter'));
    const captures = this.tape.chance(20) ? 1 + this.tape.next(2) : 0;
    for (let k = 0; k < captures; k++)
      if (this.tape.chance(25)) this.captured.push(this.aggregateValue(`K${k}`, 'captured'));
      else this.capture(`K${k}`);

    const body: string[] = [plain('const i = gpu.globalIdx.x;')];
    const barrier = this.tape.chance(15);
    const sharedAtomics = this.tape.chance(10);
    // A thread may return early only where no barrier or warp operation follows, which every
    // thread of the block (or warp) must reach.
    this.returning = warpOperations === 0 && !barrier && !sharedAtomics;
    // Now and then a large kernel: statements nested a level deeper, twice as many.
    const large = this.tape.chance(8);
    if (large) {
      this.maxStatements = 80;
      this.feature('large');
    }
    body.push(...this.sequence(large ? 3 : 2, large ? 10 : 5));
    // Every atomic array gets an atomic from every thread; more may come in any statement.
    for (const a of this.arrays) if (a.atomic) body.push(...this.atomic(a));
    // Warp operations at the kernel's top level: every thread of the warp (the block) reaches them.
    if (warpOperations > 0) {
      for (let k = 0; k < warpOperations; k++) body.push(...this.warpOperation());
      this.throwing = true;
      this.returning = !barrier && !sharedAtomics;
      body.push(...this.sequence(1, 3));
    }
    let sharedBytes = 0;
    if (sharedAtomics) body.push(...this.sharedAtomics());
    const copied = barrier && this.tape.chance(30) ? this.copySource() : undefined;
    if (copied) {
      // The shared array filled from a table by asynchronous copies of 16 bytes (docs/language.md
      // "Asynchronous copies"): waited for, then a barrier, before any thread reads it.
      const name = this.fresh('sh');
      const t = copied.t as Exclude<Ty, 'bool'>;
      const per = 16 / (widthOf(t) === 2 ? 8 : 4);
      const from = this.expr('i32', 2);
      this.feature(`copy-async:${t}`);
      body.push(
        plain(`const ${name} = gpu.sharedArray(${ARRAY_OF[t]}, ${BLOCK});`),
        line(
          `if (gpu.threadIdx.x < ${BLOCK / per}) gpu.copyAsync(${name}, ${per} * gpu.threadIdx.x, ${copied.name}, ${per} * (`,
          from,
          ` & ${LENGTH / per - 1}));`,
        ),
        plain('gpu.copyAsyncCommit();'),
        // Waiting for all groups, or for all but the newest after an empty one.
        ...(this.tape.chance(50)
          ? [plain('gpu.copyAsyncCommit();'), plain('gpu.copyAsyncWait(1);')]
          : [plain('gpu.copyAsyncWait(0);')]),
        plain(this.barrierCall()),
      );
      this.shared.push({ name, t, length: BLOCK });
      this.returning = true;
      body.push(...this.sequence(1, 3));
    } else if (barrier) {
      const t = this.tape.pick(['f64', 'i32', 'f32', 'u32', 'i64'] as const);
      const name = this.fresh('sh');
      const e = this.expr(this.storedType(t), 3);
      this.feature('barrier');
      // Or the block's dynamic shared memory: 64 bytes, 8 elements of 64 bits, 16 of 32.
      const dynamic = this.tape.chance(30);
      if (dynamic) this.feature('dynamic-shared');
      body.push(
        plain(
          dynamic
            ? `const ${name} = gpu.dynamicSharedArray(${ARRAY_OF[t]});`
            : `const ${name} = gpu.sharedArray(${ARRAY_OF[t]}, ${BLOCK});`,
        ),
        line(`${name}[gpu.threadIdx.x] = `, e, ';'),
        plain(this.barrierCall()),
      );
      if (dynamic) sharedBytes = DYNAMIC_SHARED_BYTES;
      const uniform = this.vars.filter((v) => /^[sK]\d+$/.test(v.name) && (v.t === 'i32' || v.t === 'f64'));
      if (uniform.length > 0 && this.tape.chance(20)) {
        // More barriers, as many as a value every thread computes alike says (0 to 3).
        const round = this.fresh('j');
        this.feature('barrier:uniform-loop');
        body.push(
          plain(`for (let ${round} = 0; ${round} < (${this.tape.pick(uniform).name} & 3); ${round}++) {`),
          plain('gpu.barrier();'),
          plain('}'),
        );
      }
      this.shared.push({ name, t, length: BLOCK });
      this.returning = true;
      body.push(...this.sequence(1, 3));
    }
    for (const a of this.arrays) if (a.role === 'wide') body.push(...this.vectorStore(a));
    const tolerance: Record<number, Tolerance> = {};
    const shown = this.collectiveResults.length > 0 ? this.tape.pick(this.collectiveResults) : undefined;
    this.arrays.forEach((a, k) => {
      if (a.role !== 'output') return;
      let e: Expr;
      const want = readAs(a.t);
      if (k === 0 && shown) {
        // The first output stores a warp operation's or shared atomics' result.
        const v = same(shown.name, shown.t);
        e = v.t === want ? v : this.coerce(v, isNarrow(want) ? 'i32' : want);
        body.push(ownStore(a, e));
        return;
      }
      // Math functions at the root stay off 16-bit outputs: their tolerance is in f32 or f64 ulps.
      if (!isHalf(a.t) && isFloat(a.t) && this.tape.chance(15)) {
        const t = this.tape.pick(['f64', 'f32'] as const);
        e = this.transcendental(t, 2);
        // f32 Math functions and stores of f64 results into f32 arrays count in f32 ulps.
        const precision = t === 'f32' || a.t === 'f32' ? 'f32' : 'f64';
        tolerance[k] = { ulps: precision === 'f32' ? 4 : 2, precision };
      } else if (!isHalf(a.t) && isBigInt(a.t)) {
        e = this.expr(a.t, 1 + this.tape.next(4));
      } else {
        const t = this.tape.weighted<Ty>([
          [4, readAs(a.t)],
          [3, 'f64'],
          [3, 'i32'],
          [2, 'f32'],
          [1, 'u32'],
          [1, 'bool'],
        ]);
        e = this.expr(isNarrow(t) && t !== a.t ? 'i32' : t, 1 + this.tape.next(4));
      }
      body.push(ownStore(a, e));
    });
    // Now and then compiled with every index checked (none is out of range) or at another
    // optimisation level: the results must not change.
    const config = this.tape.chance(20)
      ? { boundsCheck: this.tape.chance(70), optLevel: this.tape.pick([0, 1, 2, 3] as const) }
      : undefined;
    if (config?.boundsCheck) this.feature('config:bounds-check');
    if (config) this.feature(`config:O${config.optLevel}`);
    if (!this.features.has('return:kernel') && this.tape.chance(8)) {
      // A value returned from the kernel, which JavaScript's caller (and a launch) ignores (not
      // beside a plain `return;`: gpuc refuses a function that returns a value on some paths only).
      this.feature('return:kernel-value');
      body.push(line('return ', this.expr(this.anyType(), 2), ';'));
    }
    const names = this.params.map((p) => p.name);
    const [js, em, fu] = texts(body);
    const wrap = (text: string) => `function k(${names.join(', ')}) {\n${text}\n}`;
    return {
      source: wrap(js),
      emulated: wrap(em),
      ...(this.fused ? { fused: wrap(fu) } : {}),
      helpers: this.helpers.map(({ name, source, emulated, fused, collective, through }) => ({
        name,
        source,
        emulated,
        fused,
        ...(collective ? { collective } : {}),
        ...(through ? { through } : {}),
      })),
      params: this.params,
      ...(this.captured.length > 0 ? { captured: this.captured } : {}),
      tolerance,
      barrier: barrier || sharedAtomics,
      ...(this.warp ? { warp: true } : {}),
      ...(sharedBytes > 0 ? { sharedBytes } : {}),
      ...(config ? { config } : {}),
      features: [...this.features].sort(),
    };
  }
}

function zero(t: Exclude<Ty, 'bool'>): number | bigint {
  return isBigInt(t) ? 0n : 0;
}

/**
 * A device function that returns `body`: a declaration, or an arrow function of that expression
 * (the oracle makes either a generator where it has collectives).
 */
function functionText(name: string, params: readonly string[], body: string, arrow: boolean): string {
  const list = params.join(', ');
  return arrow
    ? `const ${name} = (${list}) => ${body};`
    : `function ${name}(${list}) {\n  return ${body};\n}`;
}

/** A line of text that is the same in all three forms. */
function plain(text: string): string {
  return `${text}\u0000${text}\u0000${text}`;
}

/** A line made of fixed text and expressions, in the three forms. */
/** An integer crossing a function's boundary, which keeps no -0 (docs/language.md). */
function signless(e: Expr): Expr {
  if (e.t !== 'i32' && e.t !== 'u32') return e;
  return { ...e, em: `$.z(${e.em})`, fu: `$.z(${e.fu})` };
}

function line(...parts: (string | Expr)[]): string {
  const pick = (key: 'js' | 'em' | 'fu') => parts.map((p) => (typeof p === 'string' ? p : p[key])).join('');
  return `${pick('js')}\u0000${pick('em')}\u0000${pick('fu')}`;
}

function interleave(
  values: readonly Expr[],
  prefixes: readonly string[],
  separator: string,
): (string | Expr)[] {
  const out: (string | Expr)[] = [];
  values.forEach((v, k) => {
    if (k > 0) out.push(separator);
    out.push(prefixes[k] ?? '', v);
  });
  return out;
}

/** The three texts of a list of lines, indented. */
function texts(lines: readonly string[]): [string, string, string] {
  const forms: [string[], string[], string[]] = [[], [], []];
  let indent = 1;
  for (const l of lines) {
    const [js = '', em = '', fu = ''] = l.split('\u0000');
    if (js.startsWith('}')) indent--;
    const pad = '  '.repeat(Math.max(indent, 0));
    forms[0].push(pad + js);
    forms[1].push(pad + em);
    forms[2].push(pad + fu);
    if (js.endsWith('{')) indent++;
  }
  return [forms[0].join('\n'), forms[1].join('\n'), forms[2].join('\n')];
}

/** The kernel a choice tape describes. */
export function generate(choices: readonly number[]): FuzzCase {
  return new Generator(new Tape(choices)).kernel();
}
