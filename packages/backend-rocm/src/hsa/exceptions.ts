/**
 * What the ROCm runtime's owner word in the exception block says (`(work-group + 1) << 24 |
 * work-item << 8 | reason`), for the device runtime (runtime.ts) and the host (hsa/kernel.ts);
 * free of the compiler, so a launcher-only install does not load it.
 */
import { REASONS } from '@gpuc/core/host';

/** Reason codes in the owner word's low byte. */
export { REASONS };

/** What the owner word says: the work-group and work-item (linear ids) and the reason. */
export function decodeOwner(word: bigint): { workgroup: number; workitem: number; reason: number } {
  return {
    workgroup: Number(word >> 24n) - 1,
    workitem: Number((word >> 8n) & 0xffffn),
    reason: Number(word & 0xffn),
  };
}
