// Issue 16's table of bench/cuda: gpuc kernels written as a skilled user writes them, each as a
// ratio to its best peer (cuBLAS's GEMM, reference.cu's CUDA C, the device copy's bandwidth),
// then cuBLAS's GEMMs themselves.
import { printTable } from '../table.js';
import type { BenchCase } from './cases.js';
import type { GemmRows } from './gemm-peers.js';

/** A timed kernel of the table: its case, milliseconds per launch, and its check ('ok' or what differs). */
export interface PeerRow {
  readonly c: BenchCase;
  readonly ms: number;
  readonly check: string;
}

const tflops = (flops: number, ms: number) => (flops / (ms * 1e9)).toFixed(1);

/**
 * Prints the table; `reference` is reference.cu's JSON (kernel milliseconds, `copy-GBps`).
 * Returns the rows as printed, for the JSON results.
 */
export function printPeers(peers: PeerRow[], gemms: GemmRows, reference: Record<string, number>): string[][] {
  const copy = reference['copy-GBps'];
  const gemmMs = (peer: string) => {
    const [, kind, n] = peer.split(':');
    return gemms.rows.find((r) => r.kind === kind && r.n === Number(n))?.ms;
  };
  const table = [
    ['kernel', 'gpuc ms', 'check', 'peer', 'peer ms', 'gpuc/peer', 'GB/s', '% of copy', 'TFLOP/s'],
  ];
  for (const { c, ms, check } of peers) {
    const peer = c.peer ?? `nvcc:${c.name}`;
    const peerMs = peer.startsWith('cublas:')
      ? gemmMs(peer)
      : peer.startsWith('nvcc:')
        ? reference[peer.slice(5)]
        : undefined;
    const gbps = c.bytes ? c.bytes / (ms * 1e6) : undefined;
    table.push([
      c.name,
      ms.toFixed(3),
      check === 'ok' ? check : `WRONG: ${check}`,
      peer === 'copy'
        ? 'device copy'
        : peer.replace(/^cublas:(\w+):\d+$/, 'cuBLAS $1').replace(/^nvcc:/, 'CUDA C '),
      peerMs ? peerMs.toFixed(3) : '-',
      peerMs ? (ms / peerMs).toFixed(2) : '-',
      gbps ? gbps.toFixed(0) : '-',
      gbps && copy ? `${((100 * gbps) / copy).toFixed(0)}%` : '-',
      c.flops ? tflops(c.flops, ms) : '-',
    ]);
  }
  printTable(table);
  if (gemms.skipped) console.log(`\ncuBLAS rows left out: ${gemms.skipped}`);
  else {
    console.log(
      `\ncuBLAS ${gemms.version} GEMMs, C = A B (n x n, C in f32), checked against the CPU: ms (TFLOP/s)`,
    );
    const kinds = [...new Set(gemms.rows.map((r) => r.kind))];
    const gemmTable = [['n', ...kinds]];
    for (const n of [...new Set(gemms.rows.map((r) => r.n))]) {
      gemmTable.push([
        String(n),
        ...kinds.map((kind) => {
          const row = gemms.rows.find((r) => r.kind === kind && r.n === n);
          if (!row) return '-';
          const cell = `${row.ms.toFixed(3)} (${tflops(2 * n ** 3, row.ms)})`;
          return row.check === 'ok' ? cell : `${cell} WRONG: ${row.check}`;
        }),
      ]);
    }
    printTable(gemmTable);
  }
  return table;
}
