// What ptxas makes of two PTX corpora (bench/cuda/ptx-corpus.ts's folders, before and after a
// compiler change): for each kernel whose PTX differs, its registers, spilled bytes and SASS
// instruction count on each side, so that a change of PTX can be checked for worse machine code
// without a GPU. SASS instructions are counted from the size of each kernel's `.text` section in
// the cubin (16 bytes an instruction on sm_70 and later; the CUDA toolkit here has no cuobjdump).
//
//   node --conditions=source --import tsx bench/cuda/sass-stats.ts BEFORE AFTER
//
// PTX for `sm_90a` is assembled for `sm_90a`, the rest for `sm_90` (as the device loads it).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printTable } from '../table.js';

const PTXAS = process.env.PTXAS ?? '/usr/local/cuda/bin/ptxas';
const READELF = process.env.READELF ?? 'llvm-readelf-22';

const [before, after] = process.argv.slice(2);
if (before === undefined || after === undefined) {
  console.error('usage: sass-stats.ts BEFORE AFTER');
  process.exit(2);
}

/** Registers, spilled bytes (stores plus loads) and SASS instructions, summed over a file's kernels. */
interface Stats {
  registers: number;
  spills: number;
  instructions: number;
  /** The cubin's `.text` sections, in hex: equal when the SASS is. */
  text: string;
}

const scratch = mkdtempSync(join(tmpdir(), 'sass-stats-'));

function stats(file: string): Stats {
  const ptx = readFileSync(file, 'utf8');
  const arch = /^\.target\s+sm_90a\b/m.test(ptx) ? 'sm_90a' : 'sm_90';
  const cubin = join(scratch, 'out.cubin');
  const run = spawnSync(PTXAS, [`-arch=${arch}`, '-v', file, '-o', cubin], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`ptxas failed on ${file}:\n${run.stderr}`);
  // ptxas -v reports on stderr.
  const report = run.stderr;
  const sum = (pattern: RegExp) => [...report.matchAll(pattern)].reduce((s, m) => s + Number(m[1]), 0);
  const sections = execFileSync(READELF, ['-S', '-W', cubin], { encoding: 'utf8' });
  let instructions = 0;
  for (const line of sections.split('\n')) {
    const m = /\]\s+\.text\.\S+\s+PROGBITS\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)/.exec(line);
    if (m) instructions += Number.parseInt(m[1] as string, 16) / 16;
  }
  const text = execFileSync(READELF, ['-W', ...sectionNames(sections).flatMap((n) => ['-x', n]), cubin], {
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  }).replace(/^Hex dump.*$/gm, '');
  return {
    text,
    registers: sum(/Used (\d+) registers/g),
    spills: sum(/(\d+) bytes spill stores/g) + sum(/(\d+) bytes spill loads/g),
    instructions,
  };
}

/** The names of a cubin's `.text` sections, from `readelf -S`. */
function sectionNames(sections: string): string[] {
  return [...sections.matchAll(/\]\s+(\.text\.\S+)\s+PROGBITS/g)].map((m) => m[1] as string);
}

const rows = [['kernel', 'registers', 'spill bytes', 'SASS instructions', 'verdict']];
let changed = 0;
let worse = 0;
try {
  for (const name of readdirSync(before).filter((f) => f.endsWith('.ptx'))) {
    const a = readFileSync(join(before, name), 'utf8');
    let b: string;
    try {
      b = readFileSync(join(after, name), 'utf8');
    } catch {
      rows.push([name, '', '', '', 'missing after']);
      worse++;
      continue;
    }
    if (a === b) continue;
    changed++;
    const [x, y] = [stats(join(before, name)), stats(join(after, name))];
    const pair = (key: 'registers' | 'spills' | 'instructions') => `${x[key]} -> ${y[key]}`;
    const isWorse = y.registers > x.registers || y.spills > x.spills || y.instructions > x.instructions;
    if (isWorse) worse++;
    rows.push([
      name,
      pair('registers'),
      pair('spills'),
      pair('instructions'),
      isWorse
        ? 'WORSE'
        : y.instructions < x.instructions
          ? 'better'
          : x.text === y.text
            ? 'same SASS'
            : 'SASS differs',
    ]);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`${changed} of the PTX files differ; ${worse} worse in registers, spills or SASS size\n`);
printTable(rows);
