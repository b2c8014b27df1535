/* test_text.c: unit tests of text.c: UTF-8 validation, NFC, the folded search
 * key and the unit kinds of folded names. Inputs are copied to heap blocks of
 * exactly their length, with no NUL, so that AddressSanitizer catches any read
 * past len. NFD and invalid inputs are written with explicit byte escapes;
 * the expected bytes come from Unicode, not from the program's output. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "core/text.h"

/* "Nhơn Hưng": ơ is U+01A1, ư is U+01B0; in NFD o/u + U+031B (horn). */
#define NHON_HUNG_NFC	"Nh\xC6\xA1n H\xC6\xB0ng"
#define NHON_HUNG_NFD	"Nho\xCC\x9Bn Hu\xCC\x9Bng"

static char *
heapcopy(const char *s, size_t len)
{
	char	*p = malloc(len > 0 ? len : 1);

	assert_non_null(p);
	if (len > 0)
		memcpy(p, s, len);
	return p;
}

static char *
foldx(const char *s, size_t len)
{
	char	*p = heapcopy(s, len), *r;

	r = text_fold(p, len);
	free(p);
	return r;
}

static char *
nfcx(const char *s, size_t len)
{
	char	*p = heapcopy(s, len), *r;

	r = text_nfc(p, len);
	free(p);
	return r;
}

static int
checkx(const char *s, size_t len, size_t *bad)
{
	char	*p = heapcopy(s, len);
	int	 r;

	r = text_utf8_check(p, len, bad);
	free(p);
	return r;
}

static void
checkfold(const char *s, const char *want, const char *file, int line)
{
	char	*r = foldx(s, strlen(s));

	if (r == NULL || strcmp(r, want) != 0) {
		print_error("%s:%d: text_fold(\"%s\") = \"%s\", want \"%s\"\n",
		    file, line, s, r != NULL ? r : "(null)", want);
		free(r);
		_fail(file, line);
	}
	free(r);
}
#define FOLD(s, want) checkfold((s), (want), __FILE__, __LINE__)

static void
checknfc(const char *s, const char *want, const char *file, int line)
{
	char	*r = nfcx(s, strlen(s));

	if (r == NULL || strcmp(r, want) != 0) {
		print_error("%s:%d: text_nfc(\"%s\") = \"%s\", want \"%s\"\n",
		    file, line, s, r != NULL ? r : "(null)", want);
		free(r);
		_fail(file, line);
	}
	free(r);
}
#define NFC(s, want) checknfc((s), (want), __FILE__, __LINE__)

/* s[0..len) is invalid at byte want; text_nfc and text_fold refuse it. */
static void
checkbad(const char *s, size_t len, size_t want, const char *file, int line)
{
	size_t	 bad = (size_t)-1;
	char	*r;

	if (checkx(s, len, &bad) != -1 || bad != want) {
		print_error("%s:%d: text_utf8_check: bad %zu, want -1 at %zu\n",
		    file, line, bad, want);
		_fail(file, line);
	}
	if ((r = nfcx(s, len)) != NULL) {
		free(r);
		print_error("%s:%d: text_nfc accepted invalid UTF-8\n", file,
		    line);
		_fail(file, line);
	}
	if ((r = foldx(s, len)) != NULL) {
		free(r);
		print_error("%s:%d: text_fold accepted invalid UTF-8\n", file,
		    line);
		_fail(file, line);
	}
}
#define BAD(s, at) checkbad((s), sizeof(s) - 1, (at), __FILE__, __LINE__)

/* ---- text_fold ---- */

static void
fold_nhon_hung_spellings(void **state)
{
	(void)state;
	FOLD("Nhơn Hưng", "nhon hung");
	FOLD(NHON_HUNG_NFC, "nhon hung");
	FOLD(NHON_HUNG_NFD, "nhon hung");
	FOLD("nhon hung", "nhon hung");
	FOLD("NHƠN  HƯNG", "nhon hung");
	FOLD("NHO\xCC\x9BN HU\xCC\x9BNG", "nhon hung");
	FOLD("nhơn hưng", "nhon hung");
}

static void
fold_d_with_stroke(void **state)
{
	(void)state;
	/* U+0110 / U+0111 have no decomposition. */
	FOLD("\xC4\x90\xC3\xB4ng", "dong");
	FOLD("Đông", "dong");
	FOLD("ĐÔNG", "dong");
	FOLD("đường", "duong");
	FOLD("Đ", "d");
	FOLD("  Đông   Đ\xC3\xA0o ", "dong dao");
	FOLD("Bình Đức", "binh duc");
}

static void
fold_tone_placement(void **state)
{
	(void)state;
	/* "hoá" (á on a) and "hóa" (ó on o), each in NFC and NFD. */
	FOLD("ho\xC3\xA1", "hoa");
	FOLD("h\xC3\xB3" "a", "hoa");
	FOLD("hoa\xCC\x81", "hoa");
	FOLD("ho\xCC\x81" "a", "hoa");
	FOLD("Ho\xC3\xA0", "hoa");
	FOLD("H\xC3\xB2" "a", "hoa");
	FOLD("văn hoá", "van hoa");
	FOLD("văn hóa", "van hoa");
}

static void
fold_all_tones_and_vowels(void **state)
{
	(void)state;
	FOLD("Tịnh Biên", "tinh bien");
	FOLD("Ti\xCC\xA3nh Bie\xCC\x82n", "tinh bien");
	FOLD("ỦY BAN NHÂN DÂN PHƯỜNG NHƠN HƯNG",
	    "uy ban nhan dan phuong nhon hung");
	FOLD("àáảãạ ăằắẳẵặ âầấẩẫậ", "aaaaa aaaaaa aaaaaa");
	FOLD("èéẻẽẹ êềếểễệ", "eeeee eeeeee");
	FOLD("ìíỉĩị òóỏõọ ôồốổỗộ ơờớởỡợ", "iiiii ooooo oooooo oooooo");
	FOLD("ùúủũụ ưừứửữự ỳýỷỹỵ", "uuuuu uuuuuu yyyyy");
	FOLD("ÀÁẢÃẠ ƯỪỨỬỮỰ ỲÝỶỸỴ", "aaaaa uuuuuu yyyyy");
}

static void
fold_blanks(void **state)
{
	(void)state;
	FOLD("  Nhơn Hưng  ", "nhon hung");
	FOLD("Nhơn\t\tHưng", "nhon hung");
	FOLD("\r\nNhơn \n Hưng\r\n", "nhon hung");
	FOLD("a b  c   d", "a b c d");
	FOLD("", "");
	FOLD("   ", "");
	FOLD("Khu phố 3", "khu pho 3");
	/* A no-break space is a blank, as in "100\u00a0%". */
	FOLD("Nh\xC6\xA1n\xC2\xA0H\xC6\xB0ng", "nhon hung");
	FOLD("a\xC2\xA0 \xC2\xA0" "b", "a b");
}

static void
fold_respects_len(void **state)
{
	char	*r;

	(void)state;
	r = foldx(NHON_HUNG_NFC " xyz", strlen(NHON_HUNG_NFC));
	assert_non_null(r);
	assert_string_equal(r, "nhon hung");
	free(r);
	/* Cut after the horn: "Nho" + U+031B folds to "nho". */
	r = foldx(NHON_HUNG_NFD, 5);
	assert_non_null(r);
	assert_string_equal(r, "nho");
	free(r);
	r = foldx("abc", 0);
	assert_non_null(r);
	assert_string_equal(r, "");
	free(r);
}

/* ---- text_nfc ---- */

static void
nfc_composes(void **state)
{
	(void)state;
	NFC(NHON_HUNG_NFD, NHON_HUNG_NFC);
	NFC("Ti\xCC\xA3nh Bie\xCC\x82n", "T\xE1\xBB\x8Bnh Bi\xC3\xAAn");
	NFC("hoa\xCC\x81", "ho\xC3\xA1");
	NFC("ho\xCC\x81" "a", "h\xC3\xB3" "a");
	/* o + horn + grave is U+1EDD "ờ". */
	NFC("pho\xCC\x9B\xCC\x80ng", "ph\xE1\xBB\x9Dng");
	/* The marks in the other order reorder to the same. */
	NFC("pho\xCC\x80\xCC\x9Bng", "ph\xE1\xBB\x9Dng");
	/* e + circumflex + acute is U+1EBF "ế". */
	NFC("ke\xCC\x82\xCC\x81", "k\xE1\xBA\xBF");
}

static void
nfc_keeps_nfc(void **state)
{
	(void)state;
	NFC(NHON_HUNG_NFC, NHON_HUNG_NFC);
	NFC("Đông", "Đông");
	NFC("", "");
	NFC("plain ASCII, 1.303,5 ha", "plain ASCII, 1.303,5 ha");
	/* Not a folding: case, Đ and blanks stay. */
	NFC("  NHƠN  HƯNG ", "  NHƠN  HƯNG ");
	/* Tone placement is a habit, not a normal form. */
	NFC("ho\xC3\xA1", "ho\xC3\xA1");
	NFC("h\xC3\xB3" "a", "h\xC3\xB3" "a");
}

/* Text that is already NFC is copied as is without utf8proc
 * (text_nfc_quick): every string it accepts must be one that utf8proc's NFC
 * leaves alone. NFC changes a character alone or composes it with the one
 * before, so every accepted character up to U+2FFF alone and every pair of
 * them is checked against utf8proc; a precomposed letter that a mark
 * composes further ("ê" + acute = "ế") or a singleton that NFC replaces
 * (U+2126 OHM SIGN = U+03A9) must still change. */
static void
nfc_quick_path_is_nfc(void **state)
{
	utf8proc_int32_t *ok = NULL;
	utf8proc_uint8_t in[16];
	utf8proc_ssize_t n;
	size_t nok = 0, a, b;
	utf8proc_int32_t cp;
	char *want;

	(void)state;
	ok = malloc(0x3000 * sizeof(*ok));
	assert_non_null(ok);
	for (cp = 0x20; cp < 0x3000; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		n = utf8proc_encode_char(cp, in);
		if (!text_nfc_quick((const char *)in, (size_t)n))
			continue;
		ok[nok++] = cp;
	}
	assert_true(nok > 1000);	/* ASCII, Latin, Vietnamese at least */
	for (a = 0; a < nok; a++)
		for (b = 0; b <= nok; b++) {
			n = utf8proc_encode_char(ok[a], in);
			if (b < nok)	/* b == nok: the character alone */
				n += utf8proc_encode_char(ok[b], in + n);
			in[n] = '\0';
			assert_true(text_nfc_quick((const char *)in, (size_t)n));
			want = (char *)utf8proc_NFC(in);
			assert_non_null(want);
			if (strcmp(want, (const char *)in) != 0)
				fail_msg("U+%04X U+%04X: NFC changes it", (unsigned)ok[a],
				    b < nok ? (unsigned)ok[b] : 0);
			free(want);
		}
	free(ok);
	NFC("\xC3\xAA\xCC\x81", "\xE1\xBA\xBF");
	NFC("\xE2\x84\xA6", "\xCE\xA9");
	NFC("k\xE1\xBA\xBF ho\xE1\xBA\xA1" "ch \xE2\x80\x93 50.000 \xE2\x82\xAB",
	    "k\xE1\xBA\xBF ho\xE1\xBA\xA1" "ch \xE2\x80\x93 50.000 \xE2\x82\xAB");
}

static void
nfc_respects_len(void **state)
{
	char	*r;

	(void)state;
	r = nfcx(NHON_HUNG_NFD "!", strlen(NHON_HUNG_NFD));
	assert_non_null(r);
	assert_string_equal(r, NHON_HUNG_NFC);
	free(r);
	/* The horn beyond len is not seen. */
	r = nfcx(NHON_HUNG_NFD, 3);
	assert_non_null(r);
	assert_string_equal(r, "Nho");
	free(r);
}

/* ---- invalid UTF-8 ---- */

static void
utf8_valid(void **state)
{
	size_t	 bad = 77;

	(void)state;
	assert_int_equal(checkx(NHON_HUNG_NFC, strlen(NHON_HUNG_NFC), &bad), 0);
	assert_int_equal(checkx(NHON_HUNG_NFD, strlen(NHON_HUNG_NFD), &bad), 0);
	assert_int_equal(checkx("", 0, &bad), 0);
	/* The largest code point and one of four bytes. */
	assert_int_equal(checkx("\xF4\x8F\xBF\xBF", 4, &bad), 0);
	assert_int_equal(checkx("\xF0\x9F\x98\x80", 4, &bad), 0);
	assert_int_equal(checkx("\xC2\x80", 2, &bad), 0);
	assert_int_equal(checkx("\xE0\xA0\x80", 3, &bad), 0);
	assert_int_equal(bad, 77);
	assert_int_equal(text_utf8_check("abc", 3, NULL), 0);
}

static void
utf8_overlong(void **state)
{
	(void)state;
	BAD("\xC0\xAF", 0);
	BAD("\xC1\xBF", 0);
	BAD("ab\xC0\xAF", 2);
	BAD("\xE0\x80\xAF", 0);
	BAD("x\xE0\x9F\xBF", 1);
	BAD("\xF0\x80\x80\xAF", 0);
	BAD("\xF0\x8F\xBF\xBF", 0);
	/* Overlong NUL. */
	BAD("ok\xC0\x80", 2);
}

static void
utf8_truncated(void **state)
{
	(void)state;
	BAD("ab\xE1\xBB", 2);
	BAD("ab\xE1", 2);
	BAD("\xC6", 0);
	BAD("\xF0\x9F\x98", 0);
	/* Cut short by the next character. */
	BAD("\xE1\xBBx", 0);
	BAD("Nh\xC6n", 2);
	/* Cut short by len inside "ơ". */
	checkbad(NHON_HUNG_NFC, 3, 2, __FILE__, __LINE__);
}

static void
utf8_lone_continuation(void **state)
{
	(void)state;
	BAD("\x80", 0);
	BAD("a\x80" "b", 1);
	BAD("Nh\xC6\xA1\xA1n", 4);
	BAD("\xBF", 0);
}

static void
utf8_bytes_never_valid(void **state)
{
	(void)state;
	BAD("\xFF", 0);
	BAD("x\xFF", 1);
	BAD("Nh\xC6\xA1n\xFF", 5);
	BAD("\xFE\x80", 0);
	BAD("\xF8\x88\x80\x80\x80", 0);
	BAD("\xF5\x80\x80\x80", 0);
	/* Beyond U+10FFFF, and UTF-16 surrogates. */
	BAD("\xF4\x90\x80\x80", 0);
	BAD("\xED\xA0\x80", 0);
	BAD("ab\xED\xBF\xBF", 2);
}

static void
utf8_embedded_nul(void **state)
{
	(void)state;
	BAD("ab\0cd", 2);
	BAD("\0", 0);
	BAD(NHON_HUNG_NFC "\0", strlen(NHON_HUNG_NFC));
}

static void
utf8_first_bad_reported(void **state)
{
	(void)state;
	BAD("a\xFF\xC0\xAF", 1);
	BAD("\xC6\xA1\xC6\xA1\x80\xFF", 4);
}

/* ---- text_column, text_width ---- */

static void
column_counts_characters(void **state)
{
	(void)state;
	assert_int_equal(text_column(NHON_HUNG_NFC, 0), 1);
	assert_int_equal(text_column(NHON_HUNG_NFC, 2), 3);
	/* Byte 4 is the "n" after the two bytes of "ơ". */
	assert_int_equal(text_column(NHON_HUNG_NFC, 4), 4);
	assert_int_equal(text_column("abc", 2), 3);
	assert_int_equal(text_column("abc", 3), 4);
}

static void
width_of_vietnamese(void **state)
{
	(void)state;
	assert_int_equal(text_width(NHON_HUNG_NFC), 9);
	assert_int_equal(text_width(NHON_HUNG_NFD), 9);
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_width("ĐÔNG"), 4);
}

/* ---- unit kinds ---- */

static void
checkstrip(const char *s, size_t skip, const char *file, int line)
{
	const char *r = text_strip_unit_kind(s);

	if (r != s + skip) {
		print_error("%s:%d: text_strip_unit_kind(\"%s\") = \"%s\", "
		    "want \"%s\"\n", file, line, s, r, s + skip);
		_fail(file, line);
	}
}
#define STRIP(s, skip) checkstrip((s), (skip), __FILE__, __LINE__)

static void
strip_unit_kinds(void **state)
{
	(void)state;
	STRIP("phuong nhon hung", 7);
	STRIP("thi xa tinh bien", 7);
	STRIP("xa vinh te", 3);
	STRIP("thi tran nha bang", 9);
	STRIP("thanh pho long xuyen", 10);
	STRIP("tinh an giang", 5);
	STRIP("huyen tinh bien", 6);
	STRIP("quan 1", 5);
	STRIP("dac khu phu quoc", 8);
	assert_string_equal(text_strip_unit_kind("phuong nhon hung"),
	    "nhon hung");
	assert_string_equal(text_strip_unit_kind("thi xa tinh bien"),
	    "tinh bien");
}

static void
strip_leaves_other_names(void **state)
{
	(void)state;
	/* A kind alone, or nothing after it, stays. */
	STRIP("xa", 0);
	STRIP("phuong", 0);
	STRIP("thi xa", 0);
	STRIP("xa ", 0);
	STRIP("", 0);
	/* Only a whole word is a kind. */
	STRIP("xanh", 0);
	STRIP("xanh tuoi", 0);
	STRIP("quang ngai", 0);
	STRIP("tinhbien", 0);
	STRIP("nhon hung", 0);
	/* Only at the start. */
	STRIP("nhon hung xa", 0);
	/* Only once. */
	STRIP("xa xa", 3);
}

static void
strip_after_fold(void **state)
{
	char	*f;

	(void)state;
	f = foldx("Phường Nhơn Hưng", strlen("Phường Nhơn Hưng"));
	assert_non_null(f);
	assert_string_equal(text_strip_unit_kind(f), "nhon hung");
	free(f);
	f = foldx("THỊ XÃ  TỊNH BIÊN", strlen("THỊ XÃ  TỊNH BIÊN"));
	assert_non_null(f);
	assert_string_equal(text_strip_unit_kind(f), "tinh bien");
	free(f);
	f = foldx("Đặc khu Phú Quốc", strlen("Đặc khu Phú Quốc"));
	assert_non_null(f);
	assert_string_equal(text_strip_unit_kind(f), "phu quoc");
	free(f);
}

static void
unit_kind_known(void **state)
{
	static const char *const known[] = {
		"xa", "phuong", "thi tran", "thi xa", "thanh pho", "tinh",
		"huyen", "quan", "dac khu",
	};
	static const char *const unknown[] = {
		"", "ap", "khu pho", "to", "phuong ", " xa", "xa nhon hung",
		"Phuong", "phường", "thi", "thanh", "dac", "xaa",
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof known / sizeof known[0]; i++)
		if (!text_unit_kind_known(known[i])) {
			print_error("\"%s\" not known\n", known[i]);
			fail();
		}
	for (i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
		if (text_unit_kind_known(unknown[i])) {
			print_error("\"%s\" known\n", unknown[i]);
			fail();
		}
}

static void
unit_kind_of_folded_names(void **state)
{
	char	*f;

	(void)state;
	f = foldx("Thị trấn", strlen("Thị trấn"));
	assert_non_null(f);
	assert_true(text_unit_kind_known(f));
	free(f);
	f = foldx("Phường", strlen("Phường"));
	assert_true(text_unit_kind_known(f));
	free(f);
	f = foldx("Xã", strlen("Xã"));
	assert_true(text_unit_kind_known(f));
	free(f);
	f = foldx("Ấp", strlen("Ấp"));
	assert_false(text_unit_kind_known(f));
	free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fold_nhon_hung_spellings),
		cmocka_unit_test(fold_d_with_stroke),
		cmocka_unit_test(fold_tone_placement),
		cmocka_unit_test(fold_all_tones_and_vowels),
		cmocka_unit_test(fold_blanks),
		cmocka_unit_test(fold_respects_len),
		cmocka_unit_test(nfc_composes),
		cmocka_unit_test(nfc_keeps_nfc),
		cmocka_unit_test(nfc_respects_len),
		cmocka_unit_test(nfc_quick_path_is_nfc),
		cmocka_unit_test(utf8_valid),
		cmocka_unit_test(utf8_overlong),
		cmocka_unit_test(utf8_truncated),
		cmocka_unit_test(utf8_lone_continuation),
		cmocka_unit_test(utf8_bytes_never_valid),
		cmocka_unit_test(utf8_embedded_nul),
		cmocka_unit_test(utf8_first_bad_reported),
		cmocka_unit_test(column_counts_characters),
		cmocka_unit_test(width_of_vietnamese),
		cmocka_unit_test(strip_unit_kinds),
		cmocka_unit_test(strip_leaves_other_names),
		cmocka_unit_test(strip_after_fold),
		cmocka_unit_test(unit_kind_known),
		cmocka_unit_test(unit_kind_of_folded_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
