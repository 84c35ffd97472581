#include "auroraview/av_error.h"

typedef struct err_info {
    int code;
    const char *name;
    const char *text;
} err_info;

static const err_info k_errors[AV_ERR_COUNT] = {
    {AV_OK, "OK", "success"},
    {AV_E_METHOD_NOT_FOUND, "METHOD_NOT_FOUND", "no handler is bound to that method"},
    {AV_E_INVALID_PARAMS, "INVALID_PARAMS", "the params do not fit the handler"},
    {AV_E_HANDLER_ERROR, "HANDLER_ERROR", "the handler raised an error"},
    {AV_E_TIMEOUT, "TIMEOUT", "no answer within the timeout"},
    {AV_E_CANCELLED, "CANCELLED", "the call was cancelled"},
    {AV_E_BUSY, "BUSY", "the queue is full"},
    {AV_E_PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", "the message is above the byte limit"},
    {AV_E_BAD_MESSAGE, "BAD_MESSAGE", "the message could not be parsed"},
    {AV_E_FORBIDDEN_ORIGIN, "FORBIDDEN_ORIGIN", "the sending origin is not allowed"},
    {AV_E_NO_MEMORY, "NO_MEMORY", "out of memory"},
    {AV_E_INVALID_ARG, "INVALID_ARG", "invalid argument"},
    {AV_E_CLOSED, "CLOSED", "the view or core is closed"},
    {AV_E_DUPLICATE, "DUPLICATE", "an entry with that key already exists"},
    {AV_E_NOT_FOUND, "NOT_FOUND", "no such entry"},
    {AV_E_IO, "IO", "a system call failed"},
};

int av_err_index(int code)
{
    for (int i = 0; i < AV_ERR_COUNT; i++)
        if (k_errors[i].code == code)
            return i;
    return -1;
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
