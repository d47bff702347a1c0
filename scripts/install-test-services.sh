#!/usr/bin/env bash
# Installs the object-store servers the integration tests start on loopback: s3rver (S3) and
# azurite (Azure Blob), from the npm registry into build/test-services/node_modules. Idempotent:
# when both are present it exits at once. Versions are pinned (azurite 3.37 needs node >= 22).
set -euo pipefail

DIR="$(cd "$(dirname "$0")/.." && pwd)/build/test-services"
if [[ -x "$DIR/node_modules/.bin/s3rver" && -x "$DIR/node_modules/.bin/azurite-blob" ]]; then
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "install-test-services: npm is missing (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
mkdir -p "$DIR"
cd "$DIR"
[[ -f package.json ]] || npm init -y >/dev/null
echo "install-test-services: npm install s3rver azurite into $DIR"
npm install --no-audit --no-fund --loglevel=error s3rver@3.7.1 azurite@3.35.0 >/dev/null
