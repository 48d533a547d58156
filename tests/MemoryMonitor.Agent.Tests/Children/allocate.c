/* A child for the tests: allocates N bytes, writes every page so they are resident, locks them (so nothing
   reclaims or merges them and the kernel's count is the truth), says "ready", then holds the memory until its
   stdin closes or it is killed. With a second argument it keeps growing by that many touched bytes per
   second of wall time (a steady leak, caught up after any scheduling delay) until it is killed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Every page gets its own 8-byte number, so no two pages are identical. */
static void touch(char *block, size_t bytes, size_t page, uint64_t *counter) {
    for (size_t i = 0; i < bytes; i += page) {
        uint64_t value = ++*counter;
        memcpy(block + i, &value, sizeof value);
    }
    if (mlock(block, bytes) != 0) { /* not fatal: without CAP_IPC_LOCK the memory is merely unlocked */ }
}

int main(int argc, char **argv) {
    if (argc != 2 && argc != 3) { fprintf(stderr, "usage: allocate BYTES [GROW_BYTES_PER_SECOND]\n"); return 2; }
    size_t bytes = strtoull(argv[1], NULL, 10);
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    uint64_t counter = 0;
    char *block = malloc(bytes);
    if (block == NULL) { perror("malloc"); return 1; }
    touch(block, bytes, page, &counter);
    printf("ready\n");
    fflush(stdout);
    if (argc == 3) {
        double rate = strtod(argv[2], NULL);
        double start = now();
        size_t grown = 0;
        size_t step = 1 << 20;
        for (;;) {
            usleep(20000);
            while ((double)grown < rate * (now() - start)) {
                char *more = malloc(step);
                if (more == NULL) { perror("malloc"); return 1; }
                touch(more, step, page, &counter);
                grown += step;
            }
        }
    }
    char buffer[64];
    while (read(0, buffer, sizeof buffer) > 0) { }
    return block[0] == 0;
}
