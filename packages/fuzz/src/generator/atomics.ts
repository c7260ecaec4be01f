/**
 * AtomicOps whose final contents do not depend on the threads' order: each atomic array's plan
 * (one operation, values whose updates commute exactly), atomics on a thread's own element, and
 * atomics on a shared array between two barriers.
 */
import { ARRAY_OF, isBigInt, isFloat, type Ty } from '../types.js';
import { Aggregates } from './aggregates.js';
import { type ArrayParam, ATOMIC_TYPES, type AtomicPlan, type AtomicType, type Variable } from './model.js';
import { build, type Expr, line, plain, same } from './text.js';

export abstract class AtomicOps extends Aggregates {
  protected atomicPlan(t: AtomicType, shared = false): AtomicPlan {
    const float = isFloat(t);
    const op = this.tape.pick(
      float
        ? (['Add', 'Min', 'Max', 'Exch', 'CAS'] as const)
        : (['Add', 'Min', 'Max', 'And', 'Or', 'Xor', 'Exch', 'CAS'] as const),
    );
    if (!shared && this.tape.chance(30)) return { op, own: true };
    const big = isBigInt(t) ? 'n' : '';
    if (op === 'Exch') return { op, uniform: float ? `${this.tape.next(8)}.5` : this.uniform(t, 100) };
    if (op === 'CAS') return { op, compare: `${this.tape.next(4)}${big}`, uniform: this.uniform(t, 8) };
    // Now and then every atomic of an integer array a compare-and-swap loop (none beside it: a
    // plain read races with another thread's atomic, docs/language.md "Races").
    if (!float && this.tape.chance(20)) return { op, loop: true };
    return { op };
  }

  /**
   * The value every thread exchanges into an integer array: an integer below `limit`, or for a
   * 32-bit array now and then a number the store converts (`2.5` is 2, `-1.5` in a `u32[]` is
   * 4294967295), which docs/language.md allows in `atomicExch` and atomicCAS's new value.
   */
  protected uniform(t: AtomicType, limit: number): string {
    if (isBigInt(t)) return `${this.tape.next(limit)}n`;
    if (!this.tape.chance(25)) return String(this.tape.next(limit));
    this.feature('atomic-value:converted');
    return this.tape.pick([`${this.tape.next(limit)}.5`, '-1.5', '4294967297.5']);
  }

  /** An atomic array's element before the launch: small dyadic values where floats add. */
  protected atomicInitial(t: AtomicType, plan: AtomicPlan): number | bigint {
    if (plan.own) return this.value(t);
    if (plan.op === 'CAS') return isBigInt(t) ? BigInt(this.tape.next(4)) : this.tape.next(4);
    if (isFloat(t) && plan.op !== 'Exch') return this.tape.next(1024) * 0.25 - 64;
    return this.value(t);
  }

  /** The element types atomics take in the profile. */
  protected atomicTypes(): AtomicType[] {
    return this.allowed(ATOMIC_TYPES).filter((t) => !this.profile.withoutAtomics.has(t));
  }

  /** `gpu.atomic<op>(c, index, value)` on an atomic array, as its plan allows. */
  protected atomic(a: ArrayParam): string[] {
    const plan = a.atomic as AtomicPlan;
    const t = a.t as AtomicType;
    if (plan.own) return this.ownAtomic(a, plan, t);
    const index = this.tape.chance(30)
      ? same(String(this.tape.next(4)), 'i32')
      : build('i32', [this.expr('i32', 1)], ([x]) => `(${x} & 3)`);
    const op = plan.op === 'Add' && this.tape.chance(40) ? 'Sub' : plan.op;
    if (plan.loop) return this.casLoop(a, t, op, index);
    const args =
      op === 'CAS'
        ? [index, same(plan.compare as string, t), same(plan.uniform as string, t)]
        : op === 'Exch'
          ? [index, same(plan.uniform as string, t)]
          : [index, this.atomicValue(t, op)];
    this.feature(`atomic${op}:${t}`);
    const call = build(t, args, (xs) => `gpu.atomic${op}(${a.name}, ${xs.join(', ')})`);
    if (isFloat(t) || isBigInt(t) || !this.tape.chance(20)) return [line(call, ';')];
    // The old value depends on the threads' order: only its type is tested, by `& 0`.
    const name = this.fresh('v');
    this.vars.push({ name, t: 'i32', mutable: false });
    this.feature('atomic-result');
    return [line(`const ${name} = (`, call, ' & 0);')];
  }

  /**
   * The atomic `op` of an integer array written as users write one gpu has not: a compare-and-swap
   * loop from a plain read (docs/language.md "Races": the read is the swap's guess), whose final
   * contents are the atomic's in any order of the threads. Its old value, which depends on the
   * order, is read nowhere after. Three forms: `for (;;)` left by `break` when the swap saw the
   * guess, `do`-`while` the swap's result differs, and (a maximum or minimum) a `while` that
   * stops early once the element already passes the value.
   */
  private casLoop(a: ArrayParam, t: AtomicType, op: AtomicPlan['op'] | 'Sub', index: Expr): string[] {
    const taken = this.atomicValue(t, op);
    // A BigInt of the other type converted, as `+` has no common type for the two.
    const value = isBigInt(t) && taken.t !== t ? build(t, [taken], ([x]) => `${t}(${x})`) : taken;
    const [k, v, old, seen] = [this.fresh('cas'), this.fresh('cas'), this.fresh('old'), this.fresh('seen')];
    const next = this.combined(t, op, old, v);
    const swap = `gpu.atomicCAS(${a.name}, ${k}, ${old}, ${next})`;
    const ordered = op === 'Max' || op === 'Min';
    const form = this.tape.pick(['for', 'do', ...(ordered ? ['early'] : [])] as const);
    this.feature(`cas-loop:${form}:${t}`);
    const head = [line(`const ${k} = `, index, ';'), line(`const ${v} = `, value, ';')];
    if (form === 'do')
      return [
        ...head,
        plain(`let ${old}, ${seen} = ${a.name}[${k}];`),
        plain('do {'),
        plain(`${old} = ${seen};`),
        plain(`${seen} = ${swap};`),
        plain(`} while (${seen} !== ${old});`),
      ];
    const test = form === 'early' ? `${old} ${op === 'Max' ? '<' : '>'} ${v}` : 'true';
    return [
      ...head,
      plain(`let ${old} = ${a.name}[${k}];`),
      plain(form === 'for' ? 'for (;;) {' : `while (${test}) {`),
      plain(`const ${seen} = ${form === 'early' ? `gpu.atomicCAS(${a.name}, ${k}, ${old}, ${v})` : swap};`),
      plain(`if (${seen} === ${old}) break;`),
      plain(`${old} = ${seen};`),
      plain('}'),
    ];
  }

  /** What atomic `op` stores over `old` with `v`, wrapped to the element's type as the atomic wraps. */
  private combined(t: AtomicType, op: AtomicPlan['op'] | 'Sub', old: string, v: string): string {
    if (op === 'Max' || op === 'Min')
      return isBigInt(t)
        ? `(${old} ${op === 'Max' ? '>' : '<'} ${v} ? ${old} : ${v})`
        : `Math.${op.toLowerCase()}(${old}, ${v})`;
    const operator = { Add: '+', Sub: '-', And: '&', Or: '|', Xor: '^' }[op as 'Add'];
    if (isBigInt(t)) return `BigInt.as${t === 'i64' ? 'Int' : 'Uint'}N(64, ${old} ${operator} ${v})`;
    return `((${old} ${operator} ${v}) ${t === 'u32' ? '>>> 0' : '| 0'})`;
  }

  /** An atomic on the thread's own element, any value of the element's type; its old value kept. */
  protected ownAtomic(a: ArrayParam, plan: AtomicPlan, t: AtomicType): string[] {
    const op = plan.op === 'Add' && this.tape.chance(40) ? 'Sub' : plan.op;
    const value = () => this.expr(t, 2, 'none');
    // The element itself (only this thread changes it) makes a compare that holds.
    const compare = () => (this.tape.chance(50) ? same(`${a.name}[i]`, t) : value());
    const args = op === 'CAS' ? [compare(), value()] : [value()];
    this.feature(`atomic${op}:${t}:own`);
    const call = build(t, args, (xs) => `gpu.atomic${op}(${a.name}, i, ${xs.join(', ')})`);
    if (this.tape.chance(50)) return [line(call, ';')];
    const name = this.fresh('v');
    this.vars.push({ name, t, mutable: false });
    return [line(`const ${name} = `, call, ';')];
  }

  /** A value whose atomic updates give the same contents in any order. */
  protected atomicValue(t: AtomicType, op: string): Expr {
    if (isFloat(t)) {
      // Small multiples of 1/4 (or 1/2 around 0): every sum is exact, so any order gives it.
      const ordered = op === 'Min' || op === 'Max';
      if ((ordered || t === 'f64') && this.tape.chance(30)) {
        // An i32 value: any number in a float Min/Max, an integer into an f64 sum (exact).
        this.feature('atomic-value:i32');
        return build('i32', [this.expr('i32', 1)], ([x]) =>
          ordered ? `((${x} & 255) - 64)` : `(${x} & 255)`,
        );
      }
      if (!this.has('f64')) {
        // Without f64: the multiple made in f32 (exact: a small integer times a power of two).
        return build('f32', [this.expr('i32', 1)], ([x]) =>
          ordered ? `(Math.fround(${x} & 255) * 0.5 - 64)` : `(Math.fround(${x} & 255) * 0.25)`,
        );
      }
      const scaled = build('f64', [this.expr('i32', 1)], ([x]) =>
        ordered ? `((${x} & 255) * 0.5 - 64)` : `((${x} & 255) * 0.25)`,
      );
      return t === 'f32' ? build('f32', [scaled], ([x]) => `Math.fround(${x})`) : scaled;
    }
    const ordered = op === 'Min' || op === 'Max';
    if (t === 'u64' && !this.hasU64())
      return ordered ? same(`u64(${this.tape.next(1000)}n)`, t) : this.expr('i64', 2, 'none');
    // Wrapping operations take any integer of the width; ordered ones compare in the array's type.
    // Bitwise ones take any number (ToInt32 commutes with the store's conversion).
    const bitwise = op === 'And' || op === 'Or' || op === 'Xor';
    const from: Ty = ordered
      ? t
      : isBigInt(t)
        ? this.tape.pick(this.hasU64() ? (['i64', 'u64'] as const) : (['i64'] as const))
        : this.tape.pick(
            this.allowed(
              bitwise ? (['i32', 'u32', 'i16', 'f64'] as const) : (['i32', 'u32', 'u8', 'i16'] as const),
            ),
          );
    if (from !== t && !isBigInt(t) && from !== 'i32' && from !== 'u32') this.feature(`atomic-value:${from}`);
    return this.expr(from, 2, 'none');
  }

  /**
   * AtomicOps on a shared array of 4: its elements set by the first 4 threads, a barrier, each
   * thread's atomics of one kind, a barrier, then each thread reads one element (the same in any
   * order of the atomics).
   */
  protected sharedAtomics(): string[] {
    const t = this.tape.pick(this.atomicTypes());
    const plan = this.atomicPlan(t, true);
    const name = this.fresh('sa');
    const a: ArrayParam = { name, t, role: 'atomic', atomic: plan };
    const initial = this.atomicInitial(t, plan);
    const text =
      typeof initial === 'bigint' ? `${initial}n` : Object.is(initial, -0) ? '-0.0' : String(initial);
    this.feature(`shared-atomic${plan.op}:${t}`);
    const updates = Array.from({ length: 1 + this.tape.next(2) }, () => this.atomic(a)).flat();
    const result = this.fresh('v');
    const out = [
      plain(`const ${name} = gpu.sharedArray(${ARRAY_OF[t]}, 4);`),
      plain(`if (${this.tid} < 4) ${name}[${this.tid}] = ${text.startsWith('-') ? `(${text})` : text};`),
      plain('gpu.barrier();'),
      ...updates,
      plain('gpu.barrier();'),
      plain(`const ${result} = ${name}[i & 3];`),
    ];
    this.vars.push({ name: result, t, mutable: false });
    this.collectiveResults.push(this.vars.at(-1) as Variable);
    return out;
  }
}
