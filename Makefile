# ktxh: one binary, built by `make`; `make check` installs what is missing,
# builds under AddressSanitizer + UndefinedBehaviorSanitizer and runs every test.

CC      ?= cc
PKGS     = sqlite3 libutf8proc jansson libzip expat libsodium libcrypto zlib
# Headers only: opened when first used (src/core/dynlib.h), not at every
# start: libmicrohttpd by the server, poppler by the first PDF read, libpq
# by the first PostgreSQL database, cairo and pango (with fontconfig and
# glib) by the first PDF drawn (src/report/gfx.h), libp11 and p11-kit by
# the first signature with a token (src/sign/cms.c), libxlsxwriter by the
# first spreadsheet written (src/report/rpt_xlsx.c).
HPKGS    = libmicrohttpd poppler-glib libpq cairo pangocairo fontconfig glib-2.0 gobject-2.0 libp11 p11-kit-1 xlsxwriter
WARN     = -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Wpointer-arith -Wformat=2
CFLAGS  ?= -O2 -g
KCFLAGS  = -std=c17 -pthread -D_DEFAULT_SOURCE $(WARN) -Isrc $(shell pkg-config --cflags $(PKGS) $(HPKGS) 2>/dev/null)\
           -DP11_PROXY='"$(shell pkg-config --variable=proxy_module p11-kit-1 2>/dev/null)"'
LDLIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -pthread
SAN      = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

LIBSRC   = $(sort $(wildcard src/core/*.c src/store/*.c src/io/*.c src/report/*.c src/check/*.c src/app/*.c src/sign/*.c src/web/*.c src/cli/*.c))
HDRS     = $(wildcard src/*/*.h)
UNITSRC  = $(sort $(wildcard tests/unit/test_*.c))

OBJ      = $(LIBSRC:src/%.c=build/rel/%.o) build/rel/main.o
SOBJ     = $(LIBSRC:src/%.c=build/san/%.o)
# Unit tests link the layers below the CLI.
TOBJ     = $(filter-out build/san/cli/%,$(SOBJ))
UNITBIN  = $(UNITSRC:tests/unit/%.c=build/san/tests/%)

FUZZSRC  = $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZBIN  = $(FUZZSRC:tests/fuzz/%.c=build/fuzz/%)
FUZZ_SECONDS ?= 60

.PHONY: all check deps unit cli clang-warnings clean bench fuzz soak hardening-report install

PREFIX  ?= /usr/local

all: ktxh

ktxh: $(OBJ)
	$(CC) $(CFLAGS) -o $@ $(OBJ) $(LDLIBS)

build/rel/%.o: src/%.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) $(CFLAGS) -c -o $@ $<

build/san/%.o: src/%.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -Werror -O1 -g $(SAN) -c -o $@ $<

build/san/ktxh: $(SOBJ) build/san/main.o
	$(CC) $(SAN) -o $@ $^ $(LDLIBS)

build/san/tests/%: tests/unit/%.c tests/unit/unit.h $(TOBJ)
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -O1 -g $(SAN) -o $@ $< $(TOBJ) $(LDLIBS) -lcmocka

# The test tools too (make check, .ci/run); ./start and make install need
# only the build and run packages (scripts/install-deps.sh without options).
deps:
	@sh scripts/install-deps.sh --test

# What a province's server needs: the binary, the documentation and the
# example data; no test tools. DESTDIR for packaging.
install:
	@sh scripts/install-deps.sh
	@$(MAKE) --no-print-directory ktxh
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/doc/ktxh \
	    $(DESTDIR)$(PREFIX)/share/ktxh
	install -m 755 ktxh $(DESTDIR)$(PREFIX)/bin/ktxh
	install -m 644 README.md docs/*.md $(DESTDIR)$(PREFIX)/share/doc/ktxh/
	cp -R data/nhon-hung $(DESTDIR)$(PREFIX)/share/ktxh/
	@echo "Đã cài ktxh vào $(DESTDIR)$(PREFIX)/bin, tài liệu vào $(DESTDIR)$(PREFIX)/share/doc/ktxh, dữ liệu mẫu vào $(DESTDIR)$(PREFIX)/share/ktxh/nhon-hung"

# Every test, sanitized. ASAN_OPTIONS makes a leak fail the run.
check: deps
	@$(MAKE) --no-print-directory all build/san/ktxh $(UNITBIN)
	@$(MAKE) --no-print-directory clang-warnings
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=10
	@sh tests/run-all.sh

unit: $(UNITBIN)
	@sh tests/run-all.sh unit

# The same sources must also be warning-free under clang.
clang-warnings:
	@if command -v clang >/dev/null; then \
	  for f in $(LIBSRC) src/main.c; do clang $(KCFLAGS) -Werror -fsyntax-only $$f || exit 1; done; \
	  echo "clang -Wall -Wextra: sạch cảnh báo"; \
	fi

# libFuzzer harnesses, one per parser of outside input (clang only).
build/fuzz/%: tests/fuzz/%.c $(LIBSRC) $(HDRS)
	@mkdir -p $(dir $@)
	clang $(KCFLAGS) -g -O1 -fsanitize=fuzzer,address,undefined -o $@ $< \
	    $(filter-out src/cli/%,$(LIBSRC)) $(LDLIBS)

# Each harness for FUZZ_SECONDS from its seed corpus (tests/fuzz/corpus/NAME).
fuzz: $(FUZZBIN)
	@for f in $(FUZZBIN); do n=$$(basename $$f); mkdir -p build/fuzz/corpus-$$n; \
	  echo "fuzz: $$n for $(FUZZ_SECONDS) s"; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -print_final_stats=0 \
	    build/fuzz/corpus-$$n tests/fuzz/corpus/$$n >build/fuzz/$$n.log 2>&1 \
	    || { tail -n 30 build/fuzz/$$n.log; exit 1; }; \
	  grep -h "^Done\|stat::number_of_executed_units" build/fuzz/$$n.log | tail -n 1; \
	done

# The hardening proofs in one table (scripts/hardening-report.sh); soak runs
# their long versions (50 kills each, 60 s per fuzz harness).
hardening-report: deps
	@$(MAKE) --no-print-directory all build/san/ktxh
	@sh scripts/hardening-report.sh

soak: deps
	@$(MAKE) --no-print-directory all build/san/ktxh
	@SOAK=1 sh scripts/hardening-report.sh

bench: ktxh
	@sh scripts/install-deps.sh --bench
	@sh bench/import.sh
	@sh bench/report.sh
	@sh bench/web.sh
	@sh bench/national.sh

clean:
	rm -rf build ktxh
