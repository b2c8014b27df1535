#!/bin/sh
# Installs the Debian packages ktxh needs, only those missing, as root or
# through sudo. Safe to run again and again. Three groups:
#
#   (none)   build and run: what `./start` and `make install` need on a
#            province's server — compiler, make, pkg-config and the libraries
#            (README.md says why each is there), fonts-liberation2 (PDFs get a
#            metric-compatible Times with Vietnamese letters), libssl-dev
#            (libcrypto: CMS, PKCS#12 and X.509 for ktxh sign and bundle),
#            libp11-dev and libp11-kit-dev (a signing key on a USB token:
#            PKCS#11 through libp11, its RFC 7512 URI parsed by p11-kit,
#            p11-kit-modules: the proxy of the registered token drivers).
#   --test   also the test tools of `make check` (and .ci/run): cmocka, clang
#            (a second compiler's warnings, libFuzzer), python3 (JSON and file
#            checks), poppler-utils (pdffonts, pdftotext, pdfsig), openssl
#            (test certificates), softhsm2 and opensc (a software token
#            for the PKCS#11 signing test), zip/unzip (tampered bundles), LibreOffice (it must
#            open our DOCX), Node.js, npm and Chromium (browser tests with
#            playwright-core), PostgreSQL 15's server and client (every
#            store, CLI and HTTP test runs on a throwaway PostgreSQL server
#            too). libpq-dev (run): the PostgreSQL backend.
#   --bench  also the references of `make bench` (bench/): sqlite3 (import
#            and roll-up), LibreOffice and poppler-utils (reports), python3,
#            wrk and nginx (nginx's own service is stopped again: the
#            benchmark runs its own nginx on a loopback port). PostgreSQL comes
#            with --test; bench/national.sh skips its figures without psql.
set -eu

PKGS="gcc make pkg-config libc6-dev libsqlite3-dev libpq-dev libutf8proc-dev libjansson-dev
      libzip-dev libexpat1-dev libmicrohttpd-dev libsodium-dev libcairo2-dev
      libpango1.0-dev libfontconfig-dev libxlsxwriter-dev libpoppler-glib-dev
      fonts-liberation2 libssl-dev libp11-dev libp11-kit-dev p11-kit-modules"
TEST_PKGS="libcmocka-dev clang libclang-rt-dev python3 poppler-utils openssl softhsm2 opensc zip
      unzip libreoffice-writer-nogui chromium postgresql-15 postgresql-client-15"
BENCH_PKGS="sqlite3 python3 poppler-utils libreoffice-writer-nogui wrk nginx"

test=0 bench=0
for a in "$@"; do
	case $a in
	--test) PKGS="$PKGS $TEST_PKGS"; test=1 ;;
	--bench) PKGS="$PKGS $BENCH_PKGS"; bench=1 ;;
	*) echo "install-deps: không rõ tùy chọn “$a” (dùng --test, --bench)" >&2; exit 2 ;;
	esac
done

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
# Node.js may come from elsewhere (NodeSource's nodejs carries its own npm,
# which Debian's npm package would conflict with): ask for the commands.
if [ "$test" = 1 ]; then
	command -v node >/dev/null 2>&1 || missing="$missing nodejs"
	command -v npm >/dev/null 2>&1 || missing="$missing npm"
fi
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
