/* cmd_gen.c: ktxh gen — a synthetic country (io/gen.c) written as an
 * import directory, for tests and benchmarks at any size up to the
 * national one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "io/gen.h"

static void
gen_progress(size_t values, void *arg)
{
	(void)arg;
	fprintf(stderr, "\rđã ghi %zu số liệu…", values);
}

/* An integer option in [lo, hi], or def when absent; -1 when invalid. */
static long long
int_opt(struct cli *cl, const char *name, long long def, long long lo,
    long long hi)
{
	const char *s = cli_get(cl, name);
	char *end;
	long long v;

	if (s == NULL)
		return def;
	v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < lo || v > hi) {
		cli_fail(cl, EXIT_USAGE, "--%s “%s” không hợp lệ: cần số nguyên từ "
		    "%lld đến %lld", name, s, lo, hi);
		return -1;
	}
	return v;
}

int
cmd_gen(struct cli *cl)
{
	const char *out = cli_get(cl, "out");
	struct gen_opts o;
	struct gen_counts n;
	struct buf err = BUF_INIT;
	long long seed;
	bool tty = isatty(2) != 0;
	struct timespec t0, t1;
	int rc = EXIT_OK;

	if (out == NULL || cli_get(cl, "seed") == NULL)
		return cli_fail(cl, EXIT_USAGE, "cần --seed N và --out THƯ_MỤC; ví "
		    "dụ: ktxh gen --seed 1 --out quoc-gia");
	memset(&o, 0, sizeof(o));
	if ((seed = int_opt(cl, "seed", 1, 0, 1LL << 62)) < 0 ||
	    (o.provinces = (int)int_opt(cl, "provinces", 34, 1,
	    GEN_MAX_PROVINCES)) < 0 ||
	    (o.communes = (int)int_opt(cl, "communes", 3321, 1,
	    GEN_MAX_COMMUNES)) < 0 ||
	    (o.indicators = (int)int_opt(cl, "indicators", 40, 1,
	    GEN_MAX_INDICATORS)) < 0 ||
	    (o.years = (int)int_opt(cl, "years", 3, 1, GEN_MAX_YEARS)) < 0)
		return EXIT_USAGE;
	if (o.communes < o.provinces)
		return cli_fail(cl, EXIT_USAGE, "--communes (%d) phải không ít hơn "
		    "--provinces (%d)", o.communes, o.provinces);
	o.seed = (unsigned long long)seed;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (gen_write(&o, out, &n, tty ? gen_progress : NULL, NULL, &err) != 0)
		rc = cli_fail(cl, EXIT_USAGE, "%s", buf_str(&err));
	if (tty)
		fputs("\r\033[K", stderr);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc == EXIT_OK)
		printf("Đã ghi %s: %zu đơn vị, %zu chuyển đổi đơn vị, %zu chỉ tiêu, "
		    "%zu chỉ tiêu kế hoạch, %zu số liệu, %zu thuyết minh (%.1f s).\n",
		    out, n.units, n.changes, n.indicators, n.targets, n.values,
		    n.texts, (double)(t1.tv_sec - t0.tv_sec) +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	buf_free(&err);
	return rc;
}
