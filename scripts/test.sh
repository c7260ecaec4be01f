#!/usr/bin/env bash
# Runs every check gpuc has: lint and format (Biome), type checking (tsc, strict), and all tests
# (vitest), after installing what they need. Exits non-zero on any failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

say "lint and format (biome)"
pnpm exec biome check .

say "import direction (layers, ARCHITECTURE.md)"
node scripts/layers.mjs

say "type check (tsc --noEmit, strict)"
pnpm exec lerna run typecheck --loglevel=warn
pnpm exec tsc -p bench/tsconfig.json

say "tests (vitest)"
status=0
pnpm exec vitest run || status=$?
node scripts/test-summary.mjs .vitest-results.json

# What a user's install does: the packed tarballs with npm and pnpm, scripts disabled, LLVM hidden.
say "install check (packed tarballs, npm and pnpm, LLVM hidden)"
bash packages/llvm/scripts/install-check.sh || status=$?

# The same tests on the newest LTS line (Node 24), from the registry's Node binary package.
node24=$(bash scripts/node-release.sh 24)
say "tests (vitest) on Node $("$node24" --version)"
"$node24" node_modules/vitest/vitest.mjs run || status=$?
node scripts/test-summary.mjs .vitest-results.json
exit $status
