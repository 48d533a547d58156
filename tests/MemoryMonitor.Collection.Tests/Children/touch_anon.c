/* A child for the real-cgroup tests: allocates BYTES of anonymous memory and writes every page (with a value no
   two pages share, so neither the zero page nor KSM can back them), says "ready", then holds the memory until its
   stdin closes or it is killed. Nothing is locked: the pages are plain anon, what a container's heap is. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: touch_anon BYTES\n"); return 2; }
    size_t bytes = strtoull(argv[1], NULL, 10);
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    char *block = malloc(bytes);
    if (block == NULL) { perror("malloc"); return 1; }
    uint64_t counter = 0;
    for (size_t i = 0; i < bytes; i += page) {
        ++counter;
        memcpy(block + i, &counter, sizeof counter);
    }
    printf("ready\n");
    fflush(stdout);
    char ignored[64];
    while (read(0, ignored, sizeof ignored) > 0) { }
    return block[0] == 0; /* keeps the block alive to the end */
}
