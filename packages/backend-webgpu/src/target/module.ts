/**
 * The text of a kernel's WGSL module around its functions: the helpers it needs, the parameter
 * words and array bindings, the status buffer, module variables, and the entry point `main`,
 * which keeps the launch's indices in private variables that device functions read too.
 */

import type { ModuleParts } from './context.js';
import { HELPERS } from './helpers.js';

/** What the kernel's writer found: its bindings, body and the words it gave each need. */
export interface KernelParts {
  readonly block: readonly [number, number, number];
  /** Array bindings' declarations. */
  readonly bindings: readonly string[];
  /** The kernel's own body (variables, then statements). */
  readonly body: readonly string[];
  /** Words of the parameter buffer. */
  readonly words: number;
  readonly productFenceWord?: number;
  readonly dynamicLengthWord?: number;
  readonly statusBinding?: number;
}

/** The module's WGSL. */
export function moduleText(parts: ModuleParts, kernel: KernelParts): string {
  const [x, y, z] = kernel.block;
  const { productFenceWord: fence, dynamicLengthWord: dynamicLength } = kernel;
  const subgroups = parts.usesWarps && parts.warps !== 'workgroup';
  const sized = subgroups && parts.warps === 'sized-subgroups';
  return [
    ...(parts.usesF16 ? ['enable f16;'] : []),
    ...(subgroups ? ['enable subgroups;'] : []),
    ...(sized ? ['enable subgroup_size_control;'] : []),
    ...[...parts.helpers].map((name) => HELPERS[name] as string),
    ...(kernel.words > 0
      ? [
          `struct Params { w: array<u32, ${kernel.words}> }`,
          '@group(0) @binding(0) var<storage, read> params: Params;',
        ]
      : []),
    ...kernel.bindings,
    ...(kernel.statusBinding !== undefined
      ? [
          `@group(0) @binding(${kernel.statusBinding}) var<storage, read_write> status: array<atomic<u32>, 4>;`,
        ]
      : []),
    ...parts.moduleVars,
    // The launch's indices, where device functions read them too.
    'var<private> gid: vec3u;',
    'var<private> lid: vec3u;',
    'var<private> wid: vec3u;',
    'var<private> nwg: vec3u;',
    // Zero, as WGSL cannot know it: NaN, infinities and -0 are written as their bits plus it.
    'var<private> gpuc_zero: u32;',
    ...(fence !== undefined ? ['var<private> fence: u32;'] : []),
    ...(parts.dynamic
      ? [
          'override gpuc_dynamic_length: u32 = 1;',
          `var<workgroup> gpuc_dynamic: array<${parts.dynamic.wide ? 'vec2u' : parts.dynamic.f16 ? 'f16' : parts.dynamic.element}, gpuc_dynamic_length>;`,
          'var<private> gpuc_dynamic_count: i32;',
        ]
      : []),
    ...parts.functions,
    `@compute @workgroup_size(${x}, ${y}, ${z})${sized ? ' @subgroup_size(32)' : ''}`,
    'fn main(@builtin(global_invocation_id) g: vec3u, @builtin(local_invocation_id) l: vec3u,',
    `        @builtin(workgroup_id) w: vec3u, @builtin(num_workgroups) n: vec3u${subgroups ? ',' : ') {'}`,
    ...(subgroups
      ? [
          '        @builtin(subgroup_invocation_id) gpuc_sg_lane: u32, @builtin(subgroup_size) gpuc_sg_size: u32) {',
        ]
      : []),
    '  gid = g;',
    '  lid = l;',
    '  wid = w;',
    '  nwg = n;',
    ...(fence !== undefined ? [`  fence = params.w[${fence}];`] : []),
    ...(dynamicLength !== undefined ? [`  gpuc_dynamic_count = i32(params.w[${dynamicLength}]);`] : []),
    ...parts.entry.map((statement) => `  ${statement}`),
    ...kernel.body,
    '}',
    '',
  ].join('\n');
}
