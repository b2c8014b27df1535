/* rpt.c: building and freeing the report model of rpt.h. */
#include <stdlib.h>
#include <string.h>

#include "rpt.h"

void
rpt_init(struct rpt_doc *d, const char *title)
{
	memset(d, 0, sizeof(*d));
	d->title = xstrdup(title != NULL ? title : "");
}

static struct rpt_block *
block(struct rpt_doc *d, enum rpt_block_kind kind)
{
	struct rpt_block *b;

	d->blocks = xrealloc(d->blocks, (d->nblocks + 1) * sizeof(*d->blocks));
	b = &d->blocks[d->nblocks++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	return b;
}

void
rpt_run(struct rpt_para *p, const char *text, unsigned style)
{
	p->runs = xrealloc(p->runs, (p->nruns + 1) * sizeof(*p->runs));
	p->runs[p->nruns].text = xstrdup(text != NULL ? text : "");
	p->runs[p->nruns].style = style;
	p->nruns++;
}

struct rpt_para *
rpt_para(struct rpt_doc *d, enum rpt_pstyle style, const char *text,
    unsigned rstyle)
{
	struct rpt_block *b = block(d, RB_PARA);

	b->para.style = style;
	if (text != NULL)
		rpt_run(&b->para, text, rstyle);
	return &b->para;
}

struct rpt_para *
rpt_para_marked(struct rpt_doc *d, enum rpt_pstyle style, const char *text)
{
	struct rpt_para *p = rpt_para(d, style, NULL, 0);
	struct buf run = BUF_INIT;
	unsigned st = 0;
	const char *s;

	for (s = text; *s != '\0'; s++) {
		unsigned flip = 0;

		if (s[0] == '*' && s[1] == '*')
			flip = RS_BOLD;
		else if (s[0] == '*')
			flip = RS_ITALIC;
		if (flip == 0) {
			buf_putc(&run, *s);
			continue;
		}
		if (run.len > 0)
			rpt_run(p, buf_str(&run), st);
		buf_reset(&run);
		st ^= flip;
		if (flip == RS_BOLD)
			s++;
	}
	if (run.len > 0 || p->nruns == 0)
		rpt_run(p, buf_str(&run), st);
	buf_free(&run);
	return p;
}

struct rpt_table *
rpt_table(struct rpt_doc *d, const char *title, size_t ncols,
    const char *const *head, const double *widths)
{
	struct rpt_block *b = block(d, RB_TABLE);
	struct rpt_table *t = &b->table;
	size_t i;

	t->title = xstrdup(title);
	t->ncols = ncols;
	t->head = xcalloc(ncols, sizeof(*t->head));
	t->widths = xcalloc(ncols, sizeof(*t->widths));
	for (i = 0; i < ncols; i++) {
		t->head[i] = xstrdup(head[i]);
		t->widths[i] = widths != NULL ? widths[i] : 1.0;
	}
	return t;
}

struct rpt_row *
rpt_row(struct rpt_table *t, bool group)
{
	struct rpt_row *r;
	size_t i;

	t->rows = xrealloc(t->rows, (t->nrows + 1) * sizeof(*t->rows));
	r = &t->rows[t->nrows++];
	r->group = group;
	r->code = NULL;
	r->cells = xcalloc(t->ncols, sizeof(*r->cells));
	for (i = 0; i < t->ncols; i++)
		r->cells[i].text = xstrdup("");
	return r;
}

void
rpt_cell(struct rpt_row *r, size_t col, const char *text, unsigned style,
    enum rpt_align align, int indent)
{
	struct rpt_cell *c = &r->cells[col];

	free(c->text);
	c->text = xstrdup(text != NULL ? text : "");
	c->style = style;
	c->align = align;
	c->indent = indent;
}

void
rpt_pagebreak(struct rpt_doc *d)
{
	block(d, RB_PAGEBREAK);
}

void
rpt_closing(struct rpt_doc *d)
{
	block(d, RB_CLOSING);
}

void
rpt_recipient(struct rpt_doc *d, const char *s)
{
	struct rpt_frame *f = &d->frame;

	f->recipients = xrealloc(f->recipients,
	    (f->nrecipients + 1) * sizeof(*f->recipients));
	f->recipients[f->nrecipients++] = xstrdup(s);
}

static void
para_free(struct rpt_para *p)
{
	size_t i;

	for (i = 0; i < p->nruns; i++)
		free(p->runs[i].text);
	free(p->runs);
}

static void
table_free(struct rpt_table *t)
{
	size_t i, j;

	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->ncols; j++)
			free(t->rows[i].cells[j].text);
		free(t->rows[i].cells);
		free(t->rows[i].code);
	}
	for (j = 0; j < t->ncols; j++)
		free(t->head[j]);
	free(t->head);
	free(t->widths);
	free(t->rows);
	free(t->title);
	free(t->unit);
	free(t->period);
}

void
rpt_free(struct rpt_doc *d)
{
	struct rpt_frame *f;
	size_t i;

	if (d == NULL)
		return;
	f = &d->frame;
	for (i = 0; i < d->nblocks; i++) {
		if (d->blocks[i].kind == RB_PARA)
			para_free(&d->blocks[i].para);
		else if (d->blocks[i].kind == RB_TABLE)
			table_free(&d->blocks[i].table);
	}
	free(d->blocks);
	for (i = 0; i < f->nrecipients; i++)
		free(f->recipients[i]);
	free(f->recipients);
	free(f->agency_parent);
	free(f->agency);
	free(f->number);
	free(f->place_date);
	free(f->doc_type);
	free(f->summary);
	free(f->sign_authority);
	free(f->sign_title);
	free(f->signer);
	free(d->title);
	memset(d, 0, sizeof(*d));
}
