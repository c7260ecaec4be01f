import { type KernelType, parseType } from '@gpuc/core';
import { describe, expect, it } from 'vitest';
import { argumentRoles } from '../src/derive/index.js';

const types = (...names: string[]) => names.map((t) => parseType(t) as KernelType);

// Alias scopes go to a derivative's arguments by these roles (plugin/alias.ts): one per argument.
describe("a derivative's argument roles", () => {
  it('gives a Duplicated number two roles, so that the arrays after it keep theirs', () => {
    expect(
      argumentRoles(types('f64', 'f64[]', 'f64[]', 'i32'), ['duplicated', 'duplicated', 'const', 'const']),
    ).toEqual(['other', 'other', 'primal', 'shadow', 'primal', 'other']);
  });
});
