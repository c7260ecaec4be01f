// A first kernel from a precompiled bundle in fresh processes, against the same steps in C:
// first-kernel.mjs in an install without the compiler beside first-kernel.c, for a PTX and a
// cubin bundle, with Node alone as the floor's first term. Each process is timed from outside
// (spawn to exit) and reports its phases (ms since it began: Node's time origin, C's main) from
// inside; the kinds take turns, round after round, and the rows are medians.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from '../table.js';

/** One kind of process: its median wall time and the medians of the phases it printed. */
export interface FirstKernelRow {
  what: string;
  wall: number;
  phases: Record<string, number>;
}

/**
 * Times the processes in `rounds` interleaved rounds, the first not counted (it fills the
 * driver's JIT cache for PTX). `app` holds first-kernel.mjs, saxpy.json (PTX) and
 * saxpy-cubin.json; `cProgram` is first-kernel.c built against libcuda.
 */
export function timeFirstKernels(app: string, cProgram: string, rounds = 8): FirstKernelRow[] {
  // A lent machine's environment may set NODE_EXTRA_CA_CERTS, which makes every Node start
  // parse a CA bundle (50 to 70 ms on the development machine); a user's seldom does and the C
  // program never pays it: the processes run without it, and a row shows what it costs.
  const { NODE_EXTRA_CA_CERTS: extraCerts, ...plainEnv } = process.env;
  const images = mkdtempSync(join(tmpdir(), 'gpuc-first-images-'));
  const kinds: { what: string; command: string; args: string[]; env: NodeJS.ProcessEnv }[] = [
    { what: 'Node alone (node -e 0)', command: process.execPath, args: ['-e', '0'], env: plainEnv },
  ];
  if (extraCerts)
    kinds.push({
      ...(kinds[0] as (typeof kinds)[0]),
      what: 'Node alone, NODE_EXTRA_CA_CERTS set',
      env: process.env,
    });
  for (const [label, file] of [
    ['PTX', 'saxpy.json'],
    ['cubin', 'saxpy-cubin.json'],
  ] as const) {
    const bundle = JSON.parse(readFileSync(join(app, file), 'utf8'));
    const image = join(images, `${label}.image`);
    writeFileSync(image, Buffer.from(bundle.code, bundle.encoding));
    kinds.push({
      what: `gpuc, ${label} bundle`,
      command: process.execPath,
      args: ['first-kernel.mjs', file],
      env: plainEnv,
    });
    kinds.push({
      what: `C driver API, ${label}`,
      command: cProgram,
      args: [image, bundle.entry],
      env: plainEnv,
    });
  }
  const walls = new Map<string, number[]>();
  const phases = new Map<string, Record<string, number[]>>();
  const failed = new Set<string>();
  try {
    for (let round = 0; round < rounds; round++) {
      for (const { what, command, args, env } of kinds) {
        if (failed.has(what)) continue;
        const start = performance.now();
        const child = spawnSync(command, args, { cwd: app, encoding: 'utf8', env });
        const wall = performance.now() - start;
        if (child.status !== 0) {
          console.error(`${what}: ${child.stderr.trim()}`);
          failed.add(what);
          continue;
        }
        if (round === 0) continue;
        walls.set(what, [...(walls.get(what) ?? []), wall]);
        const line = child.stdout.trim().split('\n').pop() || '{}';
        const seen = phases.get(what) ?? {};
        for (const [phase, ms] of Object.entries(JSON.parse(line) as Record<string, number>))
          seen[phase] = [...(seen[phase] ?? []), ms];
        phases.set(what, seen);
      }
    }
  } finally {
    rmSync(images, { recursive: true, force: true });
  }
  return kinds.flatMap(({ what }) => {
    const times = walls.get(what);
    if (failed.has(what) || !times) return [];
    const medians = Object.entries(phases.get(what) ?? {}).map(([k, v]) => [k, median(v)] as const);
    return [{ what, wall: median(times), phases: Object.fromEntries(medians) }];
  });
}

/** Prints the rows, each gpuc row as a ratio to its C row, and the floor no Node program can beat. */
export function printFirstKernels(rows: readonly FirstKernelRow[], rounds = 8): void {
  if (rows.length === 0) return;
  console.log(
    `\nfirst kernel from a bundle in a new process (medians of ${rounds - 1} processes after one, kinds interleaved):`,
  );
  const wallOf = (what: string) => rows.find((r) => r.what === what)?.wall;
  for (const row of rows) {
    const c = row.what.startsWith('gpuc')
      ? wallOf(row.what.replace(/gpuc, (\w+) bundle/, 'C driver API, $1'))
      : undefined;
    const phases = Object.entries(row.phases)
      .map(([phase, ms]) => `${phase} ${ms.toFixed(1)}`)
      .join(', ');
    console.log(
      `  ${row.what.padEnd(24)} ${row.wall.toFixed(1).padStart(7)} ms${c ? ` (${(row.wall / c).toFixed(2)}x C)` : ''}${phases ? `; ms since start at the end of: ${phases}` : ''}`,
    );
  }
  // No Node program can make its first driver call before Node itself has started: the floor is
  // Node's start plus the C program, and what gpuc adds is the rest.
  const node = wallOf('Node alone (node -e 0)');
  for (const label of ['PTX', 'cubin']) {
    const gpuc = wallOf(`gpuc, ${label} bundle`);
    const c = wallOf(`C driver API, ${label}`);
    if (node === undefined || gpuc === undefined || c === undefined) continue;
    console.log(
      `  ${label}: floor (Node's start + C) ${(node + c).toFixed(1)} ms = ${((node + c) / c).toFixed(2)}x C; gpuc adds ${(gpuc - node - c).toFixed(1)} ms above it`,
    );
  }
}
