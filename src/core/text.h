/* text.h: Vietnamese text handling on buffers: UTF-8 validation, NFC
 * normalisation, and the folded search key ("Nhơn Hưng", "nhon  hung",
 * "NHƠN HƯNG" and "Nhơn Hưng" in NFD all fold to "nhon hung"). */
#ifndef KTXH_TEXT_H
#define KTXH_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* 0 when s[0..len) is valid UTF-8 without NUL bytes; else -1 and *bad is
 * the byte offset of the first invalid sequence. */
int	 text_utf8_check(const char *s, size_t len, size_t *bad);
/* Column (1-based, in characters) of byte offset off within s. */
size_t	 text_column(const char *s, size_t off);
/* NFC copy of valid UTF-8 s (caller frees), or NULL when s is invalid. */
/* True when valid UTF-8 s[0..len) is certainly NFC by a quick look at its
 * characters (false: maybe not; text_nfc then asks utf8proc). */
bool	 text_nfc_quick(const char *s, size_t len);
char	*text_nfc(const char *s, size_t len);
/* The search key of s: NFC-insensitive, case-insensitive, diacritics and
 * "đ" folded to ASCII, runs of blanks collapsed, ends trimmed. Caller frees;
 * NULL when s is invalid UTF-8. */
char	*text_fold(const char *s, size_t len);
/* Past a leading unit kind ("phuong ", "xa ", "thi tran " …) of a folded
 * name, or s itself when it has none. */
const char *text_strip_unit_kind(const char *folded);
/* Whether a folded unit kind is one of the known ones. */
bool	 text_unit_kind_known(const char *folded);
/* Upper-case copy of valid UTF-8 s ("Kinh tế" -> "KINH TẾ"), NFC; caller
 * frees. */
char	*text_upper(const char *s);
/* Copy of s with its first character in lower case ("Kinh tế" -> "kinh
 * tế"); caller frees. */
char	*text_lower_first(const char *s);
/* Display width of UTF-8 s in terminal columns. */
size_t	 text_width(const char *s);

#endif
