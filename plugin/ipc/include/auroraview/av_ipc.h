/* av_ipc.h: frames of the parent/child channel (plugin/proto/auroraview.proto).
 *
 * On the wire a frame is a 4-byte little-endian length, then that many bytes
 * of a nanopb-encoded auroraview.Frame. This header is the codec only: the
 * sockets, the private directory and the token check live with their owner
 * (python_pkg/auroraview/child.py), which serves them on the main thread.
 *
 * Threads: every function is reentrant and touches only what it is given.
 * Allocation: av_ipc_frame_encode and av_ipc_frame_decode allocate (malloc)
 * what they hand back, as each says; nothing else allocates.
 * Input from the other process is untrusted: av_ipc_frame_next and
 * av_ipc_frame_decode refuse anything malformed with an error code and a
 * sentence, never read outside the bytes they are given, and a refusal
 * leaves nothing to free. */
#ifndef AV_IPC_H
#define AV_IPC_H

#include <stddef.h>
#include <stdint.h>

#define AV_IPC_VERSION 1
/* The length prefix, and the default and hard ceilings of one frame body. */
#define AV_IPC_PREFIX_BYTES 4
#define AV_IPC_DEFAULT_MAX_FRAME ((size_t)16 << 20)
#define AV_IPC_TOKEN_MAX 64
#define AV_IPC_CHILD_ID_MAX 64
#define AV_IPC_NAME_MAX 256

typedef enum av_ipc_kind {
    AV_IPC_HELLO = 1, /* child -> parent, first frame: token, child_id, pid, version */
    AV_IPC_EVENT = 2, /* either way: name, data */
} av_ipc_kind;

/* A frame, decoded or to encode. Strings are NUL-terminated UTF-8. */
typedef struct av_ipc_frame {
    av_ipc_kind kind;
    uint8_t token[AV_IPC_TOKEN_MAX];
    size_t token_len;
    char child_id[AV_IPC_CHILD_ID_MAX + 1];
    uint32_t pid;
    uint32_t version;
    char name[AV_IPC_NAME_MAX + 1];
    const char *data; /* JSON text (EVENT); decode: owned by the frame, see av_ipc_frame_clear */
    size_t data_len;
} av_ipc_frame;

/* Finds the first whole frame at the start of buf. Returns 1 and sets *body,
 * *body_len (inside buf) and *used (prefix + body) when it is all there; 0
 * when more bytes are needed; AV_E_PAYLOAD_TOO_LARGE when the prefix
 * announces a body above max_frame (the stream cannot be resynchronised:
 * close it). */
int av_ipc_frame_next(const uint8_t *buf, size_t len, size_t max_frame, const uint8_t **body, size_t *body_len,
                      size_t *used);

/* Decodes one frame body into *out and checks it: a known kind; HELLO with a
 * token, a child_id and version AV_IPC_VERSION; EVENT with a name of 1 to
 * AV_IPC_NAME_MAX bytes of valid UTF-8 and data that is one JSON value,
 * nested at most AV_JSON_MAX_DEPTH deep (absent data reads as "null").
 * Returns AV_OK, or AV_E_BAD_MESSAGE with a sentence in why (why_len bytes;
 * may be NULL). A refusal concerns this body alone: the length prefix has
 * said where the next frame starts, so a reader may skip it and go on
 * (auroraview.child does, once the peer has said its hello). On AV_OK
 * out->data is malloc'd and owned by *out: release it with
 * av_ipc_frame_clear. */
int av_ipc_frame_decode(const uint8_t *body, size_t len, av_ipc_frame *out, char *why, size_t why_len);

/* Frees what av_ipc_frame_decode allocated in f. */
void av_ipc_frame_clear(av_ipc_frame *f);

/* Encodes f as prefix + body into *out (malloc'd; the caller frees it) of
 * *out_len bytes. Checks what decode checks, so a peer never receives a
 * frame it must refuse. Returns AV_OK, AV_E_BAD_MESSAGE (with why),
 * AV_E_PAYLOAD_TOO_LARGE (body above max_frame) or AV_E_NO_MEMORY. */
int av_ipc_frame_encode(const av_ipc_frame *f, size_t max_frame, uint8_t **out, size_t *out_len, char *why,
                        size_t why_len);

#endif
