/* The parent/child frame codec (av_ipc.h): round trips, the reader's view
 * of a byte stream, and every refusal with its sentence. */
#include "auroraview/av_error.h"
#include "auroraview/av_ipc.h"

#include "av_test.h"

static av_ipc_frame hello(void)
{
    av_ipc_frame f = {.kind = AV_IPC_HELLO, .token_len = 3, .child_id = "p-1", .pid = 77, .version = AV_IPC_VERSION};
    memcpy(f.token, "tok", 3);
    return f;
}

static av_ipc_frame event(const char *name, const char *data)
{
    av_ipc_frame f = {.kind = AV_IPC_EVENT, .data = data, .data_len = data ? strlen(data) : 0};
    snprintf(f.name, sizeof f.name, "%s", name);
    return f;
}

/* Encodes f, reads it back through av_ipc_frame_next and decodes it. */
static int round_trip(const av_ipc_frame *f, av_ipc_frame *out)
{
    uint8_t *buf;
    size_t len, body_len, used;
    const uint8_t *body;
    char why[256] = "";
    int rc = av_ipc_frame_encode(f, AV_IPC_DEFAULT_MAX_FRAME, &buf, &len, why, sizeof why);
    if (rc != AV_OK)
        return rc;
    REQUIRE(av_ipc_frame_next(buf, len, AV_IPC_DEFAULT_MAX_FRAME, &body, &body_len, &used) == 1);
    CHECK_EQ_INT(used, len);
    rc = av_ipc_frame_decode(body, body_len, out, why, sizeof why);
    free(buf);
    return rc;
}

static void test_round_trips(void)
{
    av_ipc_frame h = hello(), out;
    REQUIRE(round_trip(&h, &out) == AV_OK);
    CHECK(out.kind == AV_IPC_HELLO && out.token_len == 3 && memcmp(out.token, "tok", 3) == 0);
    CHECK(strcmp(out.child_id, "p-1") == 0 && out.pid == 77 && out.version == AV_IPC_VERSION);
    av_ipc_frame_clear(&out);

    av_ipc_frame e = event("选择", "{\"nodes\":[\"cube1\"],\"n\":1.5}");
    REQUIRE(round_trip(&e, &out) == AV_OK);
    CHECK(out.kind == AV_IPC_EVENT && strcmp(out.name, "选择") == 0);
    CHECK(out.data_len == e.data_len && memcmp(out.data, e.data, e.data_len) == 0);
    av_ipc_frame_clear(&out);
    CHECK(out.data == NULL);

    av_ipc_frame no_data = event("child:closing", NULL);
    REQUIRE(round_trip(&no_data, &out) == AV_OK);
    CHECK(out.data_len == 0);
    av_ipc_frame_clear(&out);
}

static void test_reader_waits_and_refuses_oversized(void)
{
    av_ipc_frame e = event("seq", "1");
    uint8_t *buf;
    size_t len, body_len, used;
    const uint8_t *body;
    REQUIRE(av_ipc_frame_encode(&e, AV_IPC_DEFAULT_MAX_FRAME, &buf, &len, NULL, 0) == AV_OK);
    for (size_t cut = 0; cut < len; cut++) /* any prefix of a frame: wait for more */
        CHECK_EQ_INT(av_ipc_frame_next(buf, cut, AV_IPC_DEFAULT_MAX_FRAME, &body, &body_len, &used), 0);
    CHECK_EQ_INT(av_ipc_frame_next(buf, len, len - 5, &body, &body_len, &used), AV_E_PAYLOAD_TOO_LARGE);
    static const uint8_t huge[] = {0xff, 0xff, 0xff, 0x7f, 0x08};
    CHECK_EQ_INT(av_ipc_frame_next(huge, sizeof huge, AV_IPC_DEFAULT_MAX_FRAME, &body, &body_len, &used),
                 AV_E_PAYLOAD_TOO_LARGE);
    free(buf);
}

/* Decoding this body is refused with a sentence containing want. */
static void refused(const char *label, const uint8_t *body, size_t len, const char *want)
{
    av_ipc_frame out;
    char why[256] = "";
    int rc = av_ipc_frame_decode(body, len, &out, why, sizeof why);
    if (rc != AV_E_BAD_MESSAGE || !strstr(why, want)) {
        fprintf(stderr, "  %s: got %s '%s', wanted BAD_MESSAGE '%s'\n", label, av_err_name(rc), why, want);
        CHECK(0);
    }
    CHECK(out.data == NULL); /* nothing left to free */
}

static void test_decode_refusals(void)
{
    static const uint8_t garbage[] = {0xff, 0xff, 0xff};
    static const uint8_t no_kind[] = {0x32, 0x01, 'x'};
    static const uint8_t kind_9[] = {0x08, 0x09};
    static const uint8_t hello_no_token[] = {0x08, 0x01, 0x1a, 0x01, 'c', 0x28, 0x01};
    static const uint8_t hello_v2[] = {0x08, 0x01, 0x12, 0x01, 't', 0x1a, 0x01, 'c', 0x28, 0x02};
    static const uint8_t event_no_name[] = {0x08, 0x02, 0x3a, 0x01, '1'};
    static const uint8_t event_bad_utf8[] = {0x08, 0x02, 0x32, 0x01, 0xff};
    static const uint8_t event_bad_json[] = {0x08, 0x02, 0x32, 0x01, 'x', 0x3a, 0x02, '{', '['};
    static const uint8_t token_too_long[] = {0x08, 0x01, 0x12, 0x41, 'x'}; /* announces 65 bytes */
    refused("garbage", garbage, sizeof garbage, "not a frame");
    refused("no kind", no_kind, sizeof no_kind, "unknown frame kind 0");
    refused("kind 9", kind_9, sizeof kind_9, "unknown frame kind 9");
    refused("hello without token", hello_no_token, sizeof hello_no_token, "without a token");
    refused("hello of version 2", hello_v2, sizeof hello_v2, "version 2");
    refused("event without name", event_no_name, sizeof event_no_name, "without a valid name");
    refused("event name not UTF-8", event_bad_utf8, sizeof event_bad_utf8, "without a valid name");
    refused("event data not JSON", event_bad_json, sizeof event_bad_json, "data is not JSON");
    refused("token above 64 bytes", token_too_long, sizeof token_too_long, "not a frame");
}

static void test_encode_refuses_what_decode_would(void)
{
    uint8_t *buf = NULL;
    size_t len;
    char why[256];
    av_ipc_frame bad_json = event("x", "{oops");
    CHECK_EQ_INT(av_ipc_frame_encode(&bad_json, AV_IPC_DEFAULT_MAX_FRAME, &buf, &len, why, sizeof why),
                 AV_E_BAD_MESSAGE);
    av_ipc_frame empty_name = event("", "1");
    CHECK_EQ_INT(av_ipc_frame_encode(&empty_name, AV_IPC_DEFAULT_MAX_FRAME, &buf, &len, why, sizeof why),
                 AV_E_BAD_MESSAGE);
    av_ipc_frame big = event("x", "\"0123456789\"");
    CHECK_EQ_INT(av_ipc_frame_encode(&big, 8, &buf, &len, why, sizeof why), AV_E_PAYLOAD_TOO_LARGE);
    CHECK(strstr(why, "above the limit of 8") != NULL);
    CHECK(buf == NULL);
}

int main(void)
{
    RUN(test_round_trips);
    RUN(test_reader_waits_and_refuses_oversized);
    RUN(test_decode_refusals);
    RUN(test_encode_refuses_what_decode_would);
    return TEST_EXIT();
}
