/**
 * Expressions: an expression of a type (a leaf or a compound one, typed as gpuc types it:
 * "Types", "Promotion"), conversions and values made into another type, the operands of a binary
 * operator, comparisons, conditions and indices in range. The choice among every kind of compound
 * expression is {@link State.compound}, made once all kinds exist (compound.ts).
 */
import { isBigInt, NUMBER_TYPES, type NumberType, type Ty } from '../types.js';
import { type Mode, own, readable } from './model.js';
import { build, type Expr, same } from './text.js';
import { Values } from './values.js';

export abstract class Expressions extends Values {
  /** An expression of type `t`; `mode` says whether and how it may be a literal. */
  expr(t: Ty, depth: number, mode: Mode = 'free'): Expr {
    const e = this.pickExpr(t, depth, mode);
    if (e.t !== t) throw new Error(`generator: asked for ${t}, made ${e.t}: ${e.js}`);
    // A literal where none may stand, or one folded from literals whose default type may not be
    // `t` (`(a >>> b)` of literals can be 4294967295, a float literal): made typed explicitly.
    // So is one folded from a float literal where an i32 is wanted (`(4294967296.0 | 0) & 3` is
    // a float literal, which an atomic's index, say, does not take).
    const foreign = e.folded && ((t !== 'i32' && t !== 'f64') || (t === 'i32' && e.float));
    return (e.lit && mode === 'none') || foreign ? this.typed(e) : e;
  }

  /** A literal made a typed value of its type (the same number in JavaScript and gpuc). */
  protected typed(e: Expr): Expr {
    if (e.t === 'bool') return e;
    return build(e.t, [e], ([x]) => (e.t === 'f32' ? `Math.fround(${x})` : `${e.t}(${x})`));
  }

  protected pickExpr(t: Ty, depth: number, mode: Mode): Expr {
    // Choice 0 is a leaf: the simplest expression.
    if (depth <= 0 || !this.tape.chance(70)) {
      const leaves = this.leaves(t, mode);
      if (leaves.length > 0) return this.tape.pick(leaves);
      return this.conversion(t, 0);
    }
    return this.compound(t, depth);
  }

  /** A value of type `t` made from another type (always possible). */
  protected conversion(t: Ty, depth: number): Expr {
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
    const from = this.tape.pick(this.allowed(NUMBER_TYPES));
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

  /** An expression of another type made into `t` by an explicit conversion. */
  protected coerce(e: Expr, t: Ty): Expr {
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

  /**
   * Two operands that compute in `t`: of type `t`, at most one a literal (which then takes `t`
   * from the other), or of mixed types whose promotion is `t`, then without literals.
   */
  protected operands(t: NumberType, d: number): [Expr, Expr] {
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
      // Only pairs of types the profile has (none of i32's, all narrow, in WGSL's).
      const pairs = options.filter(([x, y]) => this.has(x) && this.has(y));
      if (pairs.length > 0) [ta, tb] = this.tape.pick(pairs);
      if (this.tape.chance(50)) [ta, tb] = [tb, ta];
    }
    if (ta !== t || tb !== t) return [this.expr(ta, d, 'none'), this.expr(tb, d, 'none')];
    const a = this.expr(t, d, 'sibling');
    return [a, this.expr(t, d, a.lit ? 'none' : 'sibling')];
  }

  /** A value converted to the type it computes in (only f32 changes a value). */
  protected widen(to: NumberType, e: Expr): Expr {
    if (to !== 'f32' || (e.t === 'f32' && !e.lit)) return e;
    return { t: to, js: e.js, em: `$.w('f32', ${e.em})`, fu: `$.w('f32', ${e.fu})` };
  }

  protected comparison(d: number): Expr {
    const op = this.tape.pick(['<', '<=', '>', '>=', '===', '!==', '==', '!=']);
    if (this.tape.chance(8)) {
      // Two booleans, compared for equality.
      const eq = this.tape.pick(['===', '!==', '==', '!=']);
      const a = this.expr('bool', d);
      const b = this.expr('bool', d);
      this.feature('cmp:bool');
      return build('bool', [a, b], ([x, y]) => `(${x} ${eq} ${y})`);
    }
    if (this.tape.chance(15)) {
      const t = this.tape.pick(['i64', 'u64'] as const);
      const a = this.expr(t === 'u64' && !this.hasU64() ? 'i64' : t, d);
      const b = this.expr(a.t, d, a.lit ? 'none' : 'sibling');
      this.feature(`cmp:${a.t}`);
      return build('bool', [a, b], ([x, y]) => `(${x} ${op} ${y})`);
    }
    const t = this.tape.pick(this.allowed(['i32', 'f64', 'f32', 'u32', 'i32'] as const));
    // Compared exactly, as JavaScript compares: an integer or a literal beside an f32 is not
    // rounded to f32 first (docs/language.md "Where f32 differs").
    const [a, b] =
      t === 'i32' || this.allows('exact-comparison')
        ? this.operands(t, d)
        : [this.expr(t, d, 'none'), this.expr(t, d, 'none')];
    this.feature(`cmp:${t}`);
    return build('bool', [a, b], ([x, y]) => `(${x} ${op} ${y})`);
  }

  /**
   * A condition: a boolean or, as JavaScript allows, a number's (or a BigInt's) truthiness: not
   * zero, not NaN (docs/language.md "Operators").
   */
  protected condition(d: number): Expr {
    const t = this.tape.weighted(
      this.weights([[5, 'bool'] as const, [1, 'i32'] as const, [1, 'f64'] as const, [1, 'other'] as const]),
    );
    if (t !== 'other') return this.expr(t, d);
    const other = this.tape.pick(this.truthTypes());
    this.feature(`condition:${other}`);
    return this.expr(other, d);
  }

  /**
   * The condition of a `?:` whose arms are typed values (no literal an arm's folding could
   * retype): now and then the literal `true` or `false`, as a `const DEBUG = false` folds to,
   * whose arms merge all the same (docs/language.md "Promotion"), the arm not taken included.
   */
  protected armsCondition(d: number): Expr {
    if (!this.tape.chance(12)) return this.condition(d);
    this.feature('?:literal-condition');
    return same(this.tape.pick(['true', 'false']), 'bool');
  }

  /** The types whose truthiness a condition or `!` tests besides `bool`, `i32` and `f64`. */
  protected truthTypes(): Ty[] {
    const types = this.allowed<Ty>(['u32', 'f32', 'i64', 'i8', 'u16']);
    return this.hasU64() ? [...types, 'u64'] : types;
  }

  /** An index into an array of `length` (a power of two) that is always in range. */
  protected index(length: number, d: number): Expr {
    if (this.tape.chance(30)) return same(String(this.tape.next(length)), 'i32');
    // A loop's counter (never negative) modulo the length: of a counter gpuc computes in f64
    // too, which may index arrays (docs/language.md "Where integers can disagree").
    const counters = this.vars.filter((v) => /^j\d+$/.test(v.name));
    if (counters.length > 0 && this.tape.chance(35)) {
      const counter = this.tape.pick(counters);
      this.feature(`index:counter:${counter.t}`);
      return same(`(${counter.name} % ${length})`, 'i32');
    }
    const e = this.expr('i32', Math.min(d, 1));
    return build('i32', [e], ([x]) => `(${x} & ${length - 1})`);
  }
}
