#!/usr/bin/env bash
# Installs what Tidewater needs on a fresh Debian machine that has Node.js and npm,
# skipping whatever is already there. Sourced by start.sh and test.sh.
set -euo pipefail

# Debian packages: FFmpeg (with libx264, libsrt), libsrt and its tools, Redis,
# Chromium for the end-to-end tests, and a font for the demo's burned-in clock.
required_commands=(ffmpeg ffprobe srt-live-transmit redis-server chromium)
required_packages=(ffmpeg libsrt1.5-openssl srt-tools redis-server chromium fonts-dejavu-core)

log() { printf 'bootstrap: %s\n' "$*" >&2; }

ensure_system_packages() {
  local missing=()
  for cmd in "${required_commands[@]}"; do command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd"); done
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf ] || missing+=(font)
  # Not `| grep -q`: grep would exit at the first match, ldconfig then dies of SIGPIPE, and
  # under pipefail libsrt counted as missing on every run (an apt-get update at each start).
  if ! ldconfig -p 2>/dev/null | grep 'libsrt' >/dev/null; then missing+=(libsrt); fi
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    log "missing: ${missing[*]}. Install as root: apt-get install -y ${required_packages[*]}"
    exit 1
  fi
  log "installing Debian packages (missing: ${missing[*]})"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${required_packages[@]}" >/dev/null
}

ensure_bun() {
  if command -v bun >/dev/null 2>&1 && bun --version >/dev/null 2>&1; then return 0; fi
  log "installing Bun from the npm registry"
  npm install -g bun >/dev/null 2>&1
  if ! bun --version >/dev/null 2>&1; then
    # npm may skip the package's install script; it places the platform binary.
    node "$(npm root -g)/bun/install.js"
  fi
  bun --version >/dev/null
}

ensure_dependencies() {
  # Reinstall only when the lockfile changed since the last install.
  local stamp=node_modules/.bootstrap-lock-hash
  local current
  current=$(sha256sum bun.lock | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$current" ]; then return 0; fi
  log "installing npm dependencies (bun install --frozen-lockfile)"
  bun install --frozen-lockfile >/dev/null
  echo "$current" >"$stamp"
}

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ensure_system_packages
ensure_bun
ensure_dependencies
