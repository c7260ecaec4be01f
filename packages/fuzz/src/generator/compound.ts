/**
 * The choice among every kind of compound expression, weighted by what the code being written
 * can reach (device functions, local and shared arrays, tables, records, updatable elements).
 */
import { isBigInt, isFloat, isNarrow, type NumberType, type Ty } from '../types.js';
import { Functions } from './functions.js';
import { computedAs } from './model.js';
import type { Expr } from './text.js';

export abstract class Compound extends Functions {
  protected compound(t: Ty, depth: number): Expr {
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
      [this.callable().length > 0 ? 4 : 0, () => this.call(t, d)],
      [this.locals.length > 0 ? 3 : 0, () => this.localRead(t, d)],
      [this.locals.some((l) => computedAs(l.t) === t) ? 1 : 0, () => this.localUpdate(t)],
      [this.tables.length > 0 ? 2 : 0, () => this.capturedRead(t, d)],
      [this.readableViews().length > 0 ? 1 : 0, () => this.viewRead(t, d)],
      [this.aggregates.some((a) => a.merged !== undefined) ? 1 : 0, () => this.tupleRead(t, d)],
      [this.vars.some((v) => v.mutable && v.t === t) ? 1 : 0, () => this.stepValue(t)],
      [this.vars.some((v) => v.mutable && v.t === t) ? 1 : 0, () => this.assignValue(t, d)],
      [1, () => this.commaValue(t, d)],
      [this.shared.length > 0 ? 2 : 0, () => this.sharedRead(t, d)],
      [2, () => this.conversion(t, depth)],
      [t === 'f64' ? 2 : 0, () => this.intDivision(d)],
      [t === 'f64' ? 1 : 0, () => this.wideLiteral(d)],
      // A u32's bits are an f64's low word: only where the profile has f64.
      [
        t === 'i32' || ((t === 'u32' || t === 'f64') && this.has('f64')) ? 1 : 0,
        () => this.bits(t as 'i32' | 'u32' | 'f64', d),
      ],
      [this.nullishAllowed ? 1 : 0, () => this.nullish(t, d)],
      [this.guardable().length > 0 ? 1 : 0, () => this.guardedRead(t, d)],
      [isFloat(t) ? 1 : 0, () => this.fma(t as 'f32' | 'f64', d)],
      [this.updatable().some((a) => computedAs(a.t) === t) ? 1 : 0, () => this.updateValue(t, d)],
    ]);
    return choice();
  }
}
