/**
 * Statements and blocks: the choice among every kind of statement, declarations, assignments
 * (compound and logical ones too), a variable merged from two paths, `throw`; and blocks, whose
 * declarations go out of scope after them.
 */
import { isFloat, isNarrow, join } from '../types.js';
import { ControlFlow } from './control.js';
import { assignOperators, one, type Variable } from './model.js';
import { type Expr, line, plain } from './text.js';

export abstract class Statements extends ControlFlow {
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
      [this.breakDepth > 0 || this.labels.length > 0 ? 2 : 0, () => this.jump()],
      [this.inHelper || this.returning ? (nested ? 1 : 2) : 0, () => this.returnStatement()],
      [this.locals.length > 0 ? 2 : 0, () => this.localStore()],
      [2, () => this.localArray()],
      [2, () => this.aggregate()],
      [nested ? 1 : 0, () => this.merge()],
      [this.callable().length > 0 ? 3 : 0, () => this.functionHolder()],
      [this.arrayTakers().length > 0 ? 5 : 0, () => this.arrayCall()],
      [nested ? 1 : 0, () => this.labelledBlock(depth)],
      [this.throwing && this.tape.chance(30) ? 1 : 0, () => this.throwStatement()],
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

  protected throwStatement(): string[] {
    const c = this.condition(2);
    this.feature('throw');
    return [line('if (', c, ") throw new Error('fuzz');")];
  }
}
