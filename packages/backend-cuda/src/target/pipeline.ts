/**
 * The LLVM pass pipeline the CUDA target optimises with at O3: LLVM 22's `default<O3>` for NVPTX
 * (printed by `opt -mtriple=nvptx64-nvidia-cuda -passes='default<O3>' -print-pipeline-passes`)
 * without the passes that do nothing on gpuc's kernels (the same PTX), or nothing that ptxas does
 * not do as well (other PTX, no more registers, spills or SASS instructions on any kernel of the
 * corpus): about a third less optimisation time than `default<O3>` on the 200-line bench kernel.
 *
 * Left out with the same PTX: the passes for what gpuc's CUDA code never has (coroutines, OpenMP,
 * memory profiling, instrumentation, forced attributes, available-externally functions, automatic
 * variable initialisation, library calls, call-graph profiles, lookup tables, allocation tokens,
 * remarks); the loop vectorizer and its helpers (loop distribution, `inject-tli-mappings`,
 * `chr`; NVPTX has no vector registers for it, and gpuc's pass builder runs no SLP vectorizer);
 * `loop-sink` (profile-guided); three of the eight `instcombine`s, the ones that tidy up
 * after those vectorizers and the last one of each function's simplification (each left out
 * alone or together changes no PTX of the corpus); and, in each function's simplification,
 * `loop-instsimplify` (the `instcombine` after those loop passes does its work), the second
 * `correlated-propagation` and `adce` (together about 5% of the pipeline's time). Nor do gpuc's
 * kernels have what `called-value-propagation` (indirect calls), `lower-constant-intrinsics`
 * (`llvm.is.constant`, `llvm.objectsize`; code generation lowers any left) and
 * `transform-warning` (loops with forced-transformation metadata; it only warns) act on.
 *
 * Left out with other PTX (`bench/cuda/sass-stats.ts` compared each kernel's ptxas output), in
 * each function's simplification: its first `instcombine` (about 9% of the 200-line kernel's
 * optimisation; three kernels' PTX changes, operand order and a `copysign`; the `instcombine`
 * after the loop passes does its work); its first `correlated-propagation` (about 5%; one
 * comparison in bench stencil4 signed where it was unsigned; `constraint-elimination` stays for
 * the bounds that kernels check); GVN's partial redundancy elimination (`gvn<no-pre>`, about 6%:
 * six sgemms 104 registers to 102, conformance matmul and matrix-f16 8 SASS instructions fewer,
 * none worse); `bdce` (about 1%: it narrows what ptxas narrows too, 22 kernels' PTX changes and
 * no cubin's code); `sccp` (about 2%: `ipsccp` propagated the constants before inlining; the
 * warpgroup matmuls' SASS changes, the same size). Each of the four `instcombine`s left, `gvn`
 * itself, `indvars`, `reassociate` and both `early-cse`s makes some kernel worse.
 * `gpuc-inline-params<O3>` and `gpuc-loop-unroll-full<O3>` (@gpuc/llvm) give the inliner and
 * the full unroller O3's thresholds, which the plain textual passes lack.
 *
 * Check a change with bench/cuda/ptx-corpus.ts (PTX before and after, `diff -r`) and, where the
 * PTX differs, bench/cuda/sass-stats.ts. Remove `pipelines` from the CUDA target (target.ts) to go
 * back to `default<O3>`.
 */

/** A group of passes run by an adaptor or manager: `function(...)`, `cgscc(...)`, `loop-mssa(...)`. */
const group = (name: string, passes: readonly string[]) => `${name}(${passes.join(',')})`;

/** SimplifyCFG with the options in `on` on and the others off (as `default<O3>` prints them). */
function simplifycfg(...on: string[]): string {
  const option = (name: string) => (on.includes(name) ? name : `no-${name}`);
  return `simplifycfg<${[
    'bonus-inst-threshold=1',
    ...[
      'forward-switch-cond',
      'switch-range-to-icmp',
      'switch-to-arithmetic',
      'switch-to-lookup',
      'keep-loops',
      'hoist-common-insts',
      'hoist-loads-stores-with-cond-faulting',
      'sink-common-insts',
    ].map(option),
    'speculate-blocks',
    'simplify-cond-branch',
    option('speculate-unpredictables'),
  ].join(';')}>`;
}

const INSTCOMBINE = 'instcombine<max-iterations=1;no-verify-fixpoint>';

/** The CUDA target's O3 pipeline, in the new pass manager's textual syntax. */
export const CUDA_O3_PIPELINE = [
  'nvvm-reflect',
  group('function', ['nvvm-intr-range']),
  'inferattrs',
  group('function<eager-inv>', [
    'lower-expect',
    simplifycfg('keep-loops'),
    'sroa<modify-cfg>',
    'early-cse<>',
    'callsite-splitting',
  ]),
  'ipsccp',
  'globalopt',
  group('function<eager-inv>', ['mem2reg', INSTCOMBINE, simplifycfg('switch-range-to-icmp', 'keep-loops')]),
  'always-inline',
  'gpuc-inline-params<O3>',
  'require<globals-aa>',
  group('function', ['invalidate<aa>']),
  'require<profile-summary>',
  group('cgscc', [
    group('devirt<4>', [
      'inline',
      'function-attrs<skip-non-recursive-function-attrs>',
      'argpromotion',
      group('function<eager-inv;no-rerun>', [
        'sroa<modify-cfg>',
        'early-cse<memssa>',
        'speculative-execution<only-if-divergent-target>',
        'jump-threading',
        simplifycfg('switch-range-to-icmp', 'keep-loops'),
        // (default<O3>'s first instcombine of the simplification here: see the comment above)
        'aggressive-instcombine',
        'tailcallelim',
        simplifycfg('switch-range-to-icmp', 'keep-loops'),
        'reassociate',
        'constraint-elimination',
        group('loop-mssa', [
          'loop-simplifycfg',
          'licm<no-allowspeculation>',
          'loop-rotate<header-duplication;no-prepare-for-lto>',
          'licm<allowspeculation>',
          'simple-loop-unswitch<nontrivial;trivial>',
        ]),
        simplifycfg('switch-range-to-icmp', 'keep-loops'),
        INSTCOMBINE,
        group('loop', [
          'loop-idiom',
          'indvars',
          'extra-simple-loop-unswitch-passes',
          'loop-deletion',
          'gpuc-loop-unroll-full<O3>',
        ]),
        'sroa<modify-cfg>',
        'vector-combine',
        'mldst-motion<no-split-footer-bb>',
        // Without partial redundancy elimination: see the comment above.
        'gvn<no-pre>',
        INSTCOMBINE,
        'jump-threading',
        'memcpyopt',
        'dse',
        group('loop-mssa', ['licm<allowspeculation>']),
        simplifycfg(
          'switch-range-to-icmp',
          'switch-to-arithmetic',
          'keep-loops',
          'hoist-common-insts',
          'sink-common-insts',
        ),
        // (default<O3>'s instcombine here: the one after loop unrolling below does its work)
      ]),
      'function-attrs',
    ]),
  ]),
  'deadargelim',
  'globalopt',
  'globaldce',
  'rpo-function-attrs',
  'recompute-globalsaa',
  group('function<eager-inv>', [
    'drop-unnecessary-assumes',
    'float2int',
    group('loop', ['loop-rotate<header-duplication;no-prepare-for-lto>', 'loop-deletion']),
    'drop-unnecessary-assumes',
    'infer-alignment',
    'loop-load-elim',
    simplifycfg(
      'forward-switch-cond',
      'switch-range-to-icmp',
      'switch-to-arithmetic',
      'switch-to-lookup',
      'hoist-common-insts',
      'sink-common-insts',
    ),
    'vector-combine',
    'loop-unroll<O3>',
    'sroa<preserve-cfg>',
    'infer-alignment',
    INSTCOMBINE,
    group('loop-mssa', ['licm<allowspeculation>']),
    'alignment-from-assumptions',
    'instsimplify',
    'div-rem-pairs',
    'tailcallelim',
    simplifycfg(
      'switch-range-to-icmp',
      'switch-to-arithmetic',
      'keep-loops',
      'hoist-loads-stores-with-cond-faulting',
      'speculate-unpredictables',
    ),
  ]),
  'globaldce',
  'constmerge',
].join(',');
