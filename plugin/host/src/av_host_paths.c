/* av_host_paths.c: the plugin's own directory, from dladdr. */
#define _GNU_SOURCE /* dladdr and Dl_info (glibc declares them only for _GNU_SOURCE) */
#include "av_host_paths.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An object inside the plugin: dladdr maps its address to the plugin's file. */
static const char anchor;

char *av_host_plugin_dir(char *err, size_t err_len)
{
    Dl_info info;
    if (!dladdr(&anchor, &info) || !info.dli_fname || !info.dli_fname[0]) {
        if (err && err_len)
            snprintf(err, err_len, "dladdr found no file for the plugin's own code");
        return NULL;
    }
    char *dir = realpath(info.dli_fname, NULL);
    if (!dir) {
        if (err && err_len)
            snprintf(err, err_len, "cannot resolve the plugin's path %s: %s", info.dli_fname, strerror(errno));
        return NULL;
    }
    char *slash = strrchr(dir, '/'); /* realpath's answer is absolute: there is one */
    if (slash == dir)
        slash[1] = '\0'; /* the plugin is in the root folder: keep "/" */
    else
        *slash = '\0';
    return dir;
}
