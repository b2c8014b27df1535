/* verify.c: the checker's arithmetic (see verify.h). A stated figure is
 * judged only against the precision it was written with: "130,5%" must be
 * within 0,05 of the recomputed value, "131%" within 0,5. Counts written as
 * integers are exact, so parts that miss their total by one are wrong. */
#include <math.h>

#include "verify.h"

double
chk_half_unit(int decimals)
{
	/* The correctly rounded powers, as pow(10, -d) gives them: a call
	 * to pow for each figure cost more than the comparison it serves. */
	static const double p10[] = { 1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5,
	    1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12 };

	if (decimals < 0)
		decimals = 0;
	if (decimals > 12)
		decimals = 12;
	return 0.5 * p10[decimals];
}

double
chk_hair(double stated)
{
	double a = fabs(stated);

	return 1e-9 * (a > 1 ? a : 1);
}

bool
chk_agrees(double computed, double stated, int decimals, bool truncate)
{
	double h = chk_half_unit(decimals), hair = chk_hair(stated), d;

	if (!isfinite(computed) || !isfinite(stated))
		return false;
	if (fabs(computed - stated) <= h + hair)
		return true;
	if (!truncate)
		return false;
	/* Cut digits: stated is computed with its tail dropped, toward 0. */
	if (stated != 0 && (computed < 0) != (stated < 0))
		return false;
	d = fabs(computed) - fabs(stated);
	return d >= -hair && d < 2 * h + hair;
}

enum chk_verdict
chk_verify_ratio(double a, double b, double stated, int decimals,
    bool truncate, double *pct)
{
	double p;

	if (pct != NULL)
		*pct = NAN;
	if (b == 0 || !isfinite(a) || !isfinite(b) || !isfinite(stated))
		return CHK_UNVERIFIABLE;
	p = a / b * 100.0;
	if (pct != NULL)
		*pct = p;
	return chk_agrees(p, stated, decimals, truncate) ? CHK_OK : CHK_ERROR;
}

double
chk_slack(int decimals, double scale)
{
	if (decimals <= 0 && scale == 1)
		return 0;
	return chk_half_unit(decimals) * scale;
}

enum chk_verdict
chk_verify_sum(double sum, double total, double tol, bool exhaustive)
{
	double hair = chk_hair(total);

	if (!isfinite(sum) || !isfinite(total))
		return CHK_UNVERIFIABLE;
	if (fabs(sum - total) <= tol + hair)
		return CHK_OK;
	if (sum > total)
		return CHK_ERROR;
	return exhaustive ? CHK_ERROR : CHK_UNVERIFIABLE;
}

bool
chk_share_base(double count, double pct, int decimals, double *lo, double *hi)
{
	double h = chk_half_unit(decimals), up, down;

	if (!isfinite(count) || !isfinite(pct) || count < 0 || pct <= 0 ||
	    pct > 100)
		return false;
	up = pct + h;
	down = pct - h;
	*lo = count * 100.0 / up;
	*hi = down > 0 ? count * 100.0 / down : INFINITY;
	/* The hair: a base exactly on the edge rounds either way. */
	*lo -= chk_hair(*lo);
	if (isfinite(*hi))
		*hi += chk_hair(*hi);
	return true;
}

enum chk_verdict
chk_verify_change(double old, double new, double stated, int decimals,
    bool increase, bool points, bool truncate, double *computed)
{
	double c, want;

	if (computed != NULL)
		*computed = NAN;
	if (!isfinite(old) || !isfinite(new) || !isfinite(stated))
		return CHK_UNVERIFIABLE;
	if (points)
		c = new - old;
	else if (old == 0)
		return CHK_UNVERIFIABLE;
	else
		c = (new - old) / fabs(old) * 100.0;
	if (computed != NULL)
		*computed = c;
	want = increase ? fabs(stated) : -fabs(stated);
	if (stated == 0)
		return chk_agrees(c, 0, decimals, truncate) ? CHK_OK : CHK_ERROR;
	return chk_agrees(c, want, decimals, truncate) ? CHK_OK : CHK_ERROR;
}

enum chk_verdict
chk_verify_product(double area, double area_slack, double yield,
    double yield_slack, double output, double output_slack, double *computed)
{
	double c, tol;

	if (computed != NULL)
		*computed = NAN;
	if (!isfinite(area) || !isfinite(yield) || !isfinite(output))
		return CHK_UNVERIFIABLE;
	c = area * yield;
	if (computed != NULL)
		*computed = c;
	tol = fabs(area) * yield_slack + fabs(yield) * area_slack +
	    area_slack * yield_slack + output_slack;
	return fabs(c - output) <= tol + chk_hair(output) ? CHK_OK : CHK_ERROR;
}
