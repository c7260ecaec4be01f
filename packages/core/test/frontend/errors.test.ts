import { describe, expect, it } from 'vitest';
import { CompileError, inferKernel, sourceFromText } from '../../src/index.js';

/** The error a kernel given as text is refused with. */
function refusal(text: string, types: string[] = ['f32[]']): CompileError {
  try {
    inferKernel(sourceFromText(text, 'errors.test.js'), { types });
  } catch (error) {
    if (error instanceof CompileError) return error;
    throw error;
  }
  throw new Error('the kernel compiled');
}

describe('code frames', () => {
  it('put the caret under the reported column', () => {
    const error = refusal('function k(x) {\n  x[0] = zz;\n}');
    expect(error.location).toMatchObject({ line: 2, column: 10 });
    expect(error.frame).toBe(
      ['  1 | function k(x) {', '> 2 |   x[0] = zz;', '    |          ^^', '  3 | }'].join('\n'),
    );
  });

  it('keep tabs before the caret, so it lines up as the line does', () => {
    const error = refusal('function k(x) {\n\tx[0] =\tzz;\n}');
    expect(error.location).toMatchObject({ line: 2, column: 9 });
    expect(error.frame).toBe(
      ['  1 | function k(x) {', '> 2 | \tx[0] =\tzz;', '    | \t      \t^^', '  3 | }'].join('\n'),
    );
  });

  it('count columns in UTF-16 units, as JavaScript does, past multi-byte characters', () => {
    const error = refusal("function k(x) {\n  const s = 'é€😀'; x[0] = zz;\n}");
    expect(error.location).toMatchObject({ line: 2, column: 28 });
    expect(error.frame.split('\n')[2]).toBe(`    | ${' '.repeat(27)}^^`);
  });

  it('mark a span over several lines from its start to its end', () => {
    const error = refusal('function k(x) {\n  const s = `a\nbc`;\n}');
    expect(error.location).toMatchObject({ line: 2, column: 13 });
    expect(error.frame).toBe(
      [
        '  1 | function k(x) {',
        '> 2 |   const s = `a',
        '    |             ^^',
        '> 3 | bc`;',
        '    | ^^^',
        '  4 | }',
      ].join('\n'),
    );
  });

  it('count lines as JavaScript does, with carriage returns and line separators', () => {
    for (const newline of ['\r\n', '\r', '\u2028']) {
      const error = refusal(`function k(x) {${newline}  x[0] = 1;${newline}  x[1] = zz;${newline}}`);
      expect(error.location).toMatchObject({ line: 3, column: 10 });
      expect(error.frame.split('\n')[1]).toBe('> 3 |   x[1] = zz;');
      expect(error.frame.split('\n')[2]).toBe('    |          ^^');
    }
  });
});
