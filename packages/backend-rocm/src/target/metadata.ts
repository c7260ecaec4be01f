/**
 * A code object's own description of its kernels: the AMDGPU metadata note (`NT_AMDGPU_METADATA`),
 * read in process (note.ts) into typed records. Kernel arguments are packed from it, and the
 * conformance check reads kernarg size, LDS and register counts from it. `parseMetadataNotes`
 * reads the same document as `llvm-readelf --notes` prints it (YAML), where that is at hand.
 */
import { findTool } from '@gpuc/core/compiler';
import { parse } from 'yaml';
import type { CodeObjectMetadata, KernelMetadata } from '../hsa/metadata.js';
import { readMetadataNote } from './note.js';

/** The path of `llvm-readelf`, or null. */
export function findReadelf(): string | null {
  return findTool({
    names: ['llvm-readelf-22', 'llvm-readelf'],
    env: 'GPUC_LLVM_READELF',
    dirs: ['/usr/lib/llvm-22/bin'],
  });
}

/** Reads a code object's metadata note (in process: no LLVM tools needed). */
export function readMetadata(codeObject: Uint8Array): CodeObjectMetadata {
  return metadataOf(readMetadataNote(codeObject));
}

const STRING_TAG = { tag: '!str', resolve: (text: string) => text };

/** The metadata in `llvm-readelf --notes` output. */
export function parseMetadataNotes(printed: string): CodeObjectMetadata {
  const yaml = /^\s*---\s*$([\s\S]*?)^\s*\.\.\.\s*$/m.exec(printed);
  if (!yaml) throw new Error('gpuc: the code object has no AMDGPU metadata note');
  // readelf tags strings YAML would read as booleans (an argument named `y`) with `!str`.
  return metadataOf(parse(yaml[1] as string, { customTags: [STRING_TAG] }) as Record<string, unknown>);
}

/** The typed records of a metadata document. */
function metadataOf(doc: Record<string, unknown>): CodeObjectMetadata {
  const kernels = (doc['amdhsa.kernels'] as Record<string, unknown>[] | undefined) ?? [];
  return {
    target: String(doc['amdhsa.target'] ?? ''),
    version: (doc['amdhsa.version'] as number[] | undefined) ?? [],
    kernels: kernels.map(kernel),
  };
}

function kernel(k: Record<string, unknown>): KernelMetadata {
  const count = (key: string) => Number(k[key] ?? 0);
  const args = (k['.args'] as Record<string, unknown>[] | undefined) ?? [];
  return {
    name: String(k['.name']),
    symbol: String(k['.symbol']),
    args: args.map((a) => ({
      ...(a['.name'] !== undefined ? { name: String(a['.name']) } : {}),
      offset: Number(a['.offset']),
      size: Number(a['.size']),
      valueKind: String(a['.value_kind']),
      ...(a['.address_space'] !== undefined ? { addressSpace: String(a['.address_space']) } : {}),
    })),
    kernargSegmentSize: count('.kernarg_segment_size'),
    kernargSegmentAlign: count('.kernarg_segment_align'),
    groupSegmentFixedSize: count('.group_segment_fixed_size'),
    privateSegmentFixedSize: count('.private_segment_fixed_size'),
    sgprCount: count('.sgpr_count'),
    vgprCount: count('.vgpr_count'),
    sgprSpillCount: count('.sgpr_spill_count'),
    vgprSpillCount: count('.vgpr_spill_count'),
    maxFlatWorkgroupSize: count('.max_flat_workgroup_size'),
    wavefrontSize: count('.wavefront_size'),
  };
}
