import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runInThisContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CompileError, inferKernel, launchNative, runReference, sourceFromText } from '../../src/index.js';
import { thrown } from '../thrown.js';

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

describe('kernels of a file a tool transformed in memory (tsx)', () => {
  it("name the file's own lines and show its code, through the tool's source map", () => {
    const fixture = fileURLToPath(new URL('fixtures/transformed.mts', import.meta.url));
    const run = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', fixture], {
      encoding: 'utf8',
      env: { ...process.env, GPUC_CACHE: 'off' },
    });
    const seen = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
    expect(seen.refused.location).toEqual({ file: fixture, line: 8, column: 14 });
    expect(seen.twin).toEqual({ file: fixture, line: 8, column: 14 });
    expect(seen.refused.frame.split('\n').slice(1, 3)).toEqual([
      "> 8 |     out[t] = typeof out === 'object' ? 1 : 0;",
      '    |              ^^^^^^^^^^',
    ]);
    expect(seen.throws).toBe(`one is refused (in throws at ${fixture}:15)`);
    // Parameters at the start of a function the tool wrapped in a call, where its map has no entry.
    expect(seen.rest).toEqual({ file: fixture, line: 34, column: 16 });
    // A function with a default parameter value compiles there (count(1, 2) + scaled(1): 3 + 3).
    expect(seen.defaulted).toBe(6);
    expect(seen.renamed).toEqual([0, Math.fround(0.1)]);
    // A span the tool's output follows with a closing brace ends where the span does.
    expect(seen.recursion.location).toEqual({ file: fixture, line: 21, column: 27 });
    expect(seen.recursion.frame.split('\n').slice(1, 4)).toEqual([
      '> 21 |   return n <= 1 ? 1 : n * fact(n - 1);',
      '     |                           ^^^^^^^^^^^',
      '  22 | }',
    ]);
  }, 60_000);
});

describe('kernels of a file vitest transformed (this one)', () => {
  function refusedHere(out: Float64Array): void {
    out[0] = typeof out === 'object' ? 1 : 0;
  }

  it("name this file's lines, through the source map vitest inlines in the script", () => {
    // Node knows no map for it without --enable-source-maps: errors named <function refusedHere>.
    const error = thrown(() => launchNative(refusedHere, { grid: 1, block: 1 }, new Float64Array(1)));
    expect(error).toBeInstanceOf(CompileError);
    const here = fileURLToPath(import.meta.url);
    const line =
      readFileSync(here, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('out[0] = typeof out ===')) + 1;
    expect((error as CompileError).location).toEqual({ file: here, line, column: 14 });
    expect((error as CompileError).frame).toMatch(new RegExp(`> +${line} \\| {5}out\\[0\\] = typeof out`));
  });

  it('name the file V8 ran a function from where neither its text nor a source map is found', () => {
    const k = runInThisContext('(function k(o) {\n  o[0] = typeof o === "x" ? 1 : 0;\n})', {
      filename: '/nowhere/k.js',
    });
    const error = thrown(() => launchNative(k, { grid: 1, block: 1 }, new Float64Array(1)));
    expect((error as CompileError).location).toEqual({
      file: '<function k in /nowhere/k.js>',
      line: 2,
      column: 10,
    });
  });
});

describe('messages for refused constructs', () => {
  // Each construct parses as JavaScript; the kernel language refuses it with a message naming it.
  const cases: [string, RegExp][] = [
    ['const r = /ab+c/;', /^regular expressions are not supported/],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: kernel text with a template literal
    ['const s = `a${x[0]}`;', /^template strings are not supported/],
    ['class A {}', /^classes are not supported/],
    ['const A = class {};', /^classes are not supported/],
    ['const m = new Map();', /^'new Map' is not supported: kernels create only typed arrays/],
    ['const e = new Error("a");', /^'new Error' is only allowed in throw new Error\('a constant message'\)/],
    ['const c = new Uint8ClampedArray(4);', /^a Uint8ClampedArray has no kernel type .*use a Uint8Array/],
    [
      'const c = gpu.sharedArray(Uint8ClampedArray, 4);',
      /^a Uint8ClampedArray has no kernel type .*use a Uint8Array/,
    ],
    ['const a = [...x];', /^spread elements \('\.\.\.'\) are not supported in tuples/],
    ['const a = [1, , 2];', /^holes in tuples \(\[a, , b\]\) are not supported/],
    ['gpu.barrier(...x);', /^spread arguments \('\.\.\.'\) are not supported/],
    ['const o = { get v() { return 1; } };', /^getters are not supported in records/],
    ['const o = { set v(z) {} };', /^setters are not supported in records/],
    ['const o = { m() { return 1; } };', /^methods are not supported in records/],
    ['const o = { ...p };', /^spread properties \('\.\.\.'\) are not supported in records/],
    ['const o = { [x[0]]: 1 };', /^computed keys \(\[key\]: value\) are not supported in records/],
    ['const v = x?.[0];', /^optional chaining \('\?\.'\) is not supported/],
    ['const t = this;', /^'this' is not supported/],
    ['const v = new.target;', /^'new\.target' is not supported/],
    ['const v = import.meta;', /^'import\.meta' is not supported/],
    ['const v = tag`a`;', /^tagged templates are not supported/],
    ['const v = import("a");', /^'import\(\)' is not supported/],
    ['with (x) {}', /^'with' statements are not supported/],
    ['debugger;', /^'debugger' statements are not supported/],
    ['enum E { A }', /^TypeScript enums are not supported/],
    ['const { a = 1 } = { a: 2 };', /^default values in destructuring are not supported/],
    ['const [a, ...r] = [1, 2];', /^rest elements \('\.\.\.'\) in destructuring are not supported/],
    ['const { a, ...r } = { a: 1, b: 2 };', /^rest elements \('\.\.\.'\) in destructuring are not supported/],
    ['let a = 0;\n  [a = 2] = [1];', /^default values in destructuring are not supported/],
    ['let a = 0;\n  ({ a = 2 } = { a: 1 });', /^default values in destructuring are not supported/],
  ];
  it.each(cases)('%s', (statement, message) => {
    const error = refusal(`function k(x) {\n  ${statement}\n}`);
    expect(error.code).toBe('unsupported');
    expect(error.detail).toMatch(message);
  });
});

it('an intrinsic property assigned is read-only, not a record to rebuild', () => {
  for (const [statement, name] of [
    ['gpu.threadIdx.x = 3;', 'gpu.threadIdx.x'],
    ['Math.PI += 1;', 'Math.PI'],
  ]) {
    const error = refusal(`function k(x) {\n  ${statement}\n}`);
    expect(error.code).toBe('invalid-assignment');
    expect(error.detail).toBe(`${name} is read-only`);
    expect(error.location).toMatchObject({ line: 2, column: 3 });
  }
});

it('a record whose field changes kind around a loop is unstable-type naming the field, not a failure to converge', () => {
  const error = refusal(
    'function k(o) {\n  let p = { x: false, y: 1.5 };\n  for (let i = 0; i < 3; i++) p = { x: p.y, y: p.y + 1 };\n  o[0] = p.y;\n}',
    ['f64[]'],
  );
  expect(error.code).toBe('unstable-type');
  expect(error.detail).toMatch(
    /^this value is \{x: bool, y: f64\} on one path and \{x: f64, y: f64\} on another .*; its \.x does not merge;/,
  );
  expect(error.location.line).toBe(3);
});

it('records and tuples that cannot merge name the component: a BigInt with a number, a boolean with a number, another shape', () => {
  const cases: [string, string[], RegExp][] = [
    [
      'function k(x, b) {\n  let r = { a: 0, n: { big: 1 } };\n  if (x[0] > 1) r = { a: x[0], n: { big: b[0] } };\n  x[0] = r.a;\n}',
      ['f32[]', 'i64[]'],
      /its \.n\.big does not merge/,
    ],
    [
      'function k(x) {\n  let r = [0, [1, true]];\n  if (x[0] > 1) r = [x[0], [2, 3]];\n  x[0] = r[0];\n}',
      ['f32[]'],
      /its \[1\]\[1\] does not merge/,
    ],
    [
      'function k(x) {\n  let r = { m: 0 };\n  if (x[0] > 1) r = { m: 1, n: 2 };\n  x[0] = r.m;\n}',
      ['f32[]'],
      /^this value is \{m: i32\} on one path and \{m: i32, n: i32\} on another \(from if\.then\); convert/,
    ],
    [
      'function k(x, y) {\n  let r = [x];\n  if (x[0] > 1) r = [y];\n  x[0] = r[0][0];\n}',
      ['f32[]', 'f64[]'],
      /its \[0\] does not merge/,
    ],
  ];
  for (const [text, types, detail] of cases) {
    const error = refusal(text, types);
    expect(error.code).toBe('unstable-type');
    expect(error.detail).toMatch(detail);
    // Where the merged value is read, as for a number.
    expect(error.location.line).toBe(4);
  }
});

it("a view's shape says what a view in a kernel has", () => {
  const error = refusal('function k(v) {\n  v.set(0, 0, v.shape[0]);\n}', ['f32[,]']);
  expect(error.code).toBe('unknown-member');
  expect(error.detail).toBe(
    "a f32[,] has no member 'shape': a view in a kernel has get, set and length; pass its extents as arguments",
  );
});

it('an assigned length says that arrays have a fixed length, not that records are immutable', () => {
  const error = refusal('function k(x) {\n  x.length = 3;\n}');
  expect(error.code).toBe('invalid-assignment');
  expect(error.detail).toMatch(/^an array's length cannot be assigned/);
});

describe('messages for names kernels cannot use', () => {
  const cases: [string, string, RegExp][] = [
    ['const f = Math.sqrt;', 'unsupported', /^Math\.sqrt is a function: write Math\.sqrt\(\.\.\.\)/],
    ['x[0] = Math.square(2);', 'unknown-name', /^Math has no member 'square' kernels know/],
    ['x[0] = gpu.threadIdx.w;', 'unknown-name', /^gpu\.threadIdx has no member 'w' kernels know/],
    [
      'const t = gpu.threadIdx();',
      'unsupported',
      /^'gpu\.threadIdx' can only be used to reach its members \(gpu\.threadIdx\.x/,
    ],
    [
      'x[0] = arguments.length;',
      'unsupported',
      /^'arguments' is not supported in kernels; name the parameters/,
    ],
  ];
  it.each(cases)('%s', (statement, code, message) => {
    const error = refusal(`function k(x) {\n  ${statement}\n}`);
    expect(error.code).toBe(code);
    expect(error.detail).toMatch(message);
  });
});

it('a wrong argument count names the function as the call does, in good English', () => {
  let error: unknown;
  try {
    inferKernel(
      sourceFromText('function k(x) {\n  x[0] = square(1, 2);\n}', 'errors.test.js'),
      { types: ['f32[]'] },
      { scope: { square: new Function('return (v) => v * v')() } },
    );
  } catch (e) {
    error = e;
  }
  expect((error as CompileError).detail).toBe('square takes 1 argument, not 2');
});

describe('a wrong argument count to an intrinsic is an arity error naming the call', () => {
  const cases: [string, string][] = [
    ['x[0] = Math.imul(3);', 'Math.imul takes 2 arguments, not 1'],
    ['x[0] = Math.sqrt();', 'Math.sqrt takes 1 argument, not 0'],
    ['x[0] = Math.abs(-1, 2);', 'Math.abs takes 1 argument, not 2'],
    ['x[0] = gpu.fma(1, 2);', 'gpu.fma takes 3 arguments, not 2'],
    ['gpu.atomicAdd(x, 0);', 'gpu.atomicAdd takes 3 arguments, not 2'],
    ['gpu.barrier(1);', 'gpu.barrier takes 0 arguments, not 1'],
    ['x[0] = f32();', 'f32 takes 1 argument, not 0'],
    ['x[0] = gpu.sharedArray(Float32Array)[0];', 'gpu.sharedArray takes 2 arguments, not 1'],
  ];
  it.each(cases)('%s', (statement, message) => {
    const error = refusal(`function k(x) {\n  ${statement}\n}`);
    expect(error.code).toBe('arity');
    expect(error.detail).toBe(message);
    expect(error.location.line).toBe(2);
  });
});

describe('console.log formats', () => {
  it('need one value per directive: printf would read a value never passed', () => {
    const fewer = refusal("function k(x) {\n  console.log('%d and %f', x[0]);\n}");
    expect(fewer.code).toBe('unsupported');
    expect(fewer.detail).toBe(
      "console.log's format has 2 directives and 1 value: give one value per directive (%% prints a %)",
    );
    expect(fewer.location).toMatchObject({ line: 2, column: 15 });
    const more = refusal("function k(x) {\n  console.log('x = %d', x[0], x[1]);\n}");
    expect(more.detail).toMatch(/^console\.log's format has 1 directive and 2 values/);
    expect(() =>
      inferKernel(sourceFromText("function k(x) {\n  console.log('100%% %d', 1);\n}", 'f.js'), {
        types: ['f32[]'],
      }),
    ).not.toThrow();
  });
});

describe('kernels nested too deeply to compile', () => {
  // oxc's parser overflows the native stack (a segfault of the process) some thousands of
  // brackets deep, and lowering recurses on the syntax tree: both are refused before.
  it('brackets: an error at the first bracket past the limit', () => {
    const error = refusal(`function k(x) {\n  x[0] = ${'('.repeat(10000)}1${')'.repeat(10000)};\n}`);
    expect(error.code).toBe('too-large');
    expect(error.detail).toBe('brackets nested more than 256 deep are not supported in kernels');
    // The body's brace is the first; the 256th parenthesis is the 257th bracket.
    expect(error.location).toMatchObject({ line: 2, column: 10 + 255 });
    const braces = refusal(`function k(x) {\n${'if (x[0]) {'.repeat(4000)}${'}'.repeat(4000)}\n}`);
    expect(braces.detail).toMatch(/^brackets nested more than 256 deep/);
  });

  it('brackets in strings, templates and comments do not count', () => {
    const text = `function k(x) {\n  // ${'('.repeat(300)}\n  const s = '${'['.repeat(300)}';\n  /* ${'{'.repeat(300)} */\n  x[0] = 1;\n}`;
    expect(() => inferKernel(sourceFromText(text, 'strings.js'), { types: ['f32[]'] })).not.toThrow();
    const template = refusal(`function k(x) {\n  const t = \`${'('.repeat(300)}\${x[0]}\`;\n}`);
    expect(template.detail).toMatch(/^template strings are not supported/);
  });

  it('statements and expressions: an error at the first construct past the limit', () => {
    // ** nests to the right; a + b + c... is a left-nested chain lowered in a loop (no limit).
    const chain = refusal(`function k(x) {\n  x[0] = ${Array(2000).fill('x[1]').join(' ** ')};\n}`);
    expect(chain.code).toBe('too-large');
    expect(chain.detail).toBe(
      'expressions and statements nested more than 1000 deep are not supported in kernels',
    );
    const ifs = refusal(`function k(x) {\n  ${'if (x[0]) '.repeat(3000)}x[0] = 1;\n}`);
    expect(ifs.detail).toMatch(/^expressions and statements nested more than 1000 deep/);
  });

  it('chains of right-nesting operators: an error before the parser sees them', () => {
    const assignments = refusal(`function k(x) {\n  let a;\n  ${'a = '.repeat(20000)}1;\n  x[0] = a;\n}`);
    expect(assignments.detail).toMatch(/^expressions and statements nested more than 1000 deep/);
    expect(assignments.location).toMatchObject({ line: 3, column: 3 + 4 * 4000 + 2 });
    for (const chain of ['!'.repeat(30000), '- '.repeat(30000), 'typeof '.repeat(30000)]) {
      expect(refusal(`function k(x) {\n  x[0] = ${chain}x[0];\n}`).detail).toMatch(
        /nested more than 1000 deep/,
      );
    }
    const elses = Array.from({ length: 30000 }, () => ' else if (x[0]) x[0] = 1;').join('');
    expect(refusal(`function k(x) {\n  if (x[0]) x[0] = 1;${elses}\n}`).detail).toMatch(
      /nested more than 1000 deep/,
    );
    const lines = Array.from({ length: 30000 }, (_, i) => `  l${i}:\n  if (x[0])\n`).join('');
    expect(refusal(`function k(x) {\n${lines}  x[0] = 1;\n}`).detail).toMatch(/nested more than 1000 deep/);
    const siblings = Array.from(
      { length: 1500 },
      (_, i) => `  if (x[0] > ${i}) x[1] = ${i};\n  if (x[1]) { x[2] = 1 }`,
    ).join('\n');
    expect(() =>
      inferKernel(sourceFromText(`function k(x) {\n${siblings}\n}`, 'siblings.js'), { types: ['f32[]'] }),
    ).not.toThrow();
    const ifs = Array.from({ length: 30000 }, () => 'if (x[0]) ').join('');
    expect(refusal(`function k(x) {\n  ${ifs}x[0] = 1;\n}`).detail).toMatch(/nested more than 1000 deep/);
    const noSemicolons = Array.from({ length: 1200 }, (_, i) => `  x[${i % 4}] = ${i}`).join('\n');
    expect(() =>
      inferKernel(sourceFromText(`function k(x) {\n${noSemicolons}\n}`, 'asi.js'), { types: ['f32[]'] }),
    ).not.toThrow();
    const comparisons = Array.from(
      { length: 1200 },
      (_, i) => `  x[0] = x[0] === ${i} || x[0] <= 2 || x[0] >= 3 ? 1 : 0;`,
    );
    expect(() =>
      inferKernel(sourceFromText(`function k(x) {\n${comparisons.join('\n')}\n}`, 'many.js'), {
        types: ['f32[]'],
      }),
    ).not.toThrow();
  });

  it('the reference runner refuses them the same way', () => {
    const text = `function k(x) {\n  x[0] = ${Array(2000).fill('x[1]').join(' ** ')};\n}`;
    expect(() =>
      runReference({ text, file: 'deep.js' }, { grid: 1, block: 1 }, [new Float32Array(2)]),
    ).toThrow(/nested more than 1000 deep/);
  });
});

it('a scope value with no kernel type is named with what it is', () => {
  let error: unknown;
  try {
    inferKernel(
      sourceFromText('function k(x) {\n  x[0] = m;\n}', 'errors.test.js'),
      { types: ['f32[]'] },
      {
        scope: { m: new Map() },
      },
    );
  } catch (e) {
    error = e;
  }
  expect((error as CompileError).code).toBe('bad-argument');
  expect((error as CompileError).detail).toMatch(/^the scope's 'm' \(Map\) has no kernel type/);
});

describe('functions gpuc cannot compile as kernels', () => {
  /** The error compiling `fn` (as a kernel over one f32[]) and running it on the reference give. */
  function refusals(fn: unknown): CompileError[] {
    const attempts = [
      () => inferKernel(fn as () => void, { types: ['f32[]'] }),
      () => runReference(fn as () => void, { grid: 1, block: 1 }, [new Float32Array(1)]),
      () => (launchNative as (...args: unknown[]) => void)(fn, { grid: 1, block: 1 }, new Float32Array(1)),
    ];
    return attempts.map((attempt) => {
      try {
        attempt();
      } catch (error) {
        if (error instanceof CompileError) return error;
        throw error;
      }
      throw new Error('accepted');
    });
  }
  const kernel = new Function('return function scale(x) { x[0] *= 2; }')() as (x: Float32Array) => void;
  class Model {
    run(x: Float32Array) {
      x[0] = 1;
    }
  }
  const cases: [string, unknown, RegExp][] = [
    [
      'a bound function',
      kernel.bind(null),
      /^bound scale is a bound function, which has no source text: pass scale itself/,
    ],
    [
      'a built-in function',
      Math.max,
      /^max is a built-in function, which has no source text: write a kernel that calls it/,
    ],
    ['a typed array constructor', Float32Array, /^Float32Array is a built-in function/],
    ['a class', Model, /^Model is a class: a kernel is a function/],
    ['a number', 42, /^number 42 is no function: a kernel is a function/],
    ['null', null, /^null is no function: a kernel is a function/],
    ['a string', 'x[0] = 1', /^the string "x\[0\] = 1" is no function: a kernel is a function/],
    ['an object without text', { file: 'k.js' }, /^an object is no function: a kernel is a function/],
    [
      'an async function',
      new Function('return async function load(x) { x[0] = 1; }')(),
      /^kernels cannot be async or generators/,
    ],
    [
      'a generator',
      new Function('return function* steps(x) { x[0] = 1; }')(),
      /^kernels cannot be async or generators/,
    ],
  ];
  it.each(cases)('%s is refused with a coded error that says what to do', (_name, fn, message) => {
    for (const error of refusals(fn)) {
      expect(error.code).toBe('unsupported');
      expect(error.detail).toMatch(message);
    }
  });
});

describe('error locations', () => {
  // Values are defined in one place and used in another: an error about a use points at the use.
  const cases: [string, string, string[], string, string][] = [
    [
      'a string key computed as the kernel runs',
      "const r = { a: 1, b: 2 };\n  const key = x[0] > 0 ? 'a' : 'b';\n  x[0] = r[key];",
      ['f32[]'],
      'bad-index 4:12',
      '    |            ^^^',
    ],
    [
      'a constant index outside a local array, from a const',
      'const a = new Float32Array(4);\n  const i = 7;\n  a[i] = 1;',
      ['f32[]'],
      'bad-index 4:5',
      '    |     ^',
    ],
    [
      'a constant index outside a tuple, from a const',
      'const t = [1, 2];\n  const i = 2;\n  x[0] = t[i];',
      ['f32[]'],
      'bad-index 4:12',
      '    |            ^',
    ],
    [
      'a record printed, defined a line above',
      "const r = { a: 1 };\n  console.log('%d', r);",
      ['f32[]'],
      'type-mismatch 3:21',
      '    |                     ^',
    ],
    [
      'a float index stored through',
      'const i = 0.5;\n  x[i] = 1;',
      ['f32[]'],
      'bad-index 3:5',
      '    |     ^',
    ],
    ['a BigInt stored', 'const v = 1n;\n  x[0] = v;', ['f32[]'], 'type-mismatch 3:10', '    |          ^'],
    [
      'a store into a tuple',
      'const t = [1, 2];\n  t[0] = 3;',
      ['f32[]'],
      'invalid-assignment 3:3',
      '    |   ^',
    ],
    ['a store into a captured array', 'table[n] += 1;', ['f32[]', 'i32'], 'read-only 2:3', '    |   ^^^^^'],
  ];
  it.each(cases)('%s', (_name, body, types, expected, marker) => {
    const params = ['x', 'n'].slice(0, types.length).join(', ');
    const text = `function k(${params}) {\n  ${body}\n}`;
    let error: unknown;
    try {
      inferKernel(
        sourceFromText(text, 'errors.test.js'),
        { types },
        { scope: { table: new Float32Array(4) } },
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CompileError);
    const { code, location, frame } = error as CompileError;
    expect(`${code} ${location.line}:${location.column}`).toBe(expected);
    const lines = frame.split('\n');
    expect(lines[lines.findIndex((line) => line.startsWith('>')) + 1]).toBe(marker);
  });
});

it('a float index is refused with the integer idioms, at the index', () => {
  const error = refusal('function k(x) {\n  for (let s = gpu.blockDim.x / 2; s > 0; s >>= 1) x[s] = 1;\n}');
  expect(error.code).toBe('bad-index');
  expect(error.location).toMatchObject({ line: 2, column: 54 });
  expect(error.detail).toMatch(/^an index must be an integer, not f64: .*\(a \/ b\) \| 0 or a >> 1/);
});
