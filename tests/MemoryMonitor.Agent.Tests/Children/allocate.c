/* A child for the tests: allocates N bytes, writes every page so they are resident, says "ready",
   then holds the memory until its stdin closes or it is killed. With a second argument it keeps
   growing by that many touched bytes per second (a steady leak) until it is killed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 2 && argc != 3) { fprintf(stderr, "usage: allocate BYTES [GROW_BYTES_PER_SECOND]\n"); return 2; }
    size_t bytes = strtoull(argv[1], NULL, 10);
    char *block = malloc(bytes);
    if (block == NULL) { perror("malloc"); return 1; }
    long page = sysconf(_SC_PAGESIZE);
    for (size_t i = 0; i < bytes; i += (size_t)page) block[i] = (char)(i / (size_t)page + 1);
    printf("ready\n");
    fflush(stdout);
    if (argc == 3) {
        size_t step = strtoull(argv[2], NULL, 10) / 20; /* every 50 ms */
        for (;;) {
            usleep(50000);
            char *more = malloc(step);
            if (more == NULL) { perror("malloc"); return 1; }
            for (size_t i = 0; i < step; i += (size_t)page) more[i] = 1;
        }
    }
    char buffer[64];
    while (read(0, buffer, sizeof buffer) > 0) { }
    return block[0] == 0;
}
