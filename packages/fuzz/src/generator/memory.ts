/**
 * Arrays and memory: local arrays, shared arrays and captured tables read at indices in range,
 * stores converted as typed arrays convert, a thread's updates of its own input element (also as
 * values), and neighbouring loads and stores (docs/language.md "Vector memory access").
 */
import { BLOCK, LENGTH } from '../case.js';
import {
  ARRAY_OF,
  type ElementType,
  isBigInt,
  isFloat,
  isHalf,
  isNarrow,
  type NumberType,
  promote,
  readAs,
  type Ty,
} from '../types.js';
import { MathCalls } from './math.js';
import {
  type ArrayParam,
  assignOperators,
  computedAs,
  LOCAL_TYPES,
  type LocalArray,
  type LocalType,
  one,
  VIEW,
  type ViewOf,
  type WideType,
  widthOf,
} from './model.js';
import { build, type Expr, line, plain, same } from './text.js';

/**
 * A variable's name in an expression's text (the generator's names, `i`, `v3`, `j0`...), not a
 * scope string's (`K0.length` is a constant), a function's or one whose member is read.
 */
const VARIABLE = /\b(?!K\d)(i|[a-z]+\d+)\b(?!\s*[.([])/;

export abstract class Memory extends MathCalls {
  /** `new T(n)` filled in a loop; of type `t` where given. */
  protected localArray(t: LocalType = this.tape.pick(this.allowed(LOCAL_TYPES))): string[] {
    const length = this.tape.pick([4, 8]);
    const name = this.fresh('l');
    const counter = this.fresh('j');
    this.vars.push({ name: counter, t: 'i32', mutable: false });
    const fill = this.expr(readAs(t), 2);
    this.vars.pop();
    this.locals.push({ name, t, length });
    this.feature(`local-array:${t}`);
    return [
      plain(`const ${name} = new ${t === 'f16' ? 'Float16Array' : ARRAY_OF[t]}(${length});`),
      plain(`for (let ${counter} = 0; ${counter} < ${length}; ${counter}++) {`),
      line(`${name}[${counter}] = `, fill, ';'),
      plain('}'),
    ];
  }

  protected localStore(): string[] {
    const array = this.tape.pick(this.locals);
    if (this.tape.chance(15)) {
      // `l[k] ??= x` at an index past either end now and then: `x` runs there, stored nowhere.
      this.feature('guard:??=');
      const e = this.expr(this.storedType(array.t, '??'), 2);
      return [line(`${array.name}[`, this.guardIndex(array.length, 1), '] ??= ', e, ';')];
    }
    const index = this.index(array.length, 1);
    const op = this.logicalStore('local');
    const e = this.expr(this.storedType(array.t, op), 2);
    this.otherBigInt(op, array.t, e);
    return [line(`${array.name}[`, index, `] ${op}= `, e, ';')];
  }

  /**
   * A store's operator before its `=`: mostly none, now and then `||`, `&&` or `??`, which store
   * (converted) only where JavaScript does: into a falsy element, a truthy one, never.
   */
  protected logicalStore(where: 'local' | 'element'): string {
    if (!this.tape.chance(12)) return '';
    const op = this.tape.pick(this.nullishAllowed ? ['||', '&&', '??'] : ['||', '&&']);
    this.feature(`${where}${op}=`);
    return op;
  }

  /** Notes a logical store of a computed BigInt of the other BigInt type (a literal adapts). */
  private otherBigInt(op: string, t: ElementType, e: Expr): void {
    if (op !== '' && isBigInt(e.t) && e.t !== computedAs(t) && !e.lit)
      this.feature(`logical-store:${op}=:${e.t}->${t}`);
  }

  /**
   * The type of a value stored into an array of `t`: mostly `t`, now and then another that the
   * store converts as JavaScript's typed arrays do (NaN into an `Int32Array` is 0, 300 into a
   * `Uint8Array` 44, an `i64` into a `BigUint64Array` modulo 2^64). A store by a `logical`
   * operator (`||`) of a BigInt takes the other BigInt type often: the statement only stores,
   * merging no value.
   */
  protected storedType(t: ElementType, logical = ''): Ty {
    const read = computedAs(t);
    if (logical !== '' && isBigInt(read) && this.tape.chance(50)) {
      const other = read === 'i64' ? 'u64' : 'i64';
      if (other === 'i64' || this.hasU64()) return other;
    }
    if (!this.tape.chance(35)) return read;
    const from = isBigInt(read)
      ? this.tape.pick(this.hasU64() ? (['i64', 'u64'] as const) : (['i64'] as const))
      : this.tape.pick(this.allowed(['f64', 'i32', 'u32', 'f32'] as const));
    if (from !== read) this.feature(`store:${from}->${t}`);
    return from;
  }

  protected localRead(t: Ty, d: number): Expr {
    const array = this.tape.pick(this.locals);
    const index = this.index(array.length, d);
    this.feature('local-array');
    const read = build(readAs(array.t), [index], ([x]) => `${array.name}[${x}]`);
    return read.t === t ? read : this.coerce(read, t);
  }

  protected sharedRead(t: Ty, d: number): Expr {
    const array = this.tape.pick(this.shared);
    this.feature('shared');
    let read: Expr;
    if (this.tape.chance(50)) {
      // At an index the data gives (no thread writes the array after its barrier).
      this.feature('shared:data-index');
      read = build(readAs(array.t), [this.index(BLOCK, d)], ([x]) => `${array.name}[${x}]`);
    } else {
      const shift = this.tape.next(BLOCK);
      read = same(`${array.name}[(${this.tid} + ${shift}) & ${BLOCK - 1}]`, readAs(array.t));
    }
    return read.t === t ? read : this.coerce(read, t);
  }

  /**
   * The element of a shared array a thread writes before the barrier: its own, or one a
   * permutation of the block's threads gives, computed from values every thread has alike
   * (`(t * 3 + s0) & 7`, `t ^ (K0 & 7)`), so that each element has one writer.
   */
  protected sharedSlot(): string {
    if (!this.tape.chance(35)) return this.tid;
    const uniform = this.vars.filter((v) => /^[sK]\d+$/.test(v.name) && v.t === 'i32');
    const offset =
      uniform.length > 0 && this.tape.chance(70)
        ? this.tape.pick(uniform).name
        : String(this.tape.next(BLOCK));
    this.feature('shared:permuted-store');
    return this.tape.chance(50)
      ? `(${this.tid} * ${this.tape.pick([1, 3, 5, 7])} + ${offset}) & ${BLOCK - 1}`
      : `${this.tid} ^ (${offset} & ${BLOCK - 1})`;
  }

  /**
   * The arrays no thread writes that the code being written reads: plain tables, captured ones
   * (in constant memory) and, after their barrier, shared ones.
   */
  protected readableTables(): LocalArray[] {
    const plain = this.kernelArrays('table').filter((a) => !a.view);
    return [...plain.map((a) => ({ name: a.name, t: a.t, length: LENGTH })), ...this.tables, ...this.shared];
  }

  /** The views no thread writes (inputs and tables: each thread reads, and stores none). */
  protected readableViews(): ViewOf[] {
    const views = [...this.kernelArrays('table'), ...this.kernelArrays('input')].filter(
      (a) => a.view && !isHalf(a.t),
    );
    return [...views.map((a) => ({ name: a.name, t: a.t, dims: a.view?.length ?? 2 })), ...this.views];
  }

  /** An element of a view no thread writes, at any indices in range (`v.get(r & 3, c & 3)`). */
  protected viewRead(t: Ty, d: number): Expr {
    const v = this.tape.pick(this.readableViews());
    const extents = v.dims === 3 ? [2, 2, 4] : [4, 4];
    const indices = extents.map((n) => this.index(n, d));
    this.feature(`view-read:${v.dims}`);
    const read = build(readAs(v.t), indices, (xs) => `${v.name}.get(${xs.join(', ')})`);
    return read.t === t ? read : this.coerce(read, t);
  }

  /** The arrays a thread may read at any index: its local arrays and those no thread writes. */
  protected guardable(): LocalArray[] {
    return [...this.locals, ...this.readableTables()];
  }

  /**
   * `a[k] ?? b`, a boundary guard (docs/language.md "Operators"): `k` an index in range moved
   * past either end now and then, where JavaScript reads undefined and the value is `b`. The
   * left side is now and then not the read itself but an expression that may be it, each read in
   * it guarded as a direct one is: a chain of two arrays, `(a[k] ?? c[m]) ?? b`, the arms of a
   * `?:` (one of them a chain now and then, the condition a literal now and then), a sequence
   * `(v++, a[k])`, `(a[k] || c[m])` or `(a[k] && c[m])` (undefined when the operand it gives is),
   * or of a local array `(l[k] ??= c[m])`; or the whole is `(l[k] ??= b)`, of the same value.
   * The read itself is never converted (a conversion of it would be no element read, and no
   * guard): the whole is.
   */
  protected guardedRead(t: Ty, d: number): Expr {
    const arrays = this.guardable();
    const array = this.tape.pick(arrays);
    const rt = readAs(array.t);
    const peers = arrays.filter((a) => readAs(a.t) === rt);
    // Now and then through a device function returning the element, `h0(a, k) ?? b`: its
    // value is undefined where the read is, as JavaScript's call returns undefined there.
    const through = !this.inHelper && this.tape.chance(15) ? this.elementHelper() : undefined;
    const read = (a: LocalArray) =>
      build(rt, [this.guardIndex(a.length, d)], ([x]) =>
        through === undefined ? `${a.name}[${x}]` : `${through}(${a.name}, ${x})`,
      );
    const chain = (first: Expr) =>
      build(rt, [first, read(this.tape.pick(peers))], ([x, y]) => `(${x} ?? ${y})`);
    // A call is no place to store: `??=` only of a local array's element read directly.
    const local = through === undefined && this.locals.some((l) => l.name === array.name);
    this.feature(through === undefined ? 'guard' : 'guard:call');
    const form = this.tape.weighted<'plain' | 'chain' | '?:' | 'comma' | '||' | '&&' | '??=' | '??=:left'>([
      [20, 'plain'],
      [8, 'chain'],
      [5, '?:'],
      [3, 'comma'],
      [2, '||'],
      [2, '&&'],
      [local ? 6 : 0, '??='],
      [local ? 4 : 0, '??=:left'],
    ]);
    let left = read(array);
    if (form === 'chain') left = chain(left);
    else if (form === '?:') {
      // One arm a chain now and then, `(p ? a[k] ?? c[m] : e[n]) ?? b`.
      const nested = this.tape.chance(30);
      if (nested) this.feature('guard:?:nested');
      const [x, y] = this.tape.chance(50)
        ? [nested ? chain(left) : left, read(this.tape.pick(peers))]
        : [read(this.tape.pick(peers)), nested ? chain(left) : left];
      left = build(rt, [this.armsCondition(d), x, y], ([c, p, q]) => `(${c} ? ${p} : ${q})`);
    } else if (form === 'comma') {
      left = build(rt, [this.expr(this.anyType(), d), left], ([x, y]) => `(${x}, ${y})`);
    } else if (form === '||' || form === '&&') {
      left = build(rt, [left, read(this.tape.pick(peers))], ([x, y]) => `(${x} ${form} ${y})`);
    } else if (form === '??=:left') {
      // Stores nothing (an element is never nullish) and is the element, or past the array `c[m]`.
      // Into a BigInt array `c[m]` has a default: past both arrays JavaScript would store the
      // undefined, and its conversion to a BigInt throws (refused: Refusals.bigIntNullishStore).
      let right = read(this.tape.pick(peers));
      if (isBigInt(rt)) {
        this.feature('guard:??=:left:bigint');
        const fallback = this.tape.pick(['0n', '1n', '7n']);
        right = build(rt, [right], ([y]) => `(${y} ?? ${fallback})`);
      }
      left = build(rt, [left, right], ([x, y]) => `(${x} ??= ${y})`);
    }
    if (form !== 'plain') this.feature(form === '??=' ? 'guard:??=:value' : `guard:${form}`);
    const op = form === '??=' ? '??=' : '??';
    const value = build(rt, [left, this.expr(rt, d)], ([x, y]) => `(${x} ${op} ${y})`);
    return rt === t ? value : this.coerce(value, t);
  }

  /**
   * A device function returning an array's element at an index, called only by
   * {@link guardedRead} (marked generic: any array type).
   */
  private elementHelper(): string {
    const name = this.fresh('h');
    const source = `function ${name}(a, k) {\n  return a[k];\n}`;
    return this.fixedHelper(name, source, { generic: true });
  }

  /**
   * An index in range moved by an offset, so that it lies before or past the array now and then
   * (`(x & 7) - 2`, `(j0 % 16) + 16`), now and then as a `u32` (`>>> 0`: a negative one past 2^31).
   */
  private guardIndex(length: number, d: number, constants = true): Expr {
    const base = this.index(length, d);
    // An index that reads no variable (as far as its text shows: `(u32(5) & 7)` folds to a
    // constant) is not moved; now and then it is a constant no array holds instead (negative,
    // past the end, fractional), which under `??` is no `bad-index` error but reads undefined,
    // as in JavaScript (docs/language.md "Operators").
    if (!VARIABLE.test(base.js)) {
      if (!constants || !this.tape.chance(30)) return base;
      this.feature('guard:constant-outside');
      return same(this.tape.pick(['-1', String(length), String(length + 3), '1.5']), 'i32');
    }
    const offset = this.tape.pick([1, 2, 3, length >> 1, length, length + 5]);
    const sign = this.tape.chance(50) ? '-' : '+';
    const moved = build('i32', [base], ([x]) => `${x} ${sign} ${offset}`);
    if (!this.tape.chance(20)) return moved;
    this.feature('guard:u32');
    return build('u32', [moved], ([x]) => `((${x}) >>> 0)`);
  }

  /**
   * Under `boundsCheck`, an element of a local array or of one no thread writes read, or of a
   * local array written, at an index that lies before or past it now and then, with no `??`:
   * a device exception there (docs/language.md "Arrays"), which the emulation raises too
   * (`$.check`), where JavaScript reads undefined or stores nothing. Not a constant index
   * outside (a `bad-index` error).
   */
  protected outOfRange(): string[] {
    const write = this.locals.length > 0 && this.tape.chance(50);
    const array = write ? this.tape.pick(this.locals) : this.tape.pick(this.guardable());
    const index = this.guardIndex(array.length, 1, false);
    const at = {
      ...index,
      em: `$.check(${array.name}, ${index.em})`,
      fu: `$.check(${array.name}, ${index.fu})`,
    };
    this.feature(`bounds-check:${write ? 'write' : 'read'}`);
    if (write) {
      const e = this.expr(this.storedType(array.t), 2);
      return [line(`${array.name}[`, at, '] = ', e, ';')];
    }
    const v = this.fresh('v');
    this.vars.push({ name: v, t: readAs(array.t), mutable: false });
    return [line(`const ${v} = ${array.name}[`, at, '];')];
  }

  /** An element of a typed array captured from the scope (copied in, read only). */
  protected capturedRead(t: Ty, d: number): Expr {
    const table = this.tape.pick(this.tables);
    const index = this.index(table.length, d);
    this.feature('captured:array');
    const read = build(readAs(table.t), [index], ([x]) => `${table.name}[${x}]`);
    return read.t === t ? read : this.coerce(read, t);
  }

  /** The input arrays a thread may update at its own index (views are indexed by `.get`). */
  protected updatable(): ArrayParam[] {
    return this.kernelArrays('input').filter((x) => !x.view);
  }

  /** An element update's value (`(a0[i] += x)`) of type `t`. */
  protected updateValue(t: Ty, d: number): Expr {
    const a = this.tape.pick(this.updatable().filter((x) => computedAs(x.t) === t));
    this.feature('element-update-value');
    const value = this.updateOf(a, d);
    return value.t === t ? value : this.coerce(value, t);
  }

  /** `a[i] op= e`, `a[i]++`: a thread updates its own element of an input array. */
  protected elementUpdate(): string[] {
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
      const op = this.logicalStore('element');
      const e = this.expr(this.storedType(a.t, op), 2);
      this.otherBigInt(op, a.t, e);
      return [line(`${a.name}[i] ${op}= `, e, ';')];
    }
    const e = this.updateOf(a, 2);
    return [line(e, ';')];
  }

  /**
   * `(a[i] op= e)` or `(++a[i])` as a value: the result computed in the element's type of
   * computation (JavaScript's unconverted number), stored converted.
   */
  protected updateOf(a: ArrayParam, d: number): Expr {
    const t = computedAs(a.t);
    const target = `${a.name}[i]`;
    if (this.tape.chance(25)) {
      const op = this.tape.pick(['++', '--']);
      this.feature(`element${op}`);
      const em =
        t === 'f64' ? `(${op}${target})` : `(${target} = $.b('${op[0]}', '${t}', ${target}, ${one(t)}))`;
      return { t, js: `(${op}${target})`, em, fu: em };
    }
    const cross = this.tape.chance(30) ? this.crossOperation(t, d) : undefined;
    if (cross) {
      this.feature(`element-cross:${cross.op}=:${a.t}`);
      const form = (key: 'em' | 'fu') =>
        cross.exact
          ? `(${target} ${cross.op}= ${cross.e[key]})`
          : `(${target} = ${cross.emulated(same(target, t), key)})`;
      return { t: cross.t, js: `(${target} ${cross.op}= ${cross.e.js})`, em: form('em'), fu: form('fu') };
    }
    const op = this.tape.pick(assignOperators(t));
    const e = this.expr(t, d, 'none');
    this.feature(`element${op}=`);
    const exact = t === 'f64' || (['&', '|', '^', '<<', '>>', '>>>'].includes(op) && !isBigInt(t));
    const form = (x: string) =>
      exact ? `(${target} ${op}= ${x})` : `(${target} = $.b('${op}', '${t}', ${target}, ${x}))`;
    return { t, js: `(${target} ${op}= ${e.js})`, em: form(e.em), fu: form(e.fu) };
  }

  /**
   * `x op= e` on an element computed as `u` with an operator or a right side of another type
   * (`i8[k] /= 2.5`, `f32[k] &= x`, `i32[k] >>>= n`, `u8[k] += f`, `i64[k] <<= 3n`, `u64[k] %= y`):
   * computed in the type the operator gives (docs/language.md "Operators": `/` of integers is
   * f64, bitwise operators i32, `>>>` u32, the others the promoted type), stored converted by the
   * array, the unconverted result the value. Undefined where the profile lacks that type.
   */
  protected crossOperation(
    u: Exclude<Ty, 'bool'>,
    d: number,
  ):
    | {
        op: string;
        e: Expr;
        t: Exclude<Ty, 'bool'>;
        exact: boolean;
        emulated: (old: Expr, key: 'em' | 'fu') => string;
      }
    | undefined {
    if (isBigInt(u)) {
      const op = this.tape.pick(['/', '%', '<<', '>>', '**', '*', '-']);
      let e: Expr;
      if (op === '<<' || op === '>>') {
        e = this.tape.chance(50)
          ? same(`${this.tape.pick([0, 1, 7, 32, 63, 64, 65])}n`, u, { lit: true })
          : build(u, [this.expr(u, d, 'none')], ([x]) => `(${x} & 63n)`);
      } else if (op === '**') {
        // A negative exponent throws (a RangeError): i64 only, as a u64 holds none.
        e = same(`${this.tape.pick(u === 'u64' ? [0, 1, 2, 3] : [0, 1, 2, 3, -1])}n`, u, { lit: true });
        if (e.js.startsWith('-')) e = { ...e, js: `(${e.js})`, em: `(${e.em})`, fu: `(${e.fu})` };
      } else e = this.expr(u, d, 'none');
      const emulated = (old: Expr, key: 'em' | 'fu') => `$.b('${op}', '${u}', ${old[key]}, ${e[key]})`;
      return { op, e, t: u, exact: false, emulated };
    }
    const op = this.tape.pick(['+', '-', '*', '/', '%', '&', '|', '^', '<<', '>>', '>>>']);
    const right = this.tape.pick(this.allowed(['f64', 'f32', 'i32', 'u32', 'i16', 'u8'] as const));
    const joined = promote(u as NumberType, right);
    const t: NumberType =
      op === '>>>'
        ? 'u32'
        : ['&', '|', '^', '<<', '>>'].includes(op)
          ? 'i32'
          : op === '/' && !isFloat(joined)
            ? 'f64'
            : joined;
    if (!this.has(t)) return undefined;
    const e = this.expr(right, d, 'none');
    // Bitwise operators and f64 arithmetic are JavaScript's own; the others compute in `t`.
    const exact = t === 'f64' || ['&', '|', '^', '<<', '>>', '>>>'].includes(op);
    const emulated = (old: Expr, key: 'em' | 'fu') =>
      `$.b('${op}', '${t}', ${this.widen(t, old)[key]}, ${this.widen(t, e)[key]})`;
    return { op, e, t, exact, emulated };
  }

  /**
   * `(l[k] op= e)` or `(++l[k])` of a local array, as a value of its element's type of
   * computation: the index (now and then one with an effect, `l[(v++) & 3]`) evaluated once,
   * the old element read before the right side, as JavaScript does (docs/language.md
   * "Operators"); the emulation does the same through `$.at`.
   */
  protected localUpdate(t?: Ty): Expr {
    const array = this.tape.pick(
      t === undefined ? this.locals : this.locals.filter((l) => computedAs(l.t) === t),
    );
    const u = computedAs(array.t);
    const counters = this.vars.filter((v) => v.mutable && v.t === 'i32');
    const index =
      counters.length > 0 && this.tape.chance(30)
        ? build('i32', [this.stepValue('i32')], ([x]) => `(${x} & ${array.length - 1})`)
        : this.index(array.length, 1);
    if (index.em !== index.js) this.feature('local-update:effect-index');
    const cross = this.tape.chance(25) ? this.crossOperation(u, 2) : undefined;
    if (cross) {
      this.feature(`local-cross:${cross.op}=:${array.t}`);
      const form = (key: 'em' | 'fu') =>
        cross.exact
          ? `(${array.name}[${index[key]}] ${cross.op}= ${cross.e[key]})`
          : `$.at(${array.name}, ${index[key]}, (old) => ${cross.emulated(same('old', u), key)})`;
      const value = {
        t: cross.t,
        js: `(${array.name}[${index.js}] ${cross.op}= ${cross.e.js})`,
        em: form('em'),
        fu: form('fu'),
      };
      return t === undefined || value.t === t ? value : this.coerce(value, t);
    }
    const step = this.tape.chance(20);
    const op = step ? this.tape.pick(['+', '-']) : this.tape.pick(assignOperators(u));
    const e = step ? same(one(u), u) : this.expr(u, 2, 'none');
    this.feature(step ? `local${op}${op}` : `local${op}=`);
    const jsForm = step
      ? `(${op}${op}${array.name}[${index.js}])`
      : `(${array.name}[${index.js}] ${op}= ${e.js})`;
    const exact = u === 'f64' || (['&', '|', '^', '<<', '>>', '>>>'].includes(op) && !isBigInt(u));
    const form = (k: string, x: string) =>
      exact
        ? step
          ? `(${op}${op}${array.name}[${k}])`
          : `(${array.name}[${k}] ${op}= ${x})`
        : `$.at(${array.name}, ${k}, (old) => $.b('${op}', '${u}', old, ${x}))`;
    return { t: u, js: jsForm, em: form(index.em, e.em), fu: form(index.fu, e.fu) };
  }

  /**
   * Neighbouring elements of a table read into constants, the first index a provable multiple
   * of the group (docs/language.md "Vector memory access"): 4 elements of 32 bits or less, 2 of 64.
   */
  protected vectorLoad(): string[] {
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
  protected vectorStore(a: ArrayParam): string[] {
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

  /** A table of 32- or 64-bit elements that asynchronous copies may read. */
  protected copySource(): ArrayParam | undefined {
    const tables = this.kernelArrays('table').filter((a) => !a.view && !isHalf(a.t) && !isNarrow(a.t));
    return tables.length > 0 ? this.tape.pick(tables) : undefined;
  }
}
