# ktxh: one binary, built by `make`; `make check` installs what is missing,
# builds under AddressSanitizer + UndefinedBehaviorSanitizer and runs every test.

CC      ?= cc
PKGS     = sqlite3 libutf8proc jansson
WARN     = -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Wpointer-arith -Wformat=2
CFLAGS  ?= -O2 -g
KCFLAGS  = -std=c17 -D_DEFAULT_SOURCE $(WARN) -Isrc $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
SAN      = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

LIBSRC   = $(sort $(wildcard src/core/*.c src/store/*.c src/io/*.c src/app/*.c src/cli/*.c))
HDRS     = $(wildcard src/*/*.h)
UNITSRC  = $(sort $(wildcard tests/unit/test_*.c))

OBJ      = $(LIBSRC:src/%.c=build/rel/%.o) build/rel/main.o
SOBJ     = $(LIBSRC:src/%.c=build/san/%.o)
# Unit tests link the layers below the CLI.
TOBJ     = $(filter-out build/san/cli/%,$(SOBJ))
UNITBIN  = $(UNITSRC:tests/unit/%.c=build/san/tests/%)

.PHONY: all check deps unit cli clang-warnings clean bench

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

deps:
	@sh scripts/install-deps.sh

# Every test, sanitized. ASAN_OPTIONS makes a leak fail the run.
check: deps
	@$(MAKE) --no-print-directory all build/san/ktxh $(UNITBIN)
	@$(MAKE) --no-print-directory clang-warnings
	@sh tests/run-all.sh

unit: $(UNITBIN)
	@sh tests/run-all.sh unit

# The same sources must also be warning-free under clang.
clang-warnings:
	@if command -v clang >/dev/null; then \
	  for f in $(LIBSRC) src/main.c; do clang $(KCFLAGS) -Werror -fsyntax-only $$f || exit 1; done; \
	  echo "clang -Wall -Wextra: sạch cảnh báo"; \
	fi

bench: ktxh
	@sh bench/import.sh

clean:
	rm -rf build ktxh
