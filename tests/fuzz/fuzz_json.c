/* Fuzz target: the strict JSON scanner and its string helpers (av_json.h).
 * Invariants checked on every input:
 *  - av_json_validate and av_json_scan agree, and a smaller nesting limit
 *    never accepts what the full limit refuses;
 *  - av_json_skip accepts what av_json_scan accepts, ending at the same byte
 *    with no flaw, and what only it accepts carries a flaw;
 *  - a valid string token decodes to valid UTF-8 no longer than the token
 *    (the scanner refuses lone UTF-16 surrogate escapes);
 *  - any valid UTF-8 text escapes to exactly av_json_escaped_len bytes, the
 *    result is one valid JSON string with no raw U+2028/U+2029, and it
 *    decodes back to the same bytes. */
#include "fuzz.h"

#include "auroraview/av_error.h"
#include "auroraview/av_json.h"

#include <string.h>

static void check_scan(const char *text, size_t len)
{
    av_json_error err = {0, NULL};
    int valid = av_json_validate(text, len, &err) == AV_OK;
    if (!valid)
        FUZZ_ASSERT(err.reason != NULL && err.pos <= len);

    size_t start = av_json_skip_ws(text, len, 0), pos = start;
    av_json_type type = AV_JSON_INVALID;
    int scanned = av_json_scan(text, len, &pos, 0, &type, NULL) == AV_OK;
    if (valid)
        FUZZ_ASSERT(scanned && av_json_skip_ws(text, len, pos) == len);
    if (scanned) {
        FUZZ_ASSERT(type != AV_JSON_INVALID && pos > start && pos <= len);
        /* The value alone validates. */
        FUZZ_ASSERT(av_json_validate(text + start, pos - start, NULL) == AV_OK);
    }
    /* A tighter nesting limit only ever refuses more. */
    size_t tight = start;
    unsigned limit = len ? (unsigned char)text[len - 1] % 16 + 1 : 1;
    if (av_json_scan(text, len, &tight, limit, NULL, NULL) == AV_OK)
        FUZZ_ASSERT(scanned && tight == pos);

    /* Skipping agrees with scanning, and reads past flaws only. */
    size_t skip_end = start;
    av_json_error flaw;
    av_json_type skip_type = AV_JSON_INVALID;
    int skipped = av_json_skip(text, len, &skip_end, 0, &skip_type, NULL, &flaw) == AV_OK;
    if (scanned)
        FUZZ_ASSERT(skipped && !flaw.reason && skip_end == pos && skip_type == type);
    if (skipped && !scanned)
        FUZZ_ASSERT(flaw.reason != NULL && flaw.pos >= start && flaw.pos < skip_end);
    if (skipped && !flaw.reason)
        FUZZ_ASSERT(scanned);

    if (scanned && type == AV_JSON_STRING) {
        char *out = malloc(pos - start);
        FUZZ_ASSERT(out != NULL);
        long n = av_json_unescape(text + start, pos - start, out);
        FUZZ_ASSERT(n >= 0 && (size_t)n <= pos - start && av_utf8_valid(out, (size_t)n));
        free(out);
    }
}

static void check_escape_round_trip(const char *text, size_t len)
{
    if (!av_utf8_valid(text, len))
        return;
    size_t need = av_json_escaped_len(text, len);
    char *tok = malloc(need);
    FUZZ_ASSERT(tok != NULL);
    size_t wrote = av_json_escape(text, len, tok);
    FUZZ_ASSERT(wrote == need);
    FUZZ_ASSERT(av_json_validate(tok, wrote, NULL) == AV_OK && tok[0] == '"');
    static const char ls[] = "\xE2\x80\xA8", ps[] = "\xE2\x80\xA9";
    for (size_t i = 0; i + 3 <= wrote; i++)
        FUZZ_ASSERT(memcmp(tok + i, ls, 3) != 0 && memcmp(tok + i, ps, 3) != 0);
    char *back = malloc(wrote);
    FUZZ_ASSERT(back != NULL);
    long n = av_json_unescape(tok, wrote, back);
    FUZZ_ASSERT(n >= 0 && (size_t)n == len && memcmp(back, text, len) == 0);
    free(back);
    free(tok);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    check_scan(text, size);
    check_escape_round_trip(text, size);
    return 0;
}
