#!/bin/sh
# Installs the Debian packages ktxh needs to build, test and benchmark,
# only those missing, as root or through sudo. Safe to run again and again.
set -eu

# Build: compiler, make, pkg-config and the libraries (see README.md for why
# each is there; libpoppler-glib-dev: the text layer of PDFs for ktxh check;
# libssl-dev: libcrypto for signatures (CMS, PKCS#12, X.509)); fonts-liberation2 gives PDFs a metric-compatible Times with Vietnamese letters.
# Tests: cmocka, clang (a second compiler's warnings, libFuzzer), python3
# (JSON and file checks), poppler-utils (pdffonts, pdftotext, pdfsig), openssl
# (test certificates), zip/unzip (tampering with bundles) and LibreOffice
# (it must open our DOCX), Node.js, npm and Chromium (browser tests with
# playwright-core). Bench: sqlite3 and LibreOffice (the references).
PKGS="gcc make pkg-config libc6-dev libsqlite3-dev libutf8proc-dev libjansson-dev
      libzip-dev libexpat1-dev libmicrohttpd-dev libsodium-dev libcairo2-dev libpango1.0-dev libfontconfig-dev libxlsxwriter-dev libpoppler-glib-dev fonts-liberation2 libssl-dev
      libcmocka-dev clang libclang-rt-dev python3 sqlite3 poppler-utils openssl zip unzip
      libreoffice-writer-nogui chromium"

# With --bench, also the reference tools of the benchmarks (bench/): wrk and
# nginx for the web benchmark (nginx's own service is stopped again: the
# benchmark runs its own nginx on a loopback port).
bench=0
[ "${1:-}" = --bench ] && { PKGS="$PKGS wrk nginx"; bench=1; }

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
# Node.js may come from elsewhere (NodeSource's nodejs carries its own npm,
# which Debian's npm package would conflict with): ask for the commands.
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
[ -z "$missing" ] && exit 0
case " $missing " in *" nginx "*) stop_nginx=1 ;; *) stop_nginx=0 ;; esac

if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "install-deps: thiếu gói:$missing — cần quyền root (hoặc sudo) để cài" >&2
	exit 1
fi
echo "install-deps: cài các gói còn thiếu:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
if [ "$bench" = 1 ] && [ "$stop_nginx" = 1 ] && command -v systemctl >/dev/null 2>&1; then
	$SUDO systemctl disable --now nginx >/dev/null 2>&1 || true
fi
