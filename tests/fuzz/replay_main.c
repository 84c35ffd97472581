/* Replays files through a fuzz target without libFuzzer: the ctest side of
 * every target (fuzz.h). Arguments are files or directories (not recursive).
 * Prints how many inputs ran; any broken invariant aborts the process. */
#include "fuzz.h"

#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

/* Reads path whole and runs it. Returns 1 if it ran, 0 if it could not be read. */
static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t cap = 4096, len = 0;
    uint8_t *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            uint8_t *grown = realloc(buf, cap *= 2);
            if (!grown)
                free(buf);
            buf = grown;
        }
    }
    fclose(f);
    if (!buf)
        return 0;
    /* An exact-size copy, so ASan sees a read one past the input's end. */
    uint8_t *exact = malloc(len ? len : 1);
    if (!exact) {
        free(buf);
        return 0;
    }
    memcpy(exact, buf, len);
    free(buf);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    return 1;
}

int main(int argc, char **argv)
{
    long ran = 0, unreadable = 0;
    for (int a = 1; a < argc; a++) {
        struct stat st;
        if (stat(argv[a], &st) != 0) {
            fprintf(stderr, "replay: cannot stat %s\n", argv[a]);
            unreadable++;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            int ok = run_file(argv[a]);
            ran += ok;
            unreadable += !ok;
            continue;
        }
        DIR *d = opendir(argv[a]);
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL) {
            char path[4096];
            if (e->d_name[0] == '.')
                continue;
            snprintf(path, sizeof path, "%s/%s", argv[a], e->d_name);
            if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
                if (run_file(path))
                    ran++;
                else
                    unreadable++;
            }
        }
        if (d)
            closedir(d);
    }
    printf("replay: %ld inputs ran, %ld unreadable\n", ran, unreadable);
    /* An empty corpus would make the test pass while checking nothing. */
    return ran == 0 || unreadable ? 1 : 0;
}
