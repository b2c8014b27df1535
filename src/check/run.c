/* run.c: checking a whole file on several threads (chk_run in check.h).
 *
 * The calling thread reads the text in blocks of about a megabyte and cuts
 * each block after its last document start (a line "# …": a Markdown title,
 * where chk_feed starts afresh anyway); what follows the cut begins the next
 * block. A block that holds no document start continues the document of the
 * block before it. The blocks of one document form a chain, fed in order to
 * one checker through one reader; chains are independent, so workers take
 * blocks in file order and run different chains at once. Each block keeps
 * the formatted text of its own findings; the calling thread writes these
 * texts in block order. A finished chain's checker is reset and serves a
 * later document. At most a few blocks per worker are in flight, so
 * memory stays bounded whatever the size of the file, and the output does
 * not depend on the number of threads. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "check.h"
#include "docx.h"
#include "html.h"
#include "pdf.h"

/* Bytes a block aims at (it is cut after its last document start). */
#define BLOCK_BYTES	(1u << 20)
/* Most worker threads. */
#define THREADS_MAX	16

/* The blocks of one document, and the checker they go through. */
struct chain {
	struct chk		*c;
	struct chk_reader	 r;
	struct block		*cur;	/* the block being fed */
	const struct chk_output	*o;
	const struct pdf_map	*pages;		/* PDF: where lines come from */
	size_t			 nblocks;	/* blocks given to the chain */
	size_t			 ndone;		/* blocks fed */
	struct chain		*next;		/* in the pool of finished ones */
};

enum { B_FREE, B_READY, B_DONE };

struct block {
	struct buf	 in;		/* the text */
	struct buf	 out;		/* its findings, formatted */
	struct chain	*chain;
	size_t		 index;		/* in its chain: 0 starts it */
	size_t		 lineno;	/* first line, when index == 0 */
	bool		 file_start;
	bool		 ends;		/* the chain's last block */
	int		 state;
	struct chk_stats st;		/* the chain's counts, when ends */
};

struct run {
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	struct block		*blocks;
	size_t			 nb;		/* slots in the ring */
	size_t			 filled;	/* blocks handed to the workers */
	size_t			 taken;		/* blocks taken by a worker */
	bool			 closing;
	struct chain		*pool;		/* finished chains, their checkers
						   reset for the next document */
	const struct chk_opts	*opts;
	const struct chk_output	*o;
	const struct pdf_map	*pages;		/* PDF input, else NULL */
};

/* Where the text comes from: a stream or a buffer (the text of a DOCX,
 * HTML or PDF). */
struct source {
	FILE		*fp;
	const char	*mem;
	size_t		 memlen, mempos;
};

static size_t
source_read(struct source *s, char *dst, size_t n)
{
	if (s->fp != NULL)
		return fread(dst, 1, n, s->fp);
	if (n > s->memlen - s->mempos)
		n = s->memlen - s->mempos;
	memcpy(dst, s->mem + s->mempos, n);
	s->mempos += n;
	return n;
}

static void
on_finding(void *arg, const struct chk_finding *f)
{
	struct chain *ch = arg;
	struct chk_finding g;
	unsigned page, line;

	if (ch->pages != NULL) {	/* a PDF: page and line in the page */
		g = *f;
		pdf_map_find(ch->pages, f->line, f->col, &page, &line);
		if (page > 0) {
			g.page = page;
			g.line = line;
		}
		ch->o->format(ch->o->arg, &ch->cur->out, &g);
		return;
	}
	ch->o->format(ch->o->arg, &ch->cur->out, f);
}

static void
on_record(void *arg, const struct chk_record *rec)
{
	struct chain *ch = arg;

	ch->o->format_record(ch->o->arg, &ch->cur->out, rec);
}

/* Feed one block to its chain's checker (on a worker thread). */
static void
feed_block(struct run *run, struct block *b)
{
	struct chain *ch = b->chain;
	struct chk_sink sink;

	if (b->index == 0) {
		if (ch->c == NULL) {
			sink.finding = run->o->format != NULL ? on_finding :
			    NULL;
			sink.record = run->o->format_record != NULL ?
			    on_record : NULL;
			sink.arg = ch;
			ch->c = chk_new(run->opts, &sink);
		}
		chk_reader_init(&ch->r, ch->c, b->lineno, b->file_start);
	}
	ch->cur = b;
	chk_reader_take(&ch->r, b->in.data != NULL ? b->in.data : "",
	    b->in.len);
	if (b->ends) {
		chk_reader_end(&ch->r);
		b->st = *chk_get_stats(ch->c);
		chk_reset(ch->c);
	}
}

/* After its last block, a chain goes back to the pool (lock held). */
static void
chain_done(struct run *run, struct block *b)
{
	struct chain *ch = b->chain;

	if (b->ends) {
		ch->next = run->pool;
		run->pool = ch;
	} else
		ch->ndone++;
}

static void *
worker(void *arg)
{
	struct run *run = arg;
	struct block *b;
	struct chain *ch;

	pthread_mutex_lock(&run->mu);
	for (;;) {
		while (run->taken == run->filled && !run->closing)
			pthread_cond_wait(&run->cv, &run->mu);
		if (run->taken == run->filled)
			break;
		b = &run->blocks[run->taken++ % run->nb];
		ch = b->chain;
		/* The blocks of a chain go through its checker in order. */
		while (ch->ndone != b->index)
			pthread_cond_wait(&run->cv, &run->mu);
		pthread_mutex_unlock(&run->mu);
		feed_block(run, b);
		pthread_mutex_lock(&run->mu);
		b->state = B_DONE;
		chain_done(run, b);
		pthread_cond_broadcast(&run->cv);
	}
	pthread_mutex_unlock(&run->mu);
	return NULL;
}

/* Wait for block b to be done, write its findings, free its slot. */
static void
write_block(struct run *run, struct block *b, struct chk_stats *st)
{
	pthread_mutex_lock(&run->mu);
	while (b->state != B_DONE)
		pthread_cond_wait(&run->cv, &run->mu);
	pthread_mutex_unlock(&run->mu);
	if (b->out.len > 0)
		run->o->write(run->o->arg, b->out.data, b->out.len);
	if (b->ends)
		chk_stats_add(st, &b->st);
	buf_reset(&b->out);
	b->state = B_FREE;
}

/* Where to cut a block: after its last line that starts "# ", not at 0;
 * 0 when there is none. */
static size_t
cut_point(const char *s, size_t n)
{
	size_t i;

	for (i = n; i >= 2; i--)
		if (s[i - 1] == ' ' && s[i - 2] == '#' && i >= 3 &&
		    s[i - 3] == '\n')
			return i - 2;
	return 0;
}

/* The newlines in s[0..n): with SSE2 sixteen bytes a step, their
 * matches summed in byte counters (a memchr a line cost a call for every
 * 160 bytes, on the thread that all the workers wait for). */
static size_t
count_lines(const char *s, size_t n)
{
	const char *p = s, *e = s + n;
	size_t k = 0;
#ifdef __SSE2__
	const __m128i nl = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
	__m128i acc, sum;
	size_t i = 0, steps;

	while (i + 16 <= n) {
		acc = zero;
		/* at most 255 steps: the byte counters do not wrap */
		for (steps = 0; steps < 255 && i + 16 <= n; steps++, i += 16)
			acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(_mm_loadu_si128(
			    (const __m128i *)(const void *)(s + i)), nl));
		sum = _mm_sad_epu8(acc, zero);
		k += (size_t)_mm_cvtsi128_si32(sum) +
		    (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
	}
	p = s + i;
#endif
	while ((p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
		k++;
		p++;
	}
	return k;
}

/* The whole run over one source; -1 on a read error (errno kept). */
static int
run_source(struct source *src, bool file_start, unsigned threads,
    const struct chk_opts *opts, const struct chk_output *o,
    const struct pdf_map *pages, struct chk_stats *st)
{
	struct run run;
	pthread_t tid[THREADS_MAX];
	struct buf carry = BUF_INIT;
	struct chain *cur = NULL;
	struct block *b;
	size_t seq, written = 0, lineno = 1, want, k, cut, i;
	unsigned nt = 0;
	bool eof = false;
	int rc = 0, saved = 0;

	if (threads == 0)
		threads = 1;
	if (threads > THREADS_MAX)
		threads = THREADS_MAX;
	memset(&run, 0, sizeof run);
	pthread_mutex_init(&run.mu, NULL);
	pthread_cond_init(&run.cv, NULL);
	run.nb = 2 * (size_t)threads + 2;
	run.blocks = xcalloc(run.nb, sizeof *run.blocks);
	run.opts = opts;
	run.o = o;
	run.pages = pages;
	for (nt = 0; nt < threads; nt++)
		if (pthread_create(&tid[nt], NULL, worker, &run) != 0)
			break;
	if (nt == 0)		/* no thread at all: one worker, here */
		threads = 0;
	for (seq = 0; !eof; seq++) {
		b = &run.blocks[seq % run.nb];
		if (seq >= run.nb) {		/* the slot's last block first */
			write_block(&run, b, st);
			written++;
		}
		/* Fill the block: what the last cut left, then fresh text. */
		buf_reset(&b->in);
		buf_append(&b->in, carry.data != NULL ? carry.data : "",
		    carry.len);
		buf_reset(&carry);
		while (b->in.len < BLOCK_BYTES) {
			want = BLOCK_BYTES - b->in.len;
			buf_grow(&b->in, want);
			k = source_read(src, b->in.data + b->in.len, want);
			b->in.len += k;
			if (k < want) {
				if (src->fp != NULL && ferror(src->fp)) {
					rc = -1;
					saved = errno;
				}
				eof = true;
				break;
			}
		}
		b->in.data[b->in.len] = '\0';
		cut = eof ? 0 : cut_point(b->in.data, b->in.len);
		if (cut > 0) {
			buf_append(&carry, b->in.data + cut, b->in.len - cut);
			b->in.len = cut;
		}
		b->ends = eof || cut > 0;
		if (cur == NULL) {
			pthread_mutex_lock(&run.mu);
			if ((cur = run.pool) != NULL)
				run.pool = cur->next;
			pthread_mutex_unlock(&run.mu);
			if (cur == NULL)
				cur = xcalloc(1, sizeof *cur);
			cur->nblocks = cur->ndone = 0;
			cur->o = o;
			cur->pages = pages;
			b->lineno = lineno;
			b->file_start = file_start && seq == 0;
		}
		lineno += count_lines(b->in.data, b->in.len);
		b->chain = cur;
		b->index = cur->nblocks++;
		if (b->ends)
			cur = NULL;
		pthread_mutex_lock(&run.mu);
		b->state = B_READY;
		run.filled++;
		pthread_cond_broadcast(&run.cv);
		pthread_mutex_unlock(&run.mu);
		if (threads == 0) {
			/* Without threads, feed it here and now. */
			run.taken++;
			feed_block(&run, b);
			b->state = B_DONE;
			chain_done(&run, b);
		}
	}
	pthread_mutex_lock(&run.mu);
	run.closing = true;
	pthread_cond_broadcast(&run.cv);
	pthread_mutex_unlock(&run.mu);
	for (; written < seq; written++)
		write_block(&run, &run.blocks[written % run.nb], st);
	for (i = 0; i < nt; i++)
		pthread_join(tid[i], NULL);
	while ((cur = run.pool) != NULL) {
		run.pool = cur->next;
		chk_free(cur->c);
		free(cur);
	}
	for (i = 0; i < run.nb; i++) {
		buf_free(&run.blocks[i].in);
		buf_free(&run.blocks[i].out);
	}
	free(run.blocks);
	buf_free(&carry);
	pthread_cond_destroy(&run.cv);
	pthread_mutex_destroy(&run.mu);
	errno = saved;
	return rc;
}

/* Most bytes of an HTML file (read whole). */
#define HTML_MAX	(256u << 20)

/* Read a whole file into b; -1 with a message in err. */
static int
read_all(const char *path, struct buf *b, struct buf *err)
{
	FILE *fp = fopen(path, "rb");
	size_t k;

	if (fp == NULL) {
		buf_printf(err, "%s: không mở được tệp: %s", path,
		    strerror(errno));
		return -1;
	}
	for (;;) {
		buf_grow(b, 1u << 16);
		k = fread(b->data + b->len, 1, 1u << 16, fp);
		b->len += k;
		b->data[b->len] = '\0';
		if (k < (1u << 16))
			break;
		if (b->len > HTML_MAX) {
			buf_printf(err, "%s: tệp HTML lớn quá %u MB", path,
			    HTML_MAX >> 20);
			fclose(fp);
			buf_free(b);
			return -1;
		}
	}
	if (ferror(fp)) {
		buf_printf(err, "%s: lỗi đọc: %s", path, strerror(errno));
		fclose(fp);
		buf_free(b);
		return -1;
	}
	fclose(fp);
	return 0;
}

/* Whether a path ends in ext (".pdf"), in any case. */
static bool
has_ext(const char *path, const char *ext)
{
	size_t n = strlen(path), k = strlen(ext);

	return n >= k && strcasecmp(path + n - k, ext) == 0;
}

/* Whether a file starts with a PDF's signature "%PDF-" (a PDF saved
 * without its extension). */
static bool
pdf_signature(const char *path)
{
	char head[5];
	FILE *fp;
	bool yes;

	if (has_ext(path, ".txt") || has_ext(path, ".md") ||
	    (fp = fopen(path, "rb")) == NULL)
		return false;
	yes = fread(head, 1, sizeof head, fp) == sizeof head &&
	    memcmp(head, "%PDF-", 5) == 0;
	fclose(fp);
	return yes;
}

/* Whether a path names a DOCX file (by its extension). */
static bool
is_docx(const char *path)
{
	return has_ext(path, ".docx");
}

int
chk_run(const char *path, const struct chk_opts *opts, unsigned threads,
    const struct chk_output *o, struct chk_stats *st, struct buf *err)
{
	struct source src;
	struct buf text = BUF_INIT, derr = BUF_INIT;
	int rc;

	memset(&src, 0, sizeof src);
	if (strcmp(path, "-") == 0) {
		src.fp = stdin;
		if (run_source(&src, true, threads, opts, o, NULL, st) != 0) {
			buf_printf(err, "lỗi đọc: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	if (is_docx(path)) {
		if (docx_text(path, &text, &derr) != 0) {
			buf_puts(err, derr.len ? buf_str(&derr) :
			    "không đọc được tệp DOCX");
			buf_free(&text);
			buf_free(&derr);
			return -1;
		}
		src.mem = text.data != NULL ? text.data : "";
		src.memlen = text.len;
		rc = run_source(&src, false, threads, opts, o, NULL, st);
		buf_free(&text);
		buf_free(&derr);
		return rc;
	}
	if (has_ext(path, ".html") || has_ext(path, ".htm")) {
		struct buf raw = BUF_INIT;

		if (read_all(path, &raw, err) != 0)
			return -1;
		html_text(raw.data != NULL ? raw.data : "", raw.len, &text);
		buf_free(&raw);
		src.mem = text.data != NULL ? text.data : "";
		src.memlen = text.len;
		rc = run_source(&src, true, threads, opts, o, NULL, st);
		buf_free(&text);
		return rc;
	}
	if (has_ext(path, ".pdf") || pdf_signature(path)) {
		struct pdf_map map;

		/* Poppler runs here, on this thread only; the workers get
		 * the text. */
		if (pdf_text(path, &text, &map, &derr) != 0) {
			buf_puts(err, derr.len ? buf_str(&derr) :
			    "không đọc được tệp PDF");
			buf_free(&text);
			buf_free(&derr);
			return -1;
		}
		src.mem = text.data != NULL ? text.data : "";
		src.memlen = text.len;
		rc = run_source(&src, false, threads, opts, o, &map, st);
		pdf_map_free(&map);
		buf_free(&text);
		buf_free(&derr);
		return rc;
	}
	if ((src.fp = fopen(path, "rb")) == NULL) {
		buf_printf(err, "%s: không mở được tệp: %s", path,
		    strerror(errno));
		return -1;
	}
	rc = run_source(&src, true, threads, opts, o, NULL, st);
	if (rc != 0)
		buf_printf(err, "%s: lỗi đọc: %s", path, strerror(errno));
	fclose(src.fp);
	return rc;
}
