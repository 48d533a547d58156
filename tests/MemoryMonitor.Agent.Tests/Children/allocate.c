/* A child for the tests: allocates N bytes, writes every page so they are resident, says "ready",
   then holds the memory until its stdin closes or it is killed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: allocate BYTES\n"); return 2; }
    size_t bytes = strtoull(argv[1], NULL, 10);
    char *block = malloc(bytes);
    if (block == NULL) { perror("malloc"); return 1; }
    long page = sysconf(_SC_PAGESIZE);
    for (size_t i = 0; i < bytes; i += (size_t)page) block[i] = (char)(i / (size_t)page + 1);
    printf("ready\n");
    fflush(stdout);
    char buffer[64];
    while (read(0, buffer, sizeof buffer) > 0) { }
    return block[0] == 0;
}
