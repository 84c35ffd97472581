/* Internal: the one way the scanner and the envelope codec report a refusal. */
#ifndef AV_JSON_REJECT_H
#define AV_JSON_REJECT_H

#include "auroraview/av_error.h"
#include "auroraview/av_json.h"

/* Records where and why (static text) in *err, when err is not NULL, and
 * returns AV_E_BAD_MESSAGE so callers can `return json_reject(...)`. */
static inline int json_reject(av_json_error *err, size_t pos, const char *reason)
{
    if (err) {
        err->pos = pos;
        err->reason = reason;
    }
    return AV_E_BAD_MESSAGE;
}

#endif
