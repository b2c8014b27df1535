/* rpt_md.c: the report as Markdown (CommonMark with pipe tables), readable
 * as plain text too. The Decree 30 header is written line by line, since
 * Markdown has no columns; every text goes through esc(). */
#include <string.h>

#include "rpt.h"

/* Escape what Markdown would read as markup; in_table also escapes '|'. */
static void
esc(struct buf *b, const char *s, bool in_table)
{
	for (; *s != '\0'; s++) {
		if (strchr("\\`*_[]<>", *s) != NULL || (in_table && *s == '|'))
			buf_putc(b, '\\');
		if (*s == '\n') {
			buf_puts(b, in_table ? " " : "  \n");
			continue;
		}
		buf_putc(b, *s);
	}
}

static void
runs(struct buf *b, const struct rpt_para *p)
{
	size_t i;

	for (i = 0; i < p->nruns; i++) {
		const char *mark = (p->runs[i].style & RS_BOLD) ?
		    ((p->runs[i].style & RS_ITALIC) ? "***" : "**") :
		    (p->runs[i].style & RS_ITALIC) ? "*" : "";
		const char *t = p->runs[i].text;
		size_t n = strlen(t), lead = strspn(t, " "), trail = 0;

		/* Emphasis must hug its text: keep blanks outside the marks. */
		while (trail < n - lead && t[n - 1 - trail] == ' ')
			trail++;
		if (*mark == '\0' || lead + trail >= n) {
			esc(b, t, false);
			continue;
		}
		buf_append(b, t, lead);
		buf_puts(b, mark);
		{
			struct buf mid = BUF_INIT;

			buf_append(&mid, t + lead, n - lead - trail);
			esc(b, buf_str(&mid), false);
			buf_free(&mid);
		}
		buf_puts(b, mark);
		buf_append(b, t + n - trail, trail);
	}
}

static void
line(struct buf *b, const char *pre, const char *s, const char *post)
{
	buf_puts(b, pre);
	esc(b, s, false);
	buf_puts(b, post);
}

static void
table(struct buf *b, const struct rpt_table *t)
{
	size_t i, j;

	if (t->title != NULL)
		line(b, "**", t->title, "**\n\n");
	buf_puts(b, "|");
	for (j = 0; j < t->ncols; j++) {
		buf_putc(b, ' ');
		esc(b, t->head[j], true);
		buf_puts(b, " |");
	}
	buf_puts(b, "\n|");
	for (j = 0; j < t->ncols; j++)
		buf_puts(b, j == 1 ? " --- |" : " :---: |");
	buf_putc(b, '\n');
	for (i = 0; i < t->nrows; i++) {
		const struct rpt_row *r = &t->rows[i];

		buf_puts(b, "|");
		for (j = 0; j < t->ncols; j++) {
			const struct rpt_cell *c = &r->cells[j];
			bool bold = (r->group && j == 0) || (c->style & RS_BOLD);

			buf_putc(b, ' ');
			if (r->group && j > 0) {
				buf_puts(b, " |");
				continue;
			}
			if (c->indent > 0)
				buf_puts(b, "&nbsp;&nbsp;&nbsp;");
			if (bold && *c->text != '\0')
				buf_puts(b, "**");
			esc(b, c->text, true);
			if (bold && *c->text != '\0')
				buf_puts(b, "**");
			buf_puts(b, " |");
		}
		buf_putc(b, '\n');
	}
	buf_putc(b, '\n');
}

static void
closing(struct buf *b, const struct rpt_frame *f)
{
	size_t i;

	if (f->nrecipients > 0) {
		buf_puts(b, "***Nơi nhận:***  \n");
		for (i = 0; i < f->nrecipients; i++)
			line(b, "", f->recipients[i], "  \n");
		buf_putc(b, '\n');
	}
	if (f->sign_authority != NULL)
		line(b, "**", f->sign_authority, "**  \n");
	if (f->sign_title != NULL)
		line(b, "**", f->sign_title, "**\n\n");
	if (f->signer != NULL)
		line(b, "\n\n**", f->signer, "**\n\n");
}

void
rpt_write_md(const struct rpt_doc *d, struct buf *b)
{
	static const char *const prefix[PS__MAX] = { "", "## ", "### ", "#### ",
	    "", "" };
	const struct rpt_frame *f = &d->frame;
	bool closed = false;
	size_t i;

	if (f->agency_parent != NULL)
		line(b, "", f->agency_parent, "  \n");
	if (f->agency != NULL)
		line(b, "**", f->agency, "**  \n");
	if (f->number != NULL)
		line(b, "", f->number, "\n\n");
	buf_puts(b, "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**  \n"
	    "**Độc lập - Tự do - Hạnh phúc**\n\n");
	if (f->place_date != NULL)
		line(b, "*", f->place_date, "*\n\n");
	if (f->doc_type != NULL)
		line(b, "# ", f->doc_type, "\n\n");
	if (f->summary != NULL)
		line(b, "**", f->summary, "**\n\n");
	for (i = 0; i < d->nblocks; i++) {
		const struct rpt_block *bl = &d->blocks[i];

		switch (bl->kind) {
		case RB_PARA:
			buf_puts(b, prefix[bl->para.style]);
			if (bl->para.style == PS_NOTE)
				buf_putc(b, '*');
			runs(b, &bl->para);
			if (bl->para.style == PS_NOTE)
				buf_putc(b, '*');
			buf_puts(b, "\n\n");
			break;
		case RB_TABLE:
			table(b, &bl->table);
			break;
		case RB_PAGEBREAK:
			buf_puts(b, "---\n\n");
			break;
		case RB_CLOSING:
			closing(b, f);
			closed = true;
			break;
		}
	}
	if (!closed)
		closing(b, f);
}
