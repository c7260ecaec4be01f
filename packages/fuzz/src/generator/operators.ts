/**
 * Operators: arithmetic (`+ - * / %`, integer division giving f64, an integer beside a literal it
 * cannot hold), bitwise operators and shifts, unary `-` and `+`, ternaries (arms of one or of
 * mixed types), `||`, `&&` and `??`, BigInt operators and `BigInt.asIntN`/`asUintN`, and boolean
 * expressions, each typed as gpuc types it.
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
import { Expressions } from './expressions.js';
import { build, type Expr, foldedIf, same } from './text.js';
export abstract class Operators extends Expressions {
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
    const a = this.expr(this.tape.pick(this.allowed(NUMBER_TYPES)), d);
    this.feature(`${op}`);
    if (op === '|0') return build(t, [a], ([x]) => `(${x} | 0)`, foldedIf([a]));
    if (op === '~') return build(t, [a], ([x]) => `(~${x})`, foldedIf([a]));
    const b = this.expr(this.tape.pick(this.allowed(NUMBER_TYPES)), d);
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
    const mixed = this.mixedOperands(t, d);
    if (mixed) {
      this.feature(`?:mixed:${t}`);
      // Arms of different types merged, whatever a literal condition says (`false ? n : f`).
      return build(t, [this.armsCondition(d), ...mixed], ([x, y, z]) => `(${x} ? ${y} : ${z})`);
    }
    const c = this.condition(d);
    const a = this.expr(t, d);
    const b = this.expr(t, d);
    this.feature('?:');
    return build(t, [c, a, b], ([x, y, z]) => `(${x} ? ${y} : ${z})`);
  }

  /**
   * Now and then, two typed values of different number types whose merge (as the arms of `? :`
   * and the operands of `||` and `&&` merge: by promotion) is `t`, each converted to it by the
   * emulation; undefined otherwise.
   */
  private mixedOperands(t: Ty, d: number): [Expr, Expr] | undefined {
    if (t === 'bool' || isBigInt(t) || isNarrow(t) || !this.tape.chance(30)) return undefined;
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
    if (join([ta, tb]) !== t) return undefined;
    return [
      this.widen(t as NumberType, this.expr(ta, d, 'none')),
      this.widen(t as NumberType, this.expr(tb, d, 'none')),
    ];
  }

  /** `a || b`, `a && b` on numbers: JavaScript gives an operand, not a boolean. */
  protected logical(t: Ty, d: number): Expr {
    const op = this.tape.pick(['||', '&&']);
    const mixed = this.mixedOperands(t, d);
    if (mixed) this.feature(`${op}:mixed:${t}`);
    const [a, b] = mixed ?? [this.expr(t, d), this.expr(t, d)];
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
    const ops = ['+', '-', '*', '&', '|', '^', '/', '%', '<<', '>>', '**', 'neg', '~', '?:', 'asN'].filter(
      (o) => o !== 'asN' || this.allows('bigint-as-n'),
    );
    const op = this.tape.pick(ops);
    if (op === '?:') return this.ternary(t, d);
    if (op === 'asN') return this.bigintAsN(t, d);
    let a = this.expr(t, d);
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
        b = this.shiftCount(t, d);
        // A literal shifted by a count of the other type takes the count's ("Literals"): typed,
        // or one only u64 holds, which stays u64 (`0xffffffffffffffffn << BigInt(lane)`).
        if (a.lit && b.t !== t)
          a =
            t === 'u64' && this.tape.chance(50)
              ? same(this.tape.pick(['0xffffffffffffffffn', '18446744073709551615n']), t, { lit: true })
              : this.typed(a);
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
   * A BigInt shift's count, small enough for JavaScript to build the shifted value: of the
   * value's type or now and then of the other BigInt type (a shift needs no common type, and
   * keeps its value's: docs/language.md "Promotion"), an `i64` one now and then negative, which
   * shifts the other way (`(n & 127n) - 64n`).
   */
  private shiftCount(t: BigIntType, d: number): Expr {
    const other = t === 'i64' ? 'u64' : 'i64';
    const ct = (other === 'i64' || this.hasU64()) && this.tape.chance(35) ? other : t;
    if (ct !== t) this.feature(`shift-count:${t}<-${ct}`);
    const count = this.expr(ct, d);
    if (ct === 'i64' && this.tape.chance(35)) {
      this.feature('shift-count:negative');
      return build(ct, [count], ([x]) => `((${x} & 127n) - 64n)`, foldedIf([count]));
    }
    return build(ct, [count], ([x]) => `(${x} & 63n)`, foldedIf([count]));
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

  protected boolean(d: number): Expr {
    return this.tape.weighted<() => Expr>([
      [6, () => this.comparison(d)],
      [2, () => this.logical('bool', d)],
      [
        2,
        () => {
          const t = this.tape.pick(this.allowed(['bool', 'i32', 'f64', 'f32', 'u32', 'other'] as const));
          const a = this.expr(t === 'other' ? this.tape.pick(this.truthTypes()) : t, d);
          this.feature(t === 'other' ? `!:${a.t}` : '!');
          return build('bool', [a], ([x]) => `(!${x})`);
        },
      ],
      [
        1,
        () => {
          const name = this.tape.pick(['isNaN', 'isFinite', 'isInteger']);
          const a = this.expr(this.tape.pick(this.allowed(['f64', 'f32', 'i32'] as const)), d);
          this.feature(`Number.${name}`);
          return build('bool', [a], ([x]) => `Number.${name}(${x})`);
        },
      ],
      [1, () => this.ternary('bool', d)],
    ])();
  }
}
