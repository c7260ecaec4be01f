import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, catalogueEntries, hostDeviceMath, mathLibrary } from '../../src/entry/compiler.js';
import { gpu } from '../../src/index.js';

describe('the intrinsic catalogue', () => {
  it("gives JavaScript's own function as the reference of every Math and Number entry", () => {
    for (const [name, entry] of catalogueEntries()) {
      const [namespace, member] = name.split('.');
      if (namespace === 'Math') expect(entry.reference, name).toBe(Math[member as keyof Math]);
      if (namespace === 'Number')
        expect(entry.reference, name).toBe(member ? Number[member as keyof NumberConstructor] : Number);
    }
    expect(CATALOGUE.BigInt.reference).toBe(BigInt);
  });

  it("has each gpu entry in the reference runner's gpu object, a property where it is read as one", () => {
    for (const [name, entry] of catalogueEntries()) {
      if (!name.startsWith('gpu.')) continue;
      const path = name.split('.').slice(1);
      const owner = path.slice(0, -1).reduce<Record<string, unknown>>((o, key) => o[key] as never, gpu);
      const descriptor = Object.getOwnPropertyDescriptor(owner, path.at(-1) as string);
      expect(descriptor, name).toBeDefined();
      const isFunction = typeof descriptor?.value === 'function';
      expect(isFunction, name).toBe(!entry.property);
    }
  });

  it('marks only functions the device math library defines, in f32 too where it says so', () => {
    const library = hostDeviceMath();
    for (const { name, arity, single } of mathLibrary()) {
      expect(library[`gpuc_${name}`]?.length, name).toBe(arity);
      if (single) expect(library[`gpuc_${name}f`], `${name}f`).toBeTypeOf('function');
    }
  });

  it('is what docs/language.md lists: every Math function, and the ones folded', () => {
    const doc = readFileSync(new URL('../../../../docs/language.md', import.meta.url), 'utf8');
    const paragraph = /\*\*Math\*\*:[\s\S]*?\n\n/.exec(doc)?.[0] ?? '';
    const words = new Set(paragraph.match(/[\w]+/g));
    const math = catalogueEntries().filter(([name]) => name.startsWith('Math.'));
    for (const [name] of math) expect(words.has(name.slice('Math.'.length)), name).toBe(true);
    const folded = /`Math\.((?:\w+ )*\w+)` on them, folded/.exec(doc)?.[1]?.split(' ');
    expect(folded?.sort()).toEqual(
      math
        .filter(([, entry]) => entry.fold)
        .map(([name]) => name.slice('Math.'.length))
        .sort(),
    );
  });

  it("is what docs/language.md's table of gpu intrinsics lists", () => {
    const doc = readFileSync(new URL('../../../../docs/language.md', import.meta.url), 'utf8');
    const table = /## Intrinsics[\s\S]*?\*\*Math\*\*/.exec(doc)?.[0] ?? '';
    const words = new Set(table.match(/\w+/g));
    for (const [name] of catalogueEntries()) {
      if (!name.startsWith('gpu.')) continue;
      // `gpu.threadIdx.{x,y,z}` by its group; `gpu.atomicAdd/Sub/...` by its operation.
      const member = name.split('.')[1] as string;
      expect(words.has(member) || words.has(member.replace(/^atomic/, '')), name).toBe(true);
    }
  });
});
