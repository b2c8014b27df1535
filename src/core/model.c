/* model.c: name tables of the domain enums and the free functions of the
 * domain structs. */
#include <stdlib.h>
#include <string.h>

#include "model.h"

const char *const kind_names[KIND__MAX + 1] = {
	"quantity", "rate", "yesno", "qualitative", "compound", NULL
};
const char *const time_agg_names[TIME__MAX + 1] = {
	"flow", "stock", "rate", NULL
};
const char *const unit_agg_names[UAGG__MAX + 1] = {
	"sum", "ratio", "none", NULL
};
const char *const shape_names[SHAPE__MAX + 1] = {
	"at_least", "above", "at_most", "below", "range", "growth",
	"reduction", "keep", "quota", "qualitative", NULL
};
const char *const shape_labels_vi[SHAPE__MAX] = {
	"ít nhất (đạt từ mức kế hoạch trở lên)", "trên ngưỡng",
	"không quá (càng thấp càng tốt)", "dưới ngưỡng", "trong khoảng",
	"tăng so với năm trước (%)", "giảm so với năm trước (số lượng)",
	"duy trì, giữ vững", "chỉ tiêu cấp trên giao", "định tính (đạt/không đạt)"
};
const char *const band_names[BAND__MAX + 1] = {
	"exceeded", "met", "near", "missed", "unassessed", NULL
};
const char *const band_labels_vi[BAND__MAX] = {
	"Vượt", "Đạt", "Đạt từ 90% trở lên", "Không đạt", "Chưa đánh giá"
};
const char *const status_names[STATUS__MAX + 1] = {
	"final", "estimate", NULL
};
const char *const period_kind_names[PERIOD__MAX + 1] = {
	"year", "half", "nine", "quarter", "month", NULL
};

const char *const role_names[ROLE__MAX + 1] = {
	"admin", "approver", "officer", "viewer", NULL
};
const char *const role_labels_vi[ROLE__MAX] = {
	"Quản trị", "Phê duyệt", "Cán bộ nhập liệu", "Xem"
};
const char *const pstate_names[PSTATE__MAX + 1] = {
	"draft", "submitted", "approved", NULL
};
const char *const pstate_labels_vi[PSTATE__MAX] = {
	"Đang nhập", "Đã gửi duyệt", "Đã duyệt (khóa)"
};

const char *const xstate_names[XSTATE__MAX + 1] = {
	"open", "answered", "closed", NULL
};
const char *const xstate_labels_vi[XSTATE__MAX] = {
	"Chờ giải trình", "Đã giải trình", "Đã đóng"
};

const char *const sstate_names[SSTATE__MAX + 1] = {
	"signed", "sent", "accepted", "returned", NULL
};
const char *const sstate_labels_vi[SSTATE__MAX] = {
	"Đã ký, chưa gửi", "Chờ tiếp nhận", "Đã tiếp nhận", "Đã trả lại"
};

const char *const text_sections[] = {
	"mo-dau",		/* the opening paragraph */
	"cong-tac-khac",	/* V. Một số công tác khác */
	"uu-diem",		/* VI.1 strengths */
	"han-che",		/* VI.2 shortcomings */
	"nguyen-nhan",		/* VI.3 causes */
	"ket-luan",		/* the closing paragraph */
	NULL
};

int
model_lookup(const char *const *table, const char *name)
{
	int i;

	if (name == NULL)
		return -1;
	for (i = 0; table[i] != NULL; i++)
		if (strcmp(table[i], name) == 0)
			return i;
	return -1;
}

void
unit_change_free(struct unit_change *c)
{
	if (c == NULL)
		return;
	free(c->from);
	free(c->to);
	memset(c, 0, sizeof(*c));
}

void
unit_free(struct unit *u)
{
	if (u == NULL)
		return;
	free(u->code);
	free(u->name);
	free(u->kind);
	free(u->parent);
	memset(u, 0, sizeof(*u));
}

void
sector_free(struct sector *s)
{
	if (s == NULL)
		return;
	free(s->code);
	free(s->name);
	memset(s, 0, sizeof(*s));
}

void
indicator_free(struct indicator *i)
{
	if (i == NULL)
		return;
	free(i->code);
	free(i->name);
	free(i->sector);
	free(i->uom);
	free(i->parent);
	memset(i, 0, sizeof(*i));
}

void
target_free(struct target *t)
{
	if (t == NULL)
		return;
	free(t->unit);
	free(t->indicator);
	free(t->text);
	free(t->source);
	free(t->seq);
	memset(t, 0, sizeof(*t));
}

void
value_free(struct value *v)
{
	if (v == NULL)
		return;
	free(v->unit);
	free(v->indicator);
	free(v->note);
	memset(v, 0, sizeof(*v));
}

void
account_free(struct account *a)
{
	if (a == NULL)
		return;
	free(a->name);
	free(a->unit);
	free(a->sectors);
	free(a->pwhash);
	memset(a, 0, sizeof(*a));
}

void
xrequest_free(struct xrequest *x)
{
	size_t i;

	if (x == NULL)
		return;
	free(x->unit);
	free(x->indicator);
	free(x->period);
	free(x->asked_by);
	free(x->asker_unit);
	free(x->created);
	free(x->updated);
	for (i = 0; i < x->nmsgs; i++) {
		free(x->msgs[i].kind);
		free(x->msgs[i].account);
		free(x->msgs[i].at);
		free(x->msgs[i].body);
	}
	free(x->msgs);
	memset(x, 0, sizeof(*x));
}

void
submission_free(struct submission *x)
{
	if (x == NULL)
		return;
	free(x->unit);
	free(x->period);
	free(x->source);
	free(x->pdf);
	free(x->pdf_sha256);
	free(x->signer);
	free(x->signed_by);
	free(x->signed_at);
	free(x->snapshot);
	free(x->sent_by);
	free(x->sent_at);
	free(x->decided_by);
	free(x->decided_at);
	free(x->reason);
	memset(x, 0, sizeof(*x));
}

void
unit_cert_free(struct unit_cert *c)
{
	if (c == NULL)
		return;
	free(c->unit);
	if (c->sealed != NULL)
		memset(c->sealed, 0, c->sealedlen);
	free(c->sealed);
	free(c->subject);
	free(c->title);
	free(c->not_after);
	free(c->uploaded_by);
	free(c->uploaded_at);
	memset(c, 0, sizeof(*c));
}
