/* The envelope codec: one pass over a transport message, no allocation.
 * Each element is scanned exactly once; its known fields are sliced out as
 * spans and checked for type and size. */
#include "auroraview/av_error.h"
#include "json_reject.h"
#include "auroraview/av_msg.h"

#include <string.h>

enum field { F_TYPE, F_ID, F_METHOD, F_EVENT, F_PARAMS, F_DETAIL, F_URL, F_COUNT, F_UNKNOWN };

static const char *const k_field_names[F_COUNT] = {"type",   "id",     "method", "event",
                                                   "params", "detail", "url"};
static const char *const k_duplicate[F_COUNT] = {
    "duplicate key \"type\"",   "duplicate key \"id\" (an id given twice is no id: not answered)",
    "duplicate key \"method\"", "duplicate key \"event\"", "duplicate key \"params\"",
    "duplicate key \"detail\"", "duplicate key \"url\""};

/* Maps a key token (quotes included) to a field. Keys with escapes are
 * decoded first so "\u0074ype" is "type", as JSON says. */
static enum field key_field(const char *tok, size_t len)
{
    char buf[16];
    const char *k = tok + 1;
    size_t n = len - 2;
    if (memchr(k, '\\', n)) {
        if (len > sizeof buf)
            return F_UNKNOWN;
        long d = av_json_unescape(tok, len, buf);
        if (d < 0)
            return F_UNKNOWN;
        k = buf;
        n = (size_t)d;
    }
    for (int f = 0; f < F_COUNT; f++)
        if (strlen(k_field_names[f]) == n && memcmp(k_field_names[f], k, n) == 0)
            return (enum field)f;
    return F_UNKNOWN;
}

static av_msg_type type_from_token(const char *tok, size_t len)
{
    static const struct {
        const char *tok;
        av_msg_type type;
    } types[] = {{"\"call\"", AV_MSG_CALL},
                 {"\"event\"", AV_MSG_EVENT},
                 {"\"ready\"", AV_MSG_READY},
                 {"\"cancel\"", AV_MSG_CANCEL},
                 {"\"too_large\"", AV_MSG_TOO_LARGE},
                 {"\"piece\"", AV_MSG_PIECE},
                 {"\"piece_end\"", AV_MSG_PIECE_END},
                 {"\"leaf\"", AV_MSG_LEAF}};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strlen(types[i].tok) == len && memcmp(types[i].tok, tok, len) == 0)
            return types[i].type;
    return AV_MSG_NONE;
}

/* An id is a string token or a non-negative integer, short enough to echo. */
static int id_ok(const av_span *v, av_json_type t)
{
    if (v->len > AV_ID_MAX)
        return 0;
    if (t == AV_JSON_STRING)
        return 1;
    if (t != AV_JSON_NUMBER || v->ptr[0] == '-')
        return 0;
    for (size_t i = 0; i < v->len; i++)
        if (v->ptr[i] < '0' || v->ptr[i] > '9')
            return 0;
    return v->len <= 16; /* integers JS can hold exactly (below 2^53) */
}

/* Why a name token cannot be a method or event name, or NULL: it must
 * decode to 1..AV_NAME_MAX bytes of UTF-8 without NUL (names are bound as C
 * strings: "api.x\u0000y" could only ever be refused as "no method named
 * 'api.x'", a name that may well be bound). */
static const char *name_problem(const av_span *v)
{
    char buf[AV_NAME_MAX * 6 + 2];
    long n = v->len > 2 && v->len <= sizeof buf ? av_json_unescape(v->ptr, v->len, buf) : -1;
    if (n < 1 || n > AV_NAME_MAX)
        return "name must be 1..256 bytes of valid UTF-8";
    if (memchr(buf, 0, (size_t)n))
        return "name must not contain NUL (\\u0000)";
    return NULL;
}

#define BAD(env, at, why)                \
    do {                                 \
        (env)->error = AV_E_BAD_MESSAGE; \
        (env)->where.pos = (at);         \
        (env)->where.reason = (why);     \
    } while (0)

#define STR_(x) #x
#define STR(x) STR_(x)
/* The reason a value nested too deep is refused with: the page reads it. */
#define DEEP "a value nested more than " STR(AV_PAYLOAD_DEPTH_MAX) " levels deep"

/* Records the first problem of an envelope (later ones are not reported). */
static void bad_once(av_envelope *env, size_t at, const char *why)
{
    if (env->error == AV_OK)
        BAD(env, at, why);
}

static void check_fields(const char *text, size_t start, const av_span *val,
                         const av_json_type *vt, av_envelope *env);

/* Reads the envelope object whose '{' is at text[*pos], validating it in the
 * same pass, and leaves *pos after its '}'. Returns AV_E_BAD_MESSAGE (with
 * err) when the text is not JSON; problems with a well-formed object (a
 * missing field, a wrong type) land in env instead. */
static int read_object(const char *text, size_t len, size_t *pos, av_envelope *env,
                       av_json_error *err)
{
    av_span val[F_COUNT] = {{0}};
    av_json_type vt[F_COUNT] = {AV_JSON_INVALID};
    size_t start = *pos, i = av_json_skip_ws(text, len, start + 1);

    memset(env, 0, sizeof *env);
    env->offset = start;

    if (i < len && text[i] == '}')
        i++;
    else {
        for (;;) {
            size_t k0 = i;
            av_json_type t;
            av_json_error flaw;
            if (i >= len || text[i] != '"')
                return json_reject(err, i, "object key expected");
            if (av_json_skip(text, len, &i, 1, NULL, err, &flaw) != AV_OK)
                return AV_E_BAD_MESSAGE;
            enum field f = flaw.reason ? F_UNKNOWN : key_field(text + k0, i - k0);
            if (flaw.reason)
                bad_once(env, flaw.pos, flaw.reason);
            i = av_json_skip_ws(text, len, i);
            if (i >= len || text[i] != ':')
                return json_reject(err, i, "':' expected");
            i = av_json_skip_ws(text, len, i + 1);
            size_t v0 = i;
            /* A value too deep or with a lone surrogate refuses the envelope,
             * but its end is certain: the other fields (the id of a call to
             * answer) and the other envelopes of the batch are still read. */
            if (av_json_skip(text, len, &i, AV_PAYLOAD_DEPTH_MAX, &t, err, &flaw) != AV_OK)
                return AV_E_BAD_MESSAGE;
            if (flaw.reason)
                bad_once(env, flaw.pos, strcmp(flaw.reason, "nesting too deep") == 0 ? DEEP : flaw.reason);
            if (f != F_UNKNOWN) {
                int again = val[f].ptr != NULL;
                if (again)
                    bad_once(env, k0, k_duplicate[f]);
                val[f].ptr = text + v0;
                val[f].len = i - v0;
                /* A flawed id, or an id given twice, is no id to answer. */
                vt[f] = flaw.reason || (again && f == F_ID) ? AV_JSON_INVALID : t;
            }
            i = av_json_skip_ws(text, len, i);
            if (i < len && text[i] == ',') {
                i = av_json_skip_ws(text, len, i + 1);
                continue;
            }
            if (i < len && text[i] == '}') {
                i++;
                break;
            }
            return json_reject(err, i, "',' or '}' expected");
        }
    }
    *pos = i;
    env->size = i - start;
    check_fields(text, start, val, vt, env);
    return AV_OK;
}

/* Applies the protocol's rules to the fields read from one object. */
static void check_fields(const char *text, size_t start, const av_span *val,
                         const av_json_type *vt, av_envelope *env)
{
    if (val[F_ID].ptr) {
        if (id_ok(&val[F_ID], vt[F_ID]))
            env->id = val[F_ID];
        else
            bad_once(env, (size_t)(val[F_ID].ptr - text), "id must be a string or a non-negative integer of at most 128 bytes");
    }
    /* The type is read even from a refused envelope: its refusal is then
     * answered only when it is a call (or of no known type) and has an id. */
    if (val[F_TYPE].ptr && vt[F_TYPE] == AV_JSON_STRING)
        env->type = type_from_token(val[F_TYPE].ptr, val[F_TYPE].len);
    if (env->error != AV_OK)
        return;

    if (!val[F_TYPE].ptr) {
        BAD(env, start, "missing \"type\"");
        return;
    }
    if (env->type == AV_MSG_NONE) {
        BAD(env, (size_t)(val[F_TYPE].ptr - text), "unknown \"type\"");
        return;
    }

    enum field name_field = F_COUNT, payload_field = F_COUNT;
    switch (env->type) {
    case AV_MSG_CALL:
        name_field = F_METHOD;
        payload_field = F_PARAMS;
        break;
    case AV_MSG_EVENT:
        name_field = F_EVENT;
        payload_field = F_DETAIL;
        break;
    case AV_MSG_READY:
        name_field = F_URL;
        break;
    case AV_MSG_TOO_LARGE:
        payload_field = F_DETAIL;
        break;
    case AV_MSG_PIECE:
    case AV_MSG_PIECE_END:
    case AV_MSG_LEAF:
        if (!val[F_DETAIL].ptr || vt[F_DETAIL] != AV_JSON_STRING) {
            BAD(env, val[F_DETAIL].ptr ? (size_t)(val[F_DETAIL].ptr - text) : start,
                "a piece's \"detail\" must be a string");
            return;
        }
        payload_field = F_DETAIL;
        break;
    default:
        break;
    }

    if ((env->type == AV_MSG_CALL || env->type == AV_MSG_CANCEL || av_msg_is_piece(env->type)) && !env->id.ptr) {
        BAD(env, start, "missing \"id\"");
        return;
    }
    if (name_field != F_COUNT) {
        const av_span *v = &val[name_field];
        if (!v->ptr) {
            if (env->type != AV_MSG_READY) {
                BAD(env, start, env->type == AV_MSG_CALL ? "missing \"method\"" : "missing \"event\"");
                return;
            }
        } else if (vt[name_field] != AV_JSON_STRING) {
            BAD(env, (size_t)(v->ptr - text), "name must be a string");
            return;
        } else if (env->type != AV_MSG_READY && name_problem(v)) {
            BAD(env, (size_t)(v->ptr - text), name_problem(v));
            return;
        }
        env->name = *v;
    }
    if (payload_field != F_COUNT)
        env->payload = val[payload_field];
}

int av_envelope_parse(const char *text, size_t len, av_envelope_cb cb, void *user,
                      av_json_error *err)
{
    size_t i = av_json_skip_ws(text, len, 0);
    int batch = i < len && text[i] == '[';
    av_envelope env;

    if (i >= len) {
        return json_reject(err, i, "empty message");
    }
    if (batch) {
        i = av_json_skip_ws(text, len, i + 1);
        if (i < len && text[i] == ']') { /* an empty batch is valid and holds nothing */
            i = av_json_skip_ws(text, len, i + 1);
            goto done;
        }
    }

    for (;;) {
        size_t start = i;
        if (i < len && text[i] == '{') {
            if (read_object(text, len, &i, &env, err) != AV_OK)
                return AV_E_BAD_MESSAGE;
        } else {
            /* Refused whatever it holds; skipped however deep it is. */
            if (av_json_skip(text, len, &i, 0, NULL, err, NULL) != AV_OK)
                return AV_E_BAD_MESSAGE;
            memset(&env, 0, sizeof env);
            env.offset = start;
            env.size = i - start;
            BAD(&env, start, "envelope must be an object");
        }
        cb(user, &env);
        if (!batch)
            break;
        i = av_json_skip_ws(text, len, i);
        if (i < len && text[i] == ',') {
            i = av_json_skip_ws(text, len, i + 1);
            continue;
        }
        if (i < len && text[i] == ']') {
            i++;
            break;
        }
        return json_reject(err, i, "',' or ']' expected");
    }
    i = av_json_skip_ws(text, len, i);
done:
    if (i != len)
        return json_reject(err, i, "trailing characters");
    return AV_OK;
}
