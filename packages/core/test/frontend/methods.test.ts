import { describe, expect, it } from 'vitest';
import {
  AmbiguityError,
  any,
  arrayOf,
  currentWorld,
  exactly,
  globalMethods,
  MethodTable,
  methodStack,
  number,
} from '../../src/entry/compiler.js';
import {
  type CompileError,
  defineDevice,
  inferKernel,
  launchNative,
  parseType,
  printFunction,
  runReference,
} from '../../src/index.js';

const f32 = parseType('f32');
const i32 = parseType('i32');
const f32s = parseType('f32[]');
if (!f32 || !i32 || !f32s) throw new Error('types');

const source = (text: string) => ({ text, file: 'methods.test.js' });

describe('method tables', () => {
  it('picks the most specific applicable method', () => {
    const table = new MethodTable('test');
    const general = table.define('f', [any], { kind: 'intrinsic', result: () => f32 });
    const numeric = table.define('f', [number], { kind: 'intrinsic', result: () => f32 });
    const exact = table.define('f', [exactly(f32)], { kind: 'intrinsic', result: () => f32 });
    const arrays = table.define('f', [arrayOf()], { kind: 'intrinsic', result: () => f32 });
    expect(table.lookup('f', [f32])).toBe(exact);
    expect(table.lookup('f', [i32])).toBe(numeric);
    expect(table.lookup('f', [f32s])).toBe(arrays);
    expect(table.lookup('f', [parseType('bool') as never])).toBe(general);
    expect(table.lookup('f', [f32, f32])).toBeUndefined();
  });

  it('reports equally specific methods as an ambiguity listing both', () => {
    const table = new MethodTable('test');
    table.define('g', [number, any], { kind: 'intrinsic', result: () => f32 }, 'a.js: g(number, any)');
    table.define('g', [any, number], { kind: 'intrinsic', result: () => f32 }, 'b.js: g(any, number)');
    expect(() => table.lookup('g', [i32, i32])).toThrow(AmbiguityError);
    expect(() => table.lookup('g', [i32, i32])).toThrow(
      /a\.js: g\(number, any\) and b\.js: g\(any, number\)/,
    );
    const error = (() => {
      try {
        inferKernel(
          source('function k(x) { x[0] = g(1, 2); }'),
          { types: ['f32[]'] },
          { methods: methodStack([table]) },
        );
      } catch (e) {
        return e as CompileError;
      }
    })();
    expect(error?.code).toBe('ambiguous-method');
    expect(error?.location).toMatchObject({ line: 1, column: 24 });
  });

  it('lets back-end overlays replace and refuse intrinsics, naming the target', () => {
    const overlay = new MethodTable('metal');
    overlay.define('Math.sin', [number], { kind: 'unsupported', target: 'metal' });
    const kernel = source('function k(x) {\n  x[0] = Math.sin(x[1]);\n}');
    expect(() => inferKernel(kernel, { types: ['f32[]'] }, { methods: methodStack([overlay]) })).toThrow(
      /2:10: Math\.sin is not supported on metal \[unsupported-on-target\]/,
    );
    const cosine = new MethodTable('cosine');
    cosine.define('Math.sin', [number], { kind: 'intrinsic', result: () => i32 });
    const spec = inferKernel(kernel, { types: ['f32[]'] }, { methods: methodStack([cosine]) });
    expect(printFunction(spec.fn)).toMatch(/call Math\.sin\(%\d+\) \(intrinsic\) :: i32/);
  });

  it('refuses ?? over a call of an intrinsic method by a plain name, whose value is never undefined', () => {
    // The call is lowered as a device function's nullable variant would be called.
    const table = new MethodTable('plain');
    table.define('twice', [number], { kind: 'intrinsic', result: () => f32 });
    const kernel = source('function k(x) {\n  x[0] = twice(x[1]) ?? 0;\n}');
    expect(() => inferKernel(kernel, { types: ['f32[]'] }, { methods: methodStack([table]) })).toThrow(
      /2:10: twice is an intrinsic, never undefined: `\?\?` over this call cannot take it .*\[unsupported\]/,
    );
  });

  it('advances the world on every change, and deleted methods stop applying', () => {
    const table = new MethodTable('test');
    const before = currentWorld();
    const method = table.define('h', [any], { kind: 'intrinsic', result: () => f32 });
    expect(currentWorld()).toBeGreaterThan(before);
    const defined = currentWorld();
    table.delete(method);
    expect(currentWorld()).toBeGreaterThan(defined);
    expect(table.lookup('h', [f32])).toBeUndefined();
    expect(table.lookup('h', [f32], defined)).toBe(method);
  });

  it('defines a device function with defaults and patterns for every count of arguments it takes', () => {
    defineDevice(
      source('function mix({ a, b }, [w] = [0.5], bias = w * 2) { return a + (b - a) * w + bias; }'),
    );
    const user = (call: string) => source(`function user(x) { x[0] = ${call}; }`);
    for (const call of [
      'mix({ a: 1, b: 3 })',
      'mix({ a: 1, b: 3 }, [0.25])',
      'mix({ a: 1, b: 3 }, [0.25], 0)',
    ]) {
      const compiled = new Float64Array(1);
      const reference = new Float64Array(1);
      launchNative(user(call), { grid: 1, block: 1 }, compiled);
      runReference(user(call), { grid: 1, block: 1 }, [reference]);
      expect(compiled[0]).toBe(reference[0]);
    }
    expect(() => inferKernel(user('mix()'), { types: ['f64[]'] })).toThrow(
      /mix takes 1, 2 or 3 arguments, not 0/,
    );
  });

  it('recompiles exactly the kernels that use a redefined device function', () => {
    defineDevice(source('function worldHelper(v) { return v * 2; }'));
    const user = source('function user(x) { x[0] = worldHelper(x[0]); }');
    const other = source('function other(x) { x[0] = x[0] + 1; }');
    const first = inferKernel(user, { types: ['f32[]'] });
    const unrelated = inferKernel(other, { types: ['f32[]'] });
    expect(inferKernel(user, { types: ['f32[]'] })).toBe(first);
    expect(printFunction(first.callees[0]?.fn as never)).toContain('binary *');

    defineDevice(source('function worldHelper(v) { return v + 10; }'));
    const second = inferKernel(user, { types: ['f32[]'] });
    expect(second).not.toBe(first);
    expect(printFunction(second.callees[0]?.fn as never)).toContain('binary +');
    expect(printFunction(second.callees[0]?.fn as never)).not.toContain('binary *');
    // The kernel that never called it is still valid and is not recompiled.
    expect(inferKernel(other, { types: ['f32[]'] })).toBe(unrelated);
    expect(globalMethods.has('worldHelper')).toBe(true);
  });

  it('dispatches device functions on their signatures', () => {
    defineDevice(source('function pick(v) { return 1; }'), { signature: [number] });
    defineDevice(source('function pick(v) { return v.length; }'), { signature: [arrayOf()] });
    const spec = inferKernel(source('function k(x, y) { y[0] = pick(x) + pick(x[0]); }'), {
      types: ['f32[]', 'i32[]'],
    });
    expect(spec.callees.map((c) => c.key).sort()).toEqual(['pick(f32)', 'pick(f32[])']);
    expect(() => inferKernel(source('function k(x) { x[0] = pick(true); }'), { types: ['f32[]'] })).toThrow(
      /no method of pick takes \(bool\) \[no-method\]/,
    );
  });
});
