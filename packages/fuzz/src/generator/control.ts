/**
 * Control flow: `if`/`else`, bounded loops of every form (a constant or data-given trip count,
 * counting up or down, left by `break`), `break`/`continue` (also to labels), labelled blocks and
 * `switch` with fall-through and `default` on values of several types.
 */

import { join } from '../types.js';
import { Assignments } from './assignments.js';
import { build, type Expr, joined, joinLines, line, plain, same } from './text.js';

/** The case labels of a `switch` on a value of each type: its edges, NaN and -0 among them. */
export const SWITCH_LABELS = {
  i32: ['0', '1', '-1', '2', '7', '2147483647', '-2147483648', '65536'],
  u32: ['0', '1', '7', '255', '2147483648', '4294967295', '65536'],
  f64: ['0', '-0.0', '0.5', '1', '-1', '2.5', 'NaN', 'Infinity', '4294967296', '2147483647'],
  f32: ['0', '0.5', '1', '0.1', '-0.4', '16777216', '2.5', '-1'],
  i64: ['0n', '1n', '-1n', '7n', '4294967295n', '9223372036854775807n'],
  bool: ['true', 'false'],
} as const;

export abstract class ControlFlow extends Assignments {
  protected ifStatement(depth: number): string[] {
    const c = this.condition(2);
    this.feature('if');
    // Now and then an assignment without braces (`if (c) x += 1; else y = 2;`).
    const mutable = this.vars.filter((v) => v.mutable);
    if (mutable.length > 0 && this.tape.chance(35)) {
      this.feature('if:unbraced');
      const then = joinLines(line('if (', c, ') '), this.assign(this.tape.pick(mutable))[0] as string);
      if (!this.tape.chance(50)) return [then];
      return [joinLines(then, joinLines(plain(' else '), this.assign(this.tape.pick(mutable))[0] as string))];
    }
    const then = this.block(depth - 1, 3);
    const out = [line('if (', c, ') {'), ...then];
    if (this.tape.chance(50)) out.push(plain('} else {'), ...this.block(depth - 1, 3));
    out.push(plain('}'));
    return out;
  }

  protected loop(depth: number): string[] {
    const kind = this.tape.weighted([
      [4, 'for'],
      [4, 'while'],
      [4, 'do'],
      [1, 'forever'],
    ] as const);
    const counter = this.fresh('j');
    // A forever loop's test is an `if` in its body: its bound stays an i32.
    const bound = this.loopBound(kind !== 'forever');
    // A counter compared with a u32 or f64 bound is an f64 in gpuc (docs/language.md).
    const counterType = bound.t === 'i32' ? 'i32' : 'f64';
    const down = kind === 'for' && this.tape.chance(20);
    const label = this.tape.chance(25) ? this.fresh('L') : undefined;
    this.feature(`loop:${kind}`);
    const head: string[] = [];
    if (label) {
      this.feature('label');
      this.labels.push({ name: label, loop: true });
    }
    const prefix = label ? `${label}: ` : '';
    // An unrolling hint right before the loop, now and then: by 2 or 4, or fully.
    const hint = this.tape.chance(12) ? plain(`gpu.unroll(${this.tape.pick(['', '2', '4'])});`) : undefined;
    if (hint) this.feature('gpu.unroll');
    this.loopDepth++;
    this.breakDepth++;
    this.vars.push({ name: counter, t: counterType, mutable: false });
    let body: string[];
    if (down) {
      // Counting down from the bound, by 1 or 2, to 0.
      const step = 1 + this.tape.next(2);
      this.feature('loop:down');
      // Now and then the counter is tested through a `? :` or `||` of it (gpuc widens a counter
      // that could wrap past 0 there too: docs/language.md "Where integers can disagree").
      const test = this.tape.pick(['plain', 'plain', 'plain', '?:', '||'] as const);
      if (test !== 'plain') this.feature(`loop:down-test${test}`);
      const tested =
        test === '?:'
          ? joined(['(', this.condition(1), ` ? ${counter} : ${counter} + 1)`])
          : test === '||'
            ? `(${counter} || 0)`
            : counter;
      head.push(
        ...(hint ? [hint] : []),
        line(`${prefix}for (let ${counter} = `, bound, '; ', tested, ` >= 0; ${counter} -= ${step}) {`),
      );
      body = this.block(depth - 1, 4);
      head.push(...body, plain('}'));
    } else if (kind === 'forever') {
      // `while (true)` or `for (;;)`, left by a `break` under the counter's test.
      this.feature('loop:forever');
      head.push(
        plain(`let ${counter} = 0;`),
        ...(hint ? [hint] : []),
        plain(this.tape.chance(50) ? `${prefix}while (true) {` : `${prefix}for (;;) {`),
        // `!(j < n)`, not `j >= n`: a NaN bound leaves at once, as a `while (j < n)` would.
        line(`if (!(${counter} < `, bound, ')) break;'),
        plain(`${counter}++;`),
      );
      body = this.block(depth - 1, 4);
      head.push(...body, plain('}'));
    } else if (kind === 'for') {
      // Now and then a second counter, declared and stepped beside the first (`let j = 0, k = 3`,
      // `j++, k -= 2`).
      const second = this.tape.chance(15) ? this.fresh('k') : undefined;
      const start = this.tape.next(10);
      const step = `${this.tape.pick(['+=', '-='])} ${1 + this.tape.next(3)}`;
      if (second) {
        this.feature('loop:two-counters');
        this.vars.push({ name: second, t: 'i32', mutable: false });
      }
      head.push(
        ...(hint ? [hint] : []),
        second
          ? line(
              `${prefix}for (let ${counter} = 0, ${second} = ${start}; ${counter} < `,
              bound,
              `; ${counter}++, ${second} ${step}) {`,
            )
          : line(`${prefix}for (let ${counter} = 0; ${counter} < `, bound, `; ${counter}++) {`),
      );
      body = this.block(depth - 1, 4);
      head.push(...body, plain('}'));
      if (second)
        this.vars.splice(
          this.vars.findIndex((v) => v.name === second),
          1,
        );
    } else if (kind === 'while') {
      head.push(
        plain(`let ${counter} = 0;`),
        ...(hint ? [hint] : []),
        // Now and then a second test beside the counter's (`j < n && c`), evaluated each time round.
        this.tape.chance(20)
          ? line(`${prefix}while (${counter} < `, bound, ' && ', this.condition(1), ') {')
          : line(`${prefix}while (${counter} < `, bound, ') {'),
        plain(`${counter}++;`),
      );
      body = this.block(depth - 1, 4);
      head.push(...body, plain('}'));
    } else {
      head.push(
        plain(`let ${counter} = 0;`),
        ...(hint ? [hint] : []),
        plain(`${prefix}do {`),
        plain(`${counter}++;`),
      );
      body = this.block(depth - 1, 4);
      head.push(...body, line(`} while (${counter} < `, bound, ');'));
    }
    this.vars.splice(
      this.vars.findIndex((v) => v.name === counter),
      1,
    );
    // The while/do counters stay declared after the loop (read-only).
    if (kind !== 'for') this.vars.push({ name: counter, t: counterType, mutable: false });
    this.loopDepth--;
    this.breakDepth--;
    if (label) this.labels.pop();
    return head;
  }

  /**
   * A loop's bound: a constant trip count, or one the data gives (at most 7, evaluated again each
   * time round, as JavaScript does: it may read what the body changes). Compared with a `u32`
   * or an `f64` bound, the counter is an `f64` in gpuc (docs/language.md), the same numbers.
   */
  protected loopBound(wide: boolean): Expr {
    if (!this.tape.chance(25)) return same(String(1 + this.tape.next(4)), 'i32');
    this.feature('loop:data-bound');
    // A u32 or f64 bound makes the counter an f64: only where the profile has f64.
    const kind = wide && this.has('f64') ? this.tape.pick(['i32', 'i32', 'u32', 'f64'] as const) : 'i32';
    if (kind !== 'i32') this.feature(`loop:bound-${kind}`);
    if (kind === 'u32') return build('u32', [this.expr('u32', 1)], ([x]) => `(${x} >>> 29)`);
    if (kind === 'f64') return build('f64', [this.expr('f64', 1)], ([x]) => `Math.min(${x}, 7.5)`);
    return build('i32', [this.expr('i32', 1)], ([x]) => `(${x} & 7)`);
  }

  /** `break` or `continue`, plain (in a loop or switch) or to an enclosing label, under a condition. */
  protected jump(): string[] {
    const jumps: string[] = [];
    if (this.loopDepth > 0) jumps.push('continue');
    if (this.breakDepth > 0) jumps.push('break');
    for (const label of this.labels) {
      jumps.push(`break ${label.name}`);
      if (label.loop) jumps.push(`continue ${label.name}`);
    }
    const jump = this.tape.pick(jumps);
    const c = this.condition(2);
    this.feature(jump.includes(' ') ? `${jump.split(' ')[0]}:label` : jump);
    return [line('if (', c, `) ${jump};`)];
  }

  protected switchStatement(depth: number): string[] {
    // Labels (literals) match a u32 or f32 value exactly, as `===` compares: in f64.
    const exact = this.allows('exact-comparison') ? 1 : 0;
    const t = this.tape.weighted<keyof typeof SWITCH_LABELS | 'masked'>(
      this.weights([
        [4, 'masked'],
        [1, 'i32'],
        [exact, 'u32'],
        [1, 'f64'],
        [exact, 'f32'],
        [1, 'i64'],
        [1, 'bool'],
      ]),
    );
    const cases = 1 + this.tape.next(t === 'bool' ? 2 : 3);
    let subject: Expr;
    let labels: (string | Expr)[];
    if (t === 'masked') {
      this.feature('switch');
      subject = build('i32', [this.expr('i32', 2)], ([x]) => `(${x} & 3)`);
      labels = Array.from({ length: cases + 1 }, (_, k) => String(k));
      // Now and then labels computed as the switch runs, evaluated in JavaScript's order (those
      // before `default`, then those after, until one matches), their effects included.
      if (this.tape.chance(20)) {
        this.feature('switch:computed-case');
        labels = labels.map((l) =>
          this.tape.chance(50) ? build('i32', [this.expr('i32', 2)], ([x]) => `(${x} & 3)`) : l,
        );
      }
    } else {
      // Any value of a type, matched (with ===) against constants of its edges, NaN and -0 among them.
      this.feature(`switch:${t}`);
      subject = this.expr(t, 2, 'none');
      const options = [...SWITCH_LABELS[t]];
      // Distinct labels, one for each case but the default (the one at its place is not used).
      labels = Array.from(
        { length: cases + 1 },
        () => options.splice(this.tape.next(options.length), 1)[0] ?? '',
      );
    }
    // Matched as `===` compares: exactly, a literal beside an f32 subject not rounded.
    const label = (value: string | Expr) => line('case ', value, ':');
    const out = [line('switch (', subject, ') {')];
    const defaultAt = this.tape.next(cases + 1);
    this.breakDepth++; // `break` inside a case leaves the switch
    for (let k = 0; k <= cases; k++) {
      out.push(
        k === defaultAt ? plain('default:') : label(labels[k < defaultAt ? k : k - 1] as string),
        plain('{'),
        ...this.block(depth - 1, 2),
        plain('}'),
      );
      if (this.tape.chance(70)) out.push(plain('break;'));
    }
    this.breakDepth--;
    out.push(plain('}'));
    return out;
  }

  /**
   * A variable declared of one number type and assigned, in a loop, a value of a type whose join
   * with it is `f64` (`let m = u; for (...) { ...; if (c) m |= x; ... }`): gpuc types it `f64`
   * at the loop's head, after the `if` and after the loop (docs/language.md "Promotion", merges
   * of control flow), so every read of it in the loop computes as JavaScript's doubles do. The
   * assignment is under an `if`: unconditional, it would make the variable narrower until the
   * next merge (types follow the flow); its test holds the counter, so that it never folds away.
   */
  protected wideningLoop(depth: number): string[] {
    const from = this.tape.pick(['i32', 'u32', 'f32'] as const);
    const initial = this.expr(from, 2, 'none');
    const name = this.fresh('m');
    const counter = this.fresh('j');
    // Assignments whose value's type joins `from` to f64: of another type, or an operator
    // giving one (`i32 / i32` is f64, `i32 >>> x` u32, `u32 | x` i32).
    const ops = { i32: ['=', '/=', '>>>='], u32: ['=', '|=', '<<=', '^=', '>>='], f32: ['=', '+='] }[from];
    const op = this.tape.pick(ops);
    const valueType =
      op === '='
        ? this.tape.pick((['i32', 'u32', 'f32', 'f64'] as const).filter((t) => join([from, t]) === 'f64'))
        : op === '+='
          ? 'f64'
          : this.tape.pick(['i32', 'f64'] as const);
    this.feature(`widen:${from}${op}${op === '=' || op === '+=' ? valueType : ''}`);
    const head = [line(`let ${name} = `, initial, ';')];
    // The value is made before the variable exists: read through it, its type would be f64 only
    // because the variable's is, and gpuc, typing the variable as the least join of what it is
    // assigned, would keep `from` (`m = Math.sqrt(m)` of an f32 `m` stays f32).
    const value = this.expr(valueType, 2, 'none');
    this.vars.push({ name, t: 'f64', mutable: true, joined: true });
    this.vars.push({ name: counter, t: 'i32', mutable: false });
    this.loopDepth++;
    this.breakDepth++;
    const before = this.block(depth - 1, 2);
    // The counter in the test keeps the assignment reachable where the condition folds to false
    // (gpuc types only the code that can run).
    const assignment = line(
      'if (',
      `${counter} === ${this.tape.next(2)} || `,
      this.condition(1),
      `) ${name} ${op} `,
      value,
      ';',
    );
    const after = this.block(depth - 1, 2);
    this.loopDepth--;
    this.breakDepth--;
    this.vars.splice(
      this.vars.findIndex((v) => v.name === counter),
      1,
    );
    return [
      ...head,
      line(`for (let ${counter} = 0; ${counter} < `, this.loopBound(false), `; ${counter}++) {`),
      ...before,
      assignment,
      ...after,
      plain('}'),
    ];
  }

  /**
   * An accumulator started from a literal and updated in a loop, as users write a sum
   * (`let acc = 0; for (...) acc += x;`): at the loop's head its type is the merge of the literal
   * with what the update gives (docs/language.md "Literals", "Promotion"): an integer literal
   * and an `i32`, `u32`, `f32` or `f64` value give that type, a float literal (`0.5`, `-0`) and
   * an integer `f64`, a float literal and an `f32` `f32`. So `acc += f` of an f32 rounds each
   * sum to f32 and `acc *= u` of a u32 wraps, where JavaScript's doubles do neither (the
   * emulation computes in that type). After the loop the accumulator is read, never assigned.
   */
  protected accumulation(depth: number): string[] {
    const t = this.tape.pick(this.allowed(['i32', 'u32', 'f32', 'f64'] as const));
    const float = this.tape.chance(40);
    const literal = float ? this.tape.pick(['0.0', '0.5', '-0', '1.5']) : this.tape.pick(['0', '1', '2']);
    const merged = float && (t === 'i32' || t === 'u32') ? 'f64' : t;
    if (!this.has(merged)) return [];
    const op = this.tape.pick(['+', '-', '*']);
    const name = this.fresh('acc');
    const counter = this.fresh('j');
    this.feature(`accumulate:${float ? 'float' : 'int'}:${t}`);
    this.vars.push({ name: counter, t: 'i32', mutable: false });
    this.loopDepth++;
    this.breakDepth++;
    const before = this.block(depth - 1, 2);
    const e = this.widen(merged, this.expr(t, 2, 'none'));
    this.loopDepth--;
    this.breakDepth--;
    this.vars.splice(
      this.vars.findIndex((v) => v.name === counter),
      1,
    );
    const update = (x: string) =>
      merged === 'f64' ? `${name} ${op}= ${x};` : `${name} = $.b('${op}', '${merged}', ${name}, ${x});`;
    const head = [
      plain(`let ${name} = ${literal};`),
      line(`for (let ${counter} = 0; ${counter} < `, this.loopBound(false), `; ${counter}++) {`),
    ];
    this.vars.push({ name, t: merged, mutable: false });
    return [
      ...head,
      ...before,
      `${name} ${op}= ${e.js};\u0000${update(e.em)}\u0000${update(e.fu)}`,
      plain('}'),
    ];
  }

  /**
   * A loop that counts a variable down in its test, as users write `while (n--)`: `while (n--)`,
   * `while (n-- > 0)`, `while (--n >= 0)` or `do { ... } while (--n > 0)`, from a constant or
   * a count the data gives. An `i32` count is read in the body and after the loop (-1 or 0
   * there). A `u32` count (`x >>> 29`) is read nowhere: gpuc computes it in `f64` where the test
   * compares it (docs/language.md "Where integers can disagree"), so that `--n >= 0` ends as
   * JavaScript's does, and wraps it past 0 where none does (`while (n--)`), after the last test.
   */
  protected countdown(depth: number): string[] {
    const name = this.fresh('n');
    // A compared u32 count computes in f64: only where the profile has f64.
    const t = this.has('f64') && this.tape.chance(30) ? 'u32' : 'i32';
    const form = this.tape.pick(['n--', 'n-- > 0', '--n >= 0', 'do'] as const);
    this.feature(`countdown:${t}:${form}`);
    const start =
      t === 'u32'
        ? build('u32', [this.expr('u32', 1)], ([x]) => `(${x} >>> 29)`)
        : this.tape.chance(50)
          ? same(String(this.tape.next(5)), 'i32')
          : build('i32', [this.expr('i32', 1)], ([x]) => `(${x} & 7)`);
    const post = `($.kept = ${name}, ${name} = $.b('-', '${t}', ${name}, 1), $.kept)`;
    const pre = `(${name} = $.b('-', '${t}', ${name}, 1))`;
    const test = {
      'n--': [`${name}--`, post],
      'n-- > 0': [`${name}-- > 0`, `${post} > 0`],
      '--n >= 0': [`--${name} >= 0`, `${pre} >= 0`],
      do: [`--${name} > 0`, `${pre} > 0`],
    }[form];
    const [js, em] = test as [string, string];
    // Compared, a u32 count computes in f64: its decrement is JavaScript's.
    const emulated = t === 'u32' && form !== 'n--' ? js : em;
    const condition = `${js}\u0000${emulated}\u0000${emulated}`;
    const open =
      form === 'do' ? plain('do {') : joinLines(plain('while ('), joinLines(condition, plain(') {')));
    const close =
      form === 'do' ? joinLines(plain('} while ('), joinLines(condition, plain(');'))) : plain('}');
    if (t === 'i32') this.vars.push({ name, t, mutable: false });
    this.loopDepth++;
    this.breakDepth++;
    const body = this.block(depth - 1, 3);
    this.loopDepth--;
    this.breakDepth--;
    return [line(`let ${name} = `, start, ';'), open, ...body, close];
  }

  protected labelledBlock(depth: number): string[] {
    const name = this.fresh('B');
    this.feature('label:block');
    this.labels.push({ name, loop: false });
    const c = this.condition(2);
    if (this.tape.chance(30)) {
      // A labelled `if`, left by `break label` from its branches.
      const test = this.condition(2);
      this.feature('label:if');
      const then = this.block(depth - 1, 3);
      const rest = this.tape.chance(50) ? [plain('} else {'), ...this.block(depth - 1, 2)] : [];
      this.labels.pop();
      return [
        line(`${name}: if (`, test, ') {'),
        line('if (', c, `) break ${name};`),
        ...then,
        ...rest,
        plain('}'),
      ];
    }
    const body = this.block(depth - 1, 3);
    this.labels.pop();
    return [plain(`${name}: {`), line('if (', c, `) break ${name};`), ...body, plain('}')];
  }
}
