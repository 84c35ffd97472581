/* A page's messages that came in pieces (docs/protocol.md, "Messages in
 * pieces"), reassembled per view. Bounded: at most AV_PIECES_MAX messages
 * at once, and all of them together at most the message limit in bytes;
 * what would pass a bound is refused, never dropped unseen. Thread-safe. */
#ifndef AURORAVIEW_AV_PIECES_H
#define AURORAVIEW_AV_PIECES_H

#include "auroraview/av_leaves.h"
#include "auroraview/av_msg.h"

#include <pthread.h>
#include <stddef.h>

#define AV_PIECES_MAX 4

typedef struct av_piece_slot {
    char id[AV_ID_MAX]; /* the raw id token; id_len 0: the slot is free */
    size_t id_len;
    char *text; /* the message so far, decoded */
    size_t len, cap;
    av_leaves *leaves;  /* its big values so far (av_leaves.h), or NULL */
    size_t leaf_bytes;  /* what they count toward the limit */
    int refused; /* its pieces are swallowed until its last one: refused once */
} av_piece_slot;

typedef struct av_pieces {
    pthread_mutex_t lock;
    av_piece_slot slot[AV_PIECES_MAX];
    size_t bytes; /* held by every slot */
} av_pieces;

int av_pieces_init(av_pieces *p);
/* Frees what is held. */
void av_pieces_close(av_pieces *p);

/* Drops every message still in pieces (the page went); returns how many
 * were unfinished. */
size_t av_pieces_drop(av_pieces *p);

/* Drops the unfinished message of run id (the page gave up on the call it
 * was); returns 1 when there was one, 0 when not. */
int av_pieces_cancel(av_pieces *p, const av_span *id);

/* Takes one piece envelope (AV_MSG_PIECE, AV_MSG_PIECE_END, AV_MSG_LEAF or
 * AV_MSG_LEAF_DATA, well formed: an id and a string detail). Returns AV_OK
 * with *whole NULL while the message is unfinished, or set (malloc'd,
 * *whole_len bytes; the caller frees it) when this was its last piece, with
 * its leaves in *leaves (or NULL; the caller frees them with
 * av_leaves_free; bytes leaves are made by alloc); or a code with *why when the
 * piece is refused: PAYLOAD_TOO_LARGE (the message, or all of them, above
 * limit bytes), BUSY (AV_PIECES_MAX messages are unfinished already, or out
 * of memory). A refused message's later pieces are dropped quietly, its
 * last one frees its slot. Leaves count toward the limits with the text;
 * BAD_MESSAGE refuses a leaf part that does not fit its leaf. */
int av_pieces_add(av_pieces *p, const av_envelope *env, size_t limit, const av_leaf_allocator *alloc,
                  char **whole, size_t *whole_len, av_leaves **leaves, const char **why);

#endif
