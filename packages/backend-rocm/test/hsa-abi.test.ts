import { type Koffi, koffi } from '@gpuc/core/host';
import { describe, expect, it } from 'vitest';
import { ENUMS, STRUCTS } from '../src/hsa/abi.js';
import { cString, cUnavailable, runC } from './fixtures/hsa-c.js';

/** Lines `key value` printed by a C program, as a map. */
function parse(printed: string): Map<string, number> {
  return new Map(
    printed
      .trim()
      .split('\n')
      .map((line) => {
        const [key, value] = line.split(' ');
        return [key as string, Number(value)];
      }),
  );
}

const members = (type: Koffi.IKoffiCType) => Object.values(koffi().introspect(type).members ?? {});

describe.skipIf(cUnavailable !== null)(
  `the HSA ABI against the C headers (${cUnavailable ?? 'cc and headers found'})`,
  () => {
    it('lays out every struct koffi is given as the C compiler does: size, alignment, member offsets and sizes', () => {
      const body: string[] = [];
      const expected = new Map<string, number>();
      for (const [name, type] of Object.entries(STRUCTS)) {
        body.push(`printf("size.${name} %zu\\n", sizeof(${name}));`);
        body.push(`printf("align.${name} %zu\\n", _Alignof(${name}));`);
        expected.set(`size.${name}`, koffi().sizeof(type));
        expected.set(`align.${name}`, koffi().alignof(type));
        for (const member of members(type)) {
          const key = `${name}.${member.name}`;
          body.push(`printf("offset.${key} %zu\\n", offsetof(${name}, ${member.name}));`);
          body.push(`printf("size.${key} %zu\\n", sizeof(((${name} *)0)->${member.name}));`);
          expected.set(`offset.${key}`, member.offset);
          expected.set(`size.${key}`, koffi().sizeof(member.type));
        }
      }
      const actual = parse(runC(body.join('\n')));
      expect(Object.fromEntries(expected)).toEqual(Object.fromEntries(actual));
      // Every struct the runtime calls take is declared, with its members.
      expect(Object.keys(STRUCTS).length).toBe(10);
      expect(expected.size).toBe(actual.size);
    });

    it('gives every enum constant the value the headers give it', () => {
      const body: string[] = [];
      const expected = new Map<string, number>();
      for (const [prefix, table] of Object.entries(ENUMS))
        for (const [key, value] of Object.entries(table)) {
          const name = `${prefix}${key}`;
          body.push(`printf("%s %lld\\n", ${cString(name)}, (long long)${name});`);
          expected.set(name, value);
        }
      const actual = parse(runC(body.join('\n')));
      expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
      expect(expected.size).toBe(43);
    });
  },
);
