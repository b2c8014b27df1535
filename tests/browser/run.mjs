// run.mjs: the browser tests of the ktxh web application. playwright-core
// drives Debian's Chromium headless against a server that
// tests/cli/test_browser.sh has started on the example data (data/nhon-hung)
// with one account of each role; this script signs in through the login
// form as each of them, enters a value and sees the dashboard change, is
// refused outside its unit and sector, submits and approves a period and
// sees entry locked, downloads a DOCX report, checks a pasted report, looks
// at the units ranking, compares the wards on So sánh (sorting, filtering,
// drill-down), takes an explanation request from the province's question
// to the ward's answer to its closing, has the admin upload the ward's
// certificate, the approver sign the approved report and send it up, the
// province find it checked in Báo cáo gửi lên and return it with a reason,
// which the ward sees with its period open again, has the province upload
// the bundle of a ward without a connection (a tampered copy refused with
// the file named) and find it in its inbox, and saves a full-page
// screenshot of every main page.
// It prints one line per step and "N passed, N failed"; exit 1 on a failure.
//
// Environment: KTXH_URL (required, "http://127.0.0.1:PORT"), KTXH_PASSWORD
// (of every account), KTXH_SHOTS (screenshot folder), KTXH_TMP (downloads),
// KTXH_CHROMIUM (default /usr/bin/chromium), KTXH_CERT and KTXH_CERT_PASS
// (the ward's PKCS#12 and its password), KTXH_BUNDLE and KTXH_BUNDLE_BAD
// (another ward's offline bundle, and a copy with one byte changed).
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

const BASE = process.env.KTXH_URL;
const PASSWORD = process.env.KTXH_PASSWORD || 'Mat-khau-dai-2026';
const SHOTS = process.env.KTXH_SHOTS || 'tests/out/screenshots';
const TMP = process.env.KTXH_TMP || tmpdir();
const CHROMIUM = process.env.KTXH_CHROMIUM || '/usr/bin/chromium';
if (!BASE) {
	console.error('run.mjs: set KTXH_URL (tests/cli/test_browser.sh does)');
	process.exit(2);
}

// The accounts test_browser.sh creates.
const USERS = {
	admin: { name: 'quantri', label: 'Quản trị' },
	approver: { name: 'duyet', label: 'Phê duyệt' },
	officer: { name: 'canbo', label: 'Cán bộ nhập liệu' },
	viewer: { name: 'xem', label: 'Xem' },
};
const UNIT = '99001', OTHER = '99002', YEAR = 2023;
const ENTRY = `/entry?unit=${UNIT}&year=${YEAR}&period=${YEAR}&sector=kinh-te`;
const DASH = `/?unit=${UNIT}&year=${YEAR}&period=${YEAR}`;
// Requests made outside the page (page.request) do not keep their
// connection: the server closes connections idle for 5 s, and a request
// written on a pooled connection at that moment fails with "socket hang up".
const CLOSE = { Connection: 'close' };

// ---- a tiny runner ----

let passed = 0, failed = 0;
const failures = [];
const jsErrors = [];		// CSP violations and uncaught page errors

class Check extends Error {}
function check(cond, msg) {
	if (!cond)
		throw new Check(msg);
}

// Run one step; a failure is counted and the run goes on.
async function step(name, fn, page) {
	const t0 = Date.now();
	try {
		await fn();
		passed++;
		console.log(`ok    ${name} (${Date.now() - t0} ms)`);
	} catch (e) {
		failed++;
		failures.push(name);
		const msg = (e instanceof Check ? e.message : String(e.stack || e))
		    .split('\n').slice(0, 6).join('\n      ');
		console.log(`FAIL  ${name}: ${msg}`);
		const p = typeof page === 'function' ? page() : page;
		if (p && !p.isClosed()) {
			const f = `FAIL-${failed}-${name.normalize('NFD').replace(/\p{M}/gu, '')
			    .replace(/[đĐ]/g, 'd').replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60)}.png`;
			await p.screenshot({ path: join(SHOTS, f), fullPage: true })
			    .catch(() => {});
			console.log(`      page: ${p.url()} (screenshot ${f})`);
		}
	}
}

// ---- helpers ----

let browser;

function watch(page, who) {
	page.on('console', (m) => {
		if (m.type() === 'error' && /Content Security Policy/i.test(m.text()))
			jsErrors.push(`${who} ${page.url()}: ${m.text()}`);
	});
	page.on('pageerror', (e) => jsErrors.push(`${who} ${page.url()}: ${e.message}`));
}

async function newPage(who, opts = {}) {
	const context = await browser.newContext({
		acceptDownloads: true, locale: 'vi-VN',
		viewport: { width: 1280, height: 900 }, ...opts,
	});
	const page = await context.newPage();
	page.setDefaultTimeout(10000);
	page.setDefaultNavigationTimeout(15000);
	watch(page, who);
	return page;
}

// Open a path; check the status; return the response.
async function open(page, path, status = 200) {
	const res = await page.goto(BASE + path);
	check(res, `no response for ${path}`);
	check(res.status() === status,
	    `${path}: status ${res.status()}, want ${status}`);
	return res;
}

// Click a button or link that navigates; return the navigation's response.
async function submit(page, locator) {
	const [res] = await Promise.all([
		page.waitForNavigation({ waitUntil: 'load' }),
		locator.click(),
	]);
	return res;
}

async function text(page, sel = 'main') {
	return (await page.locator(sel).first().innerText()).replace(/\s+/g, ' ');
}

async function shot(page, name) {
	await page.screenshot({ path: join(SHOTS, name), fullPage: true });
}

// Sign in through the form as a role; the page ends on the dashboard.
async function login(page, role) {
	const u = USERS[role];
	await open(page, '/login');
	await page.locator('input[name="username"]').fill(u.name);
	await page.locator('input[name="password"]').fill(PASSWORD);
	const res = await submit(page, page.getByRole('button', { name: 'Đăng nhập' }));
	check(res && res.status() === 200, `login ${u.name}: status ${res && res.status()}`);
	check(new URL(page.url()).pathname === '/',
	    `login ${u.name}: ended on ${page.url()}, not the dashboard`);
	const who = await text(page, 'header .who');
	check(who.includes(u.name) && who.includes(u.label),
	    `login ${u.name}: header shows “${who}”`);
}

async function navLabels(page) {
	return (await page.locator('header nav a').allInnerTexts()).map((s) => s.trim());
}

// The dashboard's count of missed indicators ("01 chỉ tiêu không đạt"; no
// phrase when none) and the band of an indicator's row in its sector table.
async function dashboard(page) {
	const tally = await text(page, 'p.tally');
	const m = tally.match(/(\d+) chỉ tiêu không đạt/);
	return { tally, missed: m ? Number(m[1]) : 0 };
}
async function rowOf(page, code) {
	const row = page.locator(`main tr:has(a[href*="code=${code}&"])`).last();
	return {
		band: (await row.locator('.badge').first().innerText()).trim(),
		text: (await row.innerText()).replace(/\s+/g, ' '),
	};
}

async function csrfOf(page) {
	return page.locator('input[name="csrf"]').first().inputValue();
}

// The names of a zip's entries, from its central directory, and one entry
// inflated.
function zipEntries(buf) {
	let eocd = -1;
	for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--)
		if (buf.readUInt32LE(i) === 0x06054b50) {
			eocd = i;
			break;
		}
	check(eocd >= 0, 'no end of central directory: not a zip');
	const n = buf.readUInt16LE(eocd + 10);
	let off = buf.readUInt32LE(eocd + 16);
	const out = new Map();
	for (let k = 0; k < n; k++) {
		check(buf.readUInt32LE(off) === 0x02014b50, 'broken central directory');
		const method = buf.readUInt16LE(off + 10);
		const csize = buf.readUInt32LE(off + 20);
		const nlen = buf.readUInt16LE(off + 28), xlen = buf.readUInt16LE(off + 30);
		const clen = buf.readUInt16LE(off + 32), local = buf.readUInt32LE(off + 42);
		const name = buf.toString('utf8', off + 46, off + 46 + nlen);
		out.set(name, () => {
			const ln = buf.readUInt16LE(local + 26), lx = buf.readUInt16LE(local + 28);
			const data = buf.subarray(local + 30 + ln + lx, local + 30 + ln + lx + csize);
			return method === 0 ? data : inflateRawSync(data);
		});
		off += 46 + nlen + xlen + clen;
	}
	return out;
}

// ---- the tests ----

async function main() {
	mkdirSync(SHOTS, { recursive: true });
	browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu',
		    '--disable-background-networking', '--disable-component-update',
		    '--no-first-run'],
	});
	const admin = await newPage('admin');
	const approver = await newPage('approver');
	const officer = await newPage('officer');
	const viewer = await newPage('viewer');
	let phone;

	// -- signing in --
	await step('login page, wrong password refused', async () => {
		await open(viewer, '/login');
		await shot(viewer, '00-dang-nhap.png');
		await viewer.locator('input[name="username"]').fill(USERS.viewer.name);
		await viewer.locator('input[name="password"]').fill('sai-mat-khau-roi');
		const res = await submit(viewer, viewer.getByRole('button', { name: 'Đăng nhập' }));
		check(res.status() === 401, `wrong password: status ${res.status()}, want 401`);
		check((await text(viewer)).includes('Tên đăng nhập hoặc mật khẩu không đúng'),
		    'no “mật khẩu không đúng” message');
		await open(viewer, '/', 200).catch(() => {});
		check(new URL(viewer.url()).pathname === '/login',
		    `signed out, / should lead to /login, ended on ${viewer.url()}`);
	}, viewer);
	for (const [role, page] of [['admin', admin], ['approver', approver],
	    ['officer', officer], ['viewer', viewer]])
		await step(`login as ${role} (${USERS[role].name})`, () => login(page, role), page);

	await step('navigation follows the role', async () => {
		const nav = {
			admin: await navLabels(admin), approver: await navLabels(approver),
			officer: await navLabels(officer), viewer: await navLabels(viewer),
		};
		for (const r of Object.keys(nav))
			for (const l of ['Tổng quan', 'Kế hoạch', 'Báo cáo', 'Kiểm tra báo cáo', 'Đơn vị'])
				check(nav[r].includes(l), `${r} lacks “${l}” in the menu: ${nav[r]}`);
		check(nav.admin.includes('Quản trị'), 'admin lacks Quản trị');
		for (const r of ['approver', 'officer', 'viewer'])
			check(!nav[r].includes('Quản trị'), `${r} sees Quản trị`);
		for (const r of ['admin', 'approver', 'officer'])
			check(nav[r].includes('Nhập số liệu'), `${r} lacks Nhập số liệu`);
		check(!nav.viewer.includes('Nhập số liệu'), 'the viewer sees Nhập số liệu');
		await open(viewer, '/entry', 403);
		await open(viewer, '/admin', 403);
		await open(officer, '/admin', 403);
		await open(approver, '/admin', 403);
	}, viewer);

	// -- entering a value --
	let before;
	await step('officer: dashboard before entry (KT07 không đạt)', async () => {
		await open(officer, DASH);
		before = await dashboard(officer);
		const kt07 = await rowOf(officer, 'KT07');
		check(before.missed >= 1, `tally has no “không đạt”: ${before.tally}`);
		check(kt07.band === 'Không đạt', `KT07 band “${kt07.band}”, want Không đạt`);
	}, officer);

	await step('officer: a figure that is not a number is refused beside its field', async () => {
		await open(officer, ENTRY);
		await shot(officer, '03-nhap-so-lieu.png');
		const input = officer.locator('input[name="v.KT07"]');
		check(await input.count() === 1, 'no input v.KT07 on the entry page');
		await input.fill('34O.000.000');	// a letter O
		const res = await submit(officer, officer.getByRole('button', { name: 'Lưu số liệu' }));
		check(res.status() === 422, `status ${res.status()}, want 422`);
		check(await officer.locator('.field-error').count() >= 1, 'no .field-error shown');
		check(await officer.locator('input[name="v.KT07"][aria-invalid="true"]').count() === 1,
		    'the KT07 input is not marked invalid');
		await open(officer, DASH);
		const kt07 = await rowOf(officer, 'KT07');
		check(kt07.band === 'Không đạt' && kt07.text.includes('177.000.000'),
		    `a refused form changed KT07: ${kt07.text}`);
	}, officer);

	await step('officer: enter KT07 = 340.000.000 on Nhập số liệu', async () => {
		await open(officer, ENTRY);
		await officer.locator('input[name="v.KT07"]').fill('340.000.000');
		const res = await submit(officer, officer.getByRole('button', { name: 'Lưu số liệu' }));
		check(res.status() === 200, `status ${res.status()}`);
		check(officer.url().includes('saved=1'), `not redirected with saved=1: ${officer.url()}`);
		check((await text(officer)).includes('Đã lưu 1 số liệu'), 'no “Đã lưu 1 số liệu”');
		const v = await officer.locator('input[name="v.KT07"]').inputValue();
		check(v === '340000000' || v === '340.000.000', `KT07 shows “${v}” after the save`);
	}, officer);

	await step('officer: dashboard changed (one “không đạt” fewer, KT07 Đạt)', async () => {
		await open(officer, DASH);
		const after = await dashboard(officer);
		const kt07 = await rowOf(officer, 'KT07');
		check(after.missed === before.missed - 1,
		    `không đạt ${before.missed} → ${after.missed}: ${after.tally}`);
		check(kt07.band === 'Đạt', `KT07 band “${kt07.band}”, want Đạt`);
		check(kt07.text.includes('340.000.000'), `KT07 row: ${kt07.text}`);
		await shot(officer, '01-tong-quan.png');
	}, officer);

	// -- refusals --
	await step('officer: another unit is refused (403)', async () => {
		await open(officer, `/entry?unit=${OTHER}&year=${YEAR}`, 403);
		const t = await text(officer);
		check(t.includes('Không có quyền') && t.includes('không được xem số liệu của đơn vị này'),
		    `refusal text: ${t.slice(0, 200)}`);
		await shot(officer, '11-tu-choi-don-vi-khac.png');
		await open(officer, `/?unit=${OTHER}&year=${YEAR}`, 403);
		await open(officer, `/reports?unit=${OTHER}&year=${YEAR}`, 403);
	}, officer);

	await step('officer: another sector cannot be edited', async () => {
		await open(officer, `/entry?unit=${UNIT}&year=${YEAR}&period=${YEAR}&sector=van-hoa-xa-hoi`);
		const t = await text(officer);
		check(t.includes('Bạn chỉ xem được số liệu của lĩnh vực này, không nhập được'),
		    'no “chỉ xem được” notice on a sector not the officer’s');
		check(await officer.locator('main input[name^="v."]').count() === 0,
		    'value inputs shown on a sector not the officer’s');
		check(await officer.locator('form#entry').count() === 0, 'a save form is shown');
		const sectors = await officer.locator('nav.sectors a').allInnerTexts();
		check(sectors.length === 1 && sectors[0].trim() === 'Kinh tế',
		    `sector links of the officer: ${sectors}`);
		// A forged post, with a valid session and token, for another sector
		// and for another unit.
		const csrf = await csrfOf(officer);
		let r = await officer.request.post(BASE + '/entry', { headers: CLOSE, form: {
			csrf, unit: UNIT, period: String(YEAR), sector: 'van-hoa-xa-hoi', 'v.VH01': '1' },
			maxRedirects: 0 });
		check(r.status() === 403, `post to another sector: status ${r.status()}, want 403`);
		r = await officer.request.post(BASE + '/entry', { headers: CLOSE, form: {
			csrf, unit: OTHER, period: String(YEAR), sector: 'kinh-te', 'v.KT07': '1' },
			maxRedirects: 0 });
		check(r.status() === 403, `post to another unit: status ${r.status()}, want 403`);
	}, officer);

	// -- workflow --
	await step('officer: submit the period', async () => {
		await open(officer, ENTRY);
		check((await text(officer, 'section.state')).includes('Đang nhập'), 'state is not Đang nhập');
		await submit(officer, officer.getByRole('button', { name: 'Gửi duyệt' }));
		const t = await text(officer);
		check(t.includes('Đã gửi duyệt kỳ này'), 'no “Đã gửi duyệt kỳ này”');
		check((await text(officer, 'section.state')).includes('Đã gửi duyệt'), 'state is not Đã gửi duyệt');
		check(await officer.locator('main input[name^="v."]').count() === 0,
		    'the officer can still edit a submitted period');
		const csrf = await csrfOf(officer);
		const r = await officer.request.post(BASE + '/workflow', { headers: CLOSE, form: {
			csrf, unit: UNIT, period: String(YEAR), sector: 'kinh-te', action: 'approve' },
			maxRedirects: 0 });
		check(r.status() === 403, `the officer approving: status ${r.status()}, want 403`);
	}, officer);

	await step('approver: approve and lock the period', async () => {
		await open(approver, ENTRY);
		check((await text(approver, 'section.state')).includes('Đã gửi duyệt'), 'approver sees no submitted state');
		await submit(approver, approver.getByRole('button', { name: 'Phê duyệt và khóa' }));
		check((await text(approver)).includes('Đã phê duyệt và khóa kỳ này'), 'no “Đã phê duyệt và khóa kỳ này”');
		check((await text(approver, 'section.state')).includes('Đã duyệt (khóa)'), 'state is not Đã duyệt (khóa)');
		check(await approver.locator('main input[name^="v."]').count() === 0,
		    'inputs still shown to the approver on an approved period');
	}, approver);

	await step('officer: entry is locked after approval', async () => {
		await open(officer, ENTRY);
		check((await text(officer)).includes('Kỳ đã duyệt nên số liệu bị khóa'), 'no “bị khóa” notice');
		check(await officer.locator('main input[name^="v."]').count() === 0, 'inputs on a locked period');
		check(await officer.locator('form#entry').count() === 0, 'a save form on a locked period');
		await shot(officer, '03b-nhap-so-lieu-da-khoa.png');
		const csrf = await csrfOf(officer);
		const r = await officer.request.post(BASE + '/entry', { headers: CLOSE, form: {
			csrf, unit: UNIT, period: String(YEAR), sector: 'kinh-te', 'v.KT07': '1' },
			maxRedirects: 0 });
		check(r.status() === 409, `a post to a locked period: status ${r.status()}, want 409`);
		await open(officer, DASH);
		const kt07 = await rowOf(officer, 'KT07');
		check(kt07.text.includes('340.000.000'), `a refused post changed KT07: ${kt07.text}`);
	}, officer);

	// -- reports --
	await step('approver: download the DOCX report from Báo cáo', async () => {
		await open(approver, `/reports?unit=${UNIT}&year=${YEAR}&period=${YEAR}`);
		await shot(approver, '06-bao-cao.png');
		const link = approver.locator('main a', { hasText: 'Word (DOCX)' });
		check(await link.count() === 1, 'no “Word (DOCX)” link');
		const [dl] = await Promise.all([
			approver.waitForEvent('download', { timeout: 30000 }),
			link.click(),
		]);
		const file = join(TMP, 'ktxh-report.docx');
		await dl.saveAs(file);
		check(dl.suggestedFilename().endsWith('.docx'), `file name “${dl.suggestedFilename()}”`);
		const buf = readFileSync(file);
		check(buf.length > 1000 && buf.toString('latin1', 0, 2) === 'PK',
		    `not a zip (${buf.length} bytes, starts “${buf.toString('latin1', 0, 8)}”)`);
		const zip = zipEntries(buf);
		check(zip.has('word/document.xml'), `no word/document.xml in ${[...zip.keys()]}`);
		const xml = zip.get('word/document.xml')().toString('utf8');
		const plain = xml.replace(/<[^>]+>/g, '');
		check(plain.includes('Nhơn Hưng'), 'the report does not name Nhơn Hưng');
		check(plain.includes('340.000.000'), 'the report lacks the entered 340.000.000');
		rmSync(file, { force: true });
	}, approver);

	// -- signing and sending up: the ward signs, the province returns --
	const REPORTS = `/reports?unit=${UNIT}&year=${YEAR}&period=${YEAR}`;
	const CERT = process.env.KTXH_CERT, CERT_PASS = process.env.KTXH_CERT_PASS || '';
	const RETURN_REASON = 'Đề nghị phường rà soát lại số thu ngân sách (KT07) với sổ kế toán rồi gửi lại.';
	let inboxUrl;
	await step('admin: uploads the ward’s certificate on Quản trị', async () => {
		check(CERT, 'KTXH_CERT (the test certificate) is not set');
		await open(admin, '/admin');
		const form = admin.locator('form.cert');
		check(await form.count() === 1, 'no certificate upload form on Quản trị');
		await form.locator('select[name="unit"]').selectOption(UNIT);
		await form.locator('input[name="p12"]').setInputFiles(CERT);
		await form.locator('input[name="password"]').fill('sai-mat-khau');
		let res = await submit(admin, form.getByRole('button', { name: 'Lưu chứng thư số' }));
		check(res.status() === 422, `a wrong password: status ${res.status()}, want 422`);
		check((await text(admin)).includes('sai mật khẩu'), 'no “sai mật khẩu” message');
		await open(admin, '/admin');
		await form.locator('select[name="unit"]').selectOption(UNIT);
		await form.locator('input[name="p12"]').setInputFiles(CERT);
		await form.locator('input[name="password"]').fill(CERT_PASS);
		res = await submit(admin, form.getByRole('button', { name: 'Lưu chứng thư số' }));
		check(res.status() === 200, `status ${res.status()}`);
		const t = await text(admin, 'section.certs');
		check(t.includes('Đã lưu chứng thư số của đơn vị') && t.includes('Chủ tịch UBND phường Nhơn Hưng'),
		    `the certificates section: ${t.slice(0, 300)}`);
		check(!(await admin.content()).includes(CERT_PASS), 'the page shows the certificate’s password');
		await admin.locator('section.certs').screenshot({ path: join(SHOTS, '18-chung-thu-so.png') });
	}, admin);

	await step('approver: signs the approved report on Báo cáo and sends it up', async () => {
		await open(approver, REPORTS);
		const box = approver.locator('section.sendup');
		check(await box.count() === 1, 'no “Ký số và gửi cấp trên” card on Báo cáo');
		check((await box.innerText()).includes('Đã duyệt (khóa)'), 'the card does not show the approved state');
		await submit(approver, box.getByRole('button', { name: 'Ký số báo cáo' }));
		let t = await text(approver, 'section.sendup');
		check(t.includes('Đã ký số báo cáo') && t.includes('Đã ký, chưa gửi') &&
		    t.includes('Chủ tịch UBND phường Nhơn Hưng'), `after signing: ${t.slice(0, 300)}`);
		// The signed PDF: a PDF with a PAdES signature dictionary.
		const r = await approver.request.get(BASE + await box.locator('a[download]').getAttribute('href'), { headers: CLOSE });
		const pdf = Buffer.from(await r.body());
		check(r.status() === 200 && pdf.toString('latin1', 0, 5) === '%PDF-', `the signed PDF: status ${r.status()}`);
		const raw = pdf.toString('latin1');
		check(raw.includes('/ByteRange') && raw.includes('/ETSI.CAdES.detached'), 'the PDF has no PAdES signature');
		await box.screenshot({ path: join(SHOTS, '19-ky-so.png') });
		await submit(approver, box.getByRole('button', { name: 'Gửi cấp trên' }));
		t = await text(approver, 'section.sendup');
		check(t.includes('Đã gửi báo cáo đã ký lên cấp trên') && t.includes('Chờ tiếp nhận'),
		    `after sending: ${t.slice(0, 300)}`);
		check(await box.getByRole('button').count() === 0, 'buttons left on a report sent up');
	}, approver);

	await step('viewer: finds it in Báo cáo gửi lên, checked, with the figures sent', async () => {
		check((await navLabels(viewer)).includes('Báo cáo gửi lên'), 'the provincial viewer lacks Báo cáo gửi lên');
		check(!(await navLabels(officer)).includes('Báo cáo gửi lên'), 'a ward’s officer sees Báo cáo gửi lên');
		await open(viewer, '/inbox');
		const row = viewer.locator('table.inbox tbody tr', { hasText: 'Nhơn Hưng' });
		check(await row.count() === 1, 'the report is not in the inbox');
		check((await row.innerText()).includes('Chờ tiếp nhận'), 'the inbox row is not Chờ tiếp nhận');
		await shot(viewer, '20-bao-cao-gui-len.png');
		await submit(viewer, row.locator('a').first());
		inboxUrl = new URL(viewer.url());
		const v = await text(viewer, 'section.verify');
		check(v.includes('Chữ ký số hợp lệ') && v.includes('Chủ tịch UBND phường Nhơn Hưng') &&
		    v.includes('nguyên vẹn') && v.includes('đến CA tin cậy'), `the signature check: ${v}`);
		const kt07 = (await viewer.locator('table.snapshot tr', { hasText: 'KT07' }).innerText()).replace(/\s+/g, ' ');
		check(kt07.includes('340.000.000'), `KT07 in the figures sent: ${kt07}`);
		const d = await text(viewer, 'dl.request');
		check(d.includes(USERS.approver.name) && /\d\d:\d\d ngày \d\d\/\d\d\/\d{4}/.test(d), `who sent it and when: ${d}`);
		await shot(viewer, '21-bao-cao-da-ky.png');
	}, viewer);

	await step('viewer: returns it with a reason (a blank one is refused)', async () => {
		const csrf = await csrfOf(viewer);
		const id = inboxUrl.searchParams.get('id');
		const r = await viewer.request.post(BASE + '/inbox', { headers: CLOSE, form: { csrf, action: 'return', id, reason: ' ' },
		    maxRedirects: 0 });
		check(r.status() === 422, `a blank reason: status ${r.status()}, want 422`);
		await open(viewer, inboxUrl.pathname + inboxUrl.search);
		await viewer.locator('form.decide-return textarea[name="reason"]').fill(RETURN_REASON);
		await submit(viewer, viewer.getByRole('button', { name: 'Trả lại để đơn vị sửa' }));
		const t = await text(viewer);
		check(t.includes('Đã trả lại báo cáo') && t.includes(RETURN_REASON), `after the return: ${t.slice(0, 300)}`);
		check((await text(viewer, 'dl.request')).includes('Đã trả lại'), 'the state is not Đã trả lại');
		check(await viewer.locator('form.decide-accept').count() === 0, 'a returned report can still be accepted');
		await shot(viewer, '22-tra-lai.png');
	}, viewer);

	await step('ward: sees the reason and the period open again', async () => {
		await open(officer, ENTRY);
		const st = await text(officer, 'section.state');
		check(st.includes('Đang nhập') && st.includes(`Cấp trên trả lại báo cáo: ${RETURN_REASON}`),
		    `the state card: ${st}`);
		check(await officer.locator('input[name="v.KT07"]').count() === 1, 'KT07 cannot be edited after the return');
		await shot(officer, '23-xa-nhan-tra-lai.png');
		await open(approver, REPORTS);
		const t = await text(approver, 'section.sendup');
		check(t.includes('Đã trả lại') && t.includes(RETURN_REASON) && t.includes('Đang nhập'),
		    `the ward’s Báo cáo card: ${t}`);
	}, officer);

	await step('viewer: uploads an offline ward’s bundle on Báo cáo gửi lên (a tampered one refused)', async () => {
		const BUNDLE = process.env.KTXH_BUNDLE, BAD = process.env.KTXH_BUNDLE_BAD;
		check(BUNDLE && BAD, 'KTXH_BUNDLE and KTXH_BUNDLE_BAD (the test bundles) are not set');
		await open(viewer, '/inbox');
		const form = viewer.locator('section.bundle-upload form');
		check(await form.count() === 1, 'no “Nhận gói từ xã không có mạng” form on Báo cáo gửi lên');
		await form.locator('input[name="bundle"]').setInputFiles(BAD);
		let res = await submit(viewer, form.getByRole('button', { name: 'Kiểm tra và nhập gói' }));
		check(res.status() === 422, `a tampered bundle: status ${res.status()}, want 422`);
		let t = await text(viewer);
		check(t.includes('Không nhập gì') && t.includes('“data/values.csv”'),
		    `the refusal does not name data/values.csv: ${t.slice(0, 300)}`);
		await shot(viewer, '24-goi-bi-sua.png');
		await open(viewer, '/inbox');
		check(await viewer.locator('table.inbox tbody tr', { hasText: 'Thới Sơn' }).count() === 0,
		    'the tampered bundle reached the inbox');
		await form.locator('input[name="bundle"]').setInputFiles(BUNDLE);
		res = await submit(viewer, form.getByRole('button', { name: 'Kiểm tra và nhập gói' }));
		check(res.status() === 200, `the bundle: status ${res.status()}`);
		t = await text(viewer, 'main p.ok');
		check(t.includes('Đã nhận gói') && t.includes('năm 2023') && t.includes('Thới Sơn') &&
		    t.includes('Chủ tịch UBND phường Thới Sơn'), `after the upload: ${t}`);
		const row = viewer.locator('table.inbox tbody tr', { hasText: 'Thới Sơn' });
		check(await row.count() === 1 && (await row.innerText()).includes('Chờ tiếp nhận'),
		    'the ward’s report is not waiting in the inbox');
		await shot(viewer, '25-nhan-goi.png');
		await submit(viewer, viewer.locator('main p.ok a'));
		const v = await text(viewer, 'section.verify');
		check(v.includes('Chữ ký số hợp lệ') && v.includes('Chủ tịch UBND phường Thới Sơn'), `the signature check: ${v}`);
		const kt06 = (await viewer.locator('table.snapshot tr', { hasText: 'KT06' }).innerText()).replace(/\s+/g, ' ');
		check(kt06.includes('3.250'), `KT06 of the bundle in the figures sent: ${kt06}`);
		check((await text(viewer, 'dl.request')).includes('gói .ktxh, nhận bởi xem'), 'the report does not say it came as a bundle');
		await shot(viewer, '26-bao-cao-tu-goi.png');
	}, viewer);

	// -- the checker --
	await step('Kiểm tra báo cáo: a wrong percentage is marked with 262,22%', async () => {
		await open(viewer, '/check');
		await viewer.locator('textarea[name="text"]').fill('Trồng 11.800 cây/4.500 cây, đạt 226,22%.');
		const res = await submit(viewer, viewer.getByRole('button', { name: 'Kiểm tra' }));
		check(res.status() === 200, `status ${res.status()}`);
		await shot(viewer, '07-kiem-tra.png');
		const marks = viewer.locator('main .finding');
		check(await marks.count() >= 1, 'no element with class finding');
		check((await text(viewer)).includes('262,22%'), 'the suggestion 262,22% is not shown');
		const m = await marks.first().innerText();
		const title = await marks.first().getAttribute('title');
		check((title || '').includes('262,22%') || (await text(viewer, 'main table')).includes('262,22%'),
		    'the finding does not suggest 262,22%');
		check(m.includes('226,22%'),
		    `the mark covers “${m}”, not the wrong figure 226,22%`);
	}, viewer);

	// -- units --
	await step('viewer: Đơn vị lists the units below with ranks, and drills down', async () => {
		await open(viewer, `/units?year=${YEAR}`);
		await shot(viewer, '08-don-vi.png');
		const t = await text(viewer);
		for (const u of ['Nhơn Hưng', 'Thới Sơn', 'Núi Voi'])
			check(t.includes(u), `Đơn vị lacks ${u}`);
		const row = viewer.locator('main table tr', { hasText: 'Nhơn Hưng' }).first();
		const rt = (await row.innerText()).replace(/\s+/g, ' ');
		check(/hạng 0?1\b/.test(rt), `no rank on Nhơn Hưng’s row: ${rt}`);
		await submit(viewer, row.locator('a', { hasText: 'Nhơn Hưng' }));
		check(new URL(viewer.url()).searchParams.get('unit') === UNIT, `drill-down went to ${viewer.url()}`);
		check((await text(viewer, 'p.tally')).includes('chỉ tiêu'), 'the drill-down has no tally');
		await open(viewer, `/?unit=${OTHER}&year=${YEAR}`);	// below the province
	}, viewer);

	// -- the level above: So sánh, and an explanation request --
	const PROV = `/province?unit=89&year=${YEAR}&period=${YEAR}`;
	const rowNames = async (page) => (await page.locator('table.compare tbody th[scope="row"] a')
	    .allInnerTexts()).map((s) => s.trim());
	await step('viewer: So sánh colours every ward’s indicators, at risk first', async () => {
		const nav = await navLabels(viewer);
		check(nav.includes('So sánh'), `the provincial viewer lacks So sánh: ${nav}`);
		check(!(await navLabels(officer)).includes('So sánh'), 'a ward’s officer sees So sánh');
		await open(viewer, PROV);
		await shot(viewer, '12-so-sanh.png');
		const names = await rowNames(viewer);
		check(names.length === 3, `rows: ${names}`);
		check(names[0] === 'phường Thới Sơn', `the ward most at risk is not first: ${names}`);
		check(names[2] === 'phường Núi Voi', `the ward with nothing at risk is not last: ${names}`);
		const cell = viewer.locator('table.compare tbody tr', { hasText: 'Thới Sơn' })
		    .locator('td.cell a[href*="code=KT01&"]');
		check((await cell.getAttribute('title')).includes('Đạt từ 90% trở lên'), 'KT01 of Thới Sơn is not near');
		check(await cell.evaluate((a) => a.parentElement.classList.contains('c-near')), 'KT01 of Thới Sơn is not coloured near');
		const bg = await cell.evaluate((a) => getComputedStyle(a.parentElement).backgroundColor);
		check(bg !== 'rgba(0, 0, 0, 0)' && bg !== 'rgb(255, 255, 255)', `the near cell has no colour (${bg})`);
		const foot = await text(viewer, 'table.compare tfoot');
		check(foot.includes('2/3'), `no “2/3” reported in the footer: ${foot}`);
		const t = await text(viewer);
		check(t.includes('Chưa báo cáo số liệu') && /KT01[^.]*chưa báo cáo: phường Núi Voi/.test(t),
		    'Núi Voi is not named among those that have not reported KT01');
		check(await viewer.locator('table.compare caption').count() === 1, 'the table has no caption');
		check(await viewer.locator('table.compare thead th[scope="col"]').count() >= 5, 'no column headers');
	}, viewer);

	await step('viewer: So sánh sorts by name and by a column, and filters by band', async () => {
		await open(viewer, PROV);
		await submit(viewer, viewer.locator('table.compare thead a', { hasText: 'Xã, phường' }));
		let names = await rowNames(viewer);
		check(names.join('|') === 'phường Nhơn Hưng|phường Núi Voi|phường Thới Sơn', `by name: ${names}`);
		check(await viewer.locator('th[aria-sort="ascending"]', { hasText: 'Xã, phường' }).count() === 1,
		    'the name column is not marked aria-sort=ascending');
		await submit(viewer, viewer.locator('table.compare thead a', { hasText: 'Xã, phường' }));
		names = await rowNames(viewer);
		check(names.join('|') === 'phường Thới Sơn|phường Núi Voi|phường Nhơn Hưng', `by name, Z to A: ${names}`);
		await submit(viewer, viewer.locator('table.compare thead a', { hasText: 'KT06' }));
		names = await rowNames(viewer);
		check(names[0] === 'phường Núi Voi', `by KT06, the unassessed ward is not first: ${names}`);
		await Promise.all([
			viewer.waitForNavigation({ waitUntil: 'load' }),
			viewer.locator('select[name="band"]').selectOption('unassessed'),
		]);
		names = await rowNames(viewer);
		check(names.join('|') === 'phường Núi Voi', `filtered on Chưa đánh giá: ${names}`);
		check(new URL(viewer.url()).searchParams.get('sort') === 'KT06', 'the filter lost the sort');
		await shot(viewer, '12b-so-sanh-loc.png');
		// Without the script, the form's button does the same.
		await open(viewer, PROV + '&sector=van-hoa-xa-hoi');
		const heads = await viewer.locator('table.compare thead th.ind').allInnerTexts();
		check(heads.every((h) => h.startsWith('VH')), `sector filter left other columns: ${heads}`);
	}, viewer);

	await step('viewer: So sánh drills down to a ward and to one of its indicators', async () => {
		await open(viewer, PROV);
		await submit(viewer, viewer.locator('table.compare tbody th a', { hasText: 'Thới Sơn' }));
		let u = new URL(viewer.url());
		check(u.pathname === '/' && u.searchParams.get('unit') === OTHER, `name went to ${viewer.url()}`);
		check((await text(viewer, 'p.tally')).includes('chỉ tiêu'), 'the ward’s dashboard has no tally');
		await open(viewer, PROV);
		await submit(viewer, viewer.locator('table.compare tbody tr', { hasText: 'Nhơn Hưng' })
		    .locator('td.cell a[href*="code=KT07&"]'));
		u = new URL(viewer.url());
		check(u.pathname === '/indicator' && u.searchParams.get('unit') === UNIT &&
		    u.searchParams.get('code') === 'KT07', `cell went to ${viewer.url()}`);
		check((await text(viewer, 'h1')).includes('KT07'), 'the indicator page has no KT07 heading');
	}, viewer);

	let reqUrl;
	const QUESTION = 'Đề nghị phường giải trình: thu ngân sách năm 2023 dựa trên khoản thu nào?';
	await step('viewer: asks Nhơn Hưng to explain KT07', async () => {
		await open(viewer, `/indicator?unit=${UNIT}&code=KT07&year=${YEAR}&period=${YEAR}`);
		await submit(viewer, viewer.locator('a.ask'));
		check(await viewer.locator('select[name="indicator"]').inputValue() === 'KT07', 'the form is not on KT07');
		check(await viewer.locator('select[name="unit"]').inputValue() === UNIT, 'the form is not on Nhơn Hưng');
		check(await viewer.locator('select[name="unit"] option[value="89"]').count() === 0,
		    'the province is offered as a unit to ask');
		await viewer.locator('textarea[name="text"]').fill(QUESTION);
		await shot(viewer, '13-yeu-cau-giai-trinh.png');
		const res = await submit(viewer, viewer.getByRole('button', { name: 'Gửi yêu cầu' }));
		check(res.status() === 200, `status ${res.status()}`);
		reqUrl = new URL(viewer.url());
		check(reqUrl.pathname === '/request', `ended on ${viewer.url()}`);
		const t = await text(viewer);
		check(t.includes('Đã gửi yêu cầu giải trình') && t.includes(QUESTION) && t.includes('Chờ giải trình'),
		    `the request page: ${t.slice(0, 300)}`);
		await open(viewer, `/?unit=89&year=${YEAR}`);
		const box = await text(viewer, 'section.requests-open');
		check(box.includes('Nhơn Hưng') && box.includes('KT07') && box.includes('Chờ giải trình'),
		    `the province’s dashboard list: ${box}`);
		await shot(viewer, '14-tong-quan-tinh-yeu-cau.png');
	}, viewer);

	await step('approver: sees the request on the ward’s dashboard and answers it', async () => {
		await open(approver, DASH);
		const box = approver.locator('section.requests-open');
		check(await box.count() === 1, 'no open requests on the ward’s dashboard');
		check((await box.innerText()).includes(QUESTION), 'the question is not listed');
		await submit(approver, box.locator('a', { hasText: QUESTION }));
		check(await approver.locator('form.step-close').count() === 0, 'the ward may close its own request');
		await approver.locator('form.step-answer textarea[name="text"]').fill(
		    'Khoản thu tiền sử dụng đất 163 triệu đồng dời sang quý I năm 2024 <theo kế hoạch>.');
		await submit(approver, approver.getByRole('button', { name: 'Gửi giải trình' }));
		const t = await text(approver);
		check(t.includes('Đã gửi giải trình') && t.includes('<theo kế hoạch>') && t.includes('Đã giải trình'),
		    `after the answer: ${t.slice(0, 300)}`);
		await shot(approver, '15-giai-trinh.png');
		await open(approver, DASH);
		check((await text(approver, 'section.requests-open')).includes('Đã giải trình'),
		    'the ward’s list does not show Đã giải trình');
		// The officer of another sector cannot answer; the ward cannot ask.
		const csrf = await csrfOf(officer);
		const r = await officer.request.post(BASE + '/api/v1/requests', { headers: { ...CLOSE, 'X-CSRF-Token': csrf },
		    form: { unit: UNIT, indicator: 'KT07', period: String(YEAR), text: 'tự hỏi' } });
		check(r.status() === 403, `the ward asking itself: status ${r.status()}, want 403`);
	}, approver);

	await step('viewer: reads the answer and closes the request', async () => {
		await open(viewer, `/?unit=89&year=${YEAR}`);
		check((await text(viewer, 'section.requests-open')).includes('Đã giải trình'),
		    'the province’s list does not show Đã giải trình');
		await open(viewer, reqUrl.pathname + reqUrl.search.replace(/&done=[a-z]+/, ''));
		check((await text(viewer)).includes('dời sang quý I năm 2024'), 'the answer is not shown to the asker');
		await submit(viewer, viewer.getByRole('button', { name: 'Đóng yêu cầu' }));
		check((await text(viewer)).includes('Đã đóng yêu cầu'), 'no “Đã đóng yêu cầu”');
		check((await text(viewer, 'dl.request')).includes('Đã đóng'), 'the state is not Đã đóng');
		await shot(viewer, '16-yeu-cau-da-dong.png');
		await open(viewer, `/?unit=89&year=${YEAR}`);
		check(await viewer.locator('section.requests-open').count() === 0, 'a closed request is still listed (province)');
		await open(approver, DASH);
		check(await approver.locator('section.requests-open').count() === 0, 'a closed request is still listed (ward)');
		await open(viewer, `/requests?unit=89`);
		check((await text(viewer)).includes('Đã đóng'), 'Giải trình does not list the closed request');
		await shot(viewer, '17-danh-sach-giai-trinh.png');
	}, viewer);

	// -- the other main pages --
	await step('screenshots: chỉ tiêu, thuyết minh, kế hoạch, quản trị', async () => {
		await open(officer, `/indicator?unit=${UNIT}&code=KT07&year=${YEAR}`);
		check((await text(officer, 'h1')).includes('KT07'), 'indicator page has no KT07 heading');
		await shot(officer, '02-chi-tieu.png');
		await open(officer, `/texts?unit=${UNIT}&year=${YEAR}&period=${YEAR}`);
		await shot(officer, '04-thuyet-minh.png');
		await open(approver, `/plan?unit=${UNIT}&year=${YEAR}`);
		await shot(approver, '05-ke-hoach.png');
		await open(admin, '/admin');
		const t = await text(admin);
		for (const u of Object.values(USERS))
			check(t.includes(u.name), `Quản trị lacks the account ${u.name}`);
		await shot(admin, '09-quan-tri.png');
	}, () => admin);

	await step('admin: the audit log has the KT07 change and the approval', async () => {
		await open(admin, '/admin/audit');
		const t = await text(admin);
		check(t.includes('KT07@2023'), 'no KT07@2023 in the audit log');
		check(t.includes('340000000') || t.includes('340.000.000'), 'the new value is not in the audit log');
		check(t.includes(USERS.officer.name) && t.includes(USERS.approver.name),
		    'the audit log does not name the officer and the approver');
		await shot(admin, '09b-nhat-ky.png');
	}, admin);

	await step('phone 390×844: dashboard fits the width', async () => {
		phone = await newPage('phone', { viewport: { width: 390, height: 844 },
		    isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
		await login(phone, 'approver');
		await open(phone, DASH);
		await shot(phone, '10-tong-quan-dien-thoai.png');
		await phone.screenshot({ path: join(SHOTS, '10b-tong-quan-dien-thoai-man-dau.png') });
		const w = await phone.evaluate(() => document.documentElement.scrollWidth);
		check(w <= 392, `the page is ${w} px wide on a 390 px phone (scrolls sideways)`);
	}, () => phone);

	await step('logout', async () => {
		await open(officer, '/');
		await submit(officer, officer.locator('header').getByRole('button', { name: 'Đăng xuất' }));
		await open(officer, '/');
		check(new URL(officer.url()).pathname === '/login', `after logout / shows ${officer.url()}`);
	}, officer);

	await step('no CSP violations or script errors on any page', async () => {
		check(jsErrors.length === 0, jsErrors.slice(0, 5).join('\n'));
	});

	await browser.close();
}

const watchdog = setTimeout(() => {
	console.log(`FAIL  the run took over 240 s\n${passed} passed, ${failed + 1} failed`);
	process.exit(1);
}, 240000);

try {
	await main();
} catch (e) {
	failed++;
	console.log(`FAIL  setup: ${e.stack || e}`);
	if (browser)
		await browser.close().catch(() => {});
}
clearTimeout(watchdog);
console.log();
if (failures.length)
	console.log(`failed: ${failures.join('; ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
