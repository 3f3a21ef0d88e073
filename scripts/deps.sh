#!/usr/bin/env bash
# deps.sh — make sure the Debian packages gongkai builds and tests with are installed.
# As root it installs what is missing (apt-get); otherwise it prints the exact command and fails.
# Usage: scripts/deps.sh [build|test|bench]   (test includes build; bench includes test)
set -euo pipefail
level=${1:-test}

build_pkgs=(build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev
  libsqlite3-dev libmicrohttpd-dev libjansson-dev libsodium-dev libxml2-dev libcmocka-dev
  libxlsxwriter-dev libcairo2-dev libpango1.0-dev fonts-noto-cjk libcmark-dev
  libpoppler-glib-dev libzip-dev libopencc-dev
  libpwquality-dev cracklib-runtime libcurl4-openssl-dev zlib1g-dev libpq-dev)
# Opened with dlopen on first use (src/util/dl.h), so no NEEDED entry of the binary names them: the
# runtime packages are listed here themselves, not only through the -dev packages above.
runtime_pkgs=(libpq5 libcurl4 libpoppler-glib8 libpangocairo-1.0-0 libmicrohttpd12 libzip4 libxml2 libxlsxwriter4 libopencc1.1)
test_pkgs=(clang-format cppcheck curl tidy poppler-utils chromium nodejs npm sqlite3 jq unzip python3 libreoffice-calc-nogui postgresql-15
  nginx-light)
bench_pkgs=(wrk bc)

pkgs=("${build_pkgs[@]}" "${runtime_pkgs[@]}")
[ "$level" = build ] || pkgs+=("${test_pkgs[@]}")
[ "$level" = bench ] && pkgs+=("${bench_pkgs[@]}")

# A package is present when dpkg says so, or — for tools that other distributions of the same
# software provide (e.g. Node.js with its own npm) — when the command is on PATH.
present() {
  case $1 in
  nodejs) command -v node >/dev/null && return 0 ;;
  nginx-light) [ -x /usr/sbin/nginx ] && return 0 ;; # any nginx package will do
  npm | python3 | jq | unzip | curl | sqlite3 | tidy | wrk | bc | cmake | clang) command -v "$1" >/dev/null && return 0 ;;
  esac
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}
missing=()
for p in "${pkgs[@]}"; do
  present "$p" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "gongkai: missing Debian packages. Run as root:" >&2
  echo "  apt-get update && $cmd" >&2
  exit 1
fi
echo "gongkai: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
$cmd -qq
