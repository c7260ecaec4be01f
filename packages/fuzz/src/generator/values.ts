/**
 * Values and leaves: host values of each type (mostly edge values), literals typed as gpuc types
 * them (docs/language.md "Literals"), and the leaves of expressions: variables, the thread's own
 * elements, geometry, named constants.
 */
import { convert } from '../emulate.js';
import { EDGES, fits, isBigInt, isNarrow, type NumberType, readAs, type Ty } from '../types.js';
import { type Mode, own, readable } from './model.js';
import { State } from './state.js';
import { type Expr, same } from './text.js';

export abstract class Values extends State {
  protected value(t: Exclude<Ty, 'bool'>): number | bigint {
    const edges = EDGES[t];
    if (!this.tape.chance(35)) return edges[this.tape.next(edges.length)] as number | bigint;
    const r = this.tape.next(65536);
    switch (t) {
      case 'f32':
        return Math.fround((r - 32768) / 2 ** this.tape.next(12));
      case 'f64':
        return (r - 32768) / 2 ** this.tape.next(20) + (this.tape.chance(20) ? 2 ** 40 : 0);
      case 'i64':
        return BigInt(r - 32768) * (this.tape.chance(30) ? 1n << 40n : 1n);
      case 'u64':
        return BigInt(r) * (this.tape.chance(30) ? 1n << 40n : 1n);
      case 'u32':
        return (r * (this.tape.chance(30) ? 65536 : 1)) >>> 0;
      case 'i32':
        return (r - 32768) * (this.tape.chance(30) ? 65536 : 1);
      default:
        return convert(t, r - 32768);
    }
  }

  /** A plain host value and its kernel type ("Host values"): a number, a BigInt or a boolean. */
  protected hostValue(): [number | bigint | boolean, Ty] {
    const kind = this.tape.pick(['number', 'number', 'bigint', 'bool'] as const);
    if (kind === 'bool') return [this.tape.chance(50), 'bool'];
    if (kind === 'bigint') return [this.value('i64'), 'i64'];
    const v = this.value(this.tape.pick(this.allowed(['f64', 'i32'] as const))) as number;
    return [v, fits('i32', v) && !Object.is(v, -0) ? 'i32' : 'f64'];
  }

  protected anyType(): Ty {
    const types: Ty[] = this.allowed(['i32', 'i32', 'f64', 'f64', 'f32', 'u32', 'bool', 'i64', 'i8', 'u16']);
    if (this.hasU64()) types.push('u64');
    return this.tape.pick(types);
  }

  /**
   * A literal of type `t`. `free`: nothing types it, so only a literal whose default type is
   * `t` may stand; `sibling`: a typed operand of type `t` beside it gives it `t`; `none`: none.
   */
  protected literal(t: Ty, mode: Mode): Expr | undefined {
    if (mode === 'none') return undefined;
    const free = mode === 'free';
    if (t === 'bool') return same(this.tape.chance(50) ? 'true' : 'false', 'bool');
    if (isBigInt(t)) {
      if (t === 'u64' && free) return undefined;
      const v = this.value(t) as bigint;
      if (t === 'i64' && v < 0n) return undefined;
      return { ...same(`${v}n`, t), lit: true };
    }
    if (isNarrow(t)) return undefined;
    const v = this.value(t === 'f32' && this.tape.chance(50) ? 'f64' : (t as NumberType)) as number;
    if (!Number.isFinite(v) || Object.is(v, -0) || v < 0) return undefined;
    if (t === 'i32' || t === 'u32') {
      if (free && t === 'u32') return undefined;
      // Integers outside i32 are float literals in gpuc (they would not wrap into the sibling).
      if (!fits(t, v) || !fits('i32', v)) return undefined;
      // Now and then in another of JavaScript's spellings: hex, binary, octal, `1_000_000`.
      const text = this.tape.chance(10)
        ? this.tape.pick([
            `0x${v.toString(16)}`,
            `0b${v.toString(2)}`,
            `0o${v.toString(8)}`,
            String(v).replace(/\B(?=(\d{3})+$)/g, '_'),
          ])
        : String(v);
      if (text !== String(v)) this.feature('literal:spelled');
      return { ...same(text, t), lit: true };
    }
    // A float literal: written with a point or exponent, so it is a float literal in gpuc.
    // Now and then with an exponent (`1.5e+3`) or without the leading zero (`.25`).
    let text = this.tape.chance(8) ? v.toExponential() : String(v);
    if (!/[.e]/.test(text)) text = `${text}.0`;
    if (text.startsWith('0.') && this.tape.chance(20)) text = text.slice(1);
    if (text !== String(v) && text !== `${v}.0`) this.feature('literal:spelled');
    if (free && t === 'f32') return undefined;
    // Meeting an f32 operand, the literal converts to f32: the emulation rounds it.
    return t === 'f32'
      ? { t, js: text, em: `$.w('f32', ${text})`, fu: `$.w('f32', ${text})`, lit: true, float: true }
      : { ...same(text, t), lit: true, float: true };
  }

  /** Leaves of type `t` that need no recursion. */
  protected leaves(t: Ty, mode: Mode): Expr[] {
    const found: Expr[] = [];
    // Variables and inputs count thrice: kernels should compute on data more than on constants.
    for (const v of this.vars) {
      if (v.t !== t || (v.lit && mode === 'none')) continue;
      const leaf = same(v.name, t, v.lit ? { lit: true } : {});
      found.push(leaf, leaf, leaf);
    }
    for (const a of this.inHelper ? [] : this.arrays) {
      // Outputs hold zeros until the final stores; atomic arrays change under other threads.
      const read = readAs(a.t);
      if (read !== t || !readable(a)) continue;
      if (a.role !== 'output') found.push(...Array.from({ length: 3 }, () => same(own(a), t)));
      else if (this.tape.chance(20)) found.push(same(own(a), t));
    }
    if (t === 'i32' && mode !== 'none' && this.keys.length > 0 && this.tape.chance(30)) {
      // A scope string's length: a constant, standing where a literal may.
      this.feature('key-length');
      found.push(same(`${this.tape.pick(this.keys).name}.length`, t, { lit: true }));
    }
    if (t === 'i32' && !this.inHelper && this.tape.chance(10)) {
      this.feature('length');
      found.push(same(this.member(this.tape.pick(this.arrays).name, 'length'), t));
    }
    for (const agg of this.aggregates) {
      agg.types.forEach((ft, k) => {
        if (ft === t) found.push(same(this.member(agg.name, agg.fields ? (agg.fields[k] as string) : k), t));
      });
    }
    if (t === 'i32' && !this.inHelper)
      found.push(
        same('i', t),
        same('gpu.threadIdx.x', t),
        same(
          this.tape.pick([
            'gpu.blockDim.x',
            'gpu.blockIdx.x',
            'gpu.gridDim.x',
            'gpu.laneId',
            'gpu.warpSize',
            // Blocks are 8 x 1, 4 x 2 or 2 x 2 x 2 threads, the grid 2 x 1 or 1 x 2 blocks.
            'gpu.threadIdx.y',
            'gpu.blockIdx.z',
            'gpu.globalIdx.y',
            'gpu.blockDim.z',
            'gpu.gridDim.y',
          ]),
          t,
        ),
      );
    if (t === 'f64' && mode !== 'none') {
      // Named constants may be folded to untyped literals: they stand where a literal may.
      found.push(
        same(
          this.tape.pick([
            'NaN',
            'Infinity',
            '(-Infinity)',
            'Number.MAX_SAFE_INTEGER',
            'Number.MIN_VALUE',
            'Math.PI',
            'Number.EPSILON',
            'Number.MAX_VALUE',
            '(-0.0)',
            'Number.MIN_SAFE_INTEGER',
            'Number.POSITIVE_INFINITY',
            'Number.NEGATIVE_INFINITY',
            'Number.NaN',
            'Math.E',
            'Math.LN2',
            'Math.LN10',
            'Math.LOG2E',
            'Math.LOG10E',
            'Math.SQRT2',
            'Math.SQRT1_2',
          ]),
          t,
          { lit: true, float: true },
        ),
      );
    }
    const lit = this.literal(t, mode);
    if (lit) found.push(lit);
    return found;
  }

  /**
   * A member read: a field after a dot (`r.a`, `a.length`) or a tuple's element (`t[1]`), now
   * and then by a constant string key, as JavaScript reads one too (`r['a']`, `a['length']`,
   * `t['1']`: docs/language.md "Types").
   */
  protected member(name: string, key: string | number): string {
    return `${name}${this.memberKey(key)}`;
  }

  /** The text after a member's object: `.a`, `[1]`, or now and then `['a']`, `['1']`. */
  protected memberKey(key: string | number): string {
    const named = this.keys.filter((k) => k.key === key);
    if (named.length > 0 && this.tape.chance(40)) {
      this.feature('member:scope-key');
      return `[${this.tape.pick(named).name}]`;
    }
    if (this.tape.chance(12)) {
      this.feature('member:string-key');
      return `['${key}']`;
    }
    return typeof key === 'number' ? `[${key}]` : `.${key}`;
  }

  /** A small constant of a number type: the leaf that always exists. */
  protected constant(t: NumberType): Expr {
    const k = this.tape.next(8);
    if (t === 'i32') return same(String(k), t, { lit: true });
    if (t === 'f64') return same(`${k}.5`, t, { lit: true, float: true });
    if (t === 'f32') return same(`Math.fround(${k}.5)`, t);
    return same(`${t}(${k})`, t);
  }
}
