import { createHash } from 'node:crypto';
import { createCompiler } from '@gpuc/core';
import { createContext, parseModule } from '@gpuc/core/llvm';
import { describe, expect, it } from 'vitest';
import { compiledSaxpy } from '../../core/test/saxpy.js';
import { emitAIR, MetalPlugin } from '../src/index.js';
import { FunctionType, readMetallib, unwrapBitcode, writeMetallib } from '../src/target/metallib.js';

const context = createContext();
const compiler = createCompiler().use(new MetalPlugin());
const saxpy = () => compiledSaxpy(compiler, context, 'metal', { macos: '14.0' });

describe('the metallib container', () => {
  const bitcode = emitAIR(saxpy());
  const library = writeMetallib([{ name: 'saxpy', bitcode }], '14.0');

  it('writes the header, function list, extension, metadata and padded module as Metal lays them out', () => {
    expect(library.toString('latin1', 0, 4)).toBe('MTLB');
    expect(library.readUInt16LE(4)).toBe(0x8001); // format 1, macOS
    expect([library.readUInt16LE(6), library.readUInt16LE(8)]).toEqual([2, 7]);
    expect(library.readUInt8(11)).toBe(0x81); // macOS, 64-bit
    expect(library.readUInt16LE(12)).toBe(14);
    expect(Number(library.readBigUInt64LE(16))).toBe(library.length);
    const listOffset = Number(library.readBigUInt64LE(24));
    const listSize = Number(library.readBigUInt64LE(32));
    expect(listOffset).toBe(88);
    expect(library.readUInt32LE(listOffset)).toBe(1);
    // The list's size leaves out its count; its one group ends with ENDT, then the extension.
    expect(library.toString('latin1', listOffset + listSize, listOffset + listSize + 4)).toBe('ENDT');
    const group = listOffset + 4;
    expect(library.readUInt32LE(group)).toBe(listSize);
    expect(library.toString('latin1', group + 4, group + 8)).toBe('NAME');
    const publicOffset = Number(library.readBigUInt64LE(40));
    expect(library.toString('latin1', listOffset + 4 + listSize, listOffset + 8 + listSize)).toBe('UUID');
    expect(library.subarray(publicOffset, publicOffset + 8)).toEqual(
      Buffer.from([8, 0, 0, 0, 0x45, 0x4e, 0x44, 0x54]),
    );
    const modules = Number(library.readBigUInt64LE(72));
    const size = Number(library.readBigUInt64LE(80));
    expect(modules + size).toBe(library.length);
    expect(size % 16).toBe(0);
    expect(library.readUInt32LE(modules)).toBe(0x0b17c0de);
  });

  it('reads back the functions, versions and bitcode, checking the hash', () => {
    const read = readMetallib(library);
    expect(read.file).toEqual([1, 2, 7]);
    expect(read.macos).toBe(true);
    expect(read.os).toEqual([14, 0]);
    expect(read.uuid?.length).toBe(16);
    expect(read.functions).toHaveLength(1);
    const [fn] = read.functions;
    expect(fn?.name).toBe('saxpy');
    expect(fn?.type).toBe(FunctionType.kernel);
    expect(fn?.air).toEqual([2, 6]);
    expect(fn?.language).toEqual([3, 1]);
    expect(fn?.hash).toEqual(
      createHash('sha256')
        .update(fn?.module as Buffer)
        .digest(),
    );
    const back = parseModule(context, unwrapBitcode(fn?.module as Buffer), 'back.air');
    expect(back.getFunction('saxpy')).not.toBeNull();
    expect(back.verify()).toBeNull();
    back.dispose();
    // The same input writes the same bytes (the UUID comes from the content).
    expect(writeMetallib([{ name: 'saxpy', bitcode }], '14.0').equals(library)).toBe(true);
  });

  it('holds several functions, each at its own module', () => {
    const other = emitAIR(saxpy());
    const two = readMetallib(
      writeMetallib(
        [
          { name: 'a', bitcode },
          { name: 'b', bitcode: other },
        ],
        '15.0',
      ),
    );
    expect(two.file).toEqual([1, 2, 8]);
    expect(two.functions.map((f) => [f.name, f.air.join('.')])).toEqual([
      ['a', '2.7'],
      ['b', '2.7'],
    ]);
  });

  it('refuses damaged libraries and releases it does not target', () => {
    const damaged = Buffer.from(library);
    damaged.writeUInt8((damaged.at(-20) as number) ^ 0xff, damaged.length - 20);
    expect(() => readMetallib(damaged)).toThrow(/does not match its hash/);
    expect(() => readMetallib(library.subarray(0, library.length - 1))).toThrow(/says it is \d+ bytes/);
    expect(() =>
      readMetallib(
        Buffer.from(
          'not a library at all, clearly not one, nothing here to read back at all.....................',
        ),
      ),
    ).toThrow(/no MTLB magic/);
    const wrongSize = Buffer.from(library);
    wrongSize.writeUInt32LE(9999, 92);
    expect(() => readMetallib(wrongSize)).toThrow(/metallib/);
    expect(() => writeMetallib([{ name: 'x', bitcode }], '12.0')).toThrow(/target macOS 13, 14, 15/);
    expect(() => writeMetallib([{ name: 'x', bitcode: Buffer.from('BC') }], '14.0')).toThrow(
      /wrapped bitcode/,
    );
    expect(() => writeMetallib([], '14.0')).toThrow(/at least one function/);
  });
});
