#include "auroraview/av_error.h"

typedef struct err_info {
    int code;
    const char *name;
    const char *text;
    int protocol;
} err_info;

/* Row i is the code of dense index i. */
#define ROW(name, value, sentence, protocol) {AV_E_##name, #name, sentence, protocol},
static const err_info k_errors[AV_ERR_COUNT] = {
    {AV_OK, "OK", "success", 0},
    AV_ERRNO_MAP(ROW)
};
#undef ROW

int av_err_index(int code)
{
    for (int i = 0; i < AV_ERR_COUNT; i++)
        if (k_errors[i].code == code)
            return i;
    return -1;
}

int av_err_at(int index)
{
    return index >= 0 && index < AV_ERR_COUNT ? k_errors[index].code : 1;
}

const char *av_err_name(int code)
{
    int i = av_err_index(code);
    return i < 0 ? "UNKNOWN" : k_errors[i].name;
}

const char *av_strerror(int code)
{
    int i = av_err_index(code);
    return i < 0 ? "unknown error" : k_errors[i].text;
}

int av_err_is_protocol(int code)
{
    int i = av_err_index(code);
    return i >= 0 && k_errors[i].protocol;
}
