import { describe, expect, it } from 'vitest';
import { internalize, LLVMError, linkModules } from '../../src/llvm/index.js';
import { context, ir, L } from '../helpers.js';

describe('linking', () => {
  it('replaces a weak definition with a strong one', () => {
    const dest = ir(`define weak ptr @gpu_malloc(i64 %size) {
  ret ptr inttoptr (i64 1 to ptr)
}
define ptr @kernel() {
  %p = call ptr @gpu_malloc(i64 16)
  ret ptr %p
}`);
    const runtime = ir(`declare ptr @malloc(i64)
define ptr @gpu_malloc(i64 %size) {
  %p = call ptr @malloc(i64 %size)
  ret ptr %p
}`);
    expect(linkModules(dest, runtime)).toBe('');
    const malloc = dest.getFunction('gpu_malloc');
    expect(malloc?.getLinkage()).toBe(L.GlobalValue.LinkageTypes.ExternalLinkage);
    expect(malloc?.print()).toContain('call ptr @malloc(i64 %size)');
    expect(dest.verify()).toBeNull();
    dest.dispose();
  });

  it('links only what is referenced with only-needed', () => {
    const dest = ir(
      'declare float @lib_a(float)\ndefine float @k(float %x) {\n  %y = call float @lib_a(float %x)\n  ret float %y\n}',
    );
    const library = ir(`define float @lib_a(float %x) {
  %y = call float @lib_b(float %x)
  ret float %y
}
define float @lib_b(float %x) {
  ret float %x
}
define float @lib_unused(float %x) {
  ret float %x
}
@lib_table = global [4 x float] zeroinitializer`);
    linkModules(dest, library, { onlyNeeded: true });
    expect(dest.getFunctions().map((f) => `${f.getName()}:${f.isDeclaration() ? 'decl' : 'def'}`)).toEqual([
      'k:def',
      'lib_a:def',
      'lib_b:def',
    ]);
    expect(dest.getGlobalVariable('lib_table')).toBeNull();
    dest.dispose();
  });

  it('lets the source override the destination only when asked', () => {
    const strong = 'define i32 @answer() {\n  ret i32 41\n}';
    const clash = ir(strong);
    const error = (() => {
      try {
        linkModules(clash, ir('define i32 @answer() {\n  ret i32 42\n}'));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(LLVMError);
    expect((error as Error).message).toMatch(/symbol multiply defined/);
    clash.dispose();

    const dest = ir(strong);
    linkModules(dest, ir('define i32 @answer() {\n  ret i32 42\n}'), { overrideFromSource: true });
    expect(dest.getFunction('answer')?.print()).toContain('ret i32 42');
    dest.dispose();
  });

  it('consumes the source module', () => {
    const dest = ir('');
    const src = ir('define void @f() {\n  ret void\n}');
    const fn = src.getFunction('f');
    linkModules(dest, src);
    expect(() => src.print()).toThrow(/consumed by a link/);
    expect(() => fn?.getName()).toThrow(/was deleted/);
    expect(dest.getFunction('f')).not.toBeNull();
    expect(() => linkModules(dest, dest)).toThrow(/itself/);
    const other = new L.Module('other', new L.LLVMContext());
    expect(() => linkModules(dest, other)).toThrow(/same LLVMContext/);
    dest.dispose();
    other.dispose();
  });

  it('internalizes everything but the preserved names', () => {
    const module = ir(`@table = global i32 3
@exported = global i32 4
declare void @external()
define void @kernel() {
  call void @helper()
  ret void
}
define void @helper() {
  ret void
}`);
    expect(internalize(module, ['kernel', 'exported'])).toBe(true);
    const linkage = (name: string) => module.getNamedValue(name)?.getLinkage();
    const { LinkageTypes } = L.GlobalValue;
    expect(linkage('kernel')).toBe(LinkageTypes.ExternalLinkage);
    expect(linkage('exported')).toBe(LinkageTypes.ExternalLinkage);
    expect(linkage('helper')).toBe(LinkageTypes.InternalLinkage);
    expect(linkage('table')).toBe(LinkageTypes.InternalLinkage);
    expect(linkage('external')).toBe(LinkageTypes.ExternalLinkage);
    expect(context).toBeDefined();
    module.dispose();
  });
});
