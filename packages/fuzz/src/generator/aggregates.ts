/**
 * Records and tuples, and values from the host: records and tuples the kernel builds (and
 * destructures), those passed as arguments or captured from the scope, captured scalars and
 * typed arrays (docs/language.md "Host values"), and a tuple's element at a variable index.
 */
import { encode, LENGTH, type Param } from '../case.js';
import { join, NUMBER_TYPES, type NumberType, type Ty } from '../types.js';
import { Memory } from './memory.js';
import { fieldNames, mergedType } from './model.js';
import { aggregateLiteral, build, type Expr, joinLines, line, plain, signless } from './text.js';

export abstract class Aggregates extends Memory {
  protected aggregate(): string[] {
    const count = 2 + this.tape.next(2);
    const types = Array.from({ length: count }, () => this.anyType());
    // An integer kept in a record or tuple loses a -0 (docs/language.md).
    const values = types.map((t) => signless(this.expr(t, 2)));
    const name = this.fresh(this.tape.chance(50) ? 'r' : 't');
    const reassigned = this.tape.chance(25) ? this.reassigned(name, values) : undefined;
    const kept = reassigned?.types ?? values.map((v) => v.t);
    if (name.startsWith('r')) {
      const fields = fieldNames(values.length);
      this.aggregates.push({ name, fields, types: kept });
      this.feature('record');
      const out = reassigned?.lines ?? [line(`const ${name} = `, ...aggregateLiteral(values, fields), ';')];
      if (this.tape.chance(30)) {
        // Destructured, some fields renamed.
        const names = fields.map(() => this.fresh('p'));
        names.forEach((n, k) => {
          this.vars.push({ name: n, t: kept[k] as Ty, mutable: false });
        });
        this.feature('destructure:record');
        out.push(plain(`const { ${fields.map((f, k) => `${f}: ${names[k]}`).join(', ')} } = ${name};`));
      }
      return out;
    }
    this.feature('tuple');
    const merged = mergedType(kept);
    this.aggregates.push({ name, types: kept, ...(merged ? { merged } : {}) });
    const out = reassigned?.lines ?? [line(`const ${name} = `, ...aggregateLiteral(values), ';')];
    if (this.tape.chance(40)) {
      const names = values.map(() => this.fresh('p'));
      // Declared with `let`, two of one type may be swapped by a destructuring assignment,
      // whose right side is evaluated whole first.
      const mutable = this.tape.chance(40);
      names.forEach((n, k) => {
        this.vars.push({ name: n, t: kept[k] as Ty, mutable });
      });
      this.feature('destructure');
      out.push(plain(`${mutable ? 'let' : 'const'} [${names.join(', ')}] = ${name};`));
      const [a, b] = names;
      if (mutable && kept[0] === kept[1]) {
        this.feature('destructure:swap');
        out.push(plain(`[${a}, ${b}] = [${b}, ${a}];`));
      }
    }
    return out;
  }

  /**
   * A record (`name` r...) or tuple assigned `values` and, under a condition, another of the
   * same shape whose number fields may be of other number types (a record's fields listed in
   * another order now and then), or the two as the arms of a `?:`: each field is then the merge
   * of its two (docs/language.md "Promotion"), the value unchanged.
   */
  private reassigned(name: string, values: readonly Expr[]): { lines: string[]; types: Ty[] } {
    const fields = name.startsWith('r') ? fieldNames(values.length) : undefined;
    const others = values.map((v) => {
      const other = this.anyType();
      const number = (t: Ty) => (NUMBER_TYPES as readonly Ty[]).includes(t);
      return signless(this.expr(number(v.t) && number(other) ? other : v.t, 2));
    });
    const types = values.map((v, k) => {
      const other = (others[k] as Expr).t;
      return other === v.t ? v.t : join([v.t, other] as NumberType[]);
    });
    this.feature(fields ? 'merged:record' : 'merged:tuple');
    // A record's second literal now and then lists its fields in another order (the same record).
    let second = aggregateLiteral(others, fields);
    if (fields && this.tape.chance(40)) {
      const shift = 1 + this.tape.next(fields.length - 1);
      const order = fields.map((_, k) => (k + shift) % fields.length);
      second = aggregateLiteral(
        order.map((k) => others[k] as Expr),
        order.map((k) => fields[k] as string),
      );
      this.feature('merged:record:reordered');
    }
    // Merged by an if, or by the arms of a `?:` (the condition a literal now and then).
    if (this.tape.chance(30)) {
      this.feature(fields ? 'merged:record:?:' : 'merged:tuple:?:');
      const first = aggregateLiteral(values, fields);
      return {
        lines: [line(`const ${name} = `, this.armsCondition(2), ' ? ', ...first, ' : ', ...second, ';')],
        types,
      };
    }
    const lines = [
      line(`let ${name} = `, ...aggregateLiteral(values, fields), ';'),
      joinLines(line('if (', this.condition(2), ') '), line(`${name} = `, ...second, ';')),
    ];
    return { lines, types };
  }

  /** A tuple's element at a variable index in range: of the elements' merged type. */
  protected tupleRead(t: Ty, d: number): Expr {
    const tuple = this.tape.pick(this.aggregates.filter((a) => a.merged !== undefined));
    const index = this.expr('i32', Math.min(d, 1));
    this.feature('tuple-index');
    const read = build(
      tuple.merged as Ty,
      [index],
      ([x]) => `${tuple.name}[(${x} >>> 0) % ${tuple.types.length}]`,
    );
    return read.t === t ? read : this.coerce(read, t);
  }

  /**
   * A geometry group read whole (docs/language.md "Intrinsics"): `const g0 = gpu.threadIdx;`, a
   * record of the running thread's `x`, `y` and `z` that the kernel reads, destructures and passes
   * on as any record; or destructured at once, `const { x: p1, z: p2 } = gpu.blockIdx;`. Now and
   * then the group is named by a string key, `gpu['globalIdx']`.
   */
  protected geometryGroup(): string[] {
    const group = this.tape.pick(['threadIdx', 'blockIdx', 'globalIdx', 'blockDim', 'gridDim']);
    const source = `gpu${this.memberKey(group)}`;
    const fields = ['x', 'y', 'z'];
    this.feature('geometry-group');
    if (this.tape.chance(40)) {
      const taken = fields.filter((_, k) => k === 0 || this.tape.chance(50));
      const names = taken.map(() => this.fresh('p'));
      for (const name of names) this.vars.push({ name, t: 'i32', mutable: false });
      this.feature('geometry-group:destructure');
      return [plain(`const { ${taken.map((f, k) => `${f}: ${names[k]}`).join(', ')} } = ${source};`)];
    }
    const name = this.fresh('r');
    this.aggregates.push({ name, fields, types: ['i32', 'i32', 'i32'] });
    return [plain(`const ${name} = ${source};`)];
  }

  /**
   * A value captured from the kernel's scope, typed as a host value is (docs/language.md "Host
   * values"): a number is `i32` when an integer in its range (not -0), `f64` otherwise; a BigInt
   * `i64`; a boolean `bool`; or a typed array of 16 elements.
   */
  protected capture(name: string): void {
    if (this.tape.chance(15)) {
      // A string: a member key of the records and tuples in scope, or of an array's length.
      const key = this.tape.pick(['a', 'b', 'c', 'length']);
      this.feature('captured:key');
      this.captured.push({ name, kind: 'key', value: key });
      this.keys.push({ name, key });
      return;
    }
    if (this.allows('captured-array') && this.tape.chance(40)) {
      const t = this.tape.pick(['f64', 'f32', 'i32', 'u8', 'i16', 'u32', 'i64', 'u64'] as const);
      const values = Array.from({ length: LENGTH }, () => encode(this.value(t)));
      this.captured.push({ name, kind: 'array', type: t, values });
      this.tables.push({ name, t, length: LENGTH });
      return;
    }
    const [value, t] = this.hostValue();
    this.feature(`captured:${t}`);
    this.captured.push({ name, kind: 'scalar', type: t, value: encode(value) });
    this.vars.push({ name, t, mutable: false });
  }

  /**
   * A record (a plain object) or a tuple (a plain array) of 2 or 3 host values, passed as a
   * kernel argument (`kind` 'parameter') or captured from the scope: read by member, and a
   * tuple of numbers by a variable index too.
   */
  protected aggregateValue(name: string, where: 'parameter' | 'captured'): Param {
    const values = Array.from({ length: 2 + this.tape.next(2) }, () => this.hostValue());
    const types = values.map(([, t]) => t);
    const record = this.tape.chance(50);
    const fields = record ? fieldNames(types.length) : undefined;
    const merged = mergedType(types);
    this.feature(`${where}:${record ? 'record' : 'tuple'}`);
    this.aggregates.push({
      name,
      types,
      ...(fields ? { fields } : {}),
      ...(!record && merged ? { merged } : {}),
    });
    return {
      name,
      kind: 'aggregate',
      types,
      values: values.map(([v]) => encode(v)),
      ...(fields ? { fields } : {}),
    };
  }
}
