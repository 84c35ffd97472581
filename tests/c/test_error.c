/* The error table generated from AV_ERRNO_MAP: AV_ERR_COUNT matches the
 * rows, the dense index is a bijection onto [0, AV_ERR_COUNT), every code
 * round-trips through av_err_at/av_err_index with its name, sentence and
 * protocol flag, and names are unique. */
#include "auroraview/av_error.h"

#include "av_test.h"

/* The map read by the test itself, to compare with what av_error.c built. */
typedef struct row {
    int code;
    const char *name;
    const char *sentence;
    int protocol;
} row;

#define ROW(name, value, sentence, protocol) {value, #name, sentence, protocol},
static const row k_rows[] = {AV_ERRNO_MAP(ROW)};
#undef ROW
#define N_ROWS ((int)(sizeof k_rows / sizeof *k_rows))

static void test_count_is_the_rows_and_ok(void)
{
    CHECK_EQ_INT(AV_ERR_COUNT, N_ROWS + 1);
    /* A constant expression, as counter arrays need. */
    static const char sized[AV_ERR_COUNT] = {0};
    CHECK_EQ_INT(sizeof sized, N_ROWS + 1);
}

static void test_ok_is_index_zero(void)
{
    CHECK_EQ_INT(av_err_index(AV_OK), 0);
    CHECK_EQ_INT(av_err_at(0), AV_OK);
    CHECK(strcmp(av_err_name(AV_OK), "OK") == 0);
    CHECK(strcmp(av_strerror(AV_OK), "success") == 0);
    CHECK_EQ_INT(av_err_is_protocol(AV_OK), 0);
}

static void test_rows_round_trip(void)
{
    for (int r = 0; r < N_ROWS; r++) {
        const row *e = &k_rows[r];
        CHECK(e->code < 0);
        CHECK_EQ_INT(av_err_index(e->code), r + 1);
        CHECK_EQ_INT(av_err_at(r + 1), e->code);
        CHECK(strcmp(av_err_name(e->code), e->name) == 0);
        CHECK(strcmp(av_strerror(e->code), e->sentence) == 0);
        CHECK_EQ_INT(av_err_is_protocol(e->code), e->protocol);
    }
}

static void test_index_is_dense_and_codes_and_names_unique(void)
{
    int seen[AV_ERR_COUNT] = {0};
    for (int i = 0; i < AV_ERR_COUNT; i++) {
        int code = av_err_at(i);
        CHECK(code <= 0);
        int index = av_err_index(code);
        REQUIRE(index >= 0 && index < AV_ERR_COUNT);
        seen[index]++;
        for (int j = 0; j < i; j++) {
            CHECK(av_err_at(j) != code);
            CHECK(strcmp(av_err_name(av_err_at(j)), av_err_name(code)) != 0);
        }
    }
    for (int i = 0; i < AV_ERR_COUNT; i++)
        CHECK_EQ_INT(seen[i], 1);
}

static void test_enum_values_are_fixed(void)
{
    /* The values are ABI: a row moved in the map keeps its value. */
    CHECK_EQ_INT(AV_E_METHOD_NOT_FOUND, -1);
    CHECK_EQ_INT(AV_E_BAD_MESSAGE, -8);
    CHECK_EQ_INT(AV_E_FORBIDDEN_ORIGIN, -20);
    CHECK_EQ_INT(AV_E_IO, -26);
}

static void test_outside_the_table(void)
{
    CHECK_EQ_INT(av_err_at(-1), 1);
    CHECK_EQ_INT(av_err_at(AV_ERR_COUNT), 1);
    CHECK_EQ_INT(av_err_index(1), -1);
    CHECK_EQ_INT(av_err_index(-9), -1);
    CHECK(strcmp(av_err_name(-9), "UNKNOWN") == 0);
    CHECK(strcmp(av_strerror(-9), "unknown error") == 0);
    CHECK_EQ_INT(av_err_is_protocol(-9), 0);
    CHECK_EQ_INT(av_err_is_protocol(1), 0);
}

int main(void)
{
    RUN(test_count_is_the_rows_and_ok);
    RUN(test_ok_is_index_zero);
    RUN(test_rows_round_trip);
    RUN(test_index_is_dense_and_codes_and_names_unique);
    RUN(test_enum_values_are_fixed);
    RUN(test_outside_the_table);
    return TEST_EXIT();
}
