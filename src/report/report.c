/* report.c: builds the official report of one unit and period in the shape
 * of the reference document: the Decree 30 header, Part one (the tally, one
 * section per sector with its text, other work, the assessment), Part two
 * (next year's main targets numbered as in the resolution, then the tasks
 * of each sector), the closing, and the indicator appendix. Every figure
 * comes from the evaluation; texts refer to figures by placeholders. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/livetext.h"
#include "core/num.h"
#include "core/period.h"
#include "core/text.h"
#include "report.h"

const char *const report_kind_names[RK__MAX + 1] = {
	"annual", "half", "nine-months", "quarter", "month", NULL
};

/* The bands as words inside a sentence. */
static const char *const band_words[BAND__MAX] = {
	"vượt", "đạt", "đạt từ 90% trở lên", "không đạt", "chưa đánh giá"
};

static const char *const roman[] = { "I", "II", "III", "IV", "V", "VI", "VII",
	"VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
	"XVIII", "XIX", "XX" };
#define NROMAN (int)(sizeof(roman) / sizeof(roman[0]))

/* Report settings of the unit, the period's own over the defaults. */
struct settings {
	const char	*period;	/* the report's period */
	char		*v[10];		/* by rkey */
	char		**recipients;
	size_t		 nrecipients;
	bool		 own_recipients;	/* the period has its own list */
};

enum rkey {
	K_AGENCY_PARENT, K_AGENCY, K_NUMBER, K_PLACE, K_DATE, K_COUNCIL,
	K_SIGN_AUTHORITY, K_SIGN_TITLE, K_SIGNER, K__MAX
};
static const char *const rkey_names[K__MAX] = {
	"agency_parent", "agency", "number", "place", "date", "council",
	"sign_authority", "sign_title", "signer"
};

static int
take_setting(const char *unit, const char *period, const char *key, int seq,
    const char *value, void *arg)
{
	struct settings *s = arg;
	bool own = *period != '\0';
	int k;

	(void)unit;
	(void)seq;
	if (strcmp(key, "recipient") == 0) {
		if (own && !s->own_recipients) {
			while (s->nrecipients > 0)
				free(s->recipients[--s->nrecipients]);
			s->own_recipients = true;
		}
		if (!own && s->own_recipients)
			return 0;
		s->recipients = xrealloc(s->recipients,
		    (s->nrecipients + 1) * sizeof(*s->recipients));
		s->recipients[s->nrecipients++] = xstrdup(value);
		return 0;
	}
	for (k = 0; k < K__MAX; k++)
		if (strcmp(key, rkey_names[k]) == 0 && (own || s->v[k] == NULL)) {
			free(s->v[k]);
			s->v[k] = xstrdup(value);
		}
	return 0;
}

static void
settings_free(struct settings *s)
{
	size_t i;

	for (i = 0; i < K__MAX; i++)
		free(s->v[i]);
	for (i = 0; i < s->nrecipients; i++)
		free(s->recipients[i]);
	free(s->recipients);
}

/* Everything the builders share. */
/* A text of the report's unit and period: its section and markup. */
struct ctext {
	char	*section;
	char	*body;
};

struct ctx {
	struct store		*store;
	const struct report_opts *o;
	struct app_eval		 e;
	struct settings		 set;
	struct rpt_doc		*doc;
	struct buf		 period;	/* canonical, "2023" */
	struct buf		 errs;		/* placeholder errors, all of them */
	struct target		*next;		/* next year's targets (annual) */
	size_t			 nnext;
	struct date		 asof;		/* latest as-of date of estimates */
	struct date		 date;		/* the report's date */
	const char		*number;	/* "125/BC-UBND", or NULL */
	bool			 estimates;	/* some figure is an estimate */
	struct ctext		*texts;		/* the period's texts, read once */
	size_t			 ntexts;
};

static const struct indicator *
find_ind(const struct ctx *c, const char *code)
{
	size_t i;

	for (i = 0; i < c->e.ninds; i++)
		if (strcmp(c->e.inds[i].code, code) == 0)
			return &c->e.inds[i];
	return NULL;
}

static const struct eval_row *
find_row(const struct ctx *c, const char *code)
{
	size_t i, j;

	for (i = 0; i < c->e.res.nrows; i++) {
		const struct eval_row *r = &c->e.res.rows[i];

		if (strcmp(r->ind->code, code) == 0)
			return r;
		for (j = 0; j < r->nchildren; j++)
			if (strcmp(r->children[j].ind->code, code) == 0)
				return &r->children[j];
	}
	return NULL;
}

static bool
actual_of(const struct ctx *c, const struct indicator *ind,
    const struct period *p, double *v)
{
	struct date asof = period_last_day(&c->e.period);
	struct fig f;
	bool has;

	/* The same figure as the evaluation: own, from the units replaced,
	 * or from the children. */
	fig_get(c->e.figs, c->e.unit.code, ind, p, &asof, &f);
	has = f.has;
	*v = f.value;
	fig_release(&f);
	return has;
}

/* The resolver of live figures (core/livetext.h). */
static int
resolve(const struct lt_ref *ref, struct buf *out, const char **why, void *arg)
{
	struct ctx *c = arg;
	const struct indicator *ind = find_ind(c, ref->code), *den;
	const struct eval_row *row = find_row(c, ref->code);
	struct period prev = period_previous_year(&c->e.period);
	double a, b;

	if (ind == NULL) {
		*why = "không có chỉ tiêu mã này trong danh mục";
		return -1;
	}
	switch (ref->field) {
	case LT_ACTUAL:
		if (!actual_of(c, ind, &c->e.period, &a)) {
			*why = "chỉ tiêu chưa có số liệu thực hiện của kỳ báo cáo";
			return -1;
		}
		app_figure(out, ind, a);
		return 0;
	case LT_PREVIOUS:
		if (!actual_of(c, ind, &prev, &a)) {
			*why = "chỉ tiêu chưa có số liệu cùng kỳ năm trước";
			return -1;
		}
		app_figure(out, ind, a);
		return 0;
	case LT_CHANGE:
		if (!actual_of(c, ind, &c->e.period, &a) ||
		    !actual_of(c, ind, &prev, &b)) {
			*why = "cần số liệu của kỳ báo cáo và cùng kỳ năm trước";
			return -1;
		}
		if (ind->kind == KIND_RATE)
			a -= b;
		else if (b != 0)
			a = (a / b - 1) * 100;
		else {
			*why = "số liệu năm trước bằng 0, không tính được % thay đổi";
			return -1;
		}
		if (num_round(a, 2) == 0) {
			buf_puts(out, "không đổi");
			return 0;
		}
		buf_puts(out, a > 0 ? "tăng " : "giảm ");
		num_format(out, fabs(a), 2, NUM_FMT_TRIM);
		buf_puts(out, ind->kind == KIND_RATE ? " điểm %" : "%");
		return 0;
	case LT_UOM:
		if (ind->uom == NULL) {
			*why = "chỉ tiêu không có đơn vị tính";
			return -1;
		}
		buf_puts(out, ind->uom);
		return 0;
	case LT_PCT:
		if ((den = find_ind(c, ref->code2)) == NULL) {
			*why = "không có chỉ tiêu mẫu số trong danh mục";
			return -1;
		}
		if (!actual_of(c, ind, &c->e.period, &a) ||
		    !actual_of(c, den, &c->e.period, &b) || b == 0) {
			*why = "thiếu số liệu của tử số hoặc mẫu số, hoặc mẫu số bằng 0";
			return -1;
		}
		num_format(out, a / b * 100, 2, NUM_FMT_TRIM);
		buf_putc(out, '%');
		return 0;
	default:
		break;
	}
	/* The rest need this year's target. */
	if (row == NULL || row->target == NULL) {
		*why = "chỉ tiêu không có kế hoạch của năm báo cáo";
		return -1;
	}
	switch (ref->field) {
	case LT_TARGET:
		if (!row->target->has_value) {
			*why = "chỉ tiêu định tính không có mức kế hoạch";
			return -1;
		}
		app_figure(out, ind, row->target->value);
		if (row->target->shape == SHAPE_RANGE) {
			buf_puts(out, "–");
			app_figure(out, ind, row->target->value2);
		}
		return 0;
	case LT_PERCENT:
		if (!row->v.has_percent) {
			*why = row->v.band == BAND_UNASSESSED ? "chưa đánh giá được (thiếu "
			    "số liệu)" : "dạng chỉ tiêu này không có tỷ lệ % so kế hoạch";
			return -1;
		}
		num_format(out, eval_shown_percent(&row->v, c->e.near, 2), 2,
		    NUM_FMT_TRIM);
		buf_putc(out, '%');
		return 0;
	case LT_BAND:
		buf_puts(out, band_words[row->v.band]);
		return 0;
	case LT_LEVEL:
		if (!row->v.has_level) {
			*why = "chỉ dạng growth, reduction (có số năm trước) mới có mức";
			return -1;
		}
		app_figure(out, ind, row->v.level);
		return 0;
	default:
		*why = "trường không có";
		return -1;
	}
}

/* Keep a text of the report's period (store_each_text gives them all). */
static int
take_text(const char *unit, const char *period, const char *section,
    const char *body, void *arg)
{
	struct ctx *c = arg;

	(void)unit;
	if (strcmp(period, buf_str(&c->period)) != 0)
		return 0;
	c->texts = xrealloc(c->texts, (c->ntexts + 1) * sizeof(*c->texts));
	c->texts[c->ntexts].section = xstrdup(section);
	c->texts[c->ntexts].body = xstrdup(body);
	c->ntexts++;
	return 0;
}

/* The markup of a section of the period's texts, or NULL. */
static const char *
text_of(const struct ctx *c, const char *section)
{
	size_t i;

	for (i = 0; i < c->ntexts; i++)
		if (strcmp(c->texts[i].section, section) == 0)
			return c->texts[i].body;
	return NULL;
}

/* Render a text (markup of docs/texts.md) as paragraphs; placeholders that
 * do not resolve are added to c->errs under the text's name. */
static bool
render_text(struct ctx *c, const char *section, enum rpt_pstyle style)
{
	struct buf out = BUF_INIT, err = BUF_INIT, para = BUF_INIT;
	const char *line, *nl, *end, *body = text_of(c, section);
	enum rpt_pstyle ps = style;

	if (body == NULL)
		return false;
	if (lt_expand(body, strlen(body), resolve, c, &out, &err) > 0) {
		for (line = buf_str(&err); *line != '\0'; line = nl + 1) {
			nl = strchr(line, '\n');
			buf_printf(&c->errs, "thuyết minh %s/%s/%s: %.*s\n",
			    c->e.unit.code, buf_str(&c->period), section,
			    (int)(nl - line), line);
		}
		goto out;
	}
	/* Paragraphs: blank lines, "- " or "+ " lines, "# " sub-headings. */
	for (line = buf_str(&out); *line != '\0'; line = *end ? end + 1 : end) {
		bool blank, starts;

		end = strchr(line, '\n');
		if (end == NULL)
			end = line + strlen(line);
		while (end > line && (end[-1] == '\r' || end[-1] == ' '))
			end--;
		blank = end == line;
		starts = (end - line >= 2 && (line[0] == '-' || line[0] == '+') &&
		    line[1] == ' ') || (end - line >= 2 && line[0] == '#' &&
		    line[1] == ' ');
		if ((blank || starts) && para.len > 0) {
			rpt_para_marked(c->doc, ps, buf_str(&para));
			buf_reset(&para);
			ps = style;
		}
		if (!blank) {
			/* Within the trimmed line: "# " alone is no heading. */
			if (end - line >= 2 && line[0] == '#' && line[1] == ' ') {
				ps = PS_SUBHEADING;
				line += 2;
			}
			if (para.len > 0)
				buf_putc(&para, ' ');
			buf_append(&para, line, (size_t)(end - line));
		}
		while (*end == '\r' || *end == ' ')
			end++;
	}
	if (para.len > 0)
		rpt_para_marked(c->doc, ps, buf_str(&para));
out:
	buf_free(&out);
	buf_free(&err);
	buf_free(&para);
	return true;
}

static bool
has_text(struct ctx *c, const char *section)
{
	return text_of(c, section) != NULL;
}

static void
heading(struct ctx *c, enum rpt_pstyle style, const char *num,
    const char *upper_of, const char *prefix)
{
	struct buf b = BUF_INIT;
	char *up = text_upper(upper_of);

	buf_printf(&b, "%s. %s%s", num, prefix, up != NULL ? up : upper_of);
	rpt_para(c->doc, style, buf_str(&b), 0);
	free(up);
	buf_free(&b);
}

/* "- Diện tích …: 1.302/1.303,5 ha, đạt 99,88% (đạt từ 90% trở lên)." */
static void
row_sentence(struct buf *b, const struct ctx *c, const struct eval_row *r)
{
	buf_printf(b, "- %s: ", r->ind->name);
	if (r->target == NULL) {
		buf_printf(b, "%s.", band_words[r->v.band]);
		return;
	}
	if (!r->has_actual) {
		buf_puts(b, "kế hoạch ");
		app_target_text(b, r, true);
		buf_puts(b, "; chưa có số liệu thực hiện.");
		return;
	}
	app_actual_text(b, r, true);
	buf_puts(b, " (kế hoạch ");
	app_target_text(b, r, true);
	buf_puts(b, ")");
	if (r->v.has_percent) {
		buf_puts(b, ", đạt ");
		num_format(b, eval_shown_percent(&r->v, c->e.near, 2), 2, NUM_FMT_TRIM);
		buf_puts(b, "% kế hoạch");
	}
	buf_printf(b, " — %s.", band_words[r->v.band]);
}

static void
sector_results(struct ctx *c, const struct sector *s)
{
	struct buf b = BUF_INIT;
	size_t i, j, n = 0;

	if (render_text(c, s->code, PS_BODY))
		return;
	for (i = 0; i < c->e.res.nrows; i++) {
		const struct eval_row *r = &c->e.res.rows[i];

		if (strcmp(r->ind->sector, s->code) != 0)
			continue;
		if (n++ == 0)
			rpt_para(c->doc, PS_NOTE, "Chưa có phần thuyết minh của lĩnh vực "
			    "này; kết quả các chỉ tiêu do ktxh tổng hợp từ số liệu:", 0);
		buf_reset(&b);
		row_sentence(&b, c, r);
		rpt_para(c->doc, PS_BODY, buf_str(&b), 0);
		for (j = 0; j < r->nchildren; j++) {
			buf_reset(&b);
			row_sentence(&b, c, &r->children[j]);
			rpt_para(c->doc, PS_BODY, buf_str(&b), 0);
		}
	}
	if (n == 0)
		rpt_para(c->doc, PS_NOTE, "Chưa có thuyết minh và chưa có chỉ tiêu "
		    "nào của lĩnh vực này trong kỳ báo cáo.", 0);
	buf_free(&b);
}

/* "năm 2023", "6 tháng đầu năm 2023" … */
static void
label(struct buf *b, const struct period *p)
{
	period_label(b, p);
}

static void
frame(struct ctx *c)
{
	struct rpt_frame *f = &c->doc->frame;
	const struct unit *u = &c->e.unit;
	struct buf b = BUF_INIT;
	struct date d;
	const char *ds;
	size_t i;

	f->agency_parent = xstrdup(c->set.v[K_AGENCY_PARENT]);
	if (c->set.v[K_AGENCY] != NULL)
		f->agency = xstrdup(c->set.v[K_AGENCY]);
	else {
		/* Two lines, as the agency name is set in the header block. */
		buf_printf(&b, "Ủy ban nhân dân\n%s %s", u->kind, u->name);
		f->agency = text_upper(buf_str(&b));
	}
	buf_reset(&b);
	c->number = c->o->number != NULL ? c->o->number : c->set.v[K_NUMBER];
	/* Unnumbered: the office fills the number in when it registers it. */
	buf_printf(&b, "Số: %s", c->number != NULL ? c->number :
	    "      /BC-UBND");
	f->number = buf_detach(&b);
	ds = c->o->date != NULL ? c->o->date : c->set.v[K_DATE] != NULL ?
	    c->set.v[K_DATE] : c->o->today;
	memset(&d, 0, sizeof(d));
	if (ds != NULL)
		date_parse(ds, strlen(ds), &d);
	c->date = d;
	buf_printf(&b, "%s, ngày %02d tháng %02d năm %d", c->set.v[K_PLACE] ?
	    c->set.v[K_PLACE] : u->name, d.day, d.month, d.year);
	f->place_date = buf_detach(&b);
	f->doc_type = xstrdup("BÁO CÁO");
	if (c->o->kind == RK_ANNUAL)
		buf_printf(&b, "Kết quả thực hiện kế hoạch phát triển kinh tế - xã hội "
		    "năm %d\nvà kế hoạch phát triển kinh tế - xã hội năm %d",
		    c->o->year, c->o->year + 1);
	else {
		buf_puts(&b, "Tình hình thực hiện kế hoạch phát triển kinh tế - xã hội ");
		label(&b, &c->e.period);
		buf_puts(&b, "\nvà phương hướng, nhiệm vụ thời gian tới");
	}
	f->summary = buf_detach(&b);
	for (i = 0; i < c->set.nrecipients; i++)
		rpt_recipient(c->doc, c->set.recipients[i]);
	f->sign_authority = xstrdup(c->set.v[K_SIGN_AUTHORITY] ?
	    c->set.v[K_SIGN_AUTHORITY] : "TM. ỦY BAN NHÂN DÂN");
	f->sign_title = xstrdup(c->set.v[K_SIGN_TITLE] ? c->set.v[K_SIGN_TITLE] :
	    "CHỦ TỊCH");
	f->signer = xstrdup(c->set.v[K_SIGNER]);
	buf_free(&b);
}

/* The source most targets of the year name: the resolution. */
static const char *
resolution(const struct ctx *c)
{
	const char *best = NULL;
	size_t i, j, n, bestn = 0;

	for (i = 0; i < c->e.ntargets; i++) {
		const char *s = c->e.targets[i].source;

		if (s == NULL)
			continue;
		for (n = 0, j = 0; j < c->e.ntargets; j++)
			if (c->e.targets[j].source != NULL &&
			    strcmp(c->e.targets[j].source, s) == 0)
				n++;
		if (n > bestn)
			best = s, bestn = n;
	}
	return best;
}

/* Whether s contains what (a folded key: "hoi dong nhan dan"), ignoring
 * case and diacritics. */
static bool
mentions(const char *s, const char *what)
{
	char *low = text_fold(s, strlen(s));
	bool found = low != NULL && strstr(low, what) != NULL;

	free(low);
	return found;
}

static void
opening(struct ctx *c)
{
	struct buf b = BUF_INIT;
	const char *res = resolution(c);
	const struct unit *u = &c->e.unit;

	if (render_text(c, "mo-dau", PS_BODY))
		return;
	if (res != NULL) {
		/* The source may already say whose it is and what about
		 * ("Nghị quyết của HĐND phường về kế hoạch … năm 2024", when
		 * it has no number yet): each part is said once. */
		buf_printf(&b, "Thực hiện %s", res);
		if (!mentions(res, "cua hoi dong nhan dan") &&
		    !mentions(res, "cua hdnd")) {
			buf_puts(&b, " của ");
			if (c->set.v[K_COUNCIL] != NULL)
				buf_puts(&b, c->set.v[K_COUNCIL]);
			else
				buf_printf(&b, "Hội đồng nhân dân %s %s", u->kind,
				    u->name);
		}
		if (!mentions(res, " ve "))
			buf_printf(&b, " về kế hoạch phát triển kinh tế - xã hội năm "
			    "%d", c->o->year);
		buf_puts(&b, ", ");
	}
	buf_printf(&b, "Ủy ban nhân dân %s báo cáo kết quả thực hiện ", u->kind);
	label(&b, &c->e.period);
	buf_puts(&b, " như sau:");
	rpt_para(c->doc, PS_BODY, buf_str(&b), 0);
	buf_free(&b);
}

/* The data cut-off, and the as-of date of estimates. */
static void
cutoff_note(struct ctx *c)
{
	struct buf b = BUF_INIT;

	buf_puts(&b, "Số liệu từ ngày ");
	date_format_vi(&b, &c->e.from);
	buf_puts(&b, " đến ngày ");
	date_format_vi(&b, &c->e.to);
	if (c->estimates && date_isset(&c->asof)) {
		buf_puts(&b, "; số liệu ước thực hiện cập nhật đến ngày ");
		date_format_vi(&b, &c->asof);
	} else if (c->estimates)
		buf_puts(&b, "; một số số liệu là số ước thực hiện");
	buf_puts(&b, ".");
	rpt_para(c->doc, PS_NOTE, buf_str(&b), 0);
	buf_free(&b);
}

static void
part_one(struct ctx *c)
{
	struct buf b = BUF_INIT;
	char *up;
	int n = 0, k = 0;
	size_t i;
	static const char *const assess[][2] = {
		{ "uu-diem", "Về ưu điểm" }, { "han-che", "Về hạn chế" },
		{ "nguyen-nhan", "Về nguyên nhân" }
	};

	rpt_para(c->doc, PS_PART, "Phần thứ nhất", 0);
	buf_puts(&b, "Đánh giá tình hình thực hiện kế hoạch phát triển kinh tế - "
	    "xã hội ");
	label(&b, &c->e.period);
	up = text_upper(buf_str(&b));
	rpt_para(c->doc, PS_PART, up, 0);
	free(up);
	buf_reset(&b);
	eval_tally_sentence(&b, &c->e.res.sum, &c->e.period, c->e.near);
	rpt_para(c->doc, PS_BODY, buf_str(&b), 0);
	for (i = 0; i < c->e.nsectors && n < NROMAN - 2; i++) {
		heading(c, PS_HEADING, roman[n++], c->e.sectors[i].name, "LĨNH VỰC ");
		sector_results(c, &c->e.sectors[i]);
	}
	if (has_text(c, "cong-tac-khac")) {
		heading(c, PS_HEADING, roman[n++], "một số công tác khác", "");
		render_text(c, "cong-tac-khac", PS_BODY);
	}
	if (has_text(c, "uu-diem") || has_text(c, "han-che") ||
	    has_text(c, "nguyen-nhan")) {
		heading(c, PS_HEADING, roman[n++], "nhận xét, đánh giá", "");
		for (i = 0; i < 3; i++) {
			if (!has_text(c, assess[i][0]))
				continue;
			buf_reset(&b);
			buf_printf(&b, "%d. %s", ++k, assess[i][1]);
			rpt_para(c->doc, PS_SUBHEADING, buf_str(&b), 0);
			render_text(c, assess[i][0], PS_BODY);
		}
	}
	buf_free(&b);
}

static int
cmp_target_seq(const void *a, const void *b)
{
	const struct target *x = a, *y = b;
	int c = eval_cmp_seq(x->seq ? x->seq : "", y->seq ? y->seq : "");

	return c != 0 ? c : strcmp(x->indicator, y->indicator);
}

static void
part_two(struct ctx *c)
{
	struct buf b = BUF_INIT;
	struct period next = c->e.period;
	int n = 0, k = 0;
	size_t i;
	char *up, *lower;

	rpt_para(c->doc, PS_PART, "Phần thứ hai", 0);
	if (c->o->kind == RK_ANNUAL)
		buf_printf(&b, "Kế hoạch phát triển kinh tế - xã hội năm %d",
		    c->o->year + 1);
	else
		buf_puts(&b, "Phương hướng, nhiệm vụ thời gian tới");
	up = text_upper(buf_str(&b));
	rpt_para(c->doc, PS_PART, up, 0);
	free(up);
	next.year++;
	if (c->o->kind == RK_ANNUAL) {
		heading(c, PS_HEADING, roman[n++], "các chỉ tiêu chủ yếu", "");
		if (c->nnext == 0)
			rpt_para(c->doc, PS_NOTE, "Chưa có chỉ tiêu kế hoạch năm sau "
			    "trong cơ sở dữ liệu (targets.csv).", 0);
		else	/* qsort must not get the NULL of an empty list */
			qsort(c->next, c->nnext, sizeof(*c->next), cmp_target_seq);
		for (i = 0; i < c->nnext; i++) {
			const struct target *t = &c->next[i];
			const struct indicator *ind = find_ind(c, t->indicator);

			buf_reset(&b);
			buf_printf(&b, "%s. ", t->seq != NULL ? t->seq : "-");
			if (t->text != NULL)
				buf_puts(&b, t->text);
			else if (ind != NULL) {
				struct eval_row r;

				memset(&r, 0, sizeof(r));
				r.ind = ind;
				r.target = t;
				buf_printf(&b, "%s: ", ind->name);
				app_target_text(&b, &r, true);
			}
			buf_puts(&b, ".");
			rpt_para(c->doc, PS_BODY, buf_str(&b), 0);
		}
		heading(c, PS_HEADING, roman[n++], "nhiệm vụ, giải pháp", "");
	}
	for (i = 0; i < c->e.nsectors; i++) {
		buf_reset(&b);
		buf_printf(&b, "%s%s", TEXT_TASKS_PREFIX, c->e.sectors[i].code);
		if (!has_text(c, buf_str(&b)))
			continue;
		up = xstrdup(buf_str(&b));
		buf_reset(&b);
		/* "Lĩnh vực Kinh tế" reads "Lĩnh vực kinh tế". */
		lower = text_lower_first(c->e.sectors[i].name);
		buf_printf(&b, "%d. Lĩnh vực %s", ++k, lower);
		free(lower);
		rpt_para(c->doc, PS_SUBHEADING, buf_str(&b), 0);
		render_text(c, up, PS_BODY);
		free(up);
	}
	if (k == 0)
		rpt_para(c->doc, PS_NOTE, "Chưa có thuyết minh nhiệm vụ, giải pháp "
		    "(các phần nhiem-vu-<lĩnh vực>).", 0);
	buf_free(&b);
}

static void
closing(struct ctx *c)
{
	struct buf b = BUF_INIT;
	char *lower;

	if (render_text(c, "ket-luan", PS_BODY))
		goto out;
	/* The title's "… năm 2023 và kế hoạch phát triển kinh tế - xã hội
	 * năm 2024" sits on two lines; in one sentence the second plan is
	 * named once. */
	if (c->o->kind == RK_ANNUAL)
		buf_printf(&b, "Trên đây là báo cáo kết quả thực hiện kế hoạch phát "
		    "triển kinh tế - xã hội năm %d và kế hoạch năm %d", c->o->year,
		    c->o->year + 1);
	else {
		lower = text_lower_first(c->doc->frame.summary);
		buf_printf(&b, "Trên đây là báo cáo %s", lower);
		free(lower);
	}
	for (char *p = b.data; *p != '\0'; p++)
		if (*p == '\n')
			*p = ' ';
	buf_printf(&b, " của Ủy ban nhân dân %s %s./.", c->e.unit.kind,
	    c->e.unit.name);
	rpt_para(c->doc, PS_BODY, buf_str(&b), 0);
out:
	buf_free(&b);
}

static void
appendix_row(struct ctx *c, struct rpt_table *t, const struct eval_row *r,
    const char *stt, int indent)
{
	struct rpt_row *row = rpt_row(t, false);
	struct buf b = BUF_INIT;

	if (r->ind->kind != KIND_COMPOUND)
		row->code = xstrdup(r->ind->code);
	rpt_cell(row, 0, stt, 0, RA_CENTER, 0);
	rpt_cell(row, 1, r->ind->name, r->nchildren > 0 ? RS_BOLD : 0, RA_LEFT,
	    indent);
	rpt_cell(row, 2, r->ind->uom, 0, RA_CENTER, 0);
	if (r->target != NULL) {
		app_target_text(&b, r, false);
		rpt_cell(row, 3, buf_str(&b), 0, RA_RIGHT, 0);
		buf_reset(&b);
		if (r->has_actual)
			app_actual_text(&b, r, false);
		rpt_cell(row, 4, buf_str(&b), 0, RA_RIGHT, 0);
		buf_reset(&b);
		if (r->v.has_percent) {
			num_format(&b, eval_shown_percent(&r->v, c->e.near, 2), 2,
			    NUM_FMT_TRIM);
			buf_putc(&b, '%');
		}
		rpt_cell(row, 5, buf_str(&b), 0, RA_RIGHT, 0);
		buf_reset(&b);
		if (r->has_prev)
			app_figure(&b, r->ind, r->prev);
		rpt_cell(row, 7, buf_str(&b), 0, RA_RIGHT, 0);
	}
	rpt_cell(row, 6, band_labels_vi[r->v.band], 0, RA_CENTER, 0);
	if (r->fig.estimate ||
	    (r->value != NULL && r->value->status == STATUS_ESTIMATE)) {
		buf_reset(&b);
		buf_printf(&b, "%s (ước)", row->cells[4].text);
		rpt_cell(row, 4, buf_str(&b), 0, RA_RIGHT, 0);
	}
	buf_free(&b);
}

static void
appendix(struct ctx *c)
{
	static const char *const head[] = { "STT", "Chỉ tiêu", "ĐVT", "Kế hoạch",
	    "Thực hiện", "Tỷ lệ % so KH", "Đánh giá", "Cùng kỳ năm trước" };
	static const double widths[] = { 7, 31, 9, 12, 12, 9, 11, 9 };
	struct buf b = BUF_INIT;
	struct rpt_table *t;
	const char *sector = NULL;
	char stt[48], *up;
	int n = 0, ns = 0;
	size_t i, j, k;

	rpt_pagebreak(c->doc);
	rpt_para(c->doc, PS_PART, "Phụ lục", 0);
	buf_puts(&b, "Kết quả thực hiện các chỉ tiêu kinh tế - xã hội ");
	label(&b, &c->e.period);
	up = text_upper(buf_str(&b));
	rpt_para(c->doc, PS_PART, up, 0);
	free(up);
	buf_reset(&b);
	buf_puts(&b, "(Kèm theo Báo cáo ");
	if (c->number != NULL)
		buf_printf(&b, "số %s ", c->number);
	buf_puts(&b, "ngày ");
	date_format_vi(&b, &c->date);
	buf_printf(&b, " của Ủy ban nhân dân %s %s)", c->e.unit.kind,
	    c->e.unit.name);
	rpt_para(c->doc, PS_CENTER, buf_str(&b), RS_ITALIC);
	t = rpt_table(c->doc, NULL, 8, head, widths);
	t->indicators = true;
	t->unit = xstrdup(c->e.unit.code);
	buf_reset(&b);
	period_format(&b, &c->e.period);
	t->period = xstrdup(buf_str(&b));
	t->actual_col = 4;
	if (c->e.res.nrows == 0) {
		struct rpt_row *row = rpt_row(t, true);

		rpt_cell(row, 0, "Chưa có chỉ tiêu kế hoạch nào cho kỳ báo cáo.", 0,
		    RA_LEFT, 0);
	}
	for (i = 0; i < c->e.res.nrows; i++) {
		const struct eval_row *r = &c->e.res.rows[i];

		if (sector == NULL || strcmp(sector, r->ind->sector) != 0) {
			struct rpt_row *row = rpt_row(t, true);
			const char *name = r->ind->sector;

			sector = r->ind->sector;
			for (k = 0; k < c->e.nsectors; k++)
				if (strcmp(c->e.sectors[k].code, sector) == 0)
					name = c->e.sectors[k].name;
			buf_reset(&b);
			buf_printf(&b, "%s. %s", roman[ns < NROMAN ? ns : NROMAN - 1],
			    name);
			ns++;
			rpt_cell(row, 0, buf_str(&b), RS_BOLD, RA_LEFT, 0);
		}
		snprintf(stt, sizeof(stt), "%d", ++n);
		appendix_row(c, t, r, stt, 0);
		for (j = 0; j < r->nchildren; j++) {
			snprintf(stt, sizeof(stt), "%d.%zu", n, j + 1);
			appendix_row(c, t, &r->children[j], stt, 1);
		}
	}
	buf_free(&b);
}

/* The as-of date of the estimates used. */
static void
note_estimates(struct ctx *c, const struct eval_row *r)
{
	size_t j;

	if (r->fig.estimate)
		c->estimates = true;
	if (r->value != NULL && r->value->status == STATUS_ESTIMATE) {
		c->estimates = true;
		if (date_isset(&r->value->as_of) &&
		    (!date_isset(&c->asof) || date_cmp(&r->value->as_of, &c->asof) > 0))
			c->asof = r->value->as_of;
	}
	for (j = 0; j < r->nchildren; j++)
		note_estimates(c, &r->children[j]);
}

/* The period a kind of report covers. */
static int
report_period(const struct report_opts *o, struct period *p, struct buf *err)
{
	static const enum period_kind want[RK__MAX] = { PERIOD_YEAR, PERIOD_HALF,
	    PERIOD_NINE, PERIOD_QUARTER, PERIOD_MONTH };

	memset(p, 0, sizeof(*p));
	p->year = o->year;
	p->kind = want[o->kind];
	if (o->period == NULL) {
		if (o->kind == RK_QUARTER || o->kind == RK_MONTH) {
			buf_printf(err, "báo cáo %s cần --period, ví dụ %d-%s",
			    o->kind == RK_QUARTER ? "quý" : "tháng", o->year,
			    o->kind == RK_QUARTER ? "Q3" : "M09");
			return REPORT_USAGE;
		}
		p->n = o->kind == RK_HALF ? 1 : 0;
		return 0;
	}
	if (period_parse(o->period, strlen(o->period), p) != 0 ||
	    p->year != o->year || p->kind != want[o->kind]) {
		buf_printf(err, "--period “%s” không khớp loại báo cáo %s năm %d "
		    "(ví dụ: %d, %d-H2, %d-9M, %d-Q3, %d-M09 theo loại)", o->period,
		    report_kind_names[o->kind], o->year, o->year, o->year, o->year,
		    o->year, o->year);
		return REPORT_USAGE;
	}
	return 0;
}

int
report_build(struct store *s, const struct report_opts *o, struct rpt_doc *doc,
    struct buf *err)
{
	struct ctx c;
	struct period p;
	struct buf title = BUF_INIT;
	size_t i;
	int rc = -1;

	memset(&c, 0, sizeof(c));
	c.store = s;
	c.o = o;
	c.doc = doc;
	rpt_init(doc, NULL);
	if (o->date != NULL) {
		struct date d;

		if (date_parse(o->date, strlen(o->date), &d) != 0) {
			buf_printf(err, "--date “%s” không hợp lệ: viết YYYY-MM-DD",
			    o->date);
			rc = REPORT_USAGE;
			goto out;
		}
	}
	if ((rc = report_period(o, &p, err)) != 0 ||
	    (rc = app_evaluate(s, o->unit, &p, -1, &c.e, err)) != 0)
		goto out;
	rc = -1;
	period_format(&c.period, &p);
	c.set.period = buf_str(&c.period);
	if (store_each_report_setting(s, c.e.unit.code, buf_str(&c.period),
	    take_setting, &c.set) != 0 ||
	    store_each_text(s, c.e.unit.code, take_text, &c) != 0 ||
	    (o->kind == RK_ANNUAL && store_targets(s, c.e.unit.code, o->year + 1,
	    &c.next, &c.nnext) != 0)) {
		buf_puts(err, store_error(s));
		goto out;
	}
	for (i = 0; i < c.e.res.nrows; i++)
		note_estimates(&c, &c.e.res.rows[i]);
	free(doc->title);
	buf_printf(&title, "Báo cáo kinh tế - xã hội %s %s, ", c.e.unit.kind,
	    c.e.unit.name);
	label(&title, &p);
	doc->title = buf_detach(&title);

	frame(&c);
	opening(&c);
	cutoff_note(&c);
	part_one(&c);
	part_two(&c);
	closing(&c);
	rpt_closing(doc);
	appendix(&c);
	if (c.errs.len > 0) {
		buf_puts(err, "các trường số liệu trong thuyết minh không tính được "
		    "(sửa thuyết minh bằng `ktxh text set`, hoặc bổ sung số liệu):\n");
		buf_puts(err, buf_str(&c.errs));
		goto out;
	}
	rc = 0;
out:
	if (rc != 0)
		rpt_free(doc);
	app_eval_free(&c.e);
	settings_free(&c.set);
	store_free_targets(c.next, c.nnext);
	for (i = 0; i < c.ntexts; i++) {
		free(c.texts[i].section);
		free(c.texts[i].body);
	}
	free(c.texts);
	buf_free(&c.period);
	buf_free(&c.errs);
	return rc;
}
