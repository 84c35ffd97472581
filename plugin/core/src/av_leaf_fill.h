/* Filling a message's leaves piece by piece (av_leaves.h), for av_pieces.c.
 * Each function refuses with an av_error code and a reason in *why. */
#ifndef AURORAVIEW_AV_LEAF_FILL_H
#define AURORAVIEW_AV_LEAF_FILL_H

#include "auroraview/av_leaves.h"

/* Starts a leaf from its header token (a JSON string: "text <n>" or
 * "bytes <n>"), making the set on the first. *counted: the bytes it takes
 * toward the message's limit now (a bytes leaf's declared size; text counts
 * as it comes); a leaf that would pass room is refused before anything is
 * allocated. */
int av_leaf_start(av_leaves **set, const av_leaf_allocator *alloc, const char *header, size_t header_len,
                  size_t room, size_t *counted, const char **why);

/* Appends a part (raw: UTF-8 text, or base64 for bytes) to the set's last
 * leaf; *added: the bytes it took toward the limit (text only). */
int av_leaf_append(av_leaves *set, const char *part, size_t len, size_t room, size_t *added, const char **why);

/* AV_OK when every bytes leaf is whole. */
int av_leaves_check_whole(const av_leaves *set, const char **why);

#endif
