#!/usr/bin/env bash
# Installs what gpuc needs on Debian/Ubuntu x86-64, idempotently: the Debian packages (LLVM 22 and
# lld 22 to build @gpuc/llvm from source, a C compiler for the native target), pnpm, the
# workspace, the @gpuc/llvm binary (built once, when absent), and the packages' tsup builds.
# Sourced by scripts/examples.sh and scripts/test.sh.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

pnpm_version=10.34.8
debian_packages=(llvm-22-dev lld-22 liblld-22-dev zlib1g-dev libzstd-dev g++ make python3 libhsa-runtime-dev)

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

# WebGPU on the CPU for @gpuc/backend-webgpu's tests: Mesa's lavapipe Vulkan driver, which Dawn
# (the `webgpu` package) runs on. Bookworm's own Mesa is too old for Dawn: take backports' (as root
# only; without it the WebGPU tests skip). Dawn wants a runtime directory.
if [ "$(id -u)" -eq 0 ] && grep -q '^VERSION_CODENAME=bookworm' /etc/os-release 2>/dev/null &&
  ! dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null | grep -q bpo; then
  say "installing Mesa's Vulkan drivers from bookworm-backports (WebGPU on the CPU)"
  backports=/etc/apt/sources.list.d/bookworm-backports.sources
  if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' >"$backports"
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq -t bookworm-backports mesa-vulkan-drivers >/dev/null
fi
# Headless Chromium for the browser example's test (examples/test/browser.test.mjs): its WebGPU
# runs on SwiftShader, on the CPU (about 350 MB, a minute to install; as root only, else it skips).
if [ "$(id -u)" -eq 0 ] && ! dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q 'install ok installed'; then
  say "installing Chromium (the WebGPU browser example's test)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp/gpuc-runtime-$(id -u)}
mkdir -p -m 700 "$XDG_RUNTIME_DIR"

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

say "installing the workspace"
CI=true pnpm install --frozen-lockfile --reporter=append-only | grep -vE '^(Progress|Packages):' || true

# @gpuc/llvm's binary: built from source against LLVM 22 when neither a build nor the platform
# package's prebuilt binary is there, or neither is built for the interface this checkout's
# TypeScript side needs (a binary left from before a pull): a few minutes on two cores, once.
interface=$(sed -n 's/^export const BINARY_INTERFACE = \([0-9]*\);$/\1/p' packages/llvm/src/index.ts)
current() {
  [ -f "$1" ] && node -e 'process.exit(require(process.argv[1]).interfaceVersion === Number(process.argv[2]) ? 0 : 1)' \
    "$PWD/$1" "$interface" 2>/dev/null
}
if ! current packages/llvm/native/build/Release/gpuc-llvm.node && ! current packages/llvm-linux-x64-gnu/gpuc-llvm.node; then
  say "building @gpuc/llvm (LLVM 22, linked statically)"
  pnpm --filter @gpuc/llvm run build:native >/dev/null
fi

say "building the packages"
pnpm exec lerna run build --loglevel=warn >/dev/null
# Commands of packages (gpuc) link only once their builds exist: link them now.
CI=true pnpm install --frozen-lockfile --offline --reporter=silent >/dev/null
