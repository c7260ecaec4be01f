import { describe, expect, it } from 'vitest';
import { LLVMError, runPipeline, standardPipeline } from '../../src/llvm/index.js';
import { cudaLikeTarget, ir } from '../helpers.js';

describe('optimisation pipelines', () => {
  it('runs the standard O3 pipeline', () => {
    const module = ir(`define i32 @sum() {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %next, %loop ]
  %acc = phi i32 [ 0, %entry ], [ %acc.next, %loop ]
  %acc.next = add i32 %acc, %i
  %next = add i32 %i, 1
  %done = icmp eq i32 %next, 10
  br i1 %done, label %exit, label %loop
exit:
  ret i32 %acc.next
}`);
    runPipeline(module, standardPipeline(3));
    expect(module.getFunction('sum')?.print()).toContain('ret i32 45');
    module.dispose();
  });

  it('runs internalize and global DCE as text pipelines', () => {
    const module = ir('define internal void @dead() {\n  ret void\n}\ndefine void @live() {\n  ret void\n}');
    runPipeline(module, 'globaldce');
    expect(module.getFunction('dead')).toBeNull();
    expect(module.getFunction('live')).not.toBeNull();
    module.dispose();
  });

  it('accepts internalize in a text pipeline', () => {
    const module = ir(
      'define void @a() {\n  ret void\n}\ndefine void @b() {\n  call void @a()\n  ret void\n}',
    );
    runPipeline(module, 'internalize,globaldce');
    // With no list of names to keep, the text pass internalizes everything and DCE removes it all.
    expect(module.getFunctions()).toEqual([]);
    module.dispose();
  });

  it("runs a target's own pass (nvvm-reflect) with its machine registered", () => {
    const target = cudaLikeTarget();
    const module = ir(`target triple = "${target.triple}"
target datalayout = "${target.dataLayout}"
@ftz = private constant [11 x i8] c"__CUDA_FTZ\\00"
declare i32 @__nvvm_reflect(ptr)
define i32 @flush() {
  %name = getelementptr [11 x i8], ptr @ftz, i32 0, i32 0
  %r = call i32 @__nvvm_reflect(ptr %name)
  ret i32 %r
}
!llvm.module.flags = !{!0}
!0 = !{i32 4, !"nvvm-reflect-ftz", i32 1}`);
    runPipeline(module, 'nvvm-reflect', target);
    expect(module.getFunction('flush')?.print()).toContain('ret i32 1');
    module.dispose();
  });

  it('rejects an invalid pipeline with the parser message', () => {
    const module = ir('');
    expect(() => runPipeline(module, 'no-such-pass')).toThrow(LLVMError);
    expect(() => runPipeline(module, 'no-such-pass')).toThrow(/unknown pass name 'no-such-pass'/);
    module.dispose();
  });
});
