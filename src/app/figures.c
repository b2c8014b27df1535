/* figures.c: an indicator's figures and targets in words, as people read
 * them ("11.800 cây", "không quá 15%", "giảm 01 (còn 7 hộ)"), shared by the
 * evaluation output, reports and live texts. */
#include <string.h>

#include "app.h"
#include "core/num.h"

/* Display decimals of an indicator's figures. */
void
app_figure(struct buf *b, const struct indicator *ind, double v)
{
	if (ind->decimals >= 0)
		num_format(b, v, ind->decimals, 0);
	else
		num_format(b, v, 2, NUM_FMT_TRIM);
}

static void
with_uom(struct buf *b, const struct indicator *ind, double v, bool uom)
{
	app_figure(b, ind, v);
	if (!uom)
		return;
	if (ind->uom != NULL && *ind->uom != '\0')
		buf_printf(b, strcmp(ind->uom, "%") == 0 ? "%s" : " %s", ind->uom);
}

/* The target in words: "≥ 4.500 cây", "dưới 1%", "97–98%". */
void
app_target_text(struct buf *b, const struct eval_row *r, bool uom)
{
	const struct target *t = r->target;
	const struct indicator *ind = r->ind;

	if (!t->has_value && t->shape != SHAPE_QUALITATIVE) {
		buf_puts(b, "chưa có mức kế hoạch");
		return;
	}
	switch (t->shape) {
	case SHAPE_AT_LEAST:
		with_uom(b, ind, t->value, uom);
		break;
	case SHAPE_QUOTA:
		buf_puts(b, "được giao ");
		with_uom(b, ind, t->value, uom);
		break;
	case SHAPE_ABOVE:
		buf_puts(b, "trên ");
		with_uom(b, ind, t->value, uom);
		break;
	case SHAPE_AT_MOST:
		buf_puts(b, "không quá ");
		with_uom(b, ind, t->value, uom);
		break;
	case SHAPE_BELOW:
		buf_puts(b, "dưới ");
		with_uom(b, ind, t->value, uom);
		break;
	case SHAPE_RANGE:
		app_figure(b, ind, t->value);
		buf_puts(b, "–");
		with_uom(b, ind, t->value2, uom);
		break;
	case SHAPE_KEEP:
		buf_puts(b, "duy trì ");
		with_uom(b, ind, t->value, uom);
		break;
	case SHAPE_GROWTH:
		buf_puts(b, "tăng ");
		num_format(b, t->value, 2, NUM_FMT_TRIM);
		buf_puts(b, "% so với năm trước");
		if (r->v.has_level) {
			buf_puts(b, " (");
			with_uom(b, ind, r->v.level, uom);
			buf_puts(b, ")");
		}
		break;
	case SHAPE_REDUCTION:
		buf_puts(b, "giảm ");
		num_format(b, t->value, 2, NUM_FMT_TRIM | NUM_FMT_PAD2);
		if (r->v.has_level) {
			buf_puts(b, " (còn ");
			with_uom(b, ind, r->v.level, uom);
			buf_puts(b, ")");
		}
		break;
	default:
		buf_puts(b, "định tính");
		break;
	}
}

void
app_actual_text(struct buf *b, const struct eval_row *r, bool uom)
{
	if (!r->has_actual) {
		buf_puts(b, "chưa có số liệu");
		return;
	}
	if (r->ind->kind == KIND_YESNO || r->ind->kind == KIND_QUALITATIVE ||
	    r->target->shape == SHAPE_QUALITATIVE) {
		buf_puts(b, r->actual >= 0.5 ? "đạt" : "không đạt");
		return;
	}
	with_uom(b, r->ind, r->actual, uom);
}

