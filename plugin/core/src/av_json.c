#include "auroraview/av_json.h"

#include "auroraview/av_error.h"
#include "json_reject.h"

#include <stdint.h>
#include <string.h>

size_t av_json_skip_ws(const char *buf, size_t len, size_t pos)
{
    while (pos < len) {
        char c = buf[pos];
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
            break;
        pos++;
    }
    return pos;
}

/* Length of the UTF-8 sequence starting at s[0] (lead byte >= 0x80), or 0 if
 * it is malformed or runs past end. Table 3-7 of the Unicode standard. */
static size_t utf8_seq(const unsigned char *s, const unsigned char *end)
{
    unsigned char c = s[0];
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F; /* no UTF-16 surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F; /* nothing above U+10FFFF */
    } else
        return 0;
    if ((size_t)(end - s) < n)
        return 0;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return n;
}

int av_utf8_valid(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text, *end = s + len;
    while (s < end) {
        if (*s < 0x80) {
            s++;
            continue;
        }
        size_t n = utf8_seq(s, end);
        if (!n)
            return 0;
        s += n;
    }
    return 1;
}

static int is_hex(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* Nonzero if any byte of x is a control character (< 0x20), non-ASCII,
 * '"' or '\\': the bytes a string scan must look at one by one. A zero
 * byte test (v - ONES) & ~v & HIGHS is exact for the lowest flagged byte,
 * which is all a "stop here and go byte by byte" needs. */
static uint64_t special_in_word(uint64_t x)
{
    uint64_t quote = x ^ (ONES * '"'), slash = x ^ (ONES * '\\');
    uint64_t below_space = (x - ONES * 0x20) & ~x;
    return (below_space | ((quote - ONES) & ~quote) | ((slash - ONES) & ~slash) | x) & HIGHS;
}

/* Records a flaw: a refusal that leaves no doubt where the value ends. With
 * flaw NULL (av_json_scan) it is an ordinary refusal; otherwise the first
 * one is kept and the scan goes on, so a caller can skip the value. */
static int json_flaw(av_json_error *err, av_json_error *flaw, size_t pos, const char *reason)
{
    if (!flaw)
        return json_reject(err, pos, reason);
    if (!flaw->reason) {
        flaw->pos = pos;
        flaw->reason = reason;
    }
    return AV_OK;
}

static unsigned hex4(const char *p);

/* Scans a string token whose opening quote is at *pos. A \u escape of a
 * UTF-16 surrogate must be a high one followed at once by a low one: a lone
 * surrogate has no UTF-8 form (docs/security.md). */
static int scan_string(const char *buf, size_t len, size_t *pos, av_json_error *err, av_json_error *flaw)
{
    const unsigned char *s = (const unsigned char *)buf;
    size_t i = *pos + 1;
    for (;;) {
        /* Fast path: eight bytes at a time while none is special. */
        while (len - i >= 8) {
            uint64_t x;
            memcpy(&x, s + i, 8);
            if (special_in_word(x))
                break;
            i += 8;
        }
        while (i < len && s[i] >= 0x20 && s[i] < 0x80 && s[i] != '"' && s[i] != '\\')
            i++;
        if (i >= len)
            return json_reject(err, *pos, "unterminated string");
        unsigned char c = s[i];
        if (c == '"') {
            *pos = i + 1;
            return AV_OK;
        }
        if (c == '\\') {
            if (i + 1 >= len)
                return json_reject(err, i, "unterminated escape");
            switch (s[i + 1]) {
            case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
                i += 2;
                break;
            case 'u': {
                if (i + 6 > len || !is_hex(s[i + 2]) || !is_hex(s[i + 3]) || !is_hex(s[i + 4]) ||
                    !is_hex(s[i + 5]))
                    return json_reject(err, i, "bad \\u escape");
                unsigned cp = hex4(buf + i + 2);
                if (cp >= 0xD800 && cp <= 0xDBFF && i + 12 <= len && s[i + 6] == '\\' && s[i + 7] == 'u' &&
                    is_hex(s[i + 8]) && is_hex(s[i + 9]) && is_hex(s[i + 10]) && is_hex(s[i + 11])) {
                    unsigned lo = hex4(buf + i + 8);
                    if (lo >= 0xDC00 && lo <= 0xDFFF) {
                        i += 12; /* a pair */
                        break;
                    }
                }
                if (cp >= 0xD800 && cp <= 0xDFFF && json_flaw(err, flaw, i, "lone UTF-16 surrogate escape") != AV_OK)
                    return AV_E_BAD_MESSAGE;
                i += 6;
                break;
            }
            default:
                return json_reject(err, i, "bad escape");
            }
            continue;
        }
        if (c < 0x20)
            return json_reject(err, i, "control character in string");
        size_t n = utf8_seq(s + i, s + len);
        if (!n) {
            /* Bytes above 0x7F are never '"' or '\\': where the string ends is
             * still certain. ED A0..BF starts a UTF-16 surrogate written as
             * UTF-8, which is how the shim passes on a lone surrogate a page's
             * text held (av_shim_view.cpp). */
            int surrogate = c == 0xED && i + 1 < len && s[i + 1] >= 0xA0 && s[i + 1] <= 0xBF;
            if (json_flaw(err, flaw, i, surrogate ? "lone UTF-16 surrogate" : "invalid UTF-8") != AV_OK)
                return AV_E_BAD_MESSAGE;
            i++;
            continue;
        }
        i += n;
    }
}

static int scan_number(const char *buf, size_t len, size_t *pos, av_json_error *err)
{
    size_t i = *pos;
    if (buf[i] == '-')
        i++;
    if (i >= len)
        return json_reject(err, i, "truncated number");
    if (buf[i] == '0')
        i++;
    else if (buf[i] >= '1' && buf[i] <= '9')
        while (i < len && buf[i] >= '0' && buf[i] <= '9')
            i++;
    else
        return json_reject(err, i, "bad number");
    if (i < len && buf[i] == '.') {
        i++;
        if (i >= len || buf[i] < '0' || buf[i] > '9')
            return json_reject(err, i, "digit expected after '.'");
        while (i < len && buf[i] >= '0' && buf[i] <= '9')
            i++;
    }
    if (i < len && (buf[i] == 'e' || buf[i] == 'E')) {
        i++;
        if (i < len && (buf[i] == '+' || buf[i] == '-'))
            i++;
        if (i >= len || buf[i] < '0' || buf[i] > '9')
            return json_reject(err, i, "digit expected in exponent");
        while (i < len && buf[i] >= '0' && buf[i] <= '9')
            i++;
    }
    *pos = i;
    return AV_OK;
}

static int scan_literal(const char *buf, size_t len, size_t *pos, const char *word,
                        av_json_error *err)
{
    size_t n = strlen(word);
    if (len - *pos < n || memcmp(buf + *pos, word, n) != 0)
        return json_reject(err, *pos, "unexpected character");
    *pos += n;
    return AV_OK;
}

/* One bit per open container: 1 = object, 0 = array. */
typedef struct depth_stack {
    uint8_t bits[AV_JSON_MAX_DEPTH / 8];
    unsigned depth;
} depth_stack;

static void stack_set(depth_stack *st, unsigned d, int is_object)
{
    if (is_object)
        st->bits[d >> 3] |= (uint8_t)(1u << (d & 7));
    else
        st->bits[d >> 3] &= (uint8_t)~(1u << (d & 7));
}

static int stack_top_is_object(const depth_stack *st)
{
    unsigned d = st->depth - 1;
    return (st->bits[d >> 3] >> (d & 7)) & 1;
}

/* Skips, from i, the inside of containers nested deeper than the bit stack
 * holds, until the one opened at its last level closes; returns the position
 * after that bracket, or rejects. Only a value already refused (flawed for
 * its depth) is skipped: tokens are checked, and brackets only counted, so
 * where the value ends is found with no memory for its levels. */
static int skip_deep(const char *buf, size_t len, size_t *pos, av_json_error *err, av_json_error *flaw)
{
    size_t i = *pos, extra = 1;
    while (extra) {
        i = av_json_skip_ws(buf, len, i);
        if (i >= len)
            return json_reject(err, i, "unterminated container");
        int rc = AV_OK;
        switch (buf[i]) {
        case '[': case '{': extra++; i++; break;
        case ']': case '}': extra--; i++; break;
        case ',': case ':': i++; break;
        case '"': rc = scan_string(buf, len, &i, err, flaw); break;
        case 't': rc = scan_literal(buf, len, &i, "true", err); break;
        case 'f': rc = scan_literal(buf, len, &i, "false", err); break;
        case 'n': rc = scan_literal(buf, len, &i, "null", err); break;
        default:
            if (buf[i] != '-' && (buf[i] < '0' || buf[i] > '9'))
                return json_reject(err, i, "unexpected character");
            rc = scan_number(buf, len, &i, err);
        }
        if (rc != AV_OK)
            return rc;
    }
    *pos = i;
    return AV_OK;
}

/* av_json_scan and av_json_skip: with flaw NULL every refusal ends the scan;
 * otherwise flaws are recorded in it and the scan goes on. */
static int json_scan(const char *buf, size_t len, size_t *pos, unsigned max_depth, av_json_type *type,
                     av_json_error *err, av_json_error *flaw)
{
    depth_stack st;
    size_t i = *pos;
    av_json_type first = AV_JSON_INVALID;
    int rc;

    if (max_depth == 0 || max_depth > AV_JSON_MAX_DEPTH)
        max_depth = AV_JSON_MAX_DEPTH;
    st.depth = 0;

    for (;;) {
        /* Expecting a value at i. */
        i = av_json_skip_ws(buf, len, i);
        if (i >= len)
            return json_reject(err, i, "value expected");
        av_json_type t;
        switch (buf[i]) {
        case '{':
        case '[': {
            int obj = buf[i] == '{';
            t = obj ? AV_JSON_OBJECT : AV_JSON_ARRAY;
            if (first == AV_JSON_INVALID)
                first = t;
            if (st.depth >= max_depth && json_flaw(err, flaw, i, "nesting too deep") != AV_OK)
                return AV_E_BAD_MESSAGE;
            if (st.depth >= AV_JSON_MAX_DEPTH) {
                /* Deeper than the stack: a flawed value, skipped to its end. */
                i++;
                if ((rc = skip_deep(buf, len, &i, err, flaw)) != AV_OK)
                    return rc;
                goto after_value;
            }
            stack_set(&st, st.depth++, obj);
            i = av_json_skip_ws(buf, len, i + 1);
            if (i < len && buf[i] == (obj ? '}' : ']')) {
                st.depth--;
                i++;
                goto after_value;
            }
            if (obj)
                goto expect_key;
            continue;
        }
        case '"':
            t = AV_JSON_STRING;
            rc = scan_string(buf, len, &i, err, flaw);
            break;
        case 't':
            t = AV_JSON_TRUE;
            rc = scan_literal(buf, len, &i, "true", err);
            break;
        case 'f':
            t = AV_JSON_FALSE;
            rc = scan_literal(buf, len, &i, "false", err);
            break;
        case 'n':
            t = AV_JSON_NULL;
            rc = scan_literal(buf, len, &i, "null", err);
            break;
        default:
            if (buf[i] != '-' && (buf[i] < '0' || buf[i] > '9'))
                return json_reject(err, i, "unexpected character");
            t = AV_JSON_NUMBER;
            rc = scan_number(buf, len, &i, err);
        }
        if (rc != AV_OK)
            return rc;
        if (first == AV_JSON_INVALID)
            first = t;

    after_value:
        /* A value just ended at i: close containers or move to the next item. */
        for (;;) {
            if (st.depth == 0) {
                *pos = i;
                if (type)
                    *type = first;
                return AV_OK;
            }
            i = av_json_skip_ws(buf, len, i);
            if (i >= len)
                return json_reject(err, i, "unterminated container");
            int obj = stack_top_is_object(&st);
            if (buf[i] == ',') {
                i = av_json_skip_ws(buf, len, i + 1);
                if (obj)
                    goto expect_key;
                break; /* next array element */
            }
            if (buf[i] == (obj ? '}' : ']')) {
                st.depth--;
                i++;
                continue;
            }
            return json_reject(err, i, obj ? "',' or '}' expected" : "',' or ']' expected");
        }
        continue;

    expect_key:
        if (i >= len || buf[i] != '"')
            return json_reject(err, i, "object key expected");
        rc = scan_string(buf, len, &i, err, flaw);
        if (rc != AV_OK)
            return rc;
        i = av_json_skip_ws(buf, len, i);
        if (i >= len || buf[i] != ':')
            return json_reject(err, i, "':' expected");
        i++;
    }
}

int av_json_scan(const char *buf, size_t len, size_t *pos, unsigned max_depth, av_json_type *type,
                 av_json_error *err)
{
    return json_scan(buf, len, pos, max_depth, type, err, NULL);
}

int av_json_skip(const char *buf, size_t len, size_t *pos, unsigned max_depth, av_json_type *type,
                 av_json_error *err, av_json_error *flaw)
{
    av_json_error none = {0, NULL};
    if (!flaw)
        flaw = &none;
    flaw->pos = 0;
    flaw->reason = NULL;
    return json_scan(buf, len, pos, max_depth, type, err, flaw);
}

int av_json_validate(const char *buf, size_t len, av_json_error *err)
{
    size_t pos = av_json_skip_ws(buf, len, 0);
    int rc = av_json_scan(buf, len, &pos, 0, NULL, err);
    if (rc != AV_OK)
        return rc;
    pos = av_json_skip_ws(buf, len, pos);
    if (pos != len)
        return json_reject(err, pos, "trailing characters");
    return AV_OK;
}

static unsigned hex4(const char *p)
{
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        char c = p[k];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else
            v |= (unsigned)((c | 0x20) - 'a' + 10);
    }
    return v;
}

static size_t put_utf8(char *out, unsigned cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

long av_json_unescape(const char *tok, size_t toklen, char *out)
{
    if (toklen < 2 || tok[0] != '"' || tok[toklen - 1] != '"')
        return -1;
    size_t o = 0;
    for (size_t i = 1; i < toklen - 1;) {
        char c = tok[i];
        if (c != '\\') {
            out[o++] = c;
            i++;
            continue;
        }
        char e = tok[i + 1];
        i += 2;
        switch (e) {
        case 'b': out[o++] = '\b'; break;
        case 'f': out[o++] = '\f'; break;
        case 'n': out[o++] = '\n'; break;
        case 'r': out[o++] = '\r'; break;
        case 't': out[o++] = '\t'; break;
        case 'u': {
            unsigned cp = hex4(tok + i);
            i += 4;
            if (cp >= 0xDC00 && cp <= 0xDFFF)
                return -1;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (i + 6 > toklen - 1 || tok[i] != '\\' || tok[i + 1] != 'u')
                    return -1;
                unsigned lo = hex4(tok + i + 2);
                if (lo < 0xDC00 || lo > 0xDFFF)
                    return -1;
                i += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            /* A \u escape is 6 bytes and yields at most 4 (a pair: 12 -> 4). */
            o += put_utf8(out + o, cp);
            break;
        }
        default: out[o++] = e; break; /* '"', '\\', '/' */
        }
    }
    return (long)o;
}

/* Escape needed for one byte: 0 none, 1 short (\n), 2 \u00XX. */
static int esc_kind(unsigned char c)
{
    if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f')
        return 1;
    return c < 0x20 ? 2 : 0;
}

/* U+2028 / U+2029 are E2 80 A8 / E2 80 A9. */
static int is_line_sep(const unsigned char *s, size_t left)
{
    return left >= 3 && s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0xA8 || s[2] == 0xA9);
}

size_t av_json_escaped_len(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t n = 2;
    for (size_t i = 0; i < len; i++) {
        int k = esc_kind(s[i]);
        if (k == 1)
            n += 2;
        else if (k == 2)
            n += 6;
        else if (is_line_sep(s + i, len - i)) {
            n += 6;
            i += 2;
        } else
            n += 1;
    }
    return n;
}

size_t av_json_escape(const char *text, size_t len, char *out)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *)text;
    size_t o = 0;
    out[o++] = '"';
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        switch (esc_kind(c)) {
        case 1:
            out[o++] = '\\';
            out[o++] = c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : c == '\b' ? 'b'
                     : c == '\f' ? 'f' : (char)c;
            break;
        case 2:
            memcpy(out + o, "\\u00", 4);
            out[o + 4] = hex[c >> 4];
            out[o + 5] = hex[c & 15];
            o += 6;
            break;
        default:
            if (is_line_sep(s + i, len - i)) {
                memcpy(out + o, s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029", 6);
                o += 6;
                i += 2;
            } else
                out[o++] = (char)c;
        }
    }
    out[o++] = '"';
    return o;
}
