/**
 * Warp and block operations, written where every lane of the warp (every thread of the block)
 * reaches them: shuffles, votes and ballots, warp reductions as users write them, operations
 * under a condition every lane computes alike, inside device functions, and barriers.
 */
import { BLOCK } from '../case.js';
import { ARRAY_OF, isBigInt, isNarrow, readAs, type Ty } from '../types.js';
import { Compound } from './compound.js';
import { own, type Variable } from './model.js';
import { type Expr, functionText, line, plain, same, signless, texts } from './text.js';

/** The warp operations on a value, and those on a boolean. */
const SHUFFLES = ['shuffle', 'shuffleUp', 'shuffleDown', 'shuffleXor'] as const;
const VOTES = ['voteAny', 'voteAll', 'ballot'] as const;

export abstract class Collectives extends Compound {
  /** `gpu.shuffle…(v, n)`, a vote or a ballot of a fresh value, at the kernel's top level. */
  protected warpOperation(): string[] {
    this.warp = true;
    const uniform = this.vars.filter((v) => /^[sK]\d+$/.test(v.name) && !isBigInt(v.t));
    if (uniform.length > 0 && this.tape.chance(20)) return this.uniformWarp(this.tape.pick(uniform));
    if (this.tape.chance(30)) return this.warpReduction();
    const op = this.tape.pick([...SHUFFLES, ...VOTES]);
    const value = this.fresh('w');
    const result = this.fresh('w');
    this.feature(`warp:${op}`);
    if (op.startsWith('vote') || op === 'ballot') {
      const p = this.condition(2);
      this.vars.push({ name: result, t: op === 'ballot' ? 'u64' : 'bool', mutable: false });
      this.collectiveResults.push(this.vars.at(-1) as Variable);
      const vote = (x: string) => `gpu.${op}(${x})`;
      return [line(`const ${value} = `, p, ';'), this.collectiveCall(result, vote, vote, [value])];
    }
    // Mostly of 32 or 64 bits; now and then a u64 or a narrow integer (shuffled as an i32).
    const t = this.tape.chance(85)
      ? this.tape.pick(this.allowed(['i32', 'u32', 'f32', 'f64', 'i64'] as const))
      : this.tape.pick(this.allowed(['u64', 'i8', 'u16'] as const));
    if (t === 'u64' || isNarrow(t)) this.feature(`warp:shuffle-${t}`);
    const shuffled = this.laneValue(t, 60);
    const out = [line(`const ${value} = `, shuffled, ';')];
    // Lanes 8 to 31 are outside the warp of a block of 8: the lane gets its own value.
    const range = op === 'shuffle' || op === 'shuffleXor' ? 32 : 10;
    // Now and then one outside the warp's 32 lanes: a negative one, or one past 31 (`shuffle`
    // takes it modulo 32).
    let amount = this.tape.chance(10)
      ? this.tape.pick(['-1', '33', '40', '-9'])
      : String(this.tape.next(range));
    if (this.tape.chance(50)) {
      amount = this.fresh('w');
      out.push(
        line(
          `const ${amount} = (`,
          this.expr('i32', 1),
          ` & ${op === 'shuffleUp' || op === 'shuffleDown' ? 7 : 31});`,
        ),
      );
    }
    const call = (x: string, n: string) => `gpu.${op}(${x}, ${n})`;
    // An integer's -0 is +0 once shuffled (docs/language.md).
    const em = (x: string, n: string) =>
      t === 'i32' || t === 'u32' || isNarrow(t) ? `$.z(${call(x, n)})` : call(x, n);
    this.vars.push({ name: result, t, mutable: false });
    this.collectiveResults.push(this.vars.at(-1) as Variable);
    out.push(this.collectiveCall(result, call, em, [value, amount]));
    return out;
  }

  /**
   * A shuffle under a condition every thread computes alike (of a scalar argument or a captured
   * value): the whole warp takes the branch or none does, as warp operations need.
   */
  protected uniformWarp(v: Variable): string[] {
    const t = this.tape.pick(this.allowed(['i32', 'u32', 'f32', 'f64'] as const));
    const name = this.fresh('w');
    const op = this.tape.pick(['shuffleXor', 'shuffleDown', 'shuffleUp', 'shuffle']);
    const call = `gpu.${op}(${name}, ${1 + this.tape.next(7)})`;
    const em = t === 'i32' || t === 'u32' ? `$.z(${call})` : call;
    const step = `${name} = ${call};\u0000${name} = ${em};\u0000${name} = ${em};`;
    const start = line(`let ${name} = `, this.expr(t, 2, 'none'), ';');
    if (v.t !== 'bool' && this.tape.chance(50)) {
      // As many times as the value says (0 to 3), in a loop every lane runs alike.
      const round = this.fresh('j');
      this.feature('warp:uniform-loop');
      this.vars.push({ name, t, mutable: false });
      this.collectiveResults.push(this.vars.at(-1) as Variable);
      return [
        start,
        plain(`for (let ${round} = 0; ${round} < (${v.name} & 3); ${round}++) {`),
        step,
        plain('}'),
      ];
    }
    const test = v.t === 'bool' ? v.name : `${v.name} > ${v.t === 'u32' ? 'u32(1)' : '1'}`;
    this.feature('warp:uniform-branch');
    const out = [start, plain(`if (${test}) {`), step, plain('}')];
    this.vars.push({ name, t, mutable: false });
    this.collectiveResults.push(this.vars.at(-1) as Variable);
    return out;
  }

  /** A value of `t` for a warp operation: `percent`% of the time an input's element, which differs from lane to lane. */
  private laneValue(t: Ty, percent: number): Expr {
    const sources = this.arrays.filter(
      (x) => (x.role === 'input' || x.role === 'table') && readAs(x.t) === t,
    );
    return sources.length > 0 && this.tape.chance(percent)
      ? same(own(this.tape.pick(sources)), t)
      : this.expr(t, 2, 'none');
  }

  /**
   * A reduction of the block in shared memory as users write it (`for (let s = 4; s > 0; s >>= 1)
   * { if (t < s) sh[t] = sh[t] + sh[t + s]; gpu.barrier(); }`), or an inclusive scan (Hillis and
   * Steele: read the element `s` before, barrier, add, barrier): every thread reaches each
   * barrier. A store into the typed array gives JavaScript's value of `+`, `max` and `min` in
   * the element's type, so the three texts are the same.
   */
  protected blockReduction(): string[] {
    const t = this.tape.pick(this.allowed(['i32', 'u32', 'f32', 'f64', 'i64'] as const));
    const name = this.fresh('sr');
    const step = this.fresh('s');
    const result = this.fresh('r');
    const tid = this.tid;
    const start = line(`${name}[${tid}] = `, this.laneValue(t, 70), ';');
    const head = [
      plain(`const ${name} = gpu.sharedArray(${ARRAY_OF[t]}, ${BLOCK});`),
      start,
      plain('gpu.barrier();'),
    ];
    this.vars.push({ name: result, t, mutable: false });
    this.collectiveResults.push(this.vars.at(-1) as Variable);
    if (this.tape.chance(40)) {
      const before = this.fresh('v');
      this.feature(`block-scan:${t}`);
      return [
        ...head,
        plain(`for (let ${step} = 1; ${step} < ${BLOCK}; ${step} <<= 1) {`),
        plain(
          `const ${before} = ${tid} >= ${step} ? ${name}[${tid} - ${step}] : ${isBigInt(t) ? '0n' : '0'};`,
        ),
        plain('gpu.barrier();'),
        plain(`${name}[${tid}] += ${before};`),
        plain('gpu.barrier();'),
        plain('}'),
        plain(`const ${result} = ${name}[${tid}];`),
      ];
    }
    const op = this.tape.pick(isBigInt(t) ? ['+', '^'] : ['+', 'max', 'min']);
    const [a, b] = [`${name}[${tid}]`, `${name}[${tid} + ${step}]`];
    const combined = op === 'max' || op === 'min' ? `Math.${op}(${a}, ${b})` : `${a} ${op} ${b}`;
    this.feature(`block-reduce:${t}`);
    return [
      ...head,
      plain(`for (let ${step} = ${BLOCK / 2}; ${step} > 0; ${step} >>= 1) {`),
      plain(`if (${tid} < ${step}) ${a} = ${combined};`),
      plain('gpu.barrier();'),
      plain('}'),
      plain(`const ${result} = ${name}[${this.tape.chance(70) ? '0' : `${tid} & 1`}];`),
    ];
  }

  /**
   * A warp reduction as users write it: a loop every lane runs alike, combining its value with
   * another lane's (`shuffleDown` by 4, 2, 1, or a `shuffleXor` butterfly by 1, 2, 4).
   */
  protected warpReduction(): string[] {
    const t = this.tape.pick(this.allowed(['i32', 'u32', 'f32', 'f64', 'i64'] as const));
    const start = this.laneValue(t, 70);
    const value = this.fresh('r');
    const step = this.fresh('j');
    const down = this.tape.chance(50);
    const op = this.tape.pick(isBigInt(t) ? ['+', '^'] : ['+', 'max', 'min']);
    const call = `gpu.${down ? 'shuffleDown' : 'shuffleXor'}(${value}, ${step})`;
    // A shuffled integer's -0 is +0 (docs/language.md); sums then keep JavaScript's values.
    const other = t === 'i32' || t === 'u32' ? `$.z(${call})` : call;
    const combine = (x: string, emulated: boolean): string => {
      if (op === 'max' || op === 'min')
        return emulated ? `$.m('${op}', '${t}', ${value}, ${x})` : `Math.${op}(${value}, ${x})`;
      if (!emulated || t === 'f64') return `(${value} ${op} ${x})`;
      return `$.b('${op}', '${t}', ${value}, ${x})`;
    };
    this.feature(`warp:reduce-${down ? 'down' : 'xor'}`);
    this.vars.push({ name: value, t, mutable: false });
    this.collectiveResults.push(this.vars.at(-1) as Variable);
    const head = down
      ? `for (let ${step} = 4; ${step} > 0; ${step} >>= 1) {`
      : `for (let ${step} = 1; ${step} < ${BLOCK}; ${step} <<= 1) {`;
    const body = `${value} = ${combine(call, false)};\u0000${value} = ${combine(other, true)};\u0000${value} = ${combine(other, true)};`;
    if (!this.tape.chance(30)) return [line(`let ${value} = `, start, ';'), plain(head), body, plain('}')];
    // The reduction as a device function the kernel calls where every lane does (an integer's
    // -0 is +0 once passed or returned).
    const name = this.fresh('h');
    const result = t === 'i32' || t === 'u32' ? `$.z(${value})` : value;
    const [source, emulated, fused] = texts([
      plain(`function ${name}(x0) {`),
      plain(`let ${value} = x0;`),
      plain(head),
      body,
      plain('}'),
      `return ${value};\u0000return ${result};\u0000return ${result};`,
      plain('}'),
    ]);
    this.helpers.push({ name, source, emulated, fused, params: [t], result: t, collective: true });
    this.feature('warp:reduce-in-function');
    if (this.tape.chance(50)) return [line(`const ${value} = ${name}(`, signless(start), ');')];
    // Called again on its own result, in a loop every lane runs alike.
    const round = this.fresh('j');
    const again = t === 'i32' || t === 'u32' ? `$.z(${value})` : value;
    this.feature('warp:in-function-loop');
    return [
      line(`let ${value} = `, start, ';'),
      plain(`for (let ${round} = 0; ${round} < ${1 + this.tape.next(3)}; ${round}++) {`),
      `${value} = ${name}(${value});\u0000${value} = ${name}(${again});\u0000${value} = ${name}(${again});`,
      plain('}'),
    ];
  }

  /**
   * `const result = <warp operation>;` at the kernel's top level, or now and then the same
   * operation inside a device function the kernel calls there (`const result = h(v, n)`, which
   * gpuc inlines into the kernel's coroutine and the reference runner runs with `yield*`).
   */
  protected collectiveCall(
    result: string,
    js: (...args: string[]) => string,
    em: (...args: string[]) => string,
    args: readonly string[],
  ): string {
    if (!this.tape.chance(25))
      return `const ${result} = ${js(...args)};\u0000const ${result} = ${em(...args)};\u0000const ${result} = ${em(...args)};`;
    const name = this.fresh('h');
    const params = args.map((_, k) => `x${k}`);
    // A declaration, or an arrow function whose expression is the call.
    const arrow = this.tape.chance(30);
    if (arrow) this.feature('warp:in-arrow');
    const text = (body: string) => functionText(name, params, body, arrow);
    // The result crosses the function's boundary: an integer's -0 is +0 (it is already, shuffled).
    const emulated = text(em(...params));
    this.helpers.push({
      name,
      source: text(js(...params)),
      emulated,
      fused: emulated,
      params: args.map(() => 'i32'),
      result: 'i32',
      collective: true,
    });
    this.feature('warp:in-function');
    if (this.tape.chance(70)) return plain(`const ${result} = ${name}(${args.join(', ')});`);
    // Through another device function, which calls the one it is passed.
    const apply = this.fresh('h');
    const through = functionText(apply, ['f', ...params], `f(${params.join(', ')})`, arrow);
    this.helpers.push({
      name: apply,
      source: through,
      emulated: through,
      fused: through,
      params: args.map(() => 'i32'),
      result: 'i32',
      collective: true,
      through: 'f',
    });
    this.feature('warp:in-function-argument');
    return plain(`const ${result} = ${apply}(${name}, ${args.join(', ')});`);
  }

  /**
   * A device function with its own shared array, called twice with values of two types (two
   * specializations): each call reads a neighbour's element, then (after a barrier) writes its
   * own, so the second call reads what the first wrote, one array at that place in the source
   * (docs/language.md "Types"). The first call's read (of memory nothing wrote yet, undefined on
   * GPUs) is thrown away.
   */
  protected sharedInFunction(): string[] {
    const t = this.tape.pick(this.allowed(['f64', 'i32', 'f32', 'u32', 'i64'] as const));
    const types = isBigInt(t)
      ? (['i64', 'u64'] as const)
      : this.allowed(['f64', 'i32', 'f32', 'u32', 'i16'] as const);
    const first = this.tape.pick(types);
    const second = this.tape.pick(types.filter((x) => x !== first));
    const name = this.fresh('h');
    const source = [
      `function ${name}(x, k) {`,
      `  const sh = gpu.sharedArray(${ARRAY_OF[t]}, ${BLOCK});`,
      `  const seen = sh[(${this.tid} + k) & ${BLOCK - 1}];`,
      '  gpu.barrier();',
      `  sh[${this.tid}] = x;`,
      '  gpu.barrier();',
      '  return seen;',
      '}',
    ].join('\n');
    this.helpers.push({
      name,
      source,
      emulated: source,
      fused: source,
      params: [],
      result: t,
      collective: true,
    });
    this.feature(`shared:in-function:${t}`);
    const value = this.fresh('w');
    const out = [
      line(`${name}(`, signless(this.expr(first, 2, 'none')), ', 0);'),
      line(
        `const ${value} = ${name}(`,
        signless(this.expr(second, 2, 'none')),
        `, ${1 + this.tape.next(BLOCK - 1)});`,
      ),
    ];
    this.vars.push({ name: value, t, mutable: false });
    this.collectiveResults.push(this.vars.at(-1) as Variable);
    return out;
  }

  /** `gpu.barrier();`, or now and then a device function's that the kernel calls. */
  protected barrierCall(): string {
    if (!this.tape.chance(25)) return 'gpu.barrier();';
    const name = this.fresh('h');
    const source = `function ${name}() {\n  gpu.barrier();\n}`;
    this.fixedHelper(name, source, { collective: true });
    this.feature('barrier:in-function');
    return `${name}();`;
  }
}
