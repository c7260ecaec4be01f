import { describe, expect, it } from 'vitest';
import { lowerSource, MethodTable, methodStack, verifyFunction } from '../../src/entry/compiler.js';
import { CompileError, inferKernel, printFunction } from '../../src/index.js';
import { type CorpusEntry, corpusScope, loadCorpus } from './corpus.js';

/** The entry's scope values and its own device functions, as an overlay table. */
function environment(entry: CorpusEntry) {
  const table = new MethodTable(`corpus ${entry.name}`);
  for (const device of entry.devices) {
    const name = /function\s+([\w$]+)/.exec(device.text)?.[1] as string;
    table.define(name, 'variadic', { kind: 'source', source: device });
  }
  const scope = corpusScope(entry);
  return { scope, methods: methodStack([table]) };
}

const good = loadCorpus('good');
const bad = loadCorpus('bad');

describe('the corpus of good kernels', () => {
  it('has at least 40 kernels', () => {
    expect(good.length).toBeGreaterThanOrEqual(40);
  });

  it.each(good.map((entry) => [entry.name, entry] as const))(
    '%s infers, prints and verifies',
    (_name, entry) => {
      verifyFunction(lowerSource(entry.source));
      const spec = inferKernel(entry.source, { types: entry.types }, environment(entry));
      verifyFunction(spec.fn, true);
      for (const callee of spec.callees) verifyFunction(callee.fn, true);
      expect(printFunction(spec.fn)).toContain(`function ${spec.fn.name}(`);
    },
  );
});

describe('the corpus of bad kernels', () => {
  it('has at least 150 kernels', () => {
    expect(bad.length).toBeGreaterThanOrEqual(150);
  });

  it.each(bad.map((entry) => [entry.name, entry] as const))(
    '%s is rejected with its code and location',
    (_name, entry) => {
      let error: unknown;
      try {
        inferKernel(entry.source, { types: entry.types }, environment(entry));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CompileError);
      const compileError = error as CompileError;
      expect({
        code: compileError.code,
        line: compileError.location.line,
        column: compileError.location.column,
      }).toEqual(entry.expect);
      expect(compileError.location.file).toBe(entry.file);
      expect(compileError.frame).toContain('>');
    },
  );
});
