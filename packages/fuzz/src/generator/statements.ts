/**
 * Statements and blocks: the choice among every kind of statement, declarations, `throw`; and
 * blocks, whose declarations go out of scope after them.
 */

import { isNarrow } from '../types.js';
import { Idioms } from './idioms.js';
import { type Expr, joined, line, plain } from './text.js';

export abstract class Statements extends Idioms {
  /** Statements whose declarations stay in scope after them (the kernel's top level). */
  protected sequence(depth: number, max: number): string[] {
    const lines: string[][] = [];
    const count = this.tape.next(max + 1);
    for (let k = 0; k < count && this.statements < this.maxStatements; k++) lines.push(this.statement(depth));
    return lines.flat();
  }

  protected block(depth: number, max: number): string[] {
    const saved = [this.vars.length, this.locals.length, this.aggregates.length, this.holders.length];
    const lines = this.sequence(depth, max);
    // An outer f64 variable assigned a narrower number as the block's last statement: its type
    // after the block (and at a loop's head) is their join, f64, which holds the value exactly.
    const outer = this.vars.slice(0, saved[0]).filter((v) => v.mutable && v.t === 'f64' && !v.joined);
    if (outer.length > 0 && this.tape.chance(20)) {
      const v = this.tape.pick(outer);
      const e = this.expr(this.tape.pick(['i32', 'u32', 'f32', 'i16'] as const), 2);
      this.feature(`assign:f64<-${e.t}`);
      lines.push(line(`${v.name} = `, e, ';'));
    }
    this.vars.length = saved[0] as number;
    this.locals.length = saved[1] as number;
    this.aggregates.length = saved[2] as number;
    this.holders.length = saved[3] as number;
    return lines;
  }

  /** Generates a statement; returns its lines as `[js, em, fu]` triples joined per line. */
  protected statement(depth: number): string[] {
    this.statements++;
    const mutable = this.vars.filter((v) => v.mutable);
    const nested = depth > 0;
    return this.tape.weighted<() => string[]>([
      [6, () => this.declare()],
      [mutable.length > 0 ? 6 : 0, () => this.assign(this.tape.pick(mutable))],
      [nested ? 4 : 0, () => this.ifStatement(depth)],
      [nested ? 4 : 0, () => this.loop(depth)],
      [nested ? 1 : 0, () => this.switchStatement(depth)],
      [nested && this.has('f64') ? 1 : 0, () => this.wideningLoop(depth)],
      [nested ? 1 : 0, () => this.accumulation(depth)],
      [nested ? 1 : 0, () => this.countdown(depth)],
      [this.breakDepth > 0 || this.labels.length > 0 ? 2 : 0, () => this.jump()],
      [this.inHelper || this.returning ? (nested ? 1 : 2) : 0, () => this.returnStatement()],
      [this.locals.length > 0 ? 2 : 0, () => this.localStore()],
      [this.locals.length > 0 ? 2 : 0, () => [line(this.localUpdate(), ';')]],
      [2, () => this.localArray()],
      [this.allows('aggregate') ? 2 : 0, () => this.aggregate()],
      [this.allows('aggregate') && !this.inHelper ? 1 : 0, () => this.geometryGroup()],
      [nested ? 1 : 0, () => this.merge()],
      [1, () => this.idiom()],
      [this.callable().length > 0 && this.allows('aggregate') ? 3 : 0, () => this.functionHolder()],
      [this.arrayTakers().length > 0 ? 5 : 0, () => this.arrayCall()],
      [nested ? 1 : 0, () => this.labelledBlock(depth)],
      [nested && this.shadowable().length > 0 ? 1 : 0, () => this.shadowingBlock(depth)],
      [this.effects().length > 0 ? 2 : 0, () => this.effectStatement()],
      [this.throwing && this.tape.chance(30) ? 1 : 0, () => this.throwStatement()],
      [this.boundsChecked && this.throwing && this.guardable().length > 0 ? 3 : 0, () => this.outOfRange()],
      [
        this.kernelArrays('atomic').length > 0 ? 2 : 0,
        () => this.atomic(this.tape.pick(this.kernelArrays('atomic'))),
      ],
      [this.updatable().length > 0 ? 2 : 0, () => this.elementUpdate()],
      [this.kernelArrays('table').length > 0 ? 1 : 0, () => this.vectorLoad()],
      [
        1,
        () => {
          // A comment, which must change nothing (line numbers and code frames included).
          this.feature('comment');
          return [plain(this.tape.pick(['// a comment', '/* a block comment */', '/** a doc comment */']))];
        },
      ],
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

  protected declare(): string[] {
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

  /**
   * The variables a block may declare again: not loop counters (indices read them modulo a
   * length, which a shadowing value would leave) nor values of the scope (`K0`).
   */
  private shadowable() {
    return this.vars.filter((v) => !/^(j|k|K)\d+$/.test(v.name));
  }

  /**
   * A block that first declares a variable of the same name as one outside it, of any type
   * (`{ let v3 = x; ... }`): inside, the name is the new variable; after the block, the old one
   * again, unchanged by what the block assigned. Its value does not read the name (JavaScript's
   * temporal dead zone would throw), and the block opens with it, before any use.
   */
  protected shadowingBlock(depth: number): string[] {
    const outer = this.tape.pick(this.shadowable());
    const at = this.vars.indexOf(outer);
    this.vars.splice(at, 1);
    const t = this.anyType();
    const mutable = this.tape.chance(60);
    const e = this.expr(t, 2, 'none');
    this.feature(outer.t === t ? 'shadow' : 'shadow:other-type');
    if (/^[sx]\d+$/.test(outer.name)) this.feature('shadow:parameter');
    this.vars.push({ name: outer.name, t, mutable });
    const body = this.block(depth - 1, 3);
    this.vars.pop();
    this.vars.splice(at, 0, outer);
    return [plain('{'), line(`${mutable ? 'let' : 'const'} ${outer.name} = `, e, ';'), ...body, plain('}')];
  }

  /** The expressions with an effect that a statement may run under a condition. */
  private effects(): (() => Expr)[] {
    const out: (() => Expr)[] = [];
    const numbers = this.vars.filter(
      (v) => v.mutable && !isNarrow(v.t) && v.t !== 'bool' && !(v.t === 'u64' && !this.hasU64()),
    );
    if (numbers.length > 0)
      out.push(
        () => this.assignValue(this.tape.pick(numbers).t, 2),
        () => this.stepValue(this.tape.pick(numbers).t),
      );
    const updatable = this.updatable();
    if (updatable.length > 0) out.push(() => this.updateOf(this.tape.pick(updatable), 2));
    if (this.locals.length > 0) out.push(() => this.localUpdate());
    const nothing = this.arrayTakers().filter(
      (h) =>
        h.result === 'void' &&
        h.params.every(
          (p) =>
            typeof p === 'string' || 'fn' in p || !('array' in p) || this.locals.some((l) => l.t === p.array),
        ),
    );
    if (nothing.length > 0) out.push(() => this.callOf(this.tape.pick(nothing), 2));
    return out;
  }

  /**
   * An expression statement that runs an effect under a condition, as minifiers write `if`:
   * `p && (v = x);`, `p || f(l0);`, `c ? (a0[i] += x) : (v++);`, now and then two effects joined
   * by a comma. Its value is discarded, so the operands and arms may be of any types, and a
   * call that returns nothing may stand (docs/language.md "Operators").
   */
  protected effectStatement(): string[] {
    const effects = this.effects();
    const one = () => this.tape.pick(effects)();
    const effect = () => {
      if (!this.tape.chance(20)) return one();
      this.feature('effect:comma');
      return joined(['(', one(), ', ', one(), ')']);
    };
    const c = this.condition(2);
    const form = this.tape.pick(['&&', '||', '?:'] as const);
    this.feature(`effect:${form}`);
    const first = effect();
    const second = form === '?:' ? effect() : c;
    // Of types no value could merge (a boolean and a number, a call with no value).
    const types = new Set([first.t, second.t].map((t) => (t === 'bool' ? 'bool' : 'number')));
    if (types.size > 1 || /^h\d+\(/.test(first.js) || /^h\d+\(/.test(second.js)) this.feature('effect:mixed');
    if (form === '?:') return [line(c, ' ? ', first, ' : ', second, ';')];
    return [line(c, ` ${form} `, first, ';')];
  }

  protected throwStatement(): string[] {
    const c = this.condition(2);
    this.feature('throw');
    return [line('if (', c, ") throw new Error('fuzz');")];
  }
}
