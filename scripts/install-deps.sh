#!/usr/bin/env bash
# Installs every Debian 12 package the project needs. Idempotent: when all are present it only
# checks (dpkg-query) and exits, so `make run` / `make test` can call it every time.
set -euo pipefail

PACKAGES=(
  build-essential g++-12 cmake ninja-build ccache pkg-config
  libboost1.81-dev
  libgrpc++-dev libgrpc-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libzstd-dev liblz4-dev libsnappy-dev zlib1g-dev
  libsimdjson-dev nlohmann-json3-dev
  libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev
  libre2-dev libabsl-dev libcctz-dev libxxhash-dev libfast-float-dev
  libsqlite3-dev libcurl4-openssl-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  tzdata ca-certificates curl openssl
  python3 python3-requests python3-pymysql python3-psycopg2 python3-snappy python3-protobuf
  python3-influxdb prometheus
  mariadb-client postgresql-client
  nodejs awscli etcd-server etcd-client
)

missing=()
for p in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]] && command -v npm >/dev/null; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
if [[ ${#missing[@]} -gt 0 ]]; then
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# NodeSource's nodejs bundles npm and conflicts with Debian's npm; stock Debian 12 needs it.
command -v npm >/dev/null || $SUDO apt-get install -y -q --no-install-recommends npm
