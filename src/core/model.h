/* model.h: the plain structs of the domain — units, sectors, indicators,
 * targets, actual values and periods — shared by every layer. No behaviour
 * lives here beyond the name tables that map the enums to their spellings. */
#ifndef KTXH_MODEL_H
#define KTXH_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What an indicator's value is. */
enum ind_kind {
	KIND_QUANTITY,		/* a count or an amount */
	KIND_RATE,		/* a percentage, optionally numerator/denominator */
	KIND_YESNO,		/* 1 or 0 */
	KIND_QUALITATIVE,	/* assessed as met (1) or not (0) */
	KIND_COMPOUND,		/* a parent of sub-indicators; no value of its own */
	KIND__MAX
};

/* How values of consecutive periods combine into a longer one. */
enum time_agg {
	TIME_FLOW,		/* sum */
	TIME_STOCK,		/* last */
	TIME_RATE,		/* sum of numerators / sum of denominators */
	TIME__MAX
};

/* How values of several units combine. */
enum unit_agg {
	UAGG_SUM,
	UAGG_RATIO,
	UAGG_NONE,
	UAGG__MAX
};

/* The shape of a target (DOMAIN.md). */
enum shape {
	SHAPE_AT_LEAST,
	SHAPE_ABOVE,
	SHAPE_AT_MOST,
	SHAPE_BELOW,
	SHAPE_RANGE,
	SHAPE_GROWTH,
	SHAPE_REDUCTION,
	SHAPE_KEEP,
	SHAPE_QUOTA,
	SHAPE_QUALITATIVE,
	SHAPE__MAX
};

/* The bands of an evaluation, best first. */
enum band {
	BAND_EXCEEDED,		/* vượt */
	BAND_MET,		/* đạt */
	BAND_NEAR,		/* đạt từ 90% trở lên */
	BAND_MISSED,		/* không đạt */
	BAND_UNASSESSED,	/* chưa đánh giá: data missing */
	BAND__MAX
};

enum period_kind {
	PERIOD_YEAR,
	PERIOD_HALF,		/* n = 1, 2 */
	PERIOD_NINE,		/* nine months */
	PERIOD_QUARTER,		/* n = 1..4 */
	PERIOD_MONTH,		/* n = 1..12 */
	PERIOD__MAX
};

enum value_status {
	STATUS_FINAL,		/* chính thức */
	STATUS_ESTIMATE,	/* ước thực hiện */
	STATUS__MAX
};

struct period {
	int		 year;
	enum period_kind kind;
	int		 n;	/* half, quarter or month number; 0 for year, nine */
};

struct date {
	int year, month, day;	/* all 0 when unset */
};

struct unit {
	int64_t	 id;		/* store's key; 0 before it is stored */
	char	*code;		/* GSO-style code, leading zeros kept */
	char	*name;		/* proper name, NFC ("Nhơn Hưng") */
	char	*kind;		/* "phường", "xã", "tỉnh" … */
	char	*parent;	/* parent's code or NULL */
	struct date valid_from;	/* optional */
	struct date valid_to;	/* optional */
};

/* One line of the history of units (unit_changes.csv): from date on, share
 * percent of unit from's additive figures belong to unit to. A unit that is
 * a from on a date and not its own to ends the day before. */
struct unit_change {
	struct date date;	/* first day of the new arrangement */
	char	*from;		/* the old unit's code */
	char	*to;		/* the new unit's code (may equal from) */
	double	 share;		/* percent, in (0, 100]; 100 when not given */
};

struct sector {
	char	*code;		/* "kinh-te" */
	char	*name;		/* "Kinh tế" */
	int	 ord;		/* order in reports */
	bool	 builtin;	/* one of the four every database has */
};

struct indicator {
	int64_t	 id;		/* store's key */
	char	*code;
	char	*name;		/* NFC */
	char	*sector;	/* sector code */
	char	*uom;		/* unit of measure, or NULL */
	enum ind_kind kind;
	enum time_agg tagg;
	enum unit_agg uagg;
	int	 decimals;	/* display decimals; -1: up to 2, trimmed */
	int	 ord;		/* display order */
	char	*parent;	/* compound parent's code, or NULL */
};

struct target {
	char	*unit;		/* unit code */
	char	*indicator;	/* indicator code */
	int	 year;
	enum shape shape;
	bool	 has_value;
	double	 value;		/* level, threshold, growth %, reduction count … */
	bool	 has_value2;
	double	 value2;	/* upper bound of a range */
	char	*text;		/* wording of the resolution, or NULL */
	char	*source;	/* "Nghị quyết số 08/NQ-HĐND ngày 26/12/2022" */
	char	*seq;		/* number in the resolution, or NULL */
	long long version;	/* read: as stored; write: store.h's condition */
};

struct value {
	char	*unit;		/* unit code */
	char	*indicator;	/* indicator code */
	struct period period;
	bool	 has_value;
	double	 value;
	bool	 has_ratio;	/* numerator and denominator given */
	double	 num, den;
	enum value_status status;
	struct date as_of;	/* optional */
	char	*note;		/* or NULL */
	long long version;	/* read: as stored; write: store.h's condition */
};

/* How a kind of period is cut off (Decree 09/2019 by default): from day
 * start_day of the month start_offset months from the period's first month,
 * to day end_day of the month end_offset months from its last month. */
struct cutoff {
	enum period_kind kind;
	int start_offset, start_day;
	int end_offset, end_day;
};

/* Roles of web accounts, least power last. */
enum role {
	ROLE_ADMIN,		/* users, units, the catalogue; reopens periods */
	ROLE_APPROVER,		/* approves and locks its unit's periods */
	ROLE_OFFICER,		/* enters values and texts of its sectors */
	ROLE_VIEWER,		/* reads its unit and every unit below */
	ROLE__MAX
};

/* The workflow of a unit's reporting period. */
enum pstate {
	PSTATE_DRAFT,		/* being entered */
	PSTATE_SUBMITTED,	/* sent to the approver */
	PSTATE_APPROVED,	/* approved and locked */
	PSTATE__MAX
};

struct account {
	char		*name;
	enum role	 role;
	char		*unit;		/* unit code, or NULL (admin) */
	char		*sectors;	/* officer: comma-separated sector codes */
	char		*pwhash;	/* Argon2id string (libsodium) */
	bool		 disabled;
};

/* One entry of the audit log, as read (strings owned by the store). */
struct audit {
	long long	 id;
	const char	*at, *account, *unit, *action, *object, *old, *new_;
	const char	*hash;		/* core/audit.h: of prev and the fields */
	const char	*prev;		/* the hash of the entry before */
};

/* The life of an explanation request (yêu cầu giải trình): the level
 * above asks a unit to explain one indicator of one period; the unit
 * answers; the asker closes it, or reopens it with a follow-up question. */
enum xstate {
	XSTATE_OPEN,		/* asked, waiting for the unit's answer */
	XSTATE_ANSWERED,	/* answered, waiting for the asker */
	XSTATE_CLOSED,		/* closed by the asker */
	XSTATE__MAX
};

/* One step of a request's thread. */
struct xmsg {
	char	*kind;		/* "ask", "answer", "reopen", "close" */
	char	*account;	/* who */
	char	*at;		/* UTC, 2023-12-05T08:00:00Z */
	char	*body;		/* the text, or NULL (a close without a note) */
};

struct xrequest {
	long long	 id;		/* store's number; 0 before it is stored */
	char		*unit;		/* the unit asked (code) */
	char		*indicator;	/* indicator code */
	char		*period;	/* "2023", "2023-Q3" … */
	enum xstate	 state;
	char		*asked_by;	/* the asking account */
	char		*asker_unit;	/* its unit, or NULL (an admin) */
	char		*created, *updated;	/* UTC */
	long long	 version;	/* every step increases it */
	struct xmsg	*msgs;		/* the thread, oldest first */
	size_t		 nmsgs;
};

/* A report sent up to the level above (báo cáo gửi cấp trên): the signed
 * PDF of a unit's approved period, frozen with the figures it was made from
 * (the evaluation as JSON), from its signing to the level above's answer. */
enum sstate {
	SSTATE_SIGNED,		/* signed, not sent yet */
	SSTATE_SENT,		/* sent, waiting for the level above */
	SSTATE_ACCEPTED,	/* accepted by the level above */
	SSTATE_RETURNED,	/* returned with a reason: the period reopened */
	SSTATE__MAX
};

struct submission {
	long long	 id;		/* store's number; 0 before it is stored */
	char		*unit;		/* unit code */
	char		*period;	/* "2023", "2023-Q3" … */
	enum sstate	 state;
	char		*source;	/* "web", or "bundle" (ktxh bundle import) */
	unsigned char	*pdf;		/* the signed PDF; NULL when not read */
	size_t		 pdflen;	/* its bytes (also when not read) */
	char		*pdf_sha256;	/* of the PDF when it was stored, hex */
	char		*signer;	/* the certificate's common name */
	char		*signed_by;	/* the account that signed */
	char		*signed_at;	/* UTC, 2023-12-05T08:00:00Z */
	char		*snapshot;	/* the figures signed and sent (eval
					   JSON); NULL when not read */
	char		*sent_by, *sent_at;	/* or NULL */
	char		*decided_by, *decided_at;	/* accepted or returned */
	char		*reason;	/* of a return, or NULL */
	long long	 version;	/* every change increases it */
};

/* A unit's signing certificate (PKCS#12 and its password), sealed with
 * the server's key (app/sendup.c): the database alone does not open it. */
struct unit_cert {
	char		*unit;		/* unit code */
	unsigned char	*sealed;	/* nonce and ciphertext */
	size_t		 sealedlen;
	char		*subject;	/* common name of the certificate */
	char		*title;		/* its title or organisation, or NULL */
	char		*not_after;	/* end of validity, "2026-12-06 12:16:05 UTC" */
	char		*uploaded_by, *uploaded_at;
};

/* Spellings used in files and JSON, indexed by the enums; NULL-terminated. */
extern const char *const kind_names[KIND__MAX + 1];
extern const char *const time_agg_names[TIME__MAX + 1];
extern const char *const unit_agg_names[UAGG__MAX + 1];
extern const char *const shape_names[SHAPE__MAX + 1];
extern const char *const band_names[BAND__MAX + 1];
extern const char *const band_labels_vi[BAND__MAX];
/* A target's shape in words, for people. */
extern const char *const shape_labels_vi[SHAPE__MAX];
extern const char *const status_names[STATUS__MAX + 1];
extern const char *const period_kind_names[PERIOD__MAX + 1];
extern const char *const role_names[ROLE__MAX + 1];
extern const char *const role_labels_vi[ROLE__MAX];
extern const char *const pstate_names[PSTATE__MAX + 1];
extern const char *const pstate_labels_vi[PSTATE__MAX];
extern const char *const xstate_names[XSTATE__MAX + 1];
extern const char *const xstate_labels_vi[XSTATE__MAX];
extern const char *const sstate_names[SSTATE__MAX + 1];
extern const char *const sstate_labels_vi[SSTATE__MAX];

/* Sections of report text besides the sectors' own (a sector's code names
 * its results; "nhiem-vu-" + a sector's code, its next tasks). */
extern const char *const text_sections[];
#define TEXT_TASKS_PREFIX "nhiem-vu-"

/* Index of name in a NULL-terminated table, or -1. */
int	model_lookup(const char *const *table, const char *name);

void	unit_free(struct unit *);
void	unit_change_free(struct unit_change *);
void	sector_free(struct sector *);
void	indicator_free(struct indicator *);
void	target_free(struct target *);
void	value_free(struct value *);
void	account_free(struct account *);
void	xrequest_free(struct xrequest *);
void	submission_free(struct submission *);
void	unit_cert_free(struct unit_cert *);

#endif
