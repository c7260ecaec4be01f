/**
 * Device functions of the kernel's scope: written with their bodies (parameters of any type or
 * another device function, early returns, a value, record or tuple returned), and called from
 * expressions.
 */
import { BLOCK } from '../case.js';
import { isHalf, type Ty } from '../types.js';
import { AtomicOps } from './atomics.js';
import {
  type DeviceFunction,
  fieldNames,
  LOCAL_TYPES,
  type Mode,
  mergedType,
  type Passed,
  type Result,
  sameShape,
} from './model.js';
import { aggregateLiteral, build, type Expr, joined, line, plain, same, signless, texts } from './text.js';

export abstract class Functions extends AtomicOps {
  protected helper(): void {
    const name = this.fresh('h');
    const arity = 1 + this.tape.next(this.tape.chance(30) ? 4 : 2);
    const params = Array.from({ length: arity }, () =>
      this.tape.pick(
        this.allowed(['i32', 'f64', 'f32', 'u32', 'i64', 'bool', 'u16', 'u64', 'i8', 'u8', 'i16'] as const),
      ),
    );
    const extras = this.passedParameters();
    // Now and then it returns nothing: it writes a local array of the caller's (by reference),
    // leaving by `return;` early or at its end, and a statement calls it.
    const returnsNothing = this.tape.chance(20);
    if (returnsNothing && !extras.some((p) => 'array' in p))
      extras.unshift({ array: this.tape.pick(this.allowed(LOCAL_TYPES)) });
    const names = [...params, ...extras].map((_, k) => `x${k}`);
    // Now and then the first parameter takes a device function made before, which the body may
    // call through it (the callee specialised on that function's type).
    const passable = this.helpers.filter((h) => !h.recursive && !h.generic);
    const fn = passable.length > 0 && this.tape.chance(25) ? this.tape.pick(passable) : undefined;
    // Mostly a number (now and then a narrow integer, a u64 or a boolean); now and then a record
    // or tuple of 2 or 3 values.
    let result: Result = this.tape.chance(85)
      ? this.tape.pick(this.allowed(['i32', 'f64', 'f32', 'u32', 'i64'] as const))
      : this.tape.pick(this.allowed(['bool', 'u64', 'i8', 'u8', 'i16', 'u16'] as const));
    if (typeof result === 'string' && !['i32', 'f64', 'f32', 'u32', 'i64'].includes(result))
      this.feature(`helper:returns-${result}`);
    if (this.allows('aggregate') && this.tape.chance(20)) {
      const types = Array.from({ length: 2 + this.tape.next(2) }, () => this.anyType());
      result = this.tape.chance(50) ? { types, fields: fieldNames(types.length) } : { types };
    }
    if (returnsNothing) {
      result = 'void';
      this.feature('helper:void');
    }
    this.inHelper = true;
    this.helperResult = result;
    // Now and then an f64 function that returns an i32, u32 or f32 early, tested on a number
    // parameter (see mixedReturn).
    const tested = params.findIndex(
      (t, k) => (k > 0 || !fn) && ['i32', 'f64', 'f32', 'u32', 'u16', 'i8', 'u8', 'i16'].includes(t),
    );
    const mixed = result === 'f64' && tested >= 0 && this.tape.chance(30);
    const saved = [
      this.vars.length,
      this.locals.length,
      this.tables.length,
      this.aggregates.length,
      this.views.length,
    ];
    // Now and then the last numbers have default values (docs/language.md "Functions"), computed
    // in the callee from the parameters before them where a call leaves them out. Typed values
    // only: a parameter is of its argument's type when one is passed, so the same body must not
    // see a literal.
    const defaults =
      extras.length === 0 && params.length > 1 && this.tape.chance(25)
        ? 1 + this.tape.next(Math.min(params.length - 1, 2))
        : 0;
    const heads: (string | Expr)[] = [];
    params.forEach((t, k) => {
      if (k > 0) heads.push(', ');
      heads.push(names[k] as string);
      if (k >= params.length - defaults) {
        heads.push(' = ', this.expr(t, 1, 'none'));
        this.feature('helper:default');
      }
      if (k > 0 || !fn) this.vars.push({ name: names[k] as string, t, mutable: false });
    });
    const bound = extras.map((p, k) => this.bind(p, names[params.length + k] as string));
    if (fn) {
      this.feature('helper:function-argument');
      this.helpers.push({ ...fn, name: 'x0' });
    }
    const body = [...(mixed ? this.mixedReturn(names[tested] as string) : []), ...this.block(1, 3)];
    let ret: string[];
    if (result === 'void') ret = this.tape.chance(30) ? [plain('return;')] : [];
    else if (this.tape.chance(20)) ret = this.returnsOnEveryPath(result);
    else {
      // Typed where returns mix: a literal would merge by its own rule ("Literals").
      const value = this.resultValue(result, 3, mixed ? 'none' : 'free');
      ret = [line('return ', ...(Array.isArray(value) ? value : [value]), ';')];
    }
    if (fn) this.helpers.pop();
    this.vars.length = saved[0] as number;
    this.locals.length = saved[1] as number;
    this.tables.length = saved[2] as number;
    this.aggregates.length = saved[3] as number;
    this.views.length = saved[4] as number;
    this.inHelper = false;
    this.helperResult = undefined;
    // A declaration, an arrow function or a function expression.
    const form = this.tape.pick(['declaration', 'arrow', 'expression'] as const);
    if (form !== 'declaration') this.feature(`helper:${form}`);
    heads.push(...bound.map((n) => `, ${n}`));
    const [open, close] = {
      declaration: [`function ${name}(`, ') {'] as const,
      arrow: [`const ${name} = (`, ') => {'] as const,
      expression: [`const ${name} = function (`, ') {'] as const,
    }[form];
    const lines = [line(open, ...heads, close), ...body, ...ret, plain(form === 'declaration' ? '}' : '};')];
    const [source, emulated, fused] = texts(lines);
    if (/\bK\d+\b/.test(source)) this.feature('helper:reads-scope');
    const all = [...params.map((t, k) => (k === 0 && fn ? { fn } : t)), ...extras];
    this.helpers.push({
      name,
      source,
      emulated,
      fused,
      params: all,
      result,
      ...(defaults ? { defaults } : {}),
    });
  }

  /**
   * A device function that reaches itself, directly (`h0` calls `h0`) or through another
   * (`h0` calls `h1`, which calls `h0`), as users write a factorial: gpuc rejects it
   * (`recursion`, docs/language.md "Functions"), while JavaScript runs it, its depth bounded by
   * `x1 & 3`. Returns the statement declaring a variable of a call (at the kernel's top level,
   * so that no folded condition hides it).
   */
  protected recursion(): string[] {
    const t = this.tape.pick(this.allowed(['i32', 'f64', 'f32', 'u32', 'i64'] as const));
    const names = this.tape.chance(30) ? [this.fresh('h'), this.fresh('h')] : [this.fresh('h')];
    this.feature(names.length > 1 ? 'recursion:mutual' : 'recursion');
    const step = {
      i32: 'x0 + 1',
      u32: 'x0 + 1',
      f64: 'x0 * 0.5',
      f32: 'Math.fround(x0 * 0.5)',
      i64: 'x0 + 1n',
    }[t];
    names.forEach((name, k) => {
      const next = names[(k + 1) % names.length] as string;
      const source = [
        `function ${name}(x0, x1) {`,
        '  const n = x1 & 3;',
        '  if (n === 0) return x0;',
        `  return ${next}(${step}, n - 1);`,
        '}',
      ].join('\n');
      this.helpers.push({
        name,
        source,
        emulated: source,
        fused: source,
        params: [t, 'i32'],
        result: t,
        recursive: true,
      });
    });
    const v = this.fresh('v');
    const args = [this.expr(t, 1, 'none'), this.expr('i32', 1)];
    this.vars.push({ name: v, t, mutable: false });
    return [line(`const ${v} = ${names[0]}(`, args[0] as Expr, ', ', args[1] as Expr, ');')];
  }

  /** The device functions an expression may call: not those with warp operations (see collectiveCall). */
  protected callable(): DeviceFunction[] {
    return this.helpers.filter(
      (h) =>
        !h.collective &&
        !h.recursive &&
        !h.generic &&
        h.result !== 'void' &&
        h.params.every((p) => typeof p === 'string' || 'fn' in p || this.hasArgument(p)),
    );
  }

  protected call(t: Ty, d: number, chosen?: DeviceFunction): Expr {
    const helpers = this.callable();
    const helper = chosen ?? helpers.find((h) => h.result === t) ?? this.tape.pick(helpers);
    const result = helper.result;
    if (result === 'void') throw new Error(`generator: ${helper.name} returns nothing`);
    const { callee, args } = this.callParts(helper, d);
    let call: Expr;
    if (typeof result === 'string') call = build(result, args, (xs) => `${callee}(${xs.join(', ')})`);
    else {
      // A member of the record or tuple returned.
      const k = this.tape.next(result.types.length);
      this.feature(result.fields ? 'helper:record' : 'helper:tuple');
      const key = this.memberKey(result.fields ? (result.fields[k] as string) : k);
      call = build(result.types[k] as Ty, args, (xs) => `${callee}(${xs.join(', ')})${key}`);
    }
    return call.t === t ? call : this.coerce(call, t);
  }

  /** A call of a device function that returns nothing, for its effect on the arrays it takes. */
  protected callOf(helper: DeviceFunction, d: number): Expr {
    const { callee, args } = this.callParts(helper, d);
    return joined([`${callee}(`, ...args.flatMap((a, k) => (k > 0 ? [', ', a] : [a])), ')']);
  }

  /** The callee (by name, or a record's or tuple's member holding it) and the arguments of a call. */
  private callParts(helper: DeviceFunction, d: number): { callee: string; args: Expr[] } {
    // A function parameter takes the function it was made for, by name.
    // Parameters with defaults left out now and then (only the last ones can be).
    const left = helper.defaults && this.tape.chance(50) ? 1 + this.tape.next(helper.defaults) : 0;
    if (left > 0) this.feature('helper:default-used');
    const args = helper.params.slice(0, helper.params.length - left).map((p) => {
      if (typeof p === 'string') return signless(this.expr(p, d));
      if ('fn' in p) return same(p.fn.name, 'bool');
      return this.argument(p, d);
    });
    this.feature(helper.params.length > 2 ? 'helper:arity>2' : 'helper');
    // Called by name, or through a record or tuple that holds it (`F0.a(x)`, `F0[1](x)`).
    const held = this.holders.filter((h) => h.fn === helper);
    const callee = held.length > 0 && this.tape.chance(60) ? this.tape.pick(held).text : helper.name;
    if (callee !== helper.name) this.feature('helper:held');
    return { callee, args };
  }

  /**
   * The parameters after a device function's numbers, now and then: a local array of the
   * caller's, read and written at indices below 4 (the shortest local array), as JavaScript
   * passes it, by reference; an array no thread writes (a table, or a captured one); a record or
   * a tuple.
   */
  private passedParameters(): Passed[] {
    const extras: Passed[] = [];
    if (this.tape.chance(30)) extras.push({ array: this.tape.pick(this.allowed(LOCAL_TYPES)) });
    // Of a table's type, or of one that shared and captured arrays often have.
    const tables = [
      ...this.readableTables().map((a) => a.t),
      ...this.allowed(['f64', 'i32', 'f32', 'u32', 'i64'] as const),
    ];
    if (this.tape.chance(30)) extras.push({ table: this.tape.pick(tables) });
    const views = this.readableViews();
    if (views.length > 0 && this.tape.chance(25)) extras.push({ view: this.tape.pick(views) });
    if (this.allows('aggregate') && this.tape.chance(20)) {
      const types = Array.from({ length: 2 + this.tape.next(2) }, () => this.anyType());
      extras.push({
        aggregate: this.tape.chance(50) ? { types, fields: fieldNames(types.length) } : { types },
      });
    }
    return extras;
  }

  /** A passed parameter of the device function being written, named `name` in its body. */
  /**
   * Binds a passed parameter of the device function being written, named `name` in its body;
   * returns the parameter as the list writes it: its name, or a record or tuple destructured
   * (`{ a: y0, b }`, `[y0, y1]`), its members then variables.
   */
  private bind(p: Passed, name: string): string {
    if ('array' in p) {
      this.feature('helper:array-argument');
      this.locals.push({ name, t: p.array, length: 4 });
    } else if ('table' in p) {
      this.feature(isHalf(p.table) ? `helper:table-argument:${p.table}` : 'helper:table-argument');
      // Read below the shortest length of such arrays: a shared array's, a block's.
      this.tables.push({ name, t: p.table, length: BLOCK });
    } else if ('view' in p) {
      this.feature('helper:view-argument');
      this.views.push({ ...p.view, name });
    } else if (this.tape.chance(30)) {
      const { fields, types } = p.aggregate;
      const members = types.map((t, k) => {
        // A record's field bound under its own name now and then (`{ a, b: y1 }`).
        const own = fields !== undefined && this.tape.chance(40);
        const variable = own ? (fields[k] as string) : this.fresh('y');
        this.vars.push({ name: variable, t, mutable: false });
        return fields ? (own ? variable : `${fields[k]}: ${variable}`) : variable;
      });
      this.feature(fields ? 'helper:record-pattern' : 'helper:tuple-pattern');
      return fields ? `{ ${members.join(', ')} }` : `[${members.join(', ')}]`;
    } else {
      this.feature(p.aggregate.fields ? 'helper:record-argument' : 'helper:tuple-argument');
      const merged = p.aggregate.fields ? undefined : mergedType(p.aggregate.types);
      this.aggregates.push({ name, ...p.aggregate, ...(merged ? { merged } : {}) });
    }
    return name;
  }

  /** Whether an argument for a passed parameter is at hand (a record or tuple always is: written there). */
  private hasArgument(p: Passed): boolean {
    if ('array' in p) return this.locals.some((l) => l.t === p.array);
    if ('table' in p) return this.readableTables().some((a) => a.t === p.table);
    if ('view' in p) return this.readableViews().some((v) => v.t === p.view.t && v.dims === p.view.dims);
    return true;
  }

  /**
   * The argument of a passed parameter: a local array or table of its element type, or a record
   * or tuple of its members, in scope or written in the call (integers in it lose a -0).
   */
  private argument(p: Passed, d: number): Expr {
    if ('array' in p) return same(this.tape.pick(this.locals.filter((l) => l.t === p.array)).name, 'bool');
    if ('table' in p) {
      const table = this.tape.pick(this.readableTables().filter((a) => a.t === p.table));
      if (this.shared.includes(table)) this.feature('helper:shared-argument');
      else if (this.tables.includes(table)) this.feature('helper:captured-argument');
      return same(table.name, 'bool');
    }
    if ('view' in p) {
      const views = this.readableViews().filter((v) => v.t === p.view.t && v.dims === p.view.dims);
      return same(this.tape.pick(views).name, 'bool');
    }
    const shape = p.aggregate;
    const named = this.aggregates.filter((a) => sameShape(a, shape));
    if (named.length > 0 && this.tape.chance(50)) return same(this.tape.pick(named).name, 'bool');
    const values = shape.types.map((t) => signless(this.expr(t, d, 'none')));
    return joined(aggregateLiteral(values, shape.fields));
  }

  /** The device functions that take a local array or a table (none with collectives), tables at hand. */
  protected arrayTakers(): DeviceFunction[] {
    return this.helpers.filter(
      (h) =>
        !h.collective &&
        h.params.some((p) => typeof p !== 'string' && ('array' in p || 'table' in p)) &&
        h.params.every((p) => typeof p === 'string' || 'fn' in p || 'array' in p || this.hasArgument(p)),
    );
  }

  /**
   * A call of a device function that takes a local array or a table, as a statement: for what it
   * writes there. A local array of the parameter's type is made first where none is in scope.
   */
  protected arrayCall(): string[] {
    const helper = this.tape.pick(this.arrayTakers());
    const out: string[] = [];
    for (const p of helper.params)
      if (typeof p !== 'string' && 'array' in p && !this.locals.some((l) => l.t === p.array))
        out.push(...this.localArray(p.array));
    this.feature('helper:array-call');
    if (helper.result === 'void') {
      this.feature('helper:void-call');
      return [...out, line(this.callOf(helper, 2), ';')];
    }
    const t = typeof helper.result === 'string' ? helper.result : 'i32';
    return [...out, line(this.call(t, 2, helper), ';')];
  }

  /** A record or a tuple of device functions (`const F0 = { a: h0, b: h1 };`), called through later. */
  protected functionHolder(): string[] {
    const fns = Array.from({ length: 1 + this.tape.next(2) }, () => this.tape.pick(this.callable()));
    const name = this.fresh('F');
    const fields = this.tape.chance(50) ? fieldNames(fns.length) : undefined;
    fns.forEach((fn, k) => {
      this.holders.push({ text: this.member(name, fields ? (fields[k] as string) : k), fn });
    });
    this.feature(fields ? 'function-record' : 'function-tuple');
    const members = fns.map((fn, k) => (fields ? `${fields[k]}: ${fn.name}` : fn.name)).join(', ');
    return [plain(fields ? `const ${name} = { ${members} };` : `const ${name} = [${members}];`)];
  }

  /**
   * A value the device function being written returns: of its result type, or a record or tuple
   * of its members' types (integers crossing the function's boundary lose a -0).
   */
  protected resultValue(result: Exclude<Result, 'void'>, d: number, mode: Mode): Expr | (string | Expr)[] {
    if (typeof result === 'string') return signless(this.expr(result, d, mode));
    const values = result.types.map((t) => signless(this.expr(t, d, 'none')));
    return aggregateLiteral(values, result.fields);
  }

  /**
   * The end of a device function that returns on every path and has no statement after:
   * `if (c) { ... return a; } else { return b; }`, or a `switch` whose every case returns, its
   * `default` anywhere, cases falling through to the next (docs/language.md "Statements").
   */
  private returnsOnEveryPath(result: Exclude<Result, 'void'>): string[] {
    const value = () => {
      const v = this.resultValue(result, 2, 'none');
      return line('return ', ...(Array.isArray(v) ? v : [v]), ';');
    };
    if (this.tape.chance(50)) {
      this.feature('return:every-path:if');
      const c = this.condition(2);
      const then = this.block(0, 2);
      return [line('if (', c, ') {'), ...then, value(), plain('} else {'), value(), plain('}')];
    }
    this.feature('return:every-path:switch');
    const subject = build('i32', [this.expr('i32', 2)], ([x]) => `(${x} & 3)`);
    const cases = 1 + this.tape.next(3);
    const defaultAt = this.tape.next(cases + 1);
    const out = [line('switch (', subject, ') {')];
    for (let k = 0, label = 0; k <= cases; k++) {
      out.push(plain(k === defaultAt ? 'default:' : `case ${label++}:`));
      // The last case returns; the others now and then fall through to the next.
      if (k === cases || this.tape.chance(70)) out.push(value());
    }
    out.push(plain('}'));
    return out;
  }

  /**
   * `if (x0 === 2 || c) return y;` first in an f64 device function, `y` an i32, u32 or f32: the
   * function returns the join of its returns, f64, `y` converted. The test reads a parameter so
   * that it never folds: gpuc types only the returns that can run (a constant `c` would leave
   * the function of `y`'s type, or of f64 alone).
   */
  private mixedReturn(parameter: string): string[] {
    const t = this.tape.pick(['i32', 'u32', 'f32'] as const);
    this.feature(`return:early-mixed:${t}`);
    const c = this.condition(2);
    return [
      line(
        `if (${parameter} === ${this.tape.next(3)} || `,
        c,
        ') return ',
        signless(this.expr(t, 2, 'none')),
        ';',
      ),
    ];
  }

  /** `if (c) return;` in the kernel, `if (c) return value;` in a device function. */
  protected returnStatement(): string[] {
    const c = this.condition(2);
    if (!this.inHelper) {
      this.feature('return:kernel');
      return [line('if (', c, ') return;')];
    }
    this.feature('return:early');
    if (this.helperResult === 'void') {
      this.feature('return:early-void');
      return [line('if (', c, ') return;')];
    }
    const value = this.resultValue(this.helperResult as Exclude<Result, 'void'>, 2, 'none');
    return [line('if (', c, ') return ', ...(Array.isArray(value) ? value : [value]), ';')];
  }
}
