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
	{ NULL, NULL, false, ACCESS_PUBLIC, false, 0, NULL }
};
