/**
 * Math functions and bit-level intrinsics: `Math.abs … imul clz32 fround min max sqrt`,
 * `gpu.fma`, `gpu.popcount`, an f64's words, and the transcendental functions gpuc computes
 * within stated ulps (written only at the root of an output's store).
 */
import { isFloat, NUMBER_TYPES, type NumberType } from '../types.js';
import { Effects } from './effects.js';
import { build, type Expr, foldedIf } from './text.js';

export const TRANSCENDENTAL = [
  'sin',
  'cos',
  'tan',
  'asin',
  'acos',
  'sinh',
  'cosh',
  'asinh',
  'acosh',
  'atanh',
  'exp',
  'expm1',
  'log',
  'log1p',
  'log2',
  'log10',
  'atan',
  'cbrt',
  'tanh',
];

export const KEEP_TYPE = ['abs', 'sign', 'floor', 'ceil', 'round', 'trunc'] as const;

export abstract class MathCalls extends Effects {
  /** `gpu.fma(a, b, c)`: f64 agrees with JavaScript's exact one; f32 rounds once to f32. */
  protected fma(t: 'f32' | 'f64', d: number): Expr {
    const [a, b, c] = [0, 1, 2].map(() =>
      this.widen(t, this.expr(t === 'f64' && this.tape.chance(20) ? 'i32' : t, d, 'none')),
    ) as [Expr, Expr, Expr];
    this.feature(`fma:${t}`);
    const call = (name: string, key: 'js' | 'em' | 'fu') => `${name}(${a[key]}, ${b[key]}, ${c[key]})`;
    const emulated = t === 'f64' ? 'gpu.fma' : '$.fmaf';
    return { t, js: call('gpu.fma', 'js'), em: call(emulated, 'em'), fu: call(emulated, 'fu') };
  }

  /** `gpu.popcount(x)`, an f64's words (`gpu.highWord`, `lowWord`) and `gpu.fromWords(high, low)`. */
  protected bits(t: 'i32' | 'u32' | 'f64', d: number): Expr {
    if (t === 'f64') {
      this.feature('gpu.fromWords');
      return build(
        'f64',
        [this.expr('i32', d), this.expr('u32', d)],
        ([h, l]) => `gpu.fromWords(${h}, ${l})`,
      );
    }
    // An f64's words only where the profile has f64.
    if (t === 'i32' && (this.tape.chance(50) || !this.has('f64'))) {
      const from = this.tape.pick(this.allowed(['i32', 'u32', 'u8', 'i16', 'i64', 'u64'] as const));
      this.feature(`gpu.popcount:${from}`);
      return build(
        'i32',
        [this.expr(from === 'u64' && !this.hasU64() ? 'i64' : from, d)],
        ([x]) => `gpu.popcount(${x})`,
      );
    }
    // Of a value read twice (a leaf, no side effects) that is not NaN: which NaN a kernel
    // computes is not specified, as for JavaScript's own float arrays.
    const leaves = this.leaves('f64', 'none').filter((l) => !l.lit);
    const word = t === 'i32' ? 'highWord' : 'lowWord';
    this.feature(`gpu.${word}`);
    if (leaves.length === 0) return build(t, [this.constant('f64')], ([x]) => `gpu.${word}(${x})`);
    const v = this.tape.pick(leaves);
    return build(t, [v, v], ([x, y]) => `gpu.${word}(Number.isNaN(${x}) ? 0 : ${y})`);
  }

  protected math(t: NumberType, d: number): Expr {
    if (t === 'i32' && this.tape.chance(30)) {
      const name = this.tape.pick(['imul', 'clz32']);
      const a = this.expr(this.tape.pick(this.allowed(NUMBER_TYPES)), d);
      this.feature(`Math.${name}`);
      if (name === 'clz32') return build('i32', [a], ([x]) => `Math.clz32(${x})`);
      const b = this.expr(this.tape.pick(this.allowed(NUMBER_TYPES)), d);
      return build('i32', [a, b], ([x, y]) => `Math.imul(${x}, ${y})`);
    }
    if (t === 'f32' && this.tape.chance(30)) {
      const a = this.expr(this.tape.pick(this.allowed(NUMBER_TYPES)), d);
      this.feature('Math.fround');
      return build('f32', [a], ([x]) => `Math.fround(${x})`);
    }
    if (this.tape.chance(30)) {
      const name = this.tape.pick(['min', 'max']);
      // Two values, now and then three or one.
      const count = this.tape.chance(20) ? this.tape.pick([1, 3]) : 2;
      // Two values may be of mixed types whose promotion is `t` (an integer beside an f32 is
      // rounded to f32 first, docs/language.md "Where f32 differs").
      const args =
        count === 2 && this.tape.chance(30)
          ? this.operands(t, d).map((e) => this.widen(t, e))
          : Array.from({ length: count }, () => this.expr(t, d));
      this.feature(count === 2 ? `Math.${name}` : `Math.${name}:${count}`);
      return this.mathCall(name, t, args, foldedIf(args));
    }
    if (isFloat(t) && this.tape.chance(30)) {
      // Of an integer, computed in f64 (correctly rounded, as JavaScript's).
      const a = this.expr(t === 'f64' && this.tape.chance(20) ? 'i32' : t, d);
      this.feature(a.t === t ? 'Math.sqrt' : 'Math.sqrt:int');
      return this.mathCall('sqrt', t, [a]);
    }
    const name = this.tape.pick(KEEP_TYPE);
    const a = this.expr(t, d);
    this.feature(`Math.${name}`);
    return this.mathCall(name, t, [a], foldedIf([a]));
  }

  /** A Math function gpuc computes within stated ulps: only at the root of an output's store. */
  protected transcendental(t: 'f32' | 'f64', d: number): Expr {
    if (this.tape.chance(30)) {
      const a = this.expr(t, d);
      const b = this.expr(t, d);
      const name = this.tape.pick(['atan2', 'hypot', 'pow', '**']);
      this.feature(`Math.${name}`);
      if (name === 'hypot' && this.tape.chance(50)) {
        // Three values (folded pairwise by gpuc, within the same ulps).
        const c = this.expr(t, d);
        this.feature('Math.hypot:3');
        return this.mathCall('hypot', t, [a, b, c]);
      }
      if (name === '**') return this.mathCall('pow', t, [a, b], { js: `(${a.js} ** ${b.js})` });
      return this.mathCall(name, t, [a, b]);
    }
    const name = this.tape.pick(TRANSCENDENTAL);
    // An integer argument is computed in f64.
    const a = this.expr(t === 'f64' && this.tape.chance(20) ? this.tape.pick(['i32', 'u32'] as const) : t, d);
    this.feature(a.t === t ? `Math.${name}` : `Math.${name}:int`);
    return this.mathCall(name, t, [a]);
  }

  /**
   * `Math.name(...args)`, emulated by `$.m` in the type `t` it computes in; now and then
   * `Math[K](...args)`, `K` a string of the scope naming the function (docs/language.md "Types").
   */
  private mathCall(name: string, t: NumberType, args: readonly Expr[], extra: Partial<Expr> = {}): Expr {
    const js = extra.js ?? `${this.mathCallee(name)}(${args.map((a) => a.js).join(', ')})`;
    return build(t, args, (xs) => `$.m('${name}', '${t}', ${xs.join(', ')})`, { ...extra, js });
  }

  /** `Math.name`, or now and then `Math[K]` with `K` a string of the scope (captured here if none is). */
  private mathCallee(name: string): string {
    if (!this.tape.chance(6)) return `Math.${name}`;
    let key = this.keys.find((k) => k.key === name);
    if (!key) {
      key = { name: `KM${this.keys.length}`, key: name };
      this.captured.push({ name: key.name, kind: 'key', value: name });
      this.keys.push(key);
    }
    this.feature('member:namespace-key');
    return `Math[${key.name}]`;
  }
}
