/* assets.c: the stylesheet and the small script, built into the binary.
 * Pages work without the script; it only adds conveniences. */
#include <string.h>

#include "web.h"

static const char css[] =
"*{box-sizing:border-box}\n"
"body{margin:0;font:16px/1.45 \"Noto Sans\",\"DejaVu Sans\",Arial,sans-serif;"
"color:#1b1f24;background:#f5f6f8}\n"
"header.top{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;"
"padding:.5rem 1rem;background:#8b1a1a;color:#fff}\n"
"header.top a{color:#fff;text-decoration:none}\n"
".brand{font-weight:700;font-size:1.2rem}\n"
"nav{display:flex;flex-wrap:wrap;gap:.25rem .75rem}\n"
"nav a[aria-current]{text-decoration:underline}\n"
".who{margin-left:auto;font-size:.9rem}\n"
".who button{background:none;border:1px solid #fff;color:#fff;border-radius:3px;"
"padding:.1rem .4rem;cursor:pointer}\n"
"form.inline{display:inline}\n"
"main{max-width:1100px;margin:0 auto;padding:1rem}\n"
"h1{font-size:1.4rem;margin:.5rem 0 1rem}\n"
"h2{font-size:1.15rem;margin:1.5rem 0 .5rem;border-bottom:1px solid #ccd}\n"
".card{background:#fff;border:1px solid #dde;border-radius:6px;padding:1rem;"
"margin:0 0 1rem}\n"
".narrow{max-width:420px}\n"
"label{display:block;margin:.5rem 0}\n"
"input,select,textarea,button{font:inherit}\n"
"input,select,textarea{display:block;width:100%;padding:.4rem;border:1px solid #aab;"
"border-radius:4px;background:#fff}\n"
"textarea{min-height:12rem}\n"
"input[type=checkbox],input[type=radio]{display:inline-block;width:auto;margin-right:.4rem}\n"
"button{background:#8b1a1a;color:#fff;border:0;border-radius:4px;"
"padding:.5rem 1rem;cursor:pointer;margin-top:.5rem}\n"
".error{background:#fde8e8;border:1px solid #e0a0a0;padding:.5rem;border-radius:4px}\n"
".ok{background:#e6f4ea;border:1px solid #9ccfaa;padding:.5rem;border-radius:4px}\n"
".field-error{color:#a40000;font-size:.9rem}\n"
"table{border-collapse:collapse;width:100%;background:#fff}\n"
"th,td{border:1px solid #dde;padding:.35rem .5rem;text-align:left;vertical-align:top}\n"
"td.num{text-align:right;white-space:nowrap}\n"
"progress.bar{-webkit-appearance:none;appearance:none;width:100%;min-width:6rem;"
"height:.6rem;border:0;border-radius:3px;background:#e8e9ee;color:#8a8f98}\n"
"progress.bar::-webkit-progress-bar{background:#e8e9ee;border-radius:3px}\n"
"progress.bar::-webkit-progress-value{border-radius:3px;background:currentColor}\n"
"progress.bar::-moz-progress-bar{border-radius:3px;background:currentColor}\n"
".bar.b-exceeded{color:#1b7f3b}.bar.b-met{color:#2e9e55}.bar.b-near{color:#e08a00}"
".bar.b-missed{color:#c62828}.bar.b-unassessed{color:#8a8f98}\n"
".badge.b-exceeded{background:#1b7f3b}\n"
".badge.b-met{background:#2e9e55}\n"
".badge.b-near{background:#e08a00}\n"
".badge.b-missed{background:#c62828}\n"
".badge.b-unassessed{background:#8a8f98}\n"
"figure.card{margin:0 0 1rem}figcaption{font-weight:600}\n"
"tr.compound td{background:#f0f1f5}\n"
"form.workflow{display:inline-block;margin-right:1rem;vertical-align:top}\n"
".sectors{margin:.5rem 0}\n"
"table.entry label{font-size:.9rem;margin:.2rem 0 .5rem}\n"
"@media print{table.entry input,table.entry select{border:0;padding:0}}\n"
".badge{color:#fff;border-radius:3px;padding:.05rem .4rem;font-size:.85rem;"
"white-space:nowrap}\n"
".risk{border-left:4px solid #c62828}\n"
".filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}\n"
".filters label{margin:0}\n"
".tally{font-weight:600}\n"
"mark.finding{background:#ffe08a}\n"
"mark.finding.error{background:#ffb4b4}\n"
"footer{text-align:center;color:#667;font-size:.85rem;padding:2rem 0}\n"
".report-preview{font-family:\"Times New Roman\",\"Liberation Serif\",serif;font-size:1.05rem;line-height:1.45;color:#000;background:#fff}\n"
".report-preview p{margin:0 0 .4rem}\n"
".rp-body,.rp-heading,.rp-subheading{text-align:justify;text-indent:1.27cm}\n"
".rp-heading,.rp-subheading,.rp-part,.rp-title,.rp-summary,.rp-agency,.rp-nation,.rp-motto,.rp-authority,.rp-signer{font-weight:700}\n"
"h3.rp-subheading{font-size:inherit;margin:.6rem 0 .4rem}\n"
".rp-part,.rp-center,.rp-title,.rp-summary{text-align:center}\n"
".rp-note{font-style:italic;font-size:.9em}\n"
".rp-frame{display:flex;flex-wrap:wrap;justify-content:space-between;gap:1rem;text-align:center;margin-bottom:1rem}\n"
".rp-frame p{margin:0}\n"
".rp-left{flex:0 1 40%}.rp-right{flex:1 1 50%}\n"
".rp-motto{text-decoration:underline}\n"
".rp-number{white-space:pre-wrap}\n"
".rp-date{font-style:italic;margin-top:.4rem!important}\n"
".rp-scroll{overflow-x:auto}\n"
".rp-grid{font-size:.9em}\n"
".rp-grid th{text-align:center}\n"
".rp-group td{font-weight:700}\n"
"td.rp-c{text-align:center}td.rp-r{text-align:right}.rp-b{font-weight:700}.rp-i{font-style:italic}td.rp-indent{padding-left:1.5em}\n"
".rp-break{border:0;border-top:1px dashed #999;margin:2rem 0}\n"
".rp-closing{display:flex;flex-wrap:wrap;justify-content:space-between;gap:1rem;margin-top:1rem}\n"
".rp-recipients{flex:1 1 45%}.rp-sign{flex:1 1 45%;text-align:center}\n"
".rp-to{font-weight:700;font-style:italic;font-size:.9em}\n"
".report-preview .rp-recipient{font-size:.85em;margin:0}\n"
".report-preview .rp-signer{margin-top:4rem}\n"
"ol.sections small{color:#556}\n"
"@media print{.report-preview{border:0;padding:0}}\n"
"@media (max-width:640px){table.responsive thead{display:none}"
"table.responsive td{display:block;border:0}table.responsive tr{display:block;"
"border-bottom:1px solid #dde;padding:.3rem 0}"
"table.responsive td[data-label]::before{content:attr(data-label) \": \";"
"font-weight:600}table.responsive td.num{text-align:left}}\n"
"@media print{header.top,footer,.filters,form,button{display:none}"
"body{background:#fff}main{max-width:none}}\n";

static const char js[] =
"/* ktxh: conveniences only; every form works without this script. */\n"
"document.addEventListener('change', function (e) {\n"
"  var f = e.target.form;\n"
"  if (f && f.classList.contains('autosubmit')) f.submit();\n"
"});\n";

void
h_asset(struct req *r)
{
	if (strcmp(r->path, "/assets/ktxh.css") == 0) {
		buf_append(&r->body, css, sizeof(css) - 1);
		r->ctype = "text/css; charset=utf-8";
	} else if (strcmp(r->path, "/assets/ktxh.js") == 0) {
		buf_append(&r->body, js, sizeof(js) - 1);
		r->ctype = "text/javascript; charset=utf-8";
	} else {
		web_error(r, 404, "Không có tệp này.");
		return;
	}
	/* Assets are built into the binary: they change only with it. */
	buf_puts(&r->headers, "Cache-Control: public, max-age=3600\n");
}
