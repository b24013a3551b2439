/*
 * tests/fuzz/fuzz_catalog_file.c
 *   libFuzzer target: the catalog-file loader (iniparser plus our checks)
 *   over arbitrary file contents, through eng_open as a user reaches it.
 *   Nothing connects: catalogs open lazily.
 */
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    /* tmpfs when there is one: the loader reads a real file */
    if (!path[0])
        snprintf(path, sizeof path, "%s/meshodbc-fuzz-cat-%d.ini",
                 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    eng_option opts[] = {{"Catalogs", path}, {"Catalog", "customersdb"}};
    eng_conn *c = NULL;
    eng_error err;
    if (eng_open(opts, 2, &c, &err) == ENG_OK)
        eng_close(c);
    return 0;
}
