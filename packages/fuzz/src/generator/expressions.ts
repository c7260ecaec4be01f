/**
 * Expressions of every scalar type, typed as gpuc types them ("Types", "Promotion"): operators
 * on numbers, BigInts and booleans, comparisons, ternaries, logical operators, conversions, and
 * values made into another type. The choice among every kind of compound expression is
 * {@link State.compound}, made once all kinds exist (compound.ts).
 */
import {
  type BigIntType,
  isBigInt,
  isFloat,
  isNarrow,
  join,
  NUMBER_TYPES,
  type NumberType,
  type Ty,
} from '../types.js';
import { assignOperators, type Mode, one, own, readable, type Variable } from './model.js';
import { build, type Expr, foldedIf, same } from './text.js';
import { Values } from './values.js';

export abstract class Expressions extends Values {
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

  /** `v op= e` (unbracketed), computed in the variable's type. */
  protected compoundAssignment(v: Variable, op: string, e: Expr): Expr {
    const rhs = this.widen(v.t as NumberType, e);
    const bitwise = ['&', '|', '^', '<<', '>>', '>>>'].includes(op) && !isBigInt(v.t);
    const form = (x: string) =>
      v.t === 'f64' || bitwise
        ? `${v.name} ${op}= ${x}`
        : `${v.name} = $.b('${op}', '${v.t}', ${v.name}, ${x})`;
    return { t: v.t, js: `${v.name} ${op}= ${e.js}`, em: form(rhs.em), fu: form(rhs.fu) };
  }

  /** `(v = e)` or `(v op= e)` as a value: the value the variable of type `t` is given. */
  protected assignValue(t: Ty, d: number): Expr {
    const v = this.tape.pick(this.vars.filter((x) => x.mutable && x.t === t));
    if (this.tape.chance(50)) {
      // Typed, as a literal assigned alone would make the variable that literal ("Literals").
      const e = this.expr(t, d, 'none');
      this.feature('assign-value');
      return build(t, [e], ([x]) => `(${v.name} = ${x})`);
    }
    const op = this.tape.pick(assignOperators(t));
    const assignment = this.compoundAssignment(v, op, this.expr(t, d, 'sibling'));
    this.feature(`${op}=:value`);
    return build(t, [assignment], ([x]) => `(${x})`);
  }

  /** `(a, b)`: `a` evaluated for its effects (an assignment, a step...), then `b`'s value. */
  protected commaValue(t: Ty, d: number): Expr {
    const a = this.expr(this.anyType(), d);
    const b = this.expr(t, d, 'none');
    this.feature('comma');
    return build(t, [a, b], ([x, y]) => `(${x}, ${y})`);
  }

  /** `v++`, `--v`... of a variable as a value: the old value (postfix) or the new (prefix). */
  protected stepValue(t: Ty): Expr {
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
      [ta, tb] = this.tape.pick(options);
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

  protected arithmetic(t: NumberType, d: number): Expr {
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
  protected intDivision(d: number): Expr {
    const a = this.expr(this.tape.pick(['i32', 'u32'] as const), d);
    const b = this.expr(this.tape.pick(['i32', 'u32'] as const), d);
    this.feature('/:int');
    return build('f64', [a, b], ([x, y]) => `(${x} / ${y})`, foldedIf([a, b]));
  }

  /**
   * An `i32` or `u32` beside an integer literal it cannot hold (`i + 3000000000`, `u % -3`):
   * computed in `f64`, exactly as JavaScript does (docs/language.md "Literals").
   */
  protected wideLiteral(d: number): Expr {
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

  protected bitwise(t: 'i32' | 'u32', d: number): Expr {
    const op = t === 'u32' ? '>>>' : this.tape.pick(['&', '|', '^', '<<', '>>', '|0', '~']);
    // Bitwise operators convert any number with ToInt32, exactly as JavaScript does.
    const a = this.expr(this.tape.pick(NUMBER_TYPES), d);
    this.feature(`${op}`);
    if (op === '|0') return build(t, [a], ([x]) => `(${x} | 0)`, foldedIf([a]));
    if (op === '~') return build(t, [a], ([x]) => `(~${x})`, foldedIf([a]));
    const b = this.expr(this.tape.pick(NUMBER_TYPES), d);
    return build(t, [a, b], ([x, y]) => `(${x} ${op} ${y})`, foldedIf([a, b]));
  }

  protected unary(t: NumberType, d: number): Expr {
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

  protected ternary(t: Ty, d: number): Expr {
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
  protected logical(t: Ty, d: number): Expr {
    const op = this.tape.pick(['||', '&&']);
    const a = this.expr(t, d);
    const b = this.expr(t, d);
    this.feature(`${op}:${t === 'bool' ? 'bool' : 'number'}`);
    return build(t, [a, b], ([x, y]) => `(${x} ${op} ${y})`);
  }

  /** `a ?? b`: `a`, as kernel values are never null or undefined (docs/language.md "Operators"). */
  protected nullish(t: Ty, d: number): Expr {
    const a = this.expr(t, d);
    const b = this.expr(t, d);
    this.feature('??');
    return build(t, [a, b], ([x, y]) => `(${x} ?? ${y})`);
  }

  protected bigint(t: BigIntType, d: number): Expr {
    const op = this.tape.pick([
      '+',
      '-',
      '*',
      '&',
      '|',
      '^',
      '/',
      '%',
      '<<',
      '>>',
      '**',
      'neg',
      '~',
      '?:',
      'asN',
    ]);
    if (op === '?:') return this.ternary(t, d);
    if (op === 'asN') return this.bigintAsN(t, d);
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

  /**
   * `BigInt.asIntN(bits, x)` (an `i64`) or `BigInt.asUintN(bits, x)` (a `u64`) of a BigInt of
   * either type, `bits` a constant from 0 to 64: JavaScript's result, as it depends only on x
   * modulo 2^64 (docs/language.md "Number").
   */
  protected bigintAsN(t: BigIntType, d: number): Expr {
    const bits = this.tape.pick([0, 1, 7, 8, 16, 31, 32, 33, 53, 63, 64]);
    const from = this.tape.pick(['i64', 'u64'] as const);
    const x = this.expr(from === 'u64' && !this.hasU64() ? 'i64' : from, d, 'none');
    const name = t === 'i64' ? 'asIntN' : 'asUintN';
    this.feature(`BigInt.${name}`);
    return build(t, [x], ([v]) => `BigInt.${name}(${bits}, ${v})`);
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
    const t = this.tape.pick(['i32', 'f64', 'f32', 'u32', 'i32'] as const);
    // Compared exactly, as JavaScript compares: an integer or a literal beside an f32 is not
    // rounded to f32 first (docs/language.md "Where f32 differs").
    const [a, b] = this.operands(t, d);
    this.feature(`cmp:${t}`);
    return build('bool', [a, b], ([x, y]) => `(${x} ${op} ${y})`);
  }

  protected boolean(d: number): Expr {
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
  protected condition(d: number): Expr {
    return this.expr(this.tape.weighted([[5, 'bool'] as const, [1, 'i32'] as const, [1, 'f64'] as const]), d);
  }

  /** An index into an array of `length` (a power of two) that is always in range. */
  protected index(length: number, d: number): Expr {
    if (this.tape.chance(30)) return same(String(this.tape.next(length)), 'i32');
    const e = this.expr('i32', Math.min(d, 1));
    return build('i32', [e], ([x]) => `(${x} & ${length - 1})`);
  }
}
