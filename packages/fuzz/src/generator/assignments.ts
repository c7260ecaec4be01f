/**
 * Assignments to variables as statements: plain, compound (`+=`... computed in the variable's
 * type), `++`/`--`, logical (`||= &&= ??=`), and a variable assigned values of different types on
 * the two paths of an `if` (their join type after).
 */
import { isFloat, isNarrow, join } from '../types.js';
import { Collectives } from './collectives.js';
import { assignOperators, one, type Variable } from './model.js';
import { type Expr, line, plain } from './text.js';

export abstract class Assignments extends Collectives {
  protected assign(v: Variable): string[] {
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
      const op = this.tape.pick(assignOperators(v.t));
      const e = this.expr(v.t, 2, 'sibling');
      this.feature(`${op}=`);
      return [line(this.compoundAssignment(v, op, e), ';')];
    }
    // A literal assigned alone would make the variable that literal until paths merge (it then
    // takes the type of what it meets: docs/language.md "Literals"), not a value of type v.t.
    const e = this.expr(v.t, 3, 'none');
    return [line(`${v.name} = `, e, ';')];
  }

  /** A variable assigned values of different types on two paths (their join type after). */
  protected merge(): string[] {
    const types = [
      this.tape.pick(this.allowed(['i32', 'u32', 'f32', 'f64'] as const)),
      this.tape.pick(this.allowed(['i32', 'u32', 'f32', 'f64'] as const)),
    ];
    // Types whose join the profile does not have (f64, for i32 and u32) are one type instead.
    if (!this.has(join(types))) types[1] = types[0] as (typeof types)[number];
    const t = join(types);
    const name = this.fresh('m');
    const c = this.condition(2);
    // Typed values only: literals would merge by their own rule ("Literals").
    const [a, b] = types.map((ti) => this.expr(ti, 2, 'none')) as [Expr, Expr];
    // The first assignment is the declaration's type, so each path assigns the same variable.
    const convert = (e: Expr) => (t === 'f32' && e.t !== 'f32' ? this.widen('f32', e) : e);
    // Declared without a value now and then: each path assigns it before it is read.
    const initial = this.tape.chance(30) ? undefined : this.expr(a.t, 1, 'none');
    this.vars.push({ name, t, mutable: false });
    this.feature(initial ? `merge:${types.join('/')}` : 'merge:unassigned');
    return [
      initial ? line(`let ${name} = `, convert(initial), ';') : plain(`let ${name};`),
      line('if (', c, ') {'),
      line(`${name} = `, convert(a), ';'),
      plain('} else {'),
      line(`${name} = `, convert(b), ';'),
      plain('}'),
    ];
  }
}
