// A constant string's length is a constant, as in JavaScript (a literal's, a const bound to one,
// a string of the scope), natively and in the reference runner alike, usable where a constant is
// needed; reading its characters is a coded refusal.
import { describe, expect, it } from 'vitest';
import { CompileError, launchNative, runReference } from '../../src/index.js';

const scope = { NAME: 'gpuc!', EMPTY: '' };

/** A kernel's `out` natively and in the reference runner. */
function both(text: string): { native: number[]; reference: number[] } {
  const native = new Float64Array(4);
  launchNative({ text, file: 'strings.js' }, { grid: 1, block: 1, scope }, native);
  const reference = new Float64Array(4);
  runReference(new Function(`return ${text}`)(), { grid: 1, block: 1, scope }, [reference]);
  return { native: Array.from(native), reference: Array.from(reference) };
}

/** The compile error of a kernel launched natively. */
function refusal(text: string): CompileError {
  try {
    launchNative({ text, file: 'strings.js' }, { grid: 1, block: 1, scope }, new Float64Array(4));
  } catch (error) {
    if (error instanceof CompileError) return error;
    throw error;
  }
  throw new Error('compiled');
}

describe('a constant string', () => {
  it("has its length as a constant: a literal's, a const's, the scope's", () => {
    for (const [text, expected] of [
      [
        "function k(out) { out[0] = 'abc'.length; out[1] = ''.length; out[2] = 'é\u{1F600}'.length; }",
        [3, 0, 3, 0],
      ],
      [
        "function k(out) { const s = 'hello'; out[0] = s.length / 4; out[1] = s['length']; }",
        [1.25, 5, 0, 0],
      ],
      ['function k(out) { out[0] = NAME.length; out[1] = EMPTY.length - 1; }', [5, -1, 0, 0]],
      // Where a constant is needed: a shared array's length, a typed array's.
      [
        "function k(out) { const t = gpu.sharedArray(Float32Array, NAME.length); const a = new Float64Array('ab'.length * 2); t[4] = 7; out[0] = t[4] + a.length; out[1] = t.length; }",
        [11, 5, 0, 0],
      ],
    ] as const) {
      const { native, reference } = both(text);
      expect([text, native]).toEqual([text, reference]);
      expect(native).toEqual(expected);
    }
  });

  it('refuses reading its characters as unsupported, saying what a string is for', () => {
    for (const text of [
      "function k(out) { const s = 'hello'; out[0] = s[1] === 'e' ? 1 : 0; }",
      'function k(out) { out[0] = NAME.charCodeAt(0); }',
      "function k(out) { out[0] = 'ab'.at(0) === 'a' ? 1 : 0; }",
    ]) {
      const error = refusal(text);
      expect([text, error.code]).toEqual([text, 'unsupported']);
      expect(error.message).toMatch(/does not read a string's characters .*s\.length/);
    }
    // A member strings do not have is unknown, as on other values.
    expect(refusal("function k(out) { out[0] = 'ab'.size; }").code).toBe('unknown-member');
  });
});
