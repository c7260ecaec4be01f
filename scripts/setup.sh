#!/usr/bin/env bash
# Installs what gpuc needs on Debian/Ubuntu x86-64, idempotently: the Debian packages LLVM 14 and
# the native addon build need, pnpm, the workspace (which builds the patched llvm-bindings), and
# the packages' tsup builds. Sourced by scripts/examples.sh and scripts/test.sh.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

pnpm_version=10.34.8
debian_packages=(llvm-14-dev lld-14 cmake zlib1g-dev g++ make python3 libhsa-runtime-dev)

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# Node 20.19 or newer.
if ! command -v node >/dev/null 2>&1; then
  echo "gpuc needs Node.js 20.19 or newer; install it first (https://nodejs.org or your package manager)." >&2
  exit 1
fi
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  echo "gpuc needs Node.js 20.19 or newer; this is $(node -v)." >&2
  exit 1
fi

# Debian packages, installed only when missing.
missing=()
for package in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "gpuc needs these Debian packages; install them as root, then run this again:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# pnpm, at the version the workspace pins.
if [ "$(pnpm --version 2>/dev/null || true)" != "$pnpm_version" ]; then
  say "installing pnpm $pnpm_version"
  npm install -g --silent "pnpm@$pnpm_version"
fi

# Native addons build against the local Node headers; nothing may be downloaded but packages.
if [ -z "${npm_config_nodedir:-}" ]; then
  prefix=$(node -p 'require("path").resolve(process.execPath, "../..")')
  if [ -f "$prefix/include/node/node_api.h" ]; then export npm_config_nodedir=$prefix; fi
fi

say "installing the workspace (builds the patched llvm-bindings on first run)"
CI=true pnpm install --frozen-lockfile --reporter=append-only | grep -vE '^(Progress|Packages):' || true
test -f node_modules/.pnpm/node_modules/llvm-bindings/build/Release/llvm-bindings.node || {
  echo "the llvm-bindings addon did not build; see the install output above" >&2
  exit 1
}

say "building the packages"
pnpm exec lerna run build --loglevel=warn >/dev/null
# Commands of packages (gpuc) link only once their builds exist: link them now.
CI=true pnpm install --frozen-lockfile --offline --reporter=silent >/dev/null
