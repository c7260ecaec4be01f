/**
 * The AIR bitcode gpuc writes itself (src/target/bitcode): for every conformance kernel the Metal
 * back-end compiles, LLVM 22's reader reads the module in the metallib back and it verifies,
 * with the same instructions as the compiler's IR; LLVM's bitcode analyzer shows typed pointers
 * and the block and record layout of Apple-built AIR.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileJob, typeOfValue } from '@gpuc/core';
import { findTool } from '@gpuc/core/compiler';
import { createContext, parseModule } from '@gpuc/core/llvm';
import {
  compilerWith,
  conformanceHelpers,
  corpusDirectory,
  entryJob,
  loadConformance,
  refusesMatrix,
} from '@gpuc/core/tools';
import { beforeAll, describe, expect, it } from 'vitest';
import { refusesF64 } from '../src/conformance.js';
import { writeAirBitcode } from '../src/target/bitcode/module.js';
import { readMetallib, unwrapBitcode } from '../src/target/metallib.js';
import { MetalPlugin } from '../src/target/plugin.js';

const context = createContext();
const analyzer = findTool({
  names: ['llvm-bcanalyzer-22', 'llvm-bcanalyzer'],
  dirs: ['/usr/lib/llvm-22/bin'],
});

interface Compiled {
  name: string;
  ir: string;
  bitcode: Buffer;
  /** The module as the metallib stores it (wrapper and padding). */
  stored: Buffer;
}

/** Every corpus kernel the Metal back-end compiles, as AIR from the metallib; refusals checked. */
async function compileCorpus(macos = '13.0', only?: readonly string[]): Promise<Compiled[]> {
  const compiled: Compiled[] = [];
  for (const entry of await loadConformance(corpusDirectory())) {
    if (only && !only.includes(entry.name)) continue;
    const compiler = compilerWith([], new MetalPlugin());
    const argTypes = entry
      .args(conformanceHelpers)
      .map((a) => typeOfValue(a) as NonNullable<ReturnType<typeof typeOfValue>>);
    try {
      const result = compileJob(compiler, entryJob(entry, argTypes, compiler.target('metal', { macos })), {
        kind: 'object',
      });
      const [fn] = readMetallib(result.output as Buffer).functions;
      compiled.push({
        name: entry.name,
        ir: result.ir as string,
        bitcode: unwrapBitcode(fn?.module as Buffer),
        stored: fn?.module as Buffer,
      });
    } catch (error) {
      if (!refusesF64(error) && !refusesMatrix(error)) throw error;
    }
  }
  return compiled;
}

/**
 * A module's globals and instructions as text, with what gpuc's writer deliberately changes
 * undone or left out on both sides: the casts and instructions it adds (uses get back the value
 * or constant expression), instruction metadata, call-site attributes, `poison` (written as
 * `undef`) and the flags the typed-pointer era has no place for.
 */
function comparable(text: string): string[] {
  const added = new Map<string, string>();
  const substitute = (line: string) =>
    line.replace(/%(\.(?:cast|expr)\d+)/g, (_, n: string) => added.get(n) ?? n);
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (!/^ {2}\S|^@/.test(line)) continue;
    const cast = /^ {2}%(\.cast\d+) = bitcast ptr(?: addrspace\(\d+\))? (\S+) to /.exec(line);
    const expression = /^ {2}%(\.expr\d+) = (getelementptr(?: inbounds)?|\w+) (.*)$/.exec(line);
    if (cast) added.set(cast[1] as string, substitute(cast[2] as string));
    else if (expression)
      added.set(expression[1] as string, `${expression[2]} (${substitute(expression[3] as string)})`);
    else lines.push(line);
  }
  return lines.map((line) =>
    substitute(line)
      .replace(/, ![\w.]+ !\d+/g, '')
      .replace(/ #\d+$/, '')
      .replace(/\bpoison\b/g, 'undef')
      .replace(/ (nneg|samesign|disjoint)\b/g, '')
      .replace(/ range\(i\d+ -?\d+, -?\d+\)/g, '')
      .replace(/\btrunc (nuw |nsw )+/g, 'trunc ')
      .replace(/ nuw (\(|i8|i16|i32|i64|float|\[|<|\{)/g, ' $1')
      .replace(
        /(ptr(?: addrspace\(\d+\))?) (?:(?:noundef|nonnull|align \d+|dereferenceable\(\d+\)) )+/g,
        '$1 ',
      )
      .trim(),
  );
}

/** The operand counts of the module's FUNCTION and GLOBALVAR records, as `FUNCTION 18`. */
function recordWidths(text: string): string[] {
  return [...text.matchAll(/^ {2}<(FUNCTION|GLOBALVAR)((?: op\d+=\d+)*)\/>/gm)].map(
    (m) => `${m[1]} ${(m[2]?.match(/op\d+=/g) ?? []).length}`,
  );
}

/** The enum attribute kinds in a dump's attribute groups. */
function attributeKinds(text: string): number[] {
  const groups = /<PARAMATTR_GROUP_BLOCK_ID[\s\S]*?<\/PARAMATTR_GROUP_BLOCK_ID>/.exec(text)?.[0] ?? '';
  const kinds = new Set<number>();
  for (const entry of groups.matchAll(/<ENTRY op0=\d+ op1=\d+((?: op\d+=\d+)*)\/>/g)) {
    const ops = [...(entry[1] ?? '').matchAll(/=(\d+)/g)].map((m) => Number(m[1]));
    for (let i = 0; i < ops.length; ) {
      const form = ops[i] as number;
      if (form === 0) kinds.add(ops[i + 1] as number);
      if (form === 0) i += 2;
      else if (form === 1) i += 3;
      else {
        // A string attribute: key (and value for form 4), each ending with 0.
        i = ops.indexOf(0, i + 1) + 1;
        if (form === 4) i = ops.indexOf(0, i) + 1;
      }
    }
  }
  return [...kinds].sort((a, b) => a - b);
}

/** `llvm-bcanalyzer -dump` of raw bitcode. */
function dump(bitcode: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'gpuc-air-'));
  try {
    writeFileSync(join(dir, 'air.bc'), bitcode);
    return execFileSync(analyzer as string, ['-dump', join(dir, 'air.bc')], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The blocks of a dump, as `depth:name`, and the records directly in the module block. */
function layout(text: string): { blocks: string[]; moduleRecords: string[] } {
  const blocks: string[] = [];
  const moduleRecords: string[] = [];
  let inModule = false;
  for (const line of text.split('\n')) {
    if (/^<\/?MODULE_BLOCK/.test(line)) inModule = line.startsWith('<MODULE');
    const open = /^( *)<([A-Z_a-z0-9]+) NumWords=/.exec(line);
    if (open) blocks.push(`${(open[1] as string).length / 2}:${open[2]}`);
    const record = /^ {2}<([A-Z_]+)[ />]/.exec(line);
    if (inModule && record && !/NumWords=/.test(line)) moduleRecords.push(record[1] as string);
  }
  return { blocks, moduleRecords };
}

/** IR with every instruction, cast and constant form the writer has a record for. */
const EVERY_RECORD = `target triple = "air64-apple-macosx14.0.0"

@g = internal addrspace(3) global [4 x i32] zeroinitializer, align 4
@s = internal addrspace(2) constant [3 x i8] c"ab\\00"

define i32 @every(i32 %a, i64 %b, float %f, <4 x i32> %v, ptr addrspace(1) %p, i1 %c, { i32, float } %agg) {
entry:
  %neg = sub nsw i32 0, %a
  %big = add i64 %b, -9223372036854775807
  %ud = udiv exact i32 %a, 3
  %sh = lshr exact i32 %a, 1
  %fn = fneg float %f
  %fr = frem float %fn, 2.500000e-01
  %ie = insertelement <4 x i32> %v, i32 %neg, i64 2
  %ee = extractelement <4 x i32> %ie, i32 1
  %sv = shufflevector <4 x i32> %ie, <4 x i32> poison, <2 x i32> <i32 3, i32 0>
  %ev = extractvalue { i32, float } %agg, 1
  %iv = insertvalue { i32, float } %agg, i32 7, 0
  %fz = freeze i32 %ee
  %pi = ptrtoint ptr addrspace(1) %p to i64
  %ip = inttoptr i64 %pi to ptr addrspace(1)
  %ac = addrspacecast ptr addrspace(1) %ip to ptr
  %eq = icmp eq ptr addrspace(1) %p, null
  %sel = select i1 %c, ptr addrspace(1) %p, ptr addrspace(1) %ip
  %ld = load volatile i32, ptr addrspace(1) %sel, align 4
  store i32 %ld, ptr %ac, align 4
  %ui = fptoui float %ev to i16
  %zx = zext i16 %ui to i32
  %tr = trunc i64 %big to i8
  %sx = sext i8 %tr to i32
  %hf = fptrunc float %f to half
  %dx = fpext half %hf to double
  %bc = bitcast float %f to i32
  %gv = getelementptr inbounds [4 x i32], ptr addrspace(3) @g, i64 0, i64 2
  store i32 %sx, ptr addrspace(3) %gv, align 4
  %sp = getelementptr inbounds [3 x i8], ptr addrspace(2) @s, i64 0, i64 1
  %ch = load i8, ptr addrspace(2) %sp, align 1
  %x = alloca [2 x float], align 8
  store float 0x3FB99999A0000000, ptr %x, align 8
  switch i32 %fz, label %other [
    i32 0, label %zero
    i32 -5, label %loop
  ]

zero:
  unreachable

loop:
  %i = phi i32 [ 0, %entry ], [ %next, %loop ]
  %acc = phi ptr addrspace(1) [ %p, %entry ], [ %acc, %loop ]
  %next = add nuw nsw i32 %i, 1
  %done = icmp uge i32 %next, %zx
  br i1 %done, label %other, label %loop

other:
  %r = phi i32 [ %bc, %entry ], [ %next, %loop ]
  %t = call i32 @helper(i32 %r, i1 true)
  ret i32 %t
}

define internal i32 @helper(i32 %x, i1 %y) {
  %z = select i1 %y, i32 %x, i32 -1
  ret i32 %z
}
`;

describe('AIR records', () => {
  it('round-trip through LLVM 22 for every instruction, cast and constant form the writer knows', () => {
    const back = parseModule(context, writeAirBitcode(EVERY_RECORD), 'every.air');
    try {
      expect(back.verify()).toBeNull();
      expect(comparable(back.print())).toEqual(comparable(EVERY_RECORD));
    } finally {
      back.dispose();
    }
  });
});

describe('AIR bitcode written by gpuc', () => {
  let corpus: Compiled[] = [];
  beforeAll(async () => {
    corpus = await compileCorpus();
  }, 300_000);

  it("reads back with LLVM 22 and verifies, with the compiler IR's globals and instructions, for every corpus kernel Metal compiles", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(14);
    for (const { name, ir, bitcode } of corpus) {
      const back = parseModule(context, bitcode, `${name}.air`);
      try {
        expect(back.verify(), name).toBeNull();
        expect(comparable(back.print()), name).toEqual(comparable(ir));
      } finally {
        back.dispose();
      }
    }
  });

  it("is stored in the metallib in the wrapper of Apple's AIR (Metal.jl's kernel.14.metallib)", () => {
    for (const { name, bitcode, stored } of corpus) {
      // magic, version 0, offset 20, size, CPU type 0xFFFFFFFF; then the module padded to 16.
      const header = [0, 4, 8, 12, 16].map((at) => stored.readUInt32LE(at));
      expect(header, name).toEqual([0x0b17c0de, 0, 20, bitcode.length, 0xffffffff]);
      expect(stored.length % 16, name).toBe(0);
      expect(bitcode.subarray(0, 4), name).toEqual(Buffer.from('BC\xc0\xde', 'latin1'));
    }
  });

  it.skipIf(analyzer === null)(
    'has typed pointers: POINTER type records with a pointee, no OPAQUE_POINTER',
    () => {
      for (const { name, bitcode } of corpus) {
        const text = dump(bitcode);
        expect(text, name).not.toMatch(/OPAQUE_POINTER/);
        expect(text, name).toMatch(/<POINTER op0=\d+ op1=[0-3]\/>/);
      }
    },
  );

  /*
   * The layout of Apple-built AIR, as `llvm-bcanalyzer-22 -dump` shows the module in
   * test/metallib/kernel.14.metallib of github.com/JuliaGPU/Metal.jl (commit 1323fcd5bf80, built
   * by Apple's `metal` 32023.154): an IDENTIFICATION block with an empty producer and epoch 0,
   * MODULE version 2 (relative operand ids, names in a STRTAB), these sub-blocks in this order.
   * Apple's also has a BLOCKINFO block (abbreviations only) and a SYMTAB block (the linker's
   * symbol table), which gpuc does not write. What depends on the target, from the same
   * repository's *.13, *.14 and *.15 metallibs: FUNCTION and GLOBALVAR records have 18 and 16
   * operands for macOS 13, 21 and 18 for 14 and 15; macOS 13's attributes are only of kinds
   * 11, 18, 20, 21 and 48 (nocapture, nounwind, readnone, readonly, norecurse), 14's and 15's
   * also 52, 61, 62, 63, 68 and 70 (writeonly, willreturn, nofree, nosync, noundef,
   * mustprogress). gpuc keeps kinds up to 48 (LLVM 4's) for macOS 13: convergent (43) too.
   */
  const RECORD_WIDTHS: Record<string, { FUNCTION: number; GLOBALVAR: number }> = {
    '13.0': { FUNCTION: 18, GLOBALVAR: 16 },
    '14.0': { FUNCTION: 21, GLOBALVAR: 18 },
    '15.0': { FUNCTION: 21, GLOBALVAR: 18 },
  };
  const APPLE_MODULE_BLOCKS = [
    'TYPE_BLOCK_ID',
    'PARAMATTR_GROUP_BLOCK_ID',
    'PARAMATTR_BLOCK',
    'CONSTANTS_BLOCK',
    'METADATA_KIND_BLOCK',
    'METADATA_BLOCK',
    'OPERAND_BUNDLE_TAGS_BLOCK',
    'UnknownBlock26', // SYNC_SCOPE_NAMES, which LLVM 22's analyzer does not name
    'FUNCTION_BLOCK',
    'VALUE_SYMTAB',
  ];
  const APPLE_MODULE_RECORDS = [
    'VERSION',
    'TRIPLE',
    'DATALAYOUT',
    'SOURCE_FILENAME',
    'FUNCTION',
    'VSTOFFSET',
  ];

  it.skipIf(analyzer === null)("has the block and record layout of Apple's AIR for macOS 13", () => {
    for (const { name, bitcode } of corpus) {
      const text = dump(bitcode);
      expect(text, name).toMatch(
        /<IDENTIFICATION_BLOCK_ID[^>]*>\s*<STRING abbrevid=4\/> record string = ''\s*<EPOCH abbrevid=5 op0=0\/>/,
      );
      expect(text, name).toMatch(/<MODULE_BLOCK[^>]*>\s*<VERSION op0=2\/>/);
      const { blocks, moduleRecords } = layout(text);
      expect(
        blocks.filter((b) => b.startsWith('0:')),
        name,
      ).toEqual(['0:IDENTIFICATION_BLOCK_ID', '0:MODULE_BLOCK', '0:STRTAB_BLOCK']);
      // Module sub-blocks in Apple's order (each kind where this module has one).
      const sub = [...new Set(blocks.filter((b) => b.startsWith('1:')).map((b) => b.slice(2)))];
      expect(sub, name).toEqual(APPLE_MODULE_BLOCKS.filter((b) => sub.includes(b)));
      expect(sub, name).toEqual(
        expect.arrayContaining(['TYPE_BLOCK_ID', 'METADATA_BLOCK', 'FUNCTION_BLOCK', 'VALUE_SYMTAB']),
      );
      const records = [...new Set(moduleRecords.filter((r) => r !== 'GLOBALVAR'))];
      expect(records, name).toEqual(APPLE_MODULE_RECORDS);
      expect(recordWidths(text), name).toEqual(
        expect.arrayContaining([`FUNCTION ${RECORD_WIDTHS['13.0']?.FUNCTION}`]),
      );
      expect(new Set(recordWidths(text)), name).toEqual(
        new Set(recordWidths(text).filter((w) => ['FUNCTION 18', 'GLOBALVAR 16'].includes(w))),
      );
      expect(
        attributeKinds(text).filter((kind) => kind > 48),
        name,
      ).toEqual([]);
      expect(text, name).toMatch(/<FNENTRY( abbrevid=\d+)? op0=\d+ op1=\d+\/>/);
    }
  });

  it.skipIf(analyzer === null)(
    'widens FUNCTION and GLOBALVAR records for macOS 14 and 15, and keeps newer attributes, as Apple does',
    async () => {
      for (const macos of ['14.0', '15.0']) {
        const widths = RECORD_WIDTHS[macos] as { FUNCTION: number; GLOBALVAR: number };
        const kinds = new Set<number>();
        const found = new Set<string>();
        for (const { bitcode } of await compileCorpus(macos, ['saxpy', 'shared-f32', 'atomics-32bit'])) {
          const text = dump(bitcode);
          for (const width of recordWidths(text)) found.add(width);
          for (const kind of attributeKinds(text)) kinds.add(kind);
        }
        expect(found, macos).toEqual(
          new Set([`FUNCTION ${widths.FUNCTION}`, `GLOBALVAR ${widths.GLOBALVAR}`]),
        );
        expect([...kinds], macos).toEqual(expect.arrayContaining([61, 62, 63, 70]));
      }
    },
    120_000,
  );
});
