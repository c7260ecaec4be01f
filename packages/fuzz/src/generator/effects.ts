/**
 * Expressions with effects: assignments and compound assignments as values (`(v = x)`,
 * `(v *= x)`), `v++`/`--v` as values, and the comma operator (`(v++, x)`).
 */
import { isBigInt, type NumberType, type Ty } from '../types.js';
import { assignOperators, one, type Variable } from './model.js';
import { Operators } from './operators.js';
import { build, type Expr, same } from './text.js';
export abstract class Effects extends Operators {
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
}
