/* A process whose resident size keeps moving at almost no CPU: the scale benchmark's "not idle" process.
   Every second it maps and touches 64 KiB, or gives it back, so its RSS alternates between two sizes a second
   apart and the agent keeps a full history and detector for it (an idle `sleep` never moves). */
#define _GNU_SOURCE
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
    const size_t size = 64 * 1024;
    for (;;) {
        char *block = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (block == MAP_FAILED) return 1;
        memset(block, 1, size);
        sleep(1);
        munmap(block, size);
        sleep(1);
    }
}
