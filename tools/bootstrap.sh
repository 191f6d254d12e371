#!/usr/bin/env bash
# Installs what the project needs, or stops with a message naming what is missing.
# Debian packages (as root): emscripten, Eigen, Catch2 v2, Chromium, Firefox ESR, WebKitGTK
# (WebKitWebDriver + MiniBrowser, under Xvfb), nlohmann-json, wabt (wasm-objdump), clang
# (libFuzzer). npm packages: `npm ci` from package-lock.json. Nothing else is downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(emscripten libeigen3-dev catch2 chromium wabt cmake g++ clang libclang-rt-14-dev firefox-esr webkit2gtk-driver xvfb nlohmann-json3-dev)
missing=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for p in "${APT_PACKAGES[@]}"; do have "$p" || missing+=("$p"); done

if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "bootstrap: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "bootstrap: missing Debian packages: ${missing[*]}" >&2
    echo "bootstrap: install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "bootstrap: Node.js (>= 20.19) and npm are required; install them (e.g. apt-get install nodejs npm)." >&2
  exit 1
fi
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' || {
  echo "bootstrap: Node.js $(node --version) is too old; Vite 8 needs >= 20.19." >&2
  exit 1
}

# npm ci when node_modules is missing or older than the lockfile.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "bootstrap: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
