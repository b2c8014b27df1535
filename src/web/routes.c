/* routes.c: the one table of routes — method, path, who may call it,
 * whether a form post needs the CSRF token, the body limit, the handler. */
#include "web.h"

const struct web_route web_routes[] = {
	{ "GET",  "/login",        false, ACCESS_PUBLIC,    false, 0, h_login_form },
	{ "POST", "/login",        false, ACCESS_PUBLIC,    false, 0, h_login },
	{ "POST", "/logout",       false, ACCESS_SIGNED_IN, true,  0, h_logout },
	{ "GET",  "/password",     false, ACCESS_SIGNED_IN, false, 0, h_password_form },
	{ "POST", "/password",     false, ACCESS_SIGNED_IN, true,  0, h_password },
	{ "GET",  "/assets/",      true,  ACCESS_PUBLIC,    false, 0, h_asset },
	{ "GET",  "/",             false, ACCESS_SIGNED_IN, false, 0, h_dashboard },
	{ "GET",  "/api/v1/eval",  false, ACCESS_SIGNED_IN, false, 0, h_api_eval },
	{ "GET",  "/api/v1/units", false, ACCESS_SIGNED_IN, false, 0, h_api_units },
	{ "GET",  "/api/v1/indicators", false, ACCESS_SIGNED_IN, false, 0, h_api_indicators },
	{ "GET",  "/api/v1/targets", false, ACCESS_SIGNED_IN, false, 0, h_api_targets },
	{ "GET",  "/api/v1/values", false, ACCESS_SIGNED_IN, false, 0, h_api_values },
	/* CSRF checked in the handler: header X-CSRF-Token, none for tokens. */
	{ "POST", "/api/v1/values", false, ACCESS_WRITER,    false, 0, h_api_values_save },
	{ "GET",  "/api/v1/state", false, ACCESS_SIGNED_IN, false, 0, h_api_state },
	{ "GET",  "/entry",        false, ACCESS_WRITER,    false, 0, h_entry },
	{ "POST", "/entry",        false, ACCESS_WRITER,    true,  0, h_entry_save },
	{ "POST", "/workflow",     false, ACCESS_WRITER,    true,  0, h_workflow },
	{ "GET",  "/indicator",    false, ACCESS_SIGNED_IN, false, 0, h_indicator },
	{ "GET",  "/units",        false, ACCESS_SIGNED_IN, false, 0, h_units },
	{ "GET",  "/province",     false, ACCESS_SIGNED_IN, false, 0, h_province },
	{ "GET",  "/plan",         false, ACCESS_SIGNED_IN, false, 0, h_plan },
	{ "POST", "/plan",         false, ACCESS_WRITER,    true,  0, h_plan_save },
	{ "GET",  "/texts",        false, ACCESS_WRITER,    false, 0, h_texts },
	{ "POST", "/texts",        false, ACCESS_WRITER,    true,  0, h_texts_save },
	{ "GET",  "/reports",      false, ACCESS_SIGNED_IN, false, 0, h_reports },
	{ "GET",  "/reports/download", false, ACCESS_SIGNED_IN, false, 0, h_report_download },
	{ "GET",  "/check",        false, ACCESS_SIGNED_IN, false, 0, h_check_form },
	{ "POST", "/check",        false, ACCESS_SIGNED_IN, true,  WEB_MAX_UPLOAD, h_check },
	{ "GET",  "/admin",        false, ACCESS_ADMIN,     false, 0, h_admin },
	{ "POST", "/admin/user",   false, ACCESS_ADMIN,     true,  0, h_admin_user },
	{ "GET",  "/admin/audit",  false, ACCESS_ADMIN,     false, 0, h_admin_audit },
	{ NULL, NULL, false, ACCESS_PUBLIC, false, 0, NULL }
};
