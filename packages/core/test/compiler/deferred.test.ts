import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import koffi from 'koffi';
import { describe, expect, it } from 'vitest';
import {
  concreteType,
  DEFERRED_MARKER,
  emitDeferredCall,
  functionOfType,
  type Job,
  MethodTable,
  number,
} from '../../src/entry/compiler.js';
import {
  type Compiler,
  type CompilerPlugin,
  compileJob,
  createCompiler,
  createJob,
  type KernelType,
  linkSharedLibrary,
  NativeKernel,
  parseType,
  sourceFromText,
  sourceOf,
} from '../../src/index.js';

/**
 * A plugin written for this test, independent of AD: `applyTwice(f, x)` compiles `f` for `x`'s
 * type as a deferred job and calls it twice through the marker.
 */
class ApplyTwicePlugin implements CompilerPlugin {
  readonly name = 'apply-twice';
  private readonly table = new MethodTable('apply-twice');

  constructor() {
    this.table.define('applyTwice', [{ kind: 'any' }, number], {
      kind: 'intrinsic',
      result: ([, x]) => concreteType(x as KernelType),
    });
  }

  apply(compiler: Compiler): void {
    compiler.hooks.for('native').methodTables.tap(this.name, (tables) => [this.table, ...tables]);
    compiler.registerIntrinsics('native', {
      applyTwice: (cx, [, x]) => {
        const fn = functionOfType(cx.argTypes[0] as KernelType);
        if (!fn) throw new Error('applyTwice needs a function value');
        const type = cx.resultType;
        const id = compiler.deferred.register({ source: sourceOf(fn), argTypes: [type] });
        const value = cx.convert(x as never, cx.argTypes[1] as KernelType, type);
        const once = emitDeferredCall(cx.builder, cx.module, id, cx.types.value(type), [value]);
        return emitDeferredCall(cx.builder, cx.module, id, cx.types.value(type), [once]);
      },
    });
  }
}

const compiler = createCompiler().use(new ApplyTwicePlugin());
const square = (v: number) => v * v;
const quad = (v: number) => applyTwice(square, v);
declare function applyTwice(f: (v: number) => number, x: number): number;

function job(text: string, config: Partial<Job['config']> = {}): Job {
  return createJob(
    sourceFromText(text, 'deferred.test.js'),
    [parseType('f64[]') as KernelType],
    compiler.target('native'),
    {
      config,
      scope: { square, quad },
    },
  );
}

/** Links, loads and launches a compiled kernel over `values`, one thread each. */
function run(result: ReturnType<typeof compileJob>, values: number[]): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'gpuc-deferred-'));
  try {
    const path = join(dir, 'k.so');
    writeFileSync(path, linkSharedLibrary(result.output as Buffer));
    const kernel = new NativeKernel(result.entry, result.job.argTypes, koffi.load(path));
    const x = Float64Array.from(values);
    kernel.launch(1, values.length, [x]);
    return Array.from(x);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('deferred code generation', () => {
  it('compiles a registered job once, links it in, and calls it directly after optimisation', () => {
    const result = compileJob(
      compiler,
      job('function k(x) { const i = gpu.globalIdx.x; x[i] = applyTwice(square, x[i]); }'),
      {
        kind: 'object',
        keepUnoptimized: true,
      },
    );
    expect(result.unoptimizedIR).not.toContain(DEFERRED_MARKER);
    expect(result.unoptimizedIR?.match(/define [^\n]*@deferred\.\d+\(/g)).toHaveLength(1);
    expect(result.ir).not.toMatch(/call [^\n]*bitcast/);
    expect(run(result, [1.5, 2, 3])).toEqual([1.5 ** 4, 16, 81]);
  });

  it('resolves markers inside nested jobs, to a fixpoint', () => {
    const result = compileJob(
      compiler,
      job('function k(x) { const i = gpu.globalIdx.x; x[i] = applyTwice(quad, x[i]); }'),
      {
        kind: 'object',
        keepUnoptimized: true,
      },
    );
    expect(result.unoptimizedIR?.match(/define [^\n]*@deferred\.\d+\(/g)).toHaveLength(2);
    expect(result.unoptimizedIR).not.toContain(DEFERRED_MARKER);
    const expected = (v: number) => square(square(square(square(v))));
    expect(run(result, [2, 1.1])).toEqual([expected(2), expected(1.1)]);
  });

  it('leaves a module whose markers were never resolved linkable for the CPU with -z defs', () => {
    const result = compileJob(
      compiler,
      job('function k(x) { x[0] = applyTwice(square, x[0]); }', { toplevel: false }),
      {
        kind: 'object',
      },
    );
    expect(result.ir).toMatch(new RegExp(`define weak ptr @${DEFERRED_MARKER}\\(i64`));
    expect(
      linkSharedLibrary(result.output as Buffer)
        .subarray(0, 4)
        .toString('latin1'),
    ).toBe('\x7fELF');
  });
});
