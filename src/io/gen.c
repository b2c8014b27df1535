/* gen.c: ktxh gen — a synthetic country in the import format. The units
 * of 2024 (old provinces, districts, communes) are laid out from the new
 * ones backwards: each new province is formed from one to three old ones
 * (the first keeps its code and record), each new commune from one to five
 * old communes, a few of which are split between two new communes with
 * shares. Every figure comes from one splitmix64 stream consumed in a fixed
 * order, so a seed gives the same bytes on every run. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/model.h"
#include "core/num.h"
#include "core/text.h"
#include "gen.h"

/* ---- the random stream ---- */

struct rng {
	uint64_t s;
};

static uint64_t
rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double
rng_u(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform in 0 .. n-1. */
static int
rng_int(struct rng *r, int n)
{
	return (int)(rng_u(r) * n);
}

static double
rng_range(struct rng *r, double lo, double hi)
{
	return lo + (hi - lo) * rng_u(r);
}

/* ---- names ---- */

static const char *const syl[] = {
	"An", "Bình", "Phú", "Tân", "Hòa", "Long", "Mỹ", "Thạnh", "Hưng", "Lộc",
	"Phước", "Thuận", "Xuân", "Hiệp", "Định", "Trung", "Quang", "Thành",
	"Lợi", "Hải", "Sơn", "Hà", "Kim", "Ngọc", "Vĩnh", "Khánh", "Đông",
	"Tây", "Nam", "Bắc", "Đức", "Tiến", "Thịnh", "Vinh", "Nghĩa", "Tài",
	"Cường", "Lạc", "Thọ", "Khê", "Trà", "Châu", "Giang", "Phong", "Điền",
	"Thủy", "Yên", "Hồng", "Quế", "Liên", "Minh", "Hương", "Cát", "Mai",
	"Tuy", "Nhơn", "Thới", "Hậu", "Hội", "Lâm", "Tường", "Diên", "Quảng",
	"Triệu", "Cẩm", "Gia",
};
#define NSYL (sizeof(syl) / sizeof(syl[0]))

static const char *const surnames[] = { "Nguyễn", "Trần", "Lê", "Phạm",
	"Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
	"Dương", "Lý" };
static const char *const middles[] = { "Văn", "Thị", "Minh", "Hữu", "Thanh",
	"Ngọc", "Đức", "Quốc", "Thị Kim", "Công" };
static const char *const givens[] = { "Hùng", "Lan", "Dũng", "Hoa", "Tuấn",
	"Nga", "Phúc", "Hạnh", "Sơn", "Thảo", "Nam", "Hiền", "Khoa", "Ngon",
	"Trinh", "Bảo", "Yến", "Tâm" };

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* A two-syllable name not among names[0..n-1]. */
static char *
fresh_name(struct rng *r, char *const *names, size_t n)
{
	char buf[64];
	size_t i, tries;

	for (tries = 0;; tries++) {
		int a = rng_int(r, NSYL), b = rng_int(r, NSYL);

		if (a == b)
			continue;
		if (tries < 500)
			snprintf(buf, sizeof(buf), "%s %s", syl[a], syl[b]);
		else
			snprintf(buf, sizeof(buf), "%s %s %s", syl[a], syl[b],
			    syl[rng_int(r, NSYL)]);
		for (i = 0; i < n; i++)
			if (strcmp(names[i], buf) == 0)
				break;
		if (i == n)
			return xstrdup(buf);
	}
}

/* ---- indicators ---- */

enum gflag {
	GF_ONCE = 1,		/* a flow that happens once a year (the draft) */
	GF_NOPROV = 2,		/* no province target (a commune's own level) */
};

struct tmpl {
	const char	*code, *name, *sector, *uom;
	enum ind_kind	 kind;
	const char	*parent;	/* compound's code, or NULL */
	enum time_agg	 tagg;
	int		 dec;		/* display and value decimals */
	enum shape	 shape;
	double		 tv, tv2;	/* target of a rate, keep, growth, reduction */
	double		 base;		/* a commune's yearly level (size 1) */
	unsigned	 flags;
};

static const struct tmpl tmpls[] = {
	{ "KT01", "Diện tích gieo trồng cây hằng năm", "kinh-te", "ha",
	  KIND_QUANTITY, NULL, TIME_FLOW, 1, SHAPE_AT_LEAST, 0, 0, 1200, 0 },
	{ "KT02", "Sản lượng lương thực có hạt", "kinh-te", "tấn",
	  KIND_QUANTITY, NULL, TIME_FLOW, 0, SHAPE_AT_LEAST, 0, 0, 6000, 0 },
	{ "KT03", "Diện tích trồng rừng tập trung", "kinh-te", "ha",
	  KIND_QUANTITY, NULL, TIME_FLOW, 1, SHAPE_AT_LEAST, 0, 0, 25, 0 },
	{ "KT04", "Số cây lâm nghiệp trồng phân tán", "kinh-te", "cây",
	  KIND_QUANTITY, NULL, TIME_FLOW, 0, SHAPE_AT_LEAST, 0, 0, 5000, 0 },
	{ "KT05", "Thu ngân sách nhà nước trên địa bàn", "kinh-te", "triệu đồng",
	  KIND_QUANTITY, NULL, TIME_FLOW, 0, SHAPE_AT_LEAST, 0, 0, 8000, 0 },
	{ "KT06", "Tổng vốn đầu tư phát triển trên địa bàn", "kinh-te", "tỷ đồng",
	  KIND_QUANTITY, NULL, TIME_FLOW, 1, SHAPE_QUOTA, 0, 0, 120, 0 },
	{ "KT07", "Số hộ kinh doanh cá thể", "kinh-te", "hộ",
	  KIND_QUANTITY, NULL, TIME_STOCK, 0, SHAPE_GROWTH, 3, 0, 400, 0 },
	{ "KT08", "Số doanh nghiệp thành lập mới", "kinh-te", "doanh nghiệp",
	  KIND_QUANTITY, NULL, TIME_FLOW, 0, SHAPE_AT_LEAST, 0, 0, 12, 0 },
	{ "KT09", "Chiều dài đường giao thông nông thôn được cứng hóa", "kinh-te",
	  "km", KIND_QUANTITY, NULL, TIME_FLOW, 2, SHAPE_AT_LEAST, 0, 0, 6, 0 },
	{ "KT10", "Tỷ lệ hộ sử dụng điện an toàn", "kinh-te", "%",
	  KIND_RATE, NULL, TIME_RATE, 2, SHAPE_ABOVE, 98, 0, 0, 0 },
	{ "KT11", "Tỷ lệ hộ dân sử dụng nước sạch", "kinh-te", "%",
	  KIND_RATE, NULL, TIME_RATE, 2, SHAPE_AT_LEAST, 90, 0, 0, 0 },
	{ "KT12", "Không để dịch bệnh gia súc, gia cầm lây lan", "kinh-te", NULL,
	  KIND_QUALITATIVE, NULL, TIME_STOCK, -1, SHAPE_QUALITATIVE, 0, 0, 0, 0 },
	{ "KT13", "Giữ vững các tiêu chí nông thôn mới đã đạt", "kinh-te",
	  "tiêu chí", KIND_QUANTITY, NULL, TIME_STOCK, 0, SHAPE_KEEP, 19, 0, 0,
	  GF_NOPROV },
	{ "KT14", "Tỷ lệ chất thải rắn sinh hoạt được thu gom", "kinh-te", "%",
	  KIND_RATE, NULL, TIME_RATE, 2, SHAPE_RANGE, 85, 95, 0, 0 },
	{ "VH01", "Huy động học sinh trong độ tuổi ra lớp", "van-hoa-xa-hoi",
	  NULL, KIND_COMPOUND, NULL, TIME_STOCK, -1, SHAPE_QUALITATIVE, 0, 0, 0,
	  0 },
	{ "VH02", "Tỷ lệ huy động trẻ 5 tuổi ra lớp mẫu giáo", "van-hoa-xa-hoi",
	  "%", KIND_RATE, "VH01", TIME_RATE, 2, SHAPE_AT_LEAST, 99, 0, 0, 0 },
	{ "VH03", "Tỷ lệ học sinh hoàn thành chương trình tiểu học",
	  "van-hoa-xa-hoi", "%", KIND_RATE, "VH01", TIME_RATE, 2, SHAPE_RANGE, 97,
	  99, 0, 0 },
	{ "VH04", "Tỷ lệ học sinh bỏ học trung học cơ sở", "van-hoa-xa-hoi", "%",
	  KIND_RATE, "VH01", TIME_RATE, 2, SHAPE_BELOW, 1, 0, 0, 0 },
	{ "VH05", "Tỷ lệ người dân tham gia bảo hiểm y tế", "van-hoa-xa-hoi", "%",
	  KIND_RATE, NULL, TIME_RATE, 2, SHAPE_AT_LEAST, 93, 0, 0, 0 },
	{ "VH06", "Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi",
	  "van-hoa-xa-hoi", "%", KIND_RATE, NULL, TIME_RATE, 2, SHAPE_AT_MOST, 15,
	  0, 0, 0 },
	{ "VH07", "Số hộ nghèo", "van-hoa-xa-hoi", "hộ", KIND_QUANTITY, NULL,
	  TIME_STOCK, 0, SHAPE_REDUCTION, 0, 0, 60, 0 },
	{ "VH08", "Tỷ lệ hộ nghèo", "van-hoa-xa-hoi", "%", KIND_RATE, NULL,
	  TIME_RATE, 2, SHAPE_AT_MOST, 2.5, 0, 0, 0 },
	{ "VH09", "Số lao động được giải quyết việc làm mới", "van-hoa-xa-hoi",
	  "lao động", KIND_QUANTITY, NULL, TIME_FLOW, 0, SHAPE_AT_LEAST, 0, 0, 150,
	  0 },
	{ "VH10", "Tỷ lệ lao động qua đào tạo", "van-hoa-xa-hoi", "%", KIND_RATE,
	  NULL, TIME_RATE, 2, SHAPE_ABOVE, 70, 0, 0, 0 },
	{ "VH11", "Duy trì xã đạt Bộ tiêu chí quốc gia về y tế", "van-hoa-xa-hoi",
	  NULL, KIND_YESNO, NULL, TIME_STOCK, -1, SHAPE_QUALITATIVE, 0, 0, 0, 0 },
	{ "VH12", "Số chuẩn quốc gia về y tế được duy trì", "van-hoa-xa-hoi",
	  "chuẩn", KIND_QUANTITY, NULL, TIME_STOCK, 0, SHAPE_KEEP, 10, 0, 0,
	  GF_NOPROV },
	{ "VH13", "Tỷ lệ gia đình đạt danh hiệu gia đình văn hóa",
	  "van-hoa-xa-hoi", "%", KIND_RATE, NULL, TIME_RATE, 2, SHAPE_AT_LEAST, 90,
	  0, 0, 0 },
	{ "VH14", "Số người đi làm việc ở nước ngoài theo hợp đồng",
	  "van-hoa-xa-hoi", "người", KIND_QUANTITY, NULL, TIME_FLOW, 0,
	  SHAPE_AT_LEAST, 0, 0, 6, 0 },
	{ "VH15", "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ",
	  "van-hoa-xa-hoi", "%", KIND_RATE, NULL, TIME_RATE, 2, SHAPE_AT_LEAST, 97,
	  0, 0, 0 },
	{ "VH16", "Số nhà đại đoàn kết được xây dựng mới", "van-hoa-xa-hoi",
	  "căn", KIND_QUANTITY, NULL, TIME_FLOW, 0, SHAPE_AT_LEAST, 0, 0, 8, 0 },
	{ "QP01", "Số thanh niên trúng tuyển nhập ngũ", "quoc-phong-an-ninh",
	  "thanh niên", KIND_QUANTITY, NULL, TIME_FLOW, 0, SHAPE_QUOTA, 0, 0, 15,
	  GF_ONCE },
	{ "QP02", "Xây dựng lực lượng dân quân", "quoc-phong-an-ninh", NULL,
	  KIND_COMPOUND, NULL, TIME_STOCK, -1, SHAPE_QUALITATIVE, 0, 0, 0, 0 },
	{ "QP03", "Tỷ lệ dân quân so với dân số", "quoc-phong-an-ninh", "%",
	  KIND_RATE, "QP02", TIME_RATE, 2, SHAPE_RANGE, 1.2, 1.5, 0, 0 },
	{ "QP04", "Số dân quân được huấn luyện", "quoc-phong-an-ninh", "người",
	  KIND_QUANTITY, "QP02", TIME_FLOW, 0, SHAPE_AT_LEAST, 0, 0, 80, 0 },
	{ "QP05", "Số vụ phạm pháp hình sự", "quoc-phong-an-ninh", "vụ",
	  KIND_QUANTITY, NULL, TIME_FLOW, 0, SHAPE_AT_MOST, 0, 0, 8, 0 },
	{ "QP06", "Tỷ lệ điều tra, khám phá án hình sự", "quoc-phong-an-ninh",
	  "%", KIND_RATE, NULL, TIME_RATE, 2, SHAPE_ABOVE, 80, 0, 0, 0 },
	{ "QP07", "Không để xảy ra điểm nóng về an ninh trật tự",
	  "quoc-phong-an-ninh", NULL, KIND_QUALITATIVE, NULL, TIME_STOCK, -1,
	  SHAPE_QUALITATIVE, 0, 0, 0, 0 },
	{ "NC01", "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn",
	  "noi-chinh", "%", KIND_RATE, NULL, TIME_RATE, 2, SHAPE_AT_LEAST, 98, 0,
	  0, 0 },
	{ "NC02", "Tỷ lệ hồ sơ thủ tục hành chính tiếp nhận trực tuyến",
	  "noi-chinh", "%", KIND_RATE, NULL, TIME_RATE, 2, SHAPE_AT_LEAST, 80, 0,
	  0, 0 },
	{ "NC03", "Hoàn thành số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
	  "noi-chinh", NULL, KIND_YESNO, NULL, TIME_STOCK, -1, SHAPE_QUALITATIVE,
	  0, 0, 0, 0 },
};
#define NTMPL NELEM(tmpls)

/* One indicator of this dataset: a template, maybe in a later round. */
struct gind {
	const struct tmpl *t;
	char	 code[16];
	char	 parent[16];	/* "" when none */
	char	*name;
	bool	 leaf;		/* has targets and values */
};

/* ---- units ---- */

enum era { ERA_OLD, ERA_NEW, ERA_BOTH };
enum level { LV_PROVINCE, LV_DISTRICT, LV_COMMUNE };

struct gunit {
	char	 code[16];
	char	*name;
	const char *kind;
	int	 parent;	/* index, or -1 */
	enum era era;
	enum level level;
	double	 size;		/* a commune's scale of quantities */
	int	 newprov;	/* old province and commune: its new province */
	int	 oldprov;	/* old commune: its old province */
};

struct change {
	int	 from, to;	/* unit indices */
	int	 share;		/* percent; 100 is written as empty */
};

struct gen {
	const struct gen_opts *o;
	struct rng r;
	struct gunit *u;
	size_t	 nu, capu;
	struct change *ch;
	size_t	 nch, capch;
	struct gind *ind;
	size_t	 nind;
	int	 first_year;
	size_t	 nvalues;
	void	(*progress)(size_t, void *);
	void	*parg;
	struct gen_counts *counts;
};

static int
unit_add(struct gen *g, enum level lv, const char *kind, int parent,
    enum era era)
{
	struct gunit *x;

	if (g->nu == g->capu) {
		g->capu = g->capu ? 2 * g->capu : 1024;
		g->u = xrealloc(g->u, g->capu * sizeof(*g->u));
	}
	x = &g->u[g->nu];
	memset(x, 0, sizeof(*x));
	x->kind = kind;
	x->parent = parent;
	x->era = era;
	x->level = lv;
	x->newprov = x->oldprov = -1;
	return (int)g->nu++;
}

static void
change_add(struct gen *g, int from, int to, int share)
{
	if (g->nch == g->capch) {
		g->capch = g->capch ? 2 * g->capch : 1024;
		g->ch = xrealloc(g->ch, g->capch * sizeof(*g->ch));
	}
	g->ch[g->nch++] = (struct change){ from, to, share };
}

/* Names of units idx[0..n-1], for fresh_name. */
static char *
name_among(struct gen *g, const int *idx, size_t n)
{
	char **names = xcalloc(n ? n : 1, sizeof(*names));
	char *s;
	size_t i;

	for (i = 0; i < n; i++)
		names[i] = g->u[idx[i]].name;
	s = fresh_name(&g->r, names, n);
	free(names);
	return s;
}

static const char *
district_kind(struct rng *r)
{
	double x = rng_u(r);

	return x < 0.80 ? "huyện" : x < 0.89 ? "thị xã" : x < 0.95 ? "quận" :
	    "thành phố";
}

/*
 * The units. New provinces first (their number of communes), then for each
 * the old provinces it absorbed, then its new communes and the old communes
 * each was formed from; districts group the old communes of each old
 * province; codes are given last, in the order of the hierarchy.
 */
static int
make_units(struct gen *g, struct buf *err)
{
	const struct gen_opts *o = g->o;
	int P = o->provinces, C = o->communes;
	int O = (int)lround(P * 63.0 / 34.0), p, k, c, i, j;
	int *ncomm = xcalloc((size_t)P, sizeof(int));
	int *oldof = xcalloc((size_t)O, sizeof(int));	/* old → new province */
	int *oldidx = xcalloc((size_t)O, sizeof(int));	/* old province unit */
	int *newidx = xcalloc((size_t)P, sizeof(int));
	int *tmp = xcalloc((size_t)(O + C + 16), sizeof(int));
	double *w = xcalloc((size_t)P, sizeof(double)), wsum = 0;
	int *idx = NULL, nidx, ndist = 0, oldc = 0, rc = -1;
	size_t capidx = 0;

	if (O < P)
		O = P;
	/* Communes per new province. */
	for (p = 0; p < P; p++)
		wsum += w[p] = rng_range(&g->r, 0.5, 2.0);
	for (p = 0, k = 0; p < P; p++)
		k += ncomm[p] = 1 + (int)((C - P) * w[p] / wsum);
	for (p = 0; k < C; p = (p + 1) % P, k++)
		ncomm[p]++;
	/* Old provinces: one per new province, the others spread. */
	for (i = 0; i < O; i++)
		oldof[i] = i < P ? i : rng_int(&g->r, P);
	/* Province units: old ones (the first of each new province lives on). */
	for (i = 0; i < O; i++) {
		bool city = rng_u(&g->r) < 6.0 / 63.0;

		oldidx[i] = unit_add(g, LV_PROVINCE, city ? "thành phố" : "tỉnh", -1,
		    i < P ? ERA_BOTH : ERA_OLD);
		g->u[oldidx[i]].newprov = oldof[i];
		for (j = 0; j < i; j++)
			tmp[j] = oldidx[j];
		g->u[oldidx[i]].name = name_among(g, tmp, (size_t)i);
		if (i < P)
			newidx[i] = oldidx[i];
	}
	for (i = P; i < O; i++)
		change_add(g, oldidx[i], newidx[oldof[i]], 100);
	/* Communes, new province by new province. */
	for (p = 0; p < P; p++) {
		int nold = 0, firstnew = (int)g->nu;
		int *olds = tmp;	/* old provinces of p */

		for (i = 0; i < O; i++)
			if (oldof[i] == p)
				olds[nold++] = oldidx[i];
		for (c = 0; c < ncomm[p]; c++) {
			double x = rng_u(&g->r), size = 0;
			int nu = (int)g->nu, op = olds[rng_int(&g->r, nold)];
			int n = x < 0.12 ? 1 : x < 0.30 ? 2 : x < 0.65 ? 3 :
			    x < 0.88 ? 4 : 5;
			const char *kind;

			x = rng_u(&g->r);
			kind = x < 0.01 ? "đặc khu" : x < 0.22 ? "phường" : "xã";
			nu = unit_add(g, LV_COMMUNE, kind, newidx[p], ERA_NEW);
			g->u[nu].newprov = p;
			/* A share of the previous new commune's last old one. */
			if (c > 0 && rng_u(&g->r) < 0.06 &&
			    g->ch[g->nch - 1].share == 100 &&
			    g->u[g->ch[g->nch - 1].from].oldprov == op) {
				struct change *prev = &g->ch[g->nch - 1];
				int s = 50 + 10 * rng_int(&g->r, 4);

				prev->share = s;
				change_add(g, prev->from, nu, 100 - s);
				size += g->u[prev->from].size * (100 - s) / 100.0;
				g->u[prev->to].size -= g->u[prev->from].size *
				    (100 - s) / 100.0;
			}
			for (k = 0; k < n; k++) {
				int oc;
				double sz = 0.4 + 1.6 * rng_u(&g->r) * rng_u(&g->r);

				x = rng_u(&g->r);
				oc = unit_add(g, LV_COMMUNE, x < 0.85 ? "xã" : x < 0.93 ?
				    "phường" : "thị trấn", -1, ERA_OLD);
				g->u[oc].size = sz;
				g->u[oc].oldprov = op;
				g->u[oc].newprov = p;
				change_add(g, oc, nu, 100);
				size += sz;
				oldc++;
			}
			g->u[nu].size = size;
		}
		/* Names of the new communes, unique in the province. */
		for (nidx = 0, i = firstnew; i < (int)g->nu; i++) {
			if (g->u[i].era != ERA_NEW)
				continue;
			if ((size_t)nidx >= capidx) {
				capidx = capidx ? 2 * capidx : 256;
				idx = xrealloc(idx, capidx * sizeof(*idx));
			}
			g->u[i].name = name_among(g, idx, (size_t)nidx);
			idx[nidx++] = i;
		}
	}
	/* Districts: the old communes of each old province, in groups of
	 * 10 to 22; names of old communes unique in their province. */
	for (i = 0; i < O; i++) {
		int left = 0, dist = -1;
		const char *dk = NULL;

		for (nidx = 0, c = 0; c < (int)g->nu; c++) {
			if (g->u[c].oldprov != oldidx[i])
				continue;
			if (left == 0) {
				dk = district_kind(&g->r);
				dist = unit_add(g, LV_DISTRICT, dk, oldidx[i],
				    ERA_OLD);
				ndist++;
				left = 10 + rng_int(&g->r, 13);
			}
			if ((size_t)nidx >= capidx) {
				capidx = capidx ? 2 * capidx : 256;
				idx = xrealloc(idx, capidx * sizeof(*idx));
			}
			g->u[c].parent = dist;
			if (strcmp(dk, "quận") == 0)
				g->u[c].kind = "phường";
			g->u[c].name = name_among(g, idx, (size_t)nidx);
			idx[nidx++] = c;
			left--;
		}
	}
	/* District names, unique in their province. */
	for (i = 0; i < O; i++) {
		for (nidx = 0, c = 0; c < (int)g->nu; c++) {
			if (g->u[c].parent != oldidx[i] ||
			    g->u[c].level != LV_DISTRICT)
				continue;
			if ((size_t)nidx >= capidx) {
				capidx = capidx ? 2 * capidx : 256;
				idx = xrealloc(idx, capidx * sizeof(*idx));
			}
			g->u[c].name = name_among(g, idx, (size_t)nidx);
			idx[nidx++] = c;
		}
	}
	if (ndist > 999 || oldc > 49999) {
		buf_printf(err, "quá nhiều đơn vị cũ (%d huyện, %d xã) cho mã 3 và 5 "
		    "chữ số: giảm --communes", ndist, oldc);
		goto out;
	}
	/* Codes: provinces spread over 01–96; districts and old communes in
	 * the order of their old province; new communes after them. */
	{
		int dn = 0, cn = 0, nn = 0, base;

		for (i = 0; i < O; i++)
			snprintf(g->u[oldidx[i]].code, sizeof(g->u[0].code), "%02d",
			    1 + (int)((long)i * 95 / O));
		for (i = 0; i < O; i++)
			for (c = 0; c < (int)g->nu; c++) {
				struct gunit *d = &g->u[c];

				if (d->parent != oldidx[i] ||
				    d->level != LV_DISTRICT)
					continue;
				snprintf(d->code, sizeof(d->code), "%03d", ++dn);
			}
		/* Old communes by district code order. */
		for (i = 0; i < (int)g->nu; i++) {
			struct gunit *d = &g->u[i];

			if (d->level == LV_DISTRICT)
				for (c = 0; c < (int)g->nu; c++)
					if (g->u[c].parent == i)
						snprintf(g->u[c].code,
						    sizeof(g->u[c].code), "%05d", ++cn);
		}
		base = (cn / 10000 + 1) * 10000;
		for (p = 0; p < P; p++)
			for (c = 0; c < (int)g->nu; c++)
				if (g->u[c].era == ERA_NEW && g->u[c].newprov == p)
					snprintf(g->u[c].code, sizeof(g->u[c].code),
					    "%05d", base + ++nn);
	}
	rc = 0;
out:
	free(ncomm);
	free(oldof);
	free(oldidx);
	free(newidx);
	free(tmp);
	free(w);
	free(idx);
	return rc;
}

/* ---- output ---- */

/* A number in machine format with at most dec decimals, trimmed. */
static const char *
mnum(char *out, size_t n, double v, int dec)
{
	char *e;

	if (dec < 0)
		dec = 2;
	snprintf(out, n, "%.*f", dec, v);
	if (strchr(out, '.') != NULL) {
		e = out + strlen(out) - 1;
		while (*e == '0')
			*e-- = '\0';
		if (*e == '.')
			*e = '\0';
	}
	if (strcmp(out, "-0") == 0)
		strcpy(out, "0");
	return out;
}

/* CSV field: quoted when it holds a comma, quote or newline. */
static void
csv_field(FILE *fp, const char *s)
{
	if (s == NULL)
		return;
	if (strpbrk(s, ",\"\n\r") == NULL) {
		fputs(s, fp);
		return;
	}
	putc('"', fp);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', fp);
		putc(*s, fp);
	}
	putc('"', fp);
}

static FILE *
open_out(const char *dir, const char *name, struct buf *err)
{
	struct buf path = BUF_INIT;
	FILE *fp;

	buf_printf(&path, "%s/%s", dir, name);
	if ((fp = fopen(buf_str(&path), "w")) == NULL)
		buf_printf(err, "không ghi được %s: %s", buf_str(&path),
		    strerror(errno));
	else
		setvbuf(fp, NULL, _IOFBF, 1 << 20);
	buf_free(&path);
	return fp;
}

static int
close_out(FILE *fp, const char *dir, const char *name, struct buf *err)
{
	if (ferror(fp) | (fclose(fp) != 0)) {
		buf_printf(err, "lỗi ghi %s/%s", dir, name);
		return -1;
	}
	return 0;
}

static const char *const kind_csv[] = { "quantity", "rate", "yesno",
	"qualitative", "compound" };
static const char *const tagg_csv[] = { "flow", "stock", "rate" };
static const char *const shape_csv[] = { "at_least", "above", "at_most",
	"below", "range", "growth", "reduction", "keep", "quota",
	"qualitative" };

static void
make_indicators(struct gen *g)
{
	int n = g->o->indicators, k, round;
	size_t i, j;

	g->ind = xcalloc((size_t)n, sizeof(*g->ind));
	for (k = 0; k < n; k++) {
		struct gind *x = &g->ind[g->nind];
		const struct tmpl *t = &tmpls[k % NTMPL];
		struct buf b = BUF_INIT;

		round = k / (int)NTMPL;
		x->t = t;
		if (round == 0) {
			snprintf(x->code, sizeof(x->code), "%s", t->code);
			snprintf(x->parent, sizeof(x->parent), "%s",
			    t->parent ? t->parent : "");
			x->name = xstrdup(t->name);
		} else {
			snprintf(x->code, sizeof(x->code), "%s.%d", t->code,
			    round + 1);
			if (t->parent)
				snprintf(x->parent, sizeof(x->parent), "%s.%d",
				    t->parent, round + 1);
			buf_printf(&b, "%s (nhóm %d)", t->name, round + 1);
			x->name = buf_detach(&b);
		}
		x->leaf = t->kind != KIND_COMPOUND;
		g->nind++;
	}
	/* A compound whose parts were cut off by --indicators goes too. */
	for (i = 0; i < g->nind; i++) {
		bool parts = false;

		if (g->ind[i].leaf)
			continue;
		for (j = 0; j < g->nind; j++)
			parts |= strcmp(g->ind[j].parent, g->ind[i].code) == 0;
		if (!parts) {
			free(g->ind[i].name);
			memmove(&g->ind[i], &g->ind[i + 1],
			    (g->nind - i - 1) * sizeof(*g->ind));
			g->nind--;
			i--;
		}
	}
}

static int
write_units(struct gen *g, const char *dir, struct buf *err)
{
	FILE *fp;
	size_t i;

	if ((fp = open_out(dir, "units.csv", err)) == NULL)
		return -1;
	fputs("code,name,kind,parent,valid_from,valid_to\n", fp);
	for (i = 0; i < g->nu; i++) {
		const struct gunit *x = &g->u[i];

		fprintf(fp, "%s,", x->code);
		csv_field(fp, x->name);
		fprintf(fp, ",%s,%s,%s,%s\n", x->kind,
		    x->parent >= 0 ? g->u[x->parent].code : "",
		    x->era == ERA_NEW ? "2025-07-01" : "",
		    x->era == ERA_OLD ? "2025-06-30" : "");
	}
	g->counts->units = g->nu;
	if (close_out(fp, dir, "units.csv", err) != 0)
		return -1;
	if ((fp = open_out(dir, "unit_changes.csv", err)) == NULL)
		return -1;
	fputs("date,from,to,share\n", fp);
	for (i = 0; i < g->nch; i++) {
		fprintf(fp, "2025-07-01,%s,%s,", g->u[g->ch[i].from].code,
		    g->u[g->ch[i].to].code);
		if (g->ch[i].share != 100)
			fprintf(fp, "%d", g->ch[i].share);
		putc('\n', fp);
	}
	g->counts->changes = g->nch;
	return close_out(fp, dir, "unit_changes.csv", err);
}

static int
write_indicators(struct gen *g, const char *dir, struct buf *err)
{
	FILE *fp;
	size_t i;

	if ((fp = open_out(dir, "indicators.csv", err)) == NULL)
		return -1;
	fputs("code,name,sector,uom,kind,parent,time_agg,unit_agg,decimals\n", fp);
	for (i = 0; i < g->nind; i++) {
		const struct gind *x = &g->ind[i];
		const struct tmpl *t = x->t;

		fprintf(fp, "%s,", x->code);
		csv_field(fp, x->name);
		fprintf(fp, ",%s,%s,%s,%s,", t->sector, t->uom ? t->uom : "",
		    kind_csv[t->kind], x->parent);
		/* A level kept by each commune (19 criteria, 10 standards)
		 * does not add up across communes. */
		if (t->kind != KIND_COMPOUND)
			fprintf(fp, "%s,%s", tagg_csv[t->tagg],
			    t->kind == KIND_QUANTITY && t->shape != SHAPE_KEEP ?
			    "sum" : t->kind == KIND_RATE ? "ratio" : "none");
		else
			putc(',', fp);
		putc(',', fp);
		if (t->dec >= 0 && t->kind != KIND_RATE)
			fprintf(fp, "%d", t->dec);
		putc('\n', fp);
	}
	g->counts->indicators = g->nind;
	return close_out(fp, dir, "indicators.csv", err);
}

/* ---- targets and values ---- */

/* How a unit did against its target this year: 25% exceeded, 40% met
 * (within 2%), 15% near, 20% missed. */
static double
outcome(struct rng *r)
{
	double x = rng_u(r);

	return x < 0.25 ? rng_range(r, 1.03, 1.35) :
	    x < 0.65 ? rng_range(r, 1.0, 1.02) :
	    x < 0.80 ? rng_range(r, 0.91, 0.99) : rng_range(r, 0.6, 0.88);
}

static double
round_to(double v, int dec)
{
	double m = pow(10, dec < 0 ? 0 : dec);

	return round(v * m) / m;
}

/* The year's target of unit u for indicator x, and the actual it comes
 * to: *tv (and *tv2 for a range) and *actual (for a rate, the percent). */
struct yearfig {
	double	 tv, tv2, actual;
	double	 prev;		/* stock: last year's level */
};

/* The span of months a unit reports in year y: [*m0, *m1]; false if none. */
static bool
months_of(const struct gunit *u, int y, int *m0, int *m1)
{
	*m0 = 1;
	*m1 = 12;
	if (u->era == ERA_OLD) {
		if (y > 2025)
			return false;
		if (y == 2025)
			*m1 = 6;
	} else if (u->era == ERA_NEW) {
		if (y < 2025)
			return false;
		if (y == 2025)
			*m0 = 7;
	}
	return true;
}

static void
vrow(struct gen *g, FILE *fp, const struct gunit *u, const struct gind *x,
    const char *period, const char *value, const char *num, const char *den,
    bool estimate, int y)
{
	fprintf(fp, "%s,%s,%s,%s,%s,%s,%s,%s\n", u->code, x->code, period, value,
	    num, den, estimate ? "estimate" : "",
	    estimate ? (y == GEN_LAST_YEAR ? "2026-11-30" : "") : "");
	if (++g->nvalues % 200000 == 0 && g->progress != NULL)
		g->progress(g->nvalues, g->parg);
}

/* The source line of a unit's resolution for year y: mostly with its
 * number, sometimes without, now and then none. */
static void
source_of(struct gen *g, const struct gunit *u, int y, struct buf *b)
{
	double x = rng_u(&g->r);

	buf_reset(b);
	if (x < 0.85) {
		if (u->era == ERA_NEW && y == 2025)
			buf_printf(b, "Nghị quyết số %02d/NQ-HĐND ngày %02d/07/2025",
			    1 + rng_int(&g->r, 9), 5 + rng_int(&g->r, 20));
		else
			buf_printf(b, "Nghị quyết số %02d/NQ-HĐND ngày %02d/12/%d",
			    5 + rng_int(&g->r, 40), 15 + rng_int(&g->r, 14), y - 1);
	} else if (x < 0.95)
		buf_printf(b, "Nghị quyết của HĐND %s về kế hoạch phát triển kinh "
		    "tế - xã hội năm %d", u->kind, y);
}

/* The words of a target in the resolution. */
static void
target_words(struct buf *b, const struct gind *x, const struct yearfig *f)
{
	const struct tmpl *t = x->t;
	const char *uom = t->uom ? t->uom : "";
	bool pct = strcmp(uom, "%") == 0;
	int dec = t->dec < 0 ? 0 : t->dec;

	buf_puts(b, x->name);
	switch (t->shape) {
	case SHAPE_AT_LEAST:
		buf_puts(b, " đạt ");
		break;
	case SHAPE_QUOTA:
		buf_puts(b, " (chỉ tiêu giao) ");
		break;
	case SHAPE_ABOVE:
		buf_puts(b, " đạt trên ");
		break;
	case SHAPE_AT_MOST:
		buf_puts(b, " không quá ");
		break;
	case SHAPE_BELOW:
		buf_puts(b, " dưới ");
		break;
	case SHAPE_RANGE:
		buf_puts(b, " đạt ");
		num_format(b, f->tv, dec, NUM_FMT_TRIM);
		buf_puts(b, "-");
		break;
	case SHAPE_GROWTH:
		buf_puts(b, " tăng ");
		num_format(b, f->tv, 2, NUM_FMT_TRIM);
		buf_puts(b, "% so với năm trước");
		return;
	case SHAPE_REDUCTION:
		buf_puts(b, " giảm ");
		num_format(b, f->tv, 0, NUM_FMT_PAD2);
		buf_printf(b, " %s so với năm trước", uom);
		return;
	case SHAPE_KEEP:
		buf_puts(b, ": duy trì ");
		break;
	default:
		return;
	}
	num_format(b, t->shape == SHAPE_RANGE ? f->tv2 : f->tv, dec,
	    NUM_FMT_TRIM);
	if (*uom)
		buf_printf(b, pct ? "%s" : " %s", uom);
}

/*
 * The figures of unit u for year y: its target and what it came to. level
 * carries a stock's level from year to year (per unit and indicator).
 */
static void
year_figures(struct gen *g, const struct gunit *u, const struct gind *x,
    int y, double *level, struct yearfig *f)
{
	const struct tmpl *t = x->t;
	double grow = pow(1.04, y - 2024);
	double out = outcome(&g->r);

	memset(f, 0, sizeof(*f));
	switch (t->shape) {
	case SHAPE_AT_LEAST:
	case SHAPE_QUOTA:
	case SHAPE_AT_MOST:
		if (t->kind == KIND_RATE) {
			f->tv = t->tv;
			f->actual = t->shape == SHAPE_AT_MOST ? t->tv / out :
			    t->tv * out;
			break;
		}
		/* A commune made on 2025-07-01 plans the whole year of its
		 * territory (its first half is its predecessors'). */
		f->tv = round_to(t->base * u->size * grow *
		    rng_range(&g->r, 0.9, 1.1), t->dec);
		if (f->tv < 1)
			f->tv = 1;
		f->actual = t->shape == SHAPE_AT_MOST ? f->tv / out :
		    f->tv * out;
		break;
	case SHAPE_ABOVE:
	case SHAPE_BELOW:
		f->tv = t->tv;
		f->actual = t->shape == SHAPE_BELOW ? t->tv / out * 0.97 :
		    t->tv * out * 1.01;
		break;
	case SHAPE_RANGE:
		f->tv = t->tv;
		f->tv2 = t->tv2;
		f->actual = out >= 1.02 ? t->tv2 * rng_range(&g->r, 1.0, 1.04) :
		    out >= 1.0 ? rng_range(&g->r, t->tv, t->tv2) : t->tv * out;
		break;
	case SHAPE_GROWTH:
		f->tv = rng_u(&g->r) < 0.5 ? 3 : 2.5;
		f->prev = *level;
		*level = round(*level * (1 + f->tv / 100.0 * out));
		f->actual = *level;
		break;
	case SHAPE_REDUCTION:
		f->prev = *level;
		f->tv = fmax(1, round(*level * 0.12));
		*level = fmax(0, *level - round(f->tv * out));
		f->actual = *level;
		break;
	case SHAPE_KEEP:
		f->tv = t->tv;
		f->actual = out >= 0.9 ? t->tv : t->tv - 1;
		break;
	default:
		f->actual = out >= 0.9 ? 1 : 0;
		break;
	}
	if (t->kind == KIND_RATE)
		f->actual = fmin(100, fmax(0, f->actual));
}

/* The values of one unit, indicator and year: months for a flow (spread
 * by season, rounded so the months sum to the year), quarters otherwise.
 * A unit that reports part of the year (months m0..m1, the merger's) has
 * that part of the year's flow; a once-a-year flow that fell before m0
 * is 0 in m0. */
static void
year_values(struct gen *g, FILE *fp, const struct gunit *u,
    const struct gind *x, int y, int m0, int m1, const struct yearfig *f,
    const bool *gap)
{
	const struct tmpl *t = x->t;
	char p[32], v[32], nb[32], db[32];
	int m, q, dec = t->dec < 0 ? 0 : t->dec;

	if (t->tagg == TIME_FLOW) {
		double w[13], wsum = 0, cum = 0, prev = 0, total = f->actual;
		int once = 2;

		for (m = 1; m <= 12; m++)
			wsum += w[m] = 1 + 0.35 * sin(m * 0.52 + y) +
			    rng_range(&g->r, -0.15, 0.15);
		if (m0 > once)
			once = m0;
		for (m = 1; m <= m1; m++) {
			double now, val;

			if (t->flags & GF_ONCE) {
				if (m != once)
					continue;
				val = m0 > 2 ? 0 : round_to(total, dec);
			} else {
				cum += w[m] / wsum * total;
				now = round_to(cum, dec);
				val = now - prev;
				prev = now;
			}
			if (m < m0 || (gap[m] && m != m0 && m != once))
				continue;
			snprintf(p, sizeof(p), "%d-M%02d", y, m);
			vrow(g, fp, u, x, p, mnum(v, sizeof(v), val, dec), "", "",
			    y == GEN_LAST_YEAR && m >= 11, y);
		}
		return;
	}
	for (q = (m0 + 2) / 3; q <= m1 / 3; q++) {
		double a = f->actual;

		if (gap[q * 3] && q != (m0 + 2) / 3)
			continue;
		snprintf(p, sizeof(p), "%d-Q%d", y, q);
		if (t->kind == KIND_RATE) {
			double den = round(rng_range(&g->r, 300, 900) * u->size);
			double num;

			a = fmin(100, fmax(0, a + rng_range(&g->r, -0.2, 0.2)));
			num = round(den * a / 100.0);
			vrow(g, fp, u, x, p, "", mnum(nb, sizeof(nb), num, 0),
			    mnum(db, sizeof(db), den, 0), y == GEN_LAST_YEAR && q == 4,
			    y);
			continue;
		}
		if (t->shape == SHAPE_GROWTH || t->shape == SHAPE_REDUCTION)
			/* From last year's level to this year's. */
			a = round(f->prev + (f->actual - f->prev) * q / 4.0);
		else if (t->kind != KIND_QUANTITY && q < 4)
			a = 1;
		vrow(g, fp, u, x, p, mnum(v, sizeof(v), a, dec), "", "",
		    y == GEN_LAST_YEAR && q == 4, y);
	}
}

/* A target row. */
static void
trow(struct gen *g, FILE *fp, const struct gunit *u, const struct gind *x,
    int y, const struct yearfig *f, const char *source, int seq)
{
	const struct tmpl *t = x->t;
	struct buf words = BUF_INIT;
	char a[32], b[32];

	fprintf(fp, "%s,%s,%d,%s,", u->code, x->code, y, shape_csv[t->shape]);
	if (t->shape != SHAPE_QUALITATIVE)
		fputs(mnum(a, sizeof(a), f->tv, t->shape == SHAPE_GROWTH ? 2 :
		    t->dec), fp);
	putc(',', fp);
	if (t->shape == SHAPE_RANGE)
		fputs(mnum(b, sizeof(b), f->tv2, t->dec), fp);
	putc(',', fp);
	if (rng_u(&g->r) < 0.9) {
		target_words(&words, x, f);
		csv_field(fp, buf_str(&words));
	}
	putc(',', fp);
	csv_field(fp, source);
	fprintf(fp, ",%d\n", seq);
	g->counts->targets++;
	buf_free(&words);
}

/*
 * Targets and values, unit by unit. Provinces get targets of the indicators
 * that roll up (sums of their communes' quantity targets, the rates'
 * levels, the qualitative ones), communes targets and values.
 */
static int
write_figures(struct gen *g, const char *dir, struct buf *err)
{
	FILE *tf, *vf;
	struct buf src = BUF_INIT;
	double *level = xcalloc(g->nind, sizeof(double));
	struct yearfig f;
	size_t i, k;
	int y, m, m0, m1, seq, rc = -1;
	bool gap[13];

	if ((tf = open_out(dir, "targets.csv", err)) == NULL)
		goto out0;
	if ((vf = open_out(dir, "values.csv", err)) == NULL) {
		fclose(tf);
		goto out0;
	}
	fputs("unit,indicator,year,shape,value,value2,text,source,seq\n", tf);
	fputs("unit,indicator,period,value,numerator,denominator,status,as_of\n",
	    vf);
	for (i = 0; i < g->nu; i++) {
		const struct gunit *u = &g->u[i];

		if (u->level != LV_COMMUNE)
			continue;	/* provinces below; districts: none */
		for (k = 0; k < g->nind; k++)
			level[k] = round(g->ind[k].t->base * u->size *
			    rng_range(&g->r, 0.8, 1.2));
		/* Last year's levels of the first year, for growth and
		 * reduction. */
		if (months_of(u, g->first_year, &m0, &m1))
			for (k = 0; k < g->nind; k++) {
				char v[32], p[16];
				enum shape s = g->ind[k].t->shape;

				if (!g->ind[k].leaf || (s != SHAPE_GROWTH &&
				    s != SHAPE_REDUCTION))
					continue;
				snprintf(p, sizeof(p), "%d", g->first_year - 1);
				vrow(g, vf, u, &g->ind[k], p,
				    mnum(v, sizeof(v), level[k], 0), "", "", false, 0);
			}
		for (y = g->first_year; y <= GEN_LAST_YEAR; y++) {
			if (!months_of(u, y, &m0, &m1))
				continue;
			source_of(g, u, y, &src);
			for (m = 0; m <= 12; m++)
				gap[m] = rng_u(&g->r) < 0.03;
			for (k = 0, seq = 0; k < g->nind; k++) {
				const struct gind *x = &g->ind[k];

				if (!x->leaf)
					continue;
				year_figures(g, u, x, y, &level[k], &f);
				trow(g, tf, u, x, y, &f, buf_str(&src), ++seq);
				year_values(g, vf, u, x, y, m0, m1, &f, gap);
			}
		}
	}
	/* Provinces: after the reform the new ones, before it the old. */
	for (i = 0; i < g->nu; i++) {
		const struct gunit *u = &g->u[i];
		struct gunit pu;

		if (u->level != LV_PROVINCE)
			continue;
		for (y = g->first_year; y <= GEN_LAST_YEAR; y++) {
			bool after = y >= 2025 && u->era != ERA_OLD;

			if (!after && (u->era == ERA_NEW || y > 2025 ||
			    (y == 2025 && u->era == ERA_BOTH)))
				continue;
			source_of(g, u, y, &src);
			pu = *u;
			pu.size = 0;
			for (k = 0; k < g->nu; k++) {
				const struct gunit *c = &g->u[k];

				if (after ? c->era == ERA_NEW && c->parent == (int)i :
				    c->era == ERA_OLD && c->oldprov == (int)i)
					pu.size += c->size;
			}
			for (k = 0, seq = 0; k < g->nind; k++) {
				const struct gind *x = &g->ind[k];
				const struct tmpl *t = x->t;

				if (!x->leaf || (t->flags & GF_NOPROV) ||
				    t->shape == SHAPE_REDUCTION)
					continue;
				memset(&f, 0, sizeof(f));
				f.tv = t->tv;
				f.tv2 = t->tv2;
				if (t->kind == KIND_QUANTITY && t->shape != SHAPE_GROWTH)
					f.tv = round_to(t->base * pu.size *
					    pow(1.04, y - 2024), t->dec);
				if (t->shape == SHAPE_GROWTH)
					f.tv = 3;
				if (f.tv < 1 && t->kind == KIND_QUANTITY)
					f.tv = 1;
				trow(g, tf, u, x, y, &f, buf_str(&src), ++seq);
			}
		}
	}
	g->counts->values = g->nvalues;
	rc = close_out(tf, dir, "targets.csv", err);
	if (close_out(vf, dir, "values.csv", err) != 0)
		rc = -1;
out0:
	free(level);
	buf_free(&src);
	return rc;
}

/* ---- report settings and texts ---- */

static int
mkdirs(const char *path, struct buf *err)
{
	if (mkdir(path, 0777) != 0 && errno != EEXIST) {
		buf_printf(err, "không tạo được thư mục %s: %s", path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

static const struct gind *
find_ind(const struct gen *g, const char *code)
{
	size_t i;

	for (i = 0; i < g->nind; i++)
		if (strcmp(g->ind[i].code, code) == 0)
			return &g->ind[i];
	return NULL;
}

/* One sentence with the live figures of indicator x. */
static void
sentence(struct gen *g, struct buf *b, const struct gind *x)
{
	const struct tmpl *t = x->t;
	const char *uom = t->uom ? t->uom : "";
	const char *sp = strcmp(uom, "%") == 0 ? "" : " ";
	int form = rng_int(&g->r, 3);

	if (t->kind == KIND_QUANTITY && (t->shape == SHAPE_AT_LEAST ||
	    t->shape == SHAPE_QUOTA)) {
		if (form == 0)
			buf_printf(b, "%s đạt {%s.actual}/{%s.target}%s%s, bằng "
			    "{%s.percent} kế hoạch. ", x->name, x->code, x->code,
			    sp, uom, x->code);
		else if (form == 1)
			buf_printf(b, "%s được {%s.actual}%s%s, đạt {%s.percent} chỉ "
			    "tiêu Nghị quyết ({%s.target}%s%s). ", x->name, x->code, sp,
			    uom, x->code, x->code, sp, uom);
		else
			buf_printf(b, "%s ước thực hiện {%s.actual}%s%s, đạt "
			    "{%s.percent} kế hoạch năm. ", x->name, x->code, sp, uom,
			    x->code);
	} else if (t->kind == KIND_RATE || t->kind == KIND_QUANTITY)
		buf_printf(b, "%s là {%s.actual}%s%s. ", x->name, x->code, sp, uom);
}

static const char *const sector_order[] = { "kinh-te", "van-hoa-xa-hoi",
	"quoc-phong-an-ninh", "noi-chinh" };

static const char *const plain[][2] = {
	{ "uu-diem", "Công tác lãnh đạo, chỉ đạo, điều hành của Ủy ban nhân dân "
	  "được thực hiện kịp thời, bám sát Nghị quyết; các ngành phối hợp chặt "
	  "chẽ, nhân dân đồng thuận tham gia các phong trào thi đua.\n" },
	{ "han-che", "Một số chỉ tiêu chưa đạt kế hoạch; việc cập nhật số liệu "
	  "hằng tháng của một số bộ phận còn chậm; bộ máy sau sắp xếp đơn vị "
	  "hành chính còn đang kiện toàn.\n" },
	{ "nhiem-vu-kinh-te", "- Tập trung chỉ đạo sản xuất nông nghiệp theo "
	  "hướng hàng hóa, ứng dụng công nghệ cao.\n\n- Tăng cường công tác thu "
	  "ngân sách, chống thất thu; đẩy nhanh tiến độ các công trình giao "
	  "thông nông thôn.\n" },
};

/* Texts of the last year for every new commune; settings of its report. */
static int
write_texts(struct gen *g, const char *dir, struct buf *err)
{
	struct buf path = BUF_INIT, body = BUF_INIT;
	FILE *rs, *fp;
	size_t i, k, s;
	int rc = -1;

	if ((rs = open_out(dir, "report_settings.csv", err)) == NULL)
		return -1;
	fputs("unit,period,key,value\n", rs);
	buf_printf(&path, "%s/texts", dir);
	if (mkdirs(buf_str(&path), err) != 0)
		goto out;
	for (i = 0; i < g->nu; i++) {
		const struct gunit *u = &g->u[i];

		if (u->era != ERA_NEW)
			continue;
		if (rng_u(&g->r) < 0.8)
			fprintf(rs, "%s,,signer,%s %s %s\n", u->code,
			    surnames[rng_int(&g->r, NELEM(surnames))],
			    middles[rng_int(&g->r, NELEM(middles))],
			    givens[rng_int(&g->r, NELEM(givens))]);
		if (rng_u(&g->r) < 0.5)
			fprintf(rs, "%s,%d,number,%d/BC-UBND\n", u->code,
			    GEN_LAST_YEAR, 100 + rng_int(&g->r, 300));
		if (g->first_year > GEN_LAST_YEAR)
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/texts/%s", dir, u->code);
		if (mkdirs(buf_str(&path), err) != 0)
			goto out;
		buf_printf(&path, "/%d", GEN_LAST_YEAR);
		if (mkdirs(buf_str(&path), err) != 0)
			goto out;
		for (s = 0; s < NELEM(sector_order) + NELEM(plain); s++) {
			const char *name;

			buf_reset(&body);
			if (s < NELEM(sector_order)) {
				name = sector_order[s];
				for (k = 0; k < g->nind; k++)
					if (g->ind[k].leaf &&
					    strcmp(g->ind[k].t->sector, name) == 0 &&
					    g->ind[k].t->tagg != TIME_STOCK &&
					    rng_u(&g->r) < 0.6)
						sentence(g, &body, &g->ind[k]);
				if (body.len == 0)
					continue;
				body.len--;	/* the last space */
				buf_putc(&body, '\n');
			} else {
				name = plain[s - NELEM(sector_order)][0];
				if (strcmp(name, "nhiem-vu-kinh-te") == 0 &&
				    find_ind(g, "KT05") == NULL)
					continue;
				buf_puts(&body, plain[s - NELEM(sector_order)][1]);
			}
			buf_reset(&path);
			buf_printf(&path, "%s/texts/%s/%d/%s.md", dir, u->code,
			    GEN_LAST_YEAR, name);
			if ((fp = fopen(buf_str(&path), "w")) == NULL ||
			    fwrite(body.data, 1, body.len, fp) != body.len ||
			    fclose(fp) != 0) {
				buf_printf(err, "không ghi được %s", buf_str(&path));
				goto out;
			}
			g->counts->texts++;
		}
	}
	rc = 0;
out:
	if (close_out(rs, dir, "report_settings.csv", err) != 0)
		rc = -1;
	buf_free(&path);
	buf_free(&body);
	return rc;
}

int
gen_write(const struct gen_opts *o, const char *dir, struct gen_counts *n,
    void (*progress)(size_t, void *), void *arg, struct buf *err)
{
	struct gen g;
	size_t i;
	int rc = -1;

	memset(&g, 0, sizeof(g));
	memset(n, 0, sizeof(*n));
	g.o = o;
	g.r.s = o->seed;
	g.counts = n;
	g.progress = progress;
	g.parg = arg;
	g.first_year = GEN_LAST_YEAR - o->years + 1;
	if (mkdirs(dir, err) != 0)
		return -1;
	if (make_units(&g, err) != 0)
		goto out;
	make_indicators(&g);
	if (write_units(&g, dir, err) == 0 &&
	    write_indicators(&g, dir, err) == 0 &&
	    write_figures(&g, dir, err) == 0 &&
	    write_texts(&g, dir, err) == 0)
		rc = 0;
out:
	for (i = 0; i < g.nu; i++)
		free(g.u[i].name);
	free(g.u);
	free(g.ch);
	for (i = 0; i < g.nind; i++)
		free(g.ind[i].name);
	free(g.ind);
	return rc;
}
