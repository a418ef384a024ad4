#!/usr/bin/env bash
# Sets up what is missing, then runs the origin with embedded defaults and the demo stream.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/bootstrap.sh
exec bun run origin/main.ts "$@"
