/**
 * Idioms users write whole, which the other layers reach only piece by piece: a xorshift
 * generator and an FNV-1a hash (a u32 assigned i32 results in a loop: f64 at its head, exact), an
 * escape-time loop of two f64 values with a compound test, a value clamped and rounded into a
 * byte, and a stencil over a table whose boundary is left by `continue`. Each computes exactly
 * in gpuc as in JavaScript (bitwise operators, f64), so its emulated text is its own.
 */
import { LENGTH } from '../case.js';
import { isBigInt, join, type NumberType, type Ty } from '../types.js';
import { ControlFlow } from './control.js';
import { build, type Expr, line, plain, same, signless } from './text.js';

export abstract class Idioms extends ControlFlow {
  protected idiom(): string[] {
    const tables = this.numberTables();
    return this.tape.weighted<() => string[]>([
      [2, () => this.xorshift()],
      [2, () => this.fnv()],
      [this.has('f64') ? 2 : 0, () => this.escapeTime()],
      [this.has('f64') && this.numberLocals().length > 0 ? 2 : 0, () => this.byteClamp()],
      [this.has('f64') && tables.length > 0 ? 2 : 0, () => this.stencil()],
      [this.inHelper ? 0 : 3, () => this.generic()],
      [this.inHelper || !this.throwing ? 0 : 2, () => this.alwaysThrows()],
      [this.wordTables().length > 0 ? 2 : 0, () => this.chase()],
    ])();
  }

  /**
   * A device function written once and called for several argument types, each call specialised
   * (docs/language.md "Functions"): a clamp of early returns, a choice, or a count in a loop.
   * Its body only compares and chooses, which every type computes as JavaScript does, so one
   * emulated text serves every call. Integers crossing its boundary lose a -0.
   */
  private generic(): string[] {
    const name = this.fresh('h');
    const form = this.tape.pick(['clamp', 'choose', 'count'] as const);
    const source = {
      clamp: `function ${name}(x, lo, hi) {\n  if (x < lo) return lo;\n  if (x > hi) return hi;\n  return x;\n}`,
      choose: `function ${name}(c, a, b) {\n  return c ? a : b;\n}`,
      count: `function ${name}(x, n) {\n  let c = 0;\n  for (let j = 0; j < n; j++) if (x > j) c++;\n  return c;\n}`,
    }[form];
    this.fixedHelper(name, source, { recursive: true });
    this.feature(`generic:${form}`);
    const lines: string[] = [];
    const calls = 2 + this.tape.next(2);
    const seen = new Set<Ty>();
    for (let k = 0; k < calls; k++) {
      const [args, t] = this.genericArguments(form);
      seen.add(t);
      const v = this.fresh('v');
      lines.push(line(`const ${v} = ${name}(`, ...args.flatMap((a, m) => (m > 0 ? [', ', a] : [a])), ');'));
      this.vars.push({ name: v, t, mutable: false });
    }
    if (seen.size > 1) this.feature('generic:specialised');
    return lines;
  }

  /**
   * A device function that always throws, its call used as a value (docs/language.md
   * "Functions": a call that never returns takes the type its place wants): an arm of `?:`, the
   * operand of an operator in one, or an assignment's value, mostly on a path no thread takes
   * (`i >= 16`), so that the kernel runs on; where a thread takes it, the kernel throws, as
   * JavaScript does.
   */
  private alwaysThrows(): string[] {
    const name = this.fresh('h');
    const source = `function ${name}(x) {\n  throw new Error('fuzz');\n}`;
    this.fixedHelper(name, source, { generic: true });
    const when = () => (this.tape.chance(25) ? this.condition(2) : same(`(i >= ${LENGTH})`, 'bool'));
    const call = () => build('i32', [this.expr(this.anyType(), 2)], ([x]) => `${name}(${x})`);
    const lines: string[] = [];
    for (let k = 1 + this.tape.next(2); k > 0; k--) {
      const target = this.vars.filter((v) => v.mutable);
      const form = this.tape.pick(['arm', 'operand', ...(target.length > 0 ? ['assign'] : [])]);
      if (form === 'assign') {
        this.feature('always-throws:assign');
        // `if (p) v = h(x);`: nothing assigned, the variable's type its own.
        lines.push(line('if (', when(), `) ${this.tape.pick(target).name} = `, call(), ';'));
        continue;
      }
      const t = this.anyType();
      const other = this.expr(t, 2, 'none');
      // `h(x) * y` of the other arm's type, never computed.
      const operand = form === 'operand' && t !== 'bool';
      this.feature(`always-throws:${operand ? 'operand' : 'arm'}`);
      const arm = operand ? build(t, [call(), this.expr(t, 2, 'none')], ([x, y]) => `(${x} * ${y})`) : call();
      const v = this.fresh('v');
      const first = this.tape.chance(50);
      lines.push(
        first
          ? line(`const ${v} = (`, when(), ' ? ', arm, ' : ', other, ');')
          : line(`const ${v} = (!(`, when(), ') ? ', other, ' : ', arm, ');'),
      );
      this.vars.push({ name: v, t, mutable: false });
    }
    return lines;
  }

  /** A generic function's arguments and its result's type for them. */
  private genericArguments(form: 'clamp' | 'choose' | 'count'): [Expr[], Ty] {
    const numbers = this.allowed(['i32', 'u32', 'f32', 'f64'] as const);
    const t = this.tape.pick(this.allowed<Ty>(['i32', 'u32', 'f32', 'f64', 'i64', 'u64']));
    const arg = (u: Ty) => signless(this.expr(u, 2, 'none'));
    const exact = this.allows('exact-comparison');
    if (form === 'count') {
      // A BigInt compared with the number counter is a type-mismatch.
      const x = arg(exact ? this.tape.pick(numbers) : 'i32');
      return [[x, build('i32', [this.expr('i32', 1)], ([n]) => `(${n} & 7)`)], 'i32'];
    }
    // Of mixed number types, now and then, where comparisons of mixed types are exact.
    const types =
      !isBigInt(t) && exact && this.tape.chance(30)
        ? [t, this.tape.pick(numbers), this.tape.pick(numbers)]
        : [t, t, t];
    const values = types.map((u) => arg(u));
    const merged = (xs: Expr[]) => (isBigInt(t) ? t : join(xs.map((x) => x.t as NumberType)));
    if (form === 'clamp') return [values, merged(values)];
    const c = this.condition(2);
    return [[c, values[1] as Expr, values[2] as Expr], merged(values.slice(1))];
  }

  /** A loop's trip count: a constant, or one the data gives (0 to 7). */
  private trips(): string | Expr {
    if (this.tape.chance(50)) return String(1 + this.tape.next(6));
    return build('i32', [this.expr('i32', 1)], ([x]) => `(${x} & 7)`);
  }

  /**
   * `let x = s >>> 0 || 1; for (...) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; }`, its state
   * read as a u32 after (`x >>> 0`).
   */
  private xorshift(): string[] {
    const x = this.fresh('rng');
    const j = this.fresh('j');
    const v = this.fresh('v');
    const seed = this.expr(this.tape.pick(this.allowed(['i32', 'u32', 'f64', 'f32'] as const)), 2);
    const [a, b, c] = this.tape.pick([
      [13, 17, 5],
      [7, 9, 8],
      [6, 21, 7],
    ]);
    this.feature('idiom:xorshift');
    this.vars.push({ name: v, t: 'u32', mutable: false });
    return [
      line(`let ${x} = (`, seed, ') >>> 0 || 1;'),
      line(`for (let ${j} = 0; ${j} < `, this.trips(), `; ${j}++) {`),
      plain(`${x} ^= ${x} << ${a};`),
      plain(`${x} ^= ${x} >>> ${b};`),
      plain(`${x} ^= ${x} << ${c};`),
      plain('}'),
      plain(`const ${v} = ${x} >>> 0;`),
    ];
  }

  /**
   * FNV-1a of a local array's elements (`h ^= l[j]; h = Math.imul(h, 16777619);` from the offset
   * basis, a number past i32), read as a u32 after.
   */
  private fnv(): string[] {
    const lines: string[] = [];
    if (this.numberLocals().length === 0)
      lines.push(...this.localArray(this.tape.pick(this.allowed(['i32', 'u8', 'f64', 'f32'] as const))));
    const array = this.tape.pick(this.numberLocals());
    const h = this.fresh('hash');
    const j = this.fresh('j');
    const v = this.fresh('v');
    this.feature('idiom:fnv');
    this.vars.push({ name: v, t: 'u32', mutable: false });
    return [
      ...lines,
      plain(`let ${h} = 2166136261;`),
      plain(`for (let ${j} = 0; ${j} < ${array.name}.length; ${j}++) {`),
      plain(`${h} ^= ${array.name}[${j}];`),
      plain(`${h} = Math.imul(${h}, 16777619);`),
      plain('}'),
      plain(`const ${v} = ${h} >>> 0;`),
    ];
  }

  /**
   * The escape-time loop of a point (`cr`, `ci`): `while (n < N && zr * zr + zi * zi <= 4.0)`,
   * its step count and last value read after.
   */
  private escapeTime(): string[] {
    const [zr, zi, n, t] = [this.fresh('zr'), this.fresh('zi'), this.fresh('n'), this.fresh('zt')];
    const cr = this.expr('f64', 2);
    const ci = this.expr('f64', 2);
    const limit = this.tape.pick(['4.0', '4', '1e3']);
    this.feature('idiom:escape-time');
    const out = [
      plain(`let ${zr} = 0.0, ${zi} = 0.0, ${n} = 0;`),
      plain(`while (${n} < ${8 + this.tape.next(9)} && ${zr} * ${zr} + ${zi} * ${zi} <= ${limit}) {`),
      line(`const ${t} = ${zr} * ${zr} - ${zi} * ${zi} + (`, cr, ');'),
      line(`${zi} = 2.0 * ${zr} * ${zi} + (`, ci, ');'),
      plain(`${zr} = ${t};`),
      plain(`${n}++;`),
      plain('}'),
    ];
    this.vars.push({ name: n, t: 'i32', mutable: false }, { name: zr, t: 'f64', mutable: false });
    return out;
  }

  /** `l[k] = Math.min(255, Math.max(0, Math.round(x)));`: a value clamped and rounded into a byte. */
  private byteClamp(): string[] {
    const array = this.tape.pick(this.numberLocals());
    const e = this.expr('f64', 2);
    const index = this.index(array.length, 1);
    this.feature('idiom:byte-clamp');
    return [line(`${array.name}[`, index, '] = Math.min(255, Math.max(0, Math.round(', e, ')));')];
  }

  /**
   * A sum of a table's elements at offsets -R..R around an index, those outside it skipped by
   * `if (j < 0 || j >= n) continue;`.
   */
  private stencil(): string[] {
    const table = this.tape.pick(this.numberTables());
    const [acc, d, k] = [this.fresh('acc'), this.fresh('d'), this.fresh('k')];
    const radius = 1 + this.tape.next(2);
    const center = this.index(table.length, 1);
    this.feature('idiom:stencil');
    const out = [
      plain(`let ${acc} = 0.0;`),
      plain(`for (let ${d} = -${radius}; ${d} <= ${radius}; ${d}++) {`),
      line(`const ${k} = (`, center, `) + ${d};`),
      plain(`if (${k} < 0 || ${k} >= ${table.length}) continue;`),
      plain(`${acc} += ${table.name}[${k}];`),
      plain('}'),
    ];
    this.vars.push({ name: acc, t: 'f64', mutable: false });
    return out;
  }

  /**
   * A value that only ever holds elements read whole, chased through an array of 32-bit integers
   * (`let v = t[k]; for (...) { if (v === 0) break; v = t[v & 15]; }`): of the element's type
   * after the loop too, no counter that could wrap (docs/language.md "Where integers can
   * disagree"), so that arithmetic on it later computes in that type.
   */
  private chase(): string[] {
    const table = this.tape.pick(this.wordTables());
    const [v, j] = [this.fresh('v'), this.fresh('j')];
    this.feature(`idiom:chase:${table.t}`);
    const out = [
      line(`let ${v} = ${table.name}[`, this.index(table.length, 1), '];'),
      line(`for (let ${j} = 0; ${j} < `, this.trips(), `; ${j}++) {`),
      plain(`if (${v} === 0) break;`),
      plain(`${v} = ${table.name}[${v} & ${table.length - 1}];`),
      plain('}'),
    ];
    this.vars.push({ name: v, t: table.t as Ty, mutable: false });
    return out;
  }

  /** Local arrays and tables of 32-bit integers, whose elements a chase follows. */
  private wordTables() {
    return this.guardable().filter((a) => a.t === 'i32' || a.t === 'u32');
  }

  /** Local arrays of numbers (a number stored into a BigInt array is a TypeError). */
  private numberLocals() {
    return this.locals.filter((l) => !isBigInt(l.t as Ty));
  }

  /** Tables of numbers (16-bit floats read as f32) a stencil may sum (not BigInts: `+=` a number). */
  private numberTables() {
    return this.readableTables().filter((a) => !isBigInt(a.t as Ty));
  }
}
