#!/usr/bin/env bash
# The main job: installs what gpuc needs, then compiles and runs the examples.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
say "examples"
pnpm --filter @gpuc/examples --silent start
