import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FuzzCase } from '../src/case.js';
import { tapes } from '../src/fuzz.js';
import { generate } from '../src/generate.js';

/** A fixed sample of generated kernels (seed 29), made once. */
const SAMPLE: readonly FuzzCase[] = fc
  .sample(tapes, { seed: 29, numRuns: 4000 })
  .map((tape) => generate(tape));

/** JavaScript's parser on a kernel (a function as an expression) or device functions (statements). */
const parses = (text: string, kernel: boolean) => () =>
  new Function('gpu', '$', kernel ? `return (${text});` : text);

describe('the generator', () => {
  it('writes the same kernel from the same tape, and the same kernels from the same seed', () => {
    for (const tape of fc.sample(tapes, { seed: 3, numRuns: 200 }))
      expect(generate([...tape])).toEqual(generate([...tape]));
    const again = fc.sample(tapes, { seed: 29, numRuns: 300 }).map((tape) => generate(tape));
    expect(again).toEqual(SAMPLE.slice(0, 300));
    const wgsl = (seed: number) =>
      fc.sample(tapes, { seed, numRuns: 100 }).map((tape) => generate(tape, 'wgsl').source);
    expect(wgsl(5)).toEqual(wgsl(5));
  });

  it('writes valid JavaScript: kernels, their emulations and their device functions', () => {
    for (const c of SAMPLE) {
      for (const text of [c.source, c.emulated]) expect(parses(text, true), text).not.toThrow();
      for (const text of c.helpers.flatMap((h) => [h.source, h.emulated]))
        expect(parses(text, false), text).not.toThrow();
    }
  });

  // The shapes of rounds nine and ten of outside kernels (packages/core/test/outside-kernels-*),
  // each by its feature and by what its text shows.
  it.each([
    ['boundary guards through a sequence', /^guard:comma$/, /\(\([^()]*\), \w+\[[^\]]*\]\) \?\? /],
    ['boundary guards through || and &&', /^guard:(\|\||&&)$/, /\(\w+\[.+\] (\|\||&&) \w+\[.+\]\) \?\? /],
    ['boundary guards through a chain in an arm of ?:', /^guard:\?:nested$/, / \? .*\?\? .* : .*\) \?\? /],
    ['(l[k] ??= c[m]) ?? b', /^guard:\?\?=:left$/, /\(\(\w+\[.+\] \?\?= \w+\[.+\]\) \?\? /],
    ['mixed arms of ?: under a literal condition', /^\?:literal-condition$/, /\((true|false) \? /],
    ['calls of a device function that always throws, as values', /^always-throws:/, /\? h\d+\(/],
    ['BigInt shifts by a count of the other type', /^shift-count:(i64<-u64|u64<-i64)$/, /(<<|>>) \(/],
    ['negative i64 shift counts', /^shift-count:negative$/, / & 127n\) - 64n\)/],
    ['compare-and-swap loops on a Uint32Array', /^cas-loop:\w+:u32$/, /gpu\.atomicCAS\(/],
    ['compare-and-swap loops stopping early', /^cas-loop:early:/, /while \(old\d+ [<>] cas\d+\)/],
    ['records merged with their fields in another order', /^merged:record:reordered$/, /\{ [bc]: /],
    ['records and tuples merged by ?:', /^merged:(record|tuple):\?:$/, /= .* \? [[{].*[\]}] : [[{]/],
    ["??= of a tuple's element (refused)", /^refused:aggregate-nullish$/, /\w+\[.+\] \?\?= /],
    [
      '(l[i] ??= l[k]) ?? 0n of a local BigInt array (refused)',
      /^refused:bigint-nullish-store$/,
      /= \((\w+)\[.+\] \?\?= \1\[.+\]\) \?\? 0n;/,
    ],
  ])('generates %s', (_, feature, text) => {
    const found = SAMPLE.filter((c) => c.features.some((f) => feature.test(f)));
    expect(found.length, String(feature)).toBeGreaterThan(0);
    expect(
      found.some((c) => text.test(c.source)),
      String(text),
    ).toBe(true);
  });

  it('gives the right side of (l[k] ??= c[m]) ?? b of BigInt arrays a default, as JavaScript would throw past both', () => {
    // Rare, and mostly in device functions: looked for in every text of a case.
    const found = SAMPLE.filter((c) => c.features.includes('guard:??=:left:bigint'));
    expect(found.length).toBeGreaterThan(0);
    for (const c of found)
      expect([c.source, ...c.helpers.map((h) => h.source)].join('\n')).toMatch(
        /\?\?= \(\w+\[[^\n]+\] \?\? \dn\)\) \?\? /,
      );
  });

  it('makes every atomic of a compare-and-swap array a loop, with no other atomic beside it', () => {
    const looped = SAMPLE.filter((c) => c.features.some((f) => f.startsWith('cas-loop:')));
    expect(looped.length).toBeGreaterThan(0);
    for (const c of looped) {
      // The arrays a loop swaps take no atomic but swaps (a plain read races with any other).
      const swapped = new Set([...c.source.matchAll(/let old\d+(?:, seen\d+)? = (\w+)\[/g)].map((m) => m[1]));
      for (const name of swapped)
        expect(c.source, c.source).not.toMatch(new RegExp(`gpu\\.atomic(?!CAS)\\w+\\(${name},`));
    }
  });
});
