/* fuzz_kept.c: libFuzzer harness for the reading of a kept roll-up blob
 * (src/core/fig.c, fig_kept_add: the blob comes from the database, which
 * another version or a damaged disk may have written). Beyond crashes and
 * leaks it checks the contract: a refused blob adds nothing; an accepted
 * one gives every answer it counted, each of which packs again into a
 * blob that is accepted with the same answers, and answers fig_get. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/fig.h"
#include "core/period.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct unit units[] = { { .code = "U" } };
	struct fig_kept *k = fig_kept_new(), *again = fig_kept_new();
	struct fig_pre *a;
	struct fig_data d;
	struct fig_ctx *c;
	struct indicator ind;
	struct buf b = BUF_INIT;
	struct fig f;
	size_t n, i, j;

	if (fig_kept_add(k, (const char *)data, len, "U") != 0) {
		if (fig_kept_count(k) != 0)
			abort();
		fig_kept_free(k);
		fig_kept_free(again);
		return 0;
	}
	n = fig_kept_count(k);
	a = calloc(n + 1, sizeof(*a));
	for (i = 0; i < n; i++) {
		fig_kept_answer(k, i, &a[i]);
		if (a[i].indicator == NULL || strcmp(a[i].unit, "U") != 0 ||
		    a[i].fig.nfrom > len || a[i].fig.nmissing > len)
			abort();
	}
	fig_pack(&b, a, n);
	if (fig_kept_add(again, b.data, b.len, "U") != 0 ||
	    fig_kept_count(again) != n)
		abort();
	memset(&d, 0, sizeof(d));
	d.units = units;
	d.nunits = 1;
	d.kept = k;
	c = fig_index(&d);
	memset(&ind, 0, sizeof(ind));
	/* Each answer is fig_get's, unless an earlier one is for the same
	 * indicator, period and date (the first kept answers). */
	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(a[j].indicator, a[i].indicator) == 0 &&
			    period_equal(&a[j].period, &a[i].period) &&
			    date_cmp(&a[j].asof, &a[i].asof) == 0)
				break;
		ind.code = (char *)a[i].indicator;
		fig_get(c, "U", &ind, &a[i].period, &a[i].asof, &f);
		if (f.source != a[j].fig.source || f.nfrom != a[j].fig.nfrom ||
		    f.has != a[j].fig.has)
			abort();
		fig_release(&f);
	}
	for (i = 0; i < n; i++)
		fig_release(&a[i].fig);
	fig_ctx_free(c);
	free(a);
	buf_free(&b);
	fig_kept_free(k);
	fig_kept_free(again);
	return 0;
}
