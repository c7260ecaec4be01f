/**
 * Constructs the language rejects (docs/language.md "Rejected constructs"), each valid
 * JavaScript that runs to its end: written first in a kernel, so that no folded condition or
 * early exit hides it, with the code every compiled back-end must refuse it with (JavaScript and
 * the reference runner run it).
 */
import { readAs } from '../types.js';
import { LOCAL_TYPES } from './model.js';
import { Statements } from './statements.js';
import { build, line, plain, same, signless } from './text.js';

/** A rejected construct's lines and the `CompileError` code it is refused with. */
export interface Refused {
  readonly lines: string[];
  readonly code: string;
}

export abstract class Refusals extends Statements {
  protected refused(): Refused {
    const kinds: [number, () => Refused][] = [
      [2, () => ({ lines: this.clampedArray(), code: 'unsupported' })],
      [2, () => this.forOf()],
      [1, () => this.outsideIndex()],
      [1, () => this.booleanArithmetic()],
      [1, () => this.noArgument()],
      [1, () => this.rejectedOperator()],
      [2, () => this.rejectedForm()],
      [this.allows('aggregate') ? 1 : 0, () => this.destructuringDefault()],
      [this.allows('aggregate') ? 1 : 0, () => this.aggregateMisuse()],
      [this.allows('bigint-as-n') ? 1 : 0, () => this.wideAsN()],
      [this.allowed(['i64', 'u64'] as const).length > 0 ? 1 : 0, () => this.bigIntNullishStore()],
    ];
    return this.tape.weighted(kinds)();
  }

  /** A local Uint8ClampedArray written and read: it has no kernel type ("Host values"). */
  private clampedArray(): string[] {
    const name = this.fresh('l');
    const v = this.fresh('v');
    this.feature('local-array:u8-clamped');
    const stored = this.expr(this.tape.pick(this.allowed(['f64', 'i32', 'f32'] as const)), 2);
    this.vars.push({ name: v, t: 'i32', mutable: false });
    return [
      plain(`const ${name} = new Uint8ClampedArray(4);`),
      line(`${name}[1] = `, stored, ';'),
      plain(`const ${v} = ${name}[1];`),
    ];
  }

  /**
   * `for (const y of l) { ... }` over a local array filled first, its body any statements that
   * read the element (`for-in`, over the indices as strings, counts them): `unsupported`.
   */
  private forOf(): Refused {
    const t = this.tape.pick(this.allowed(LOCAL_TYPES));
    const lines = this.localArray(t);
    const array = this.locals[this.locals.length - 1]?.name as string;
    if (this.tape.chance(25)) {
      const count = this.fresh('v');
      this.feature('refused:for-in');
      lines.push(plain(`let ${count} = 0;`), plain(`for (const key in ${array}) ${count}++;`));
      this.vars.push({ name: count, t: 'i32', mutable: false });
      return { lines, code: 'unsupported' };
    }
    const element = this.fresh('y');
    this.feature('refused:for-of');
    this.vars.push({ name: element, t: readAs(t), mutable: false });
    this.loopDepth++;
    this.breakDepth++;
    const body = this.block(1, 3);
    this.loopDepth--;
    this.breakDepth--;
    this.vars.pop();
    lines.push(plain(`for (const ${element} of ${array}) {`), ...body, plain('}'));
    return { lines, code: 'unsupported' };
  }

  /**
   * A local array read or written at a constant index past its end or below 0 (JavaScript reads
   * undefined there, writes nothing): `bad-index`.
   */
  private outsideIndex(): Refused {
    const t = this.tape.pick(this.allowed(LOCAL_TYPES));
    const lines = this.localArray(t);
    const array = this.locals[this.locals.length - 1];
    const index = this.tape.pick([String(array?.length), String((array?.length ?? 0) + 3), '-1']);
    this.feature('refused:outside-index');
    if (this.tape.chance(50)) {
      const e = this.expr(this.storedType(t), 2);
      lines.push(line(`${array?.name}[${index}] = `, e, ';'));
    } else lines.push(plain(`const ${this.fresh('v')} = ${array?.name}[${index}];`));
    return { lines, code: 'bad-index' };
  }

  /**
   * `(l[i] ??= l[k]) ?? 0n` of a local BigInt array, both indices inside it here: where both
   * were outside, JavaScript would store the undefined `l[k]`, and its conversion to a BigInt
   * throws, so a read there that may be undefined is refused: `unsupported`.
   */
  private bigIntNullishStore(): Refused {
    const lines = this.localArray(this.tape.pick(this.allowed(['i64', 'u64'] as const)));
    const array = this.locals[this.locals.length - 1] as { name: string; length: number };
    const [i, k] = [this.index(array.length, 2), this.index(array.length, 2)];
    this.feature('refused:bigint-nullish-store');
    lines.push(line(`const ${this.fresh('v')} = (${array.name}[`, i, `] ??= ${array.name}[`, k, ']) ?? 0n;'));
    return { lines, code: 'unsupported' };
  }

  /** Arithmetic, a bitwise operator or unary `+`/`-` on booleans (JavaScript's 0 and 1): `type-mismatch`. */
  private booleanArithmetic(): Refused {
    const a = this.expr('bool', 2);
    const form = this.tape.pick(['+', '|', '-', 'unary+', 'unary-'] as const);
    this.feature('refused:boolean-arithmetic');
    const value =
      form === 'unary+' || form === 'unary-'
        ? line(`const ${this.fresh('v')} = ${form.slice(5)}(`, a, ');')
        : line(
            `const ${this.fresh('v')} = (`,
            a,
            `) ${form} `,
            this.tape.chance(50) ? this.expr('bool', 2) : '1',
            ';',
          );
    return { lines: [value], code: 'type-mismatch' };
  }

  /** `Math.max()`, `Math.min()`, `Math.hypot()` of no values (-Infinity, Infinity, 0): `type-mismatch`. */
  private noArgument(): Refused {
    const name = this.tape.pick(['max', 'min', 'hypot']);
    this.feature('refused:no-argument');
    return { lines: [plain(`const ${this.fresh('v')} = Math.${name}();`)], code: 'type-mismatch' };
  }

  /** `var`, `typeof` and `void`: `unsupported`. */
  private rejectedOperator(): Refused {
    const form = this.tape.pick(['var', 'typeof', 'void'] as const);
    const e = this.expr(this.anyType(), 2);
    this.feature(`refused:${form}`);
    const v = this.fresh('v');
    const text =
      form === 'var'
        ? line(`var ${v} = `, e, ';')
        : form === 'typeof'
          ? line(`const ${v} = typeof `, e, " === 'number';")
          : line(`const ${v} = void `, e, ';');
    return { lines: [text], code: 'unsupported' };
  }

  /**
   * Another form kernels do not have, around a value (a function made inside the kernel, `null`,
   * a template string, `try`, a regular expression, a spread, `in`, `this`, a tuple's hole, a
   * class, `new Error` not thrown): `unsupported`.
   */
  private rejectedForm(): Refused {
    const e = this.expr(this.tape.pick(this.allowed(['i32', 'f64', 'f32', 'u32'] as const)), 2);
    const v = this.fresh('v');
    const forms: Record<string, () => string[]> = {
      arrow: () => [line(`const ${v} = (y) => y + `, e, ';')],
      function: () => [line(`function ${v}() { return `, e, '; }')],
      null: () => [line(`const ${v} = `, e, ' > 0 ? null : 1;')],
      template: () => [line(`const ${v} = \`\${`, e, '}`;')],
      try: () => [plain(`let ${v} = 0;`), line(`try { ${v} = `, e, `; } catch { ${v} = 1; }`)],
      regexp: () => [line(`const ${v} = /a+/.test('aa') ? `, e, ' : 0;')],
      spread: () => [line(`const ${v} = [...[`, e, ', 1]];')],
      in: () => [line(`const ${v} = 'x' in { x: `, e, ' };')],
      this: () => [line(`const ${v} = this === undefined ? `, e, ' : 0;')],
      hole: () => [line(`const ${v} = [`, e, ', , 2];')],
      class: () => [plain(`class C${v} {}`), line(`const ${v} = `, e, ';')],
      'new-error': () => [line(`const ${v} = new Error('fuzz') && `, e, ';')],
    };
    const name = this.tape.pick(Object.keys(forms));
    this.feature(`refused:form:${name}`);
    return { lines: (forms[name] as () => string[])(), code: 'unsupported' };
  }

  /**
   * A default value in a destructuring pattern (`const [y0, y1 = x] = [e];`, `const { a: y0,
   * b: y1 = x } = { a: e };`), the member it fills missing: `unsupported`. Its names are read after.
   */
  private destructuringDefault(): Refused {
    const [first, second] = [this.anyType(), this.anyType()];
    const present = signless(this.expr(first, 2));
    const fallback = this.expr(second, 2);
    const [y0, y1] = [this.fresh('y'), this.fresh('y')];
    const record = this.tape.chance(50);
    this.feature(record ? 'refused:record-default' : 'refused:tuple-default');
    const text = record
      ? line(`const { a: ${y0}, b: ${y1} = `, fallback, ' } = { a: ', present, ' };')
      : line(`const [${y0}, ${y1} = `, fallback, '] = [', present, '];');
    this.vars.push({ name: y0, t: first, mutable: false }, { name: y1, t: second, mutable: false });
    return { lines: [text], code: 'unsupported' };
  }

  /**
   * A record's field assigned, or `??=` of a tuple's element (`invalid-assignment`: records and
   * tuples are immutable, and JavaScript's array would grow past its end; in range it stores
   * nothing), or a tuple of a number and a boolean indexed by a variable, or a tuple indexed past
   * its end (`bad-index`).
   */
  private aggregateMisuse(): Refused {
    const name = this.fresh('t');
    const a = signless(this.expr(this.tape.pick(this.allowed(['i32', 'f64', 'f32'] as const)), 2));
    const form = this.tape.pick(['assign', 'mixed-index', 'past-end', 'nullish'] as const);
    this.feature(`refused:aggregate-${form}`);
    if (form === 'assign')
      return {
        lines: [line(`const ${name} = { a: `, a, ' };'), line(`${name}.a = `, this.expr(a.t, 2), ';')],
        code: 'invalid-assignment',
      };
    if (form === 'nullish') {
      const index = this.tape.chance(50)
        ? same('0', 'i32')
        : build('i32', [this.expr('i32', 1)], ([x]) => `(${x}) & 1`);
      return {
        lines: [
          line(`const ${name} = [`, a, ', ', signless(this.expr(a.t, 2, 'none')), '];'),
          line(`${name}[`, index, '] ??= ', this.expr(a.t, 2), ';'),
        ],
        code: 'invalid-assignment',
      };
    }
    const tuple = line(`const ${name} = [`, a, ', ', this.expr('bool', 2), '];');
    const read = `const ${this.fresh('v')} = ${name}[`;
    const index =
      form === 'past-end' ? plain(`${read}2];`) : line(`${read}(`, this.expr('i32', 1), ') & 1];');
    return { lines: [tuple, index], code: 'bad-index' };
  }

  /** `BigInt.asIntN(bits, x)` of more than 64 bits (a kernel's BigInts have 64): `type-mismatch`. */
  private wideAsN(): Refused {
    const name = this.tape.pick(['asIntN', 'asUintN']);
    const bits = this.tape.pick([65, 96, 128]);
    const x = this.expr('i64', 2);
    this.feature('refused:wide-as-n');
    return {
      lines: [line(`const ${this.fresh('v')} = BigInt.${name}(${bits}, `, x, ');')],
      code: 'type-mismatch',
    };
  }
}
