/**
 * The records of a code object's AMDGPU metadata note that the runtime lays kernel arguments out
 * from: the driver needs their shape, not the reader (`target/metadata.ts` reads them).
 */

/** One kernel argument as the code object lays it out. */
export interface KernelArgument {
  readonly name?: string;
  readonly offset: number;
  readonly size: number;
  /** `by_value`, `global_buffer`, or one of the hidden kinds (`hidden_global_offset_x`...). */
  readonly valueKind: string;
  readonly addressSpace?: string;
}

/** What the code object says about one kernel. */
export interface KernelMetadata {
  readonly name: string;
  /** The kernel descriptor's symbol (`<name>.kd`), which the runtime loads. */
  readonly symbol: string;
  readonly args: readonly KernelArgument[];
  readonly kernargSegmentSize: number;
  readonly kernargSegmentAlign: number;
  /** Statically allocated LDS, in bytes. */
  readonly groupSegmentFixedSize: number;
  /** Per-work-item scratch, in bytes. */
  readonly privateSegmentFixedSize: number;
  readonly sgprCount: number;
  readonly vgprCount: number;
  readonly sgprSpillCount: number;
  readonly vgprSpillCount: number;
  readonly maxFlatWorkgroupSize: number;
  readonly wavefrontSize: number;
}

/** The metadata of a code object. */
export interface CodeObjectMetadata {
  /** `amdgcn-amd-amdhsa--gfx90a`, with any target features (`:xnack-`...). */
  readonly target: string;
  readonly version: readonly number[];
  readonly kernels: readonly KernelMetadata[];
}
