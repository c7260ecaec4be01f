/**
 * Typed pointers rebuilt by gpuc's AIR writer, on IR written for the purpose: pointees from
 * construction and from first uses, bitcasts where uses disagree, typed-era intrinsic names,
 * and refusals of IR the writer does not know (never a different module).
 */
import { createContext, parseModule } from '@gpuc/core/llvm';
import { describe, expect, it } from 'vitest';
import { typeKey } from '../src/target/bitcode/model.js';
import { writeAirBitcode } from '../src/target/bitcode/module.js';
import { parseIR } from '../src/target/bitcode/parse.js';
import { withTypedPointers } from '../src/target/bitcode/pointers.js';

const context = createContext();
const HEAD = 'target triple = "air64-apple-macosx14.0.0"\n';

const KERNEL = `${HEAD}
@table = internal addrspace(3) global [4 x i32] undef, align 16

define void @k(ptr addrspace(2) %arg, ptr addrspace(1) %out, ptr %tmp) {
entry:
  %data = load ptr addrspace(1), ptr addrspace(2) %arg, align 8
  %lengthAt = getelementptr inbounds i8, ptr addrspace(2) %arg, i64 8
  %length = load i32, ptr addrspace(2) %lengthAt, align 4
  %x = load float, ptr addrspace(1) %data, align 4
  store float %x, ptr addrspace(1) %out, align 4
  store i32 %length, ptr addrspace(3) getelementptr inbounds (i8, ptr addrspace(3) @table, i64 4), align 4
  %old = call i32 @air.atomic.local.add.s.i32(ptr addrspace(3) @table, i32 1, i32 0, i32 2, i1 true)
  call void @llvm.memcpy.p1.p0.i64(ptr addrspace(1) %out, ptr %tmp, i64 4, i1 false)
  call void @sink(ptr addrspace(1) %data)
  br label %next

next:
  %p = phi ptr addrspace(1) [ %out, %entry ]
  %y = load i32, ptr addrspace(1) %p, align 4
  ret void
}

declare i32 @air.atomic.local.add.s.i32(ptr addrspace(3), i32, i32, i32, i1)
declare void @llvm.memcpy.p1.p0.i64(ptr addrspace(1), ptr, i64, i1)
declare void @sink(ptr addrspace(1))
`;

describe('typed pointers in AIR', () => {
  const module = withTypedPointers(parseIR(KERNEL));
  const fn = (name: string) => module.functions.find((f) => f.name === name);
  const instructions = fn('k')?.blocks.flatMap((b) => b.instructions) ?? [];

  it('gives parameters the pointee of their first use, loaded pointers included', () => {
    expect(fn('k')?.type.params.map(typeKey)).toEqual([
      'float addrspace(1)* addrspace(2)*',
      'float addrspace(1)*',
      'i8*',
    ]);
  });

  it('casts where a use needs another pointee, in the block the value comes from for phis', () => {
    const casts = instructions.filter((i) => i.opcode === 'bitcast').map((i) => typeKey(i.type));
    expect(casts).toEqual([
      'i8 addrspace(2)*', // the GEP over bytes of the argument
      'i32 addrspace(2)*', // its result (a byte pointer) loaded as i32
      'i8 addrspace(3)*', // the constant GEP over bytes of @table
      'i32 addrspace(3)*', // its result stored to as i32
      'i32 addrspace(3)*', // @table for the atomic
      'i8 addrspace(1)*', // %out for memcpy
      'i32 addrspace(1)*', // the phi's value (float*) loaded as i32, cast in %next
    ]);
    expect(instructions.some((i) => i.opcode === 'getelementptr' && i.result?.startsWith('.expr'))).toBe(
      true,
    );
  });

  it('types declarations from their calls, and memory intrinsics with i8 pointers', () => {
    expect(typeKey(fn('air.atomic.local.add.s.i32')?.type as never)).toBe(
      'i32 (i32 addrspace(3)*, i32, i32, i32, i1)',
    );
    expect(typeKey(fn('llvm.memcpy.p1.p0.i64')?.type as never)).toBe('void (i8 addrspace(1)*, i8*, i64, i1)');
    expect(typeKey(fn('sink')?.type as never)).toBe('void (float addrspace(1)*)');
  });

  it('writes bitcode that LLVM 22 reads back and verifies, under the typed-era intrinsic name', () => {
    const bitcode = writeAirBitcode(KERNEL);
    const back = parseModule(context, bitcode, 'k.air');
    try {
      expect(back.verify()).toBeNull();
      // LLVM 22 reads the typed name llvm.memcpy.p1i8.p0i8.i64 and renames it for opaque pointers.
      expect(back.getFunction('llvm.memcpy.p1.p0.i64')).not.toBeNull();
      const text = back.print();
      expect(text).toMatch(/getelementptr inbounds i8, ptr addrspace\(3\) %\.cast\d+, i64 4/);
      // The phi's value is cast at the end of the block it comes from.
      expect(text).toMatch(
        /%(\.cast\d+) = bitcast ptr addrspace\(1\) %out to ptr addrspace\(1\)\n {2}br label %next[\s\S]*phi ptr addrspace\(1\) \[ %\1, %entry \]/,
      );
    } finally {
      back.dispose();
    }
  });

  it('refuses IR it does not know, naming the line', () => {
    const atomic = `${HEAD}define void @f(ptr %p) {\n  %v = atomicrmw add ptr %p, i32 1 seq_cst\n  ret void\n}\n`;
    expect(() => writeAirBitcode(atomic)).toThrow(/line 3: the AIR writer does not handle 'atomicrmw'/);
    const table = `${HEAD}@a = internal addrspace(2) constant i32 1\n@t = internal addrspace(2) constant [1 x ptr addrspace(2)] [ptr addrspace(2) @a]\n`;
    expect(() => writeAirBitcode(table)).toThrow(
      /cannot put i32 addrspace\(2\)\* in a constant's i8 addrspace\(2\)\*/,
    );
    const named = `${HEAD}%pair = type { i32, i32 }\n`;
    expect(() => writeAirBitcode(named)).toThrow(/line 2: a top-level entity the AIR writer does not know/);
  });

  it('drops fast-math flags and debug records, and turns constant expressions into instructions', () => {
    const ir = `${HEAD}@g = internal addrspace(3) global [2 x i32] undef
define i64 @f(float %x) {
  %y = fadd nnan ninf float %x, %x
    #dbg_value(float %y, !1, !DIExpression(), !2)
  %c = fcmp fast olt float %y, 0.0
  %a = add i64 ptrtoint (ptr addrspace(3) getelementptr (i8, ptr addrspace(3) @g, i64 4) to i64), 1
  ret i64 %a
}
`;
    const back = parseModule(context, writeAirBitcode(ir), 'f.air');
    try {
      expect(back.verify()).toBeNull();
      const text = back.print();
      expect(text).toMatch(/fadd float %x, %x/);
      expect(text).toMatch(/fcmp olt float %y, 0\.0/);
      expect(text).toMatch(
        /= getelementptr i8, ptr addrspace\(3\) %\.cast\d+, i64 4\n\s+%(\.expr\d+) = ptrtoint ptr addrspace\(3\) %\.expr\d+ to i64\n\s+%a = add i64 %\1, 1/,
      );
    } finally {
      back.dispose();
    }
  });
});
