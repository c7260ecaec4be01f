// The LLVM layer's shorthands: basic types by name, global variables by what they are, and the
// linear number of a 3-D place.
import { describe, expect, it } from 'vitest';
import { nativeTarget } from '../../src/index.js';
import { addGlobal, basicTypes, createModule, defineFunction, linearIndex } from '../../src/llvm/index.js';
import { context, L } from '../helpers.js';

describe('basicTypes', () => {
  it("names a module's or a context's basic types", () => {
    const module = createModule(context, 'types', nativeTarget());
    const t = basicTypes(module);
    expect(
      [t.void, t.i1, t.i8, t.i16, t.i32, t.i64, t.f32, t.f64, t.ptr].map((type) => type.print()),
    ).toEqual(['void', 'i1', 'i8', 'i16', 'i32', 'i64', 'float', 'double', 'ptr']);
    expect(t.ptrIn(3).print()).toBe('ptr addrspace(3)');
    expect(t.int(24).print()).toBe('i24');
    expect(basicTypes(context).i32.getIntegerBitWidth()).toBe(32);
    module.dispose();
  });
});

describe('addGlobal', () => {
  it('writes each kind of global as GlobalVariable.Create would', () => {
    const module = createModule(context, 'globals', nativeTarget());
    const { i32, i64, ptr } = basicTypes(module);
    const lines = [
      addGlobal(module, { name: 'declared', type: i32 }),
      addGlobal(module, { name: 'zeroed', type: i64, init: 'zero', alignment: 8 }),
      addGlobal(module, {
        name: 'undefined',
        type: i32,
        init: 'undef',
        linkage: 'internal',
        addressSpace: 3,
      }),
      addGlobal(module, {
        name: 'table',
        type: i32,
        init: L.ConstantInt.get(i32, 7),
        constant: true,
        linkage: 'private',
      }),
      addGlobal(module, { name: 'mine', type: ptr, init: 'zero', linkage: 'internal', threadLocal: true }),
      addGlobal(module, {
        name: 'block',
        type: ptr,
        init: 'zero',
        addressSpace: 1,
        externallyInitialized: true,
      }),
      addGlobal(module, { name: 'stub', type: i32, init: 'zero', linkage: 'weak' }),
    ].map((g) => g.print());
    expect(lines).toEqual([
      '@declared = external global i32',
      '@zeroed = global i64 0, align 8',
      '@undefined = internal addrspace(3) global i32 undef',
      '@table = private constant i32 7',
      '@mine = internal thread_local global ptr null',
      '@block = addrspace(1) externally_initialized global ptr null',
      '@stub = weak global i32 0',
    ]);
    expect(module.verify()).toBeNull();
    module.dispose();
  });
});

describe('linearIndex', () => {
  it('numbers the places of a box x fastest, as the reference runner orders threads', () => {
    const module = createModule(context, 'linear', nativeTarget());
    const { i32 } = basicTypes(module);
    const c = (n: number) => L.ConstantInt.get(i32, n);
    const numbers: bigint[] = [];
    defineFunction(module, 'places', basicTypes(module).void, [], (b) => {
      // Constants fold: each place's number is a constant.
      for (let z = 0; z < 5; z++)
        for (let y = 0; y < 4; y++)
          for (let x = 0; x < 3; x++) {
            const at = linearIndex(b, [c(x), c(y), c(z)], [c(3), c(4), c(5)]);
            numbers.push((at as ReturnType<typeof L.ConstantInt.get>).getZExtValue());
          }
      b.CreateRetVoid();
    });
    expect(numbers).toEqual(numbers.map((_, i) => BigInt(i)));
    module.dispose();
  });
});
