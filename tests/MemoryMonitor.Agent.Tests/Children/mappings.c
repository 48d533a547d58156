/* A child for `memmon maps`: puts a known amount of resident memory in each kind of mapping, says "ready", then
   holds it until killed.
     mappings HEAP_MIB ANON_MIB FILE_PATH FILE_MIB
   HEAP_MIB grown with sbrk (the [heap] mapping) and touched; ANON_MIB of private anonymous mmap, touched; the first
   FILE_MIB of FILE_PATH mapped shared read-only and read through (resident, clean, file-backed). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MIB (1024L * 1024L)

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: mappings HEAP_MIB ANON_MIB FILE_PATH FILE_MIB\n"); return 2; }
    long heap = atol(argv[1]) * MIB, anon = atol(argv[2]) * MIB, file = atol(argv[4]) * MIB;

    char *brk = sbrk(heap);
    if (brk == (void *)-1) { perror("sbrk"); return 3; }
    memset(brk, 0x5A, heap);

    char *block = mmap(NULL, anon, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (block == MAP_FAILED) { perror("mmap anon"); return 3; }
    memset(block, 0xA5, anon);

    int fd = open(argv[3], O_RDONLY);
    if (fd < 0) { perror("open"); return 3; }
    volatile char *mapped = mmap(NULL, file, PROT_READ, MAP_SHARED, fd, 0);
    if (mapped == MAP_FAILED) { perror("mmap file"); return 3; }
    long sum = 0;
    for (long i = 0; i < file; i += 4096) sum += mapped[i];

    printf("ready %ld\n", sum & 1);
    fflush(stdout);
    for (;;) pause();
}
