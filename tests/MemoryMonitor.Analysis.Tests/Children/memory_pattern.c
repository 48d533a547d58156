/* A child for the leak tests: holds resident memory that follows a known shape over time.

   usage: memory_pattern [--time-scale S] MODE ARGS...
     leak      BASE_MB RATE_MB_PER_MIN            base, then RATE more every minute
     sawtooth  BASE_MB AMPLITUDE_MB PERIOD_S      grow linearly to base+amplitude, drop back to base (a GC)
     periodic  BASE_MB AMPLITUDE_MB PERIOD_S      base + amplitude * (1 + sin) / 2
     steady    BASE_MB                            base, nothing else
     step      BASE_MB STEP_MB AT_S               base, then STEP more at AT_S, flat after
     ratchet   BASE_MB AMPLITUDE_MB PERIOD_S RATE_MB_PER_MIN   sawtooth whose troughs rise at RATE

   --time-scale S runs the shape S times faster (S=10: a 1 minute shape takes 6 s), so tests can compress
   time and keep the shape per sample when they also sample S times more often.

   Memory is one reserved anonymous mapping. Growing writes every page (memset) so the pages are really
   resident; shrinking munmaps the tail and maps it again untouched, so the pages really go back to the
   kernel (RSS and the cgroup's usage drop) and the range can grow again. Prints "ready" once the base is
   resident, then follows the shape until killed. */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define MB (1024.0 * 1024.0)
#define RESERVE ((size_t)8 << 30)

static char *region;
static size_t resident;
static size_t page;

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void resize(double megabytes) {
    if (megabytes < 0) megabytes = 0;
    size_t target = (size_t)(megabytes * MB) / page * page;
    if (target > RESERVE) target = RESERVE;
    if (target > resident) {
        memset(region + resident, 0x5a, target - resident);
    } else if (target < resident) {
        size_t length = resident - target;
        if (munmap(region + target, length) != 0) { perror("munmap"); exit(1); }
        if (mmap(region + target, length, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0) == MAP_FAILED) {
            perror("mmap"); exit(1);
        }
    }
    resident = target;
}

static double arg(int argc, char **argv, int index) {
    if (index >= argc) { fprintf(stderr, "memory_pattern: missing argument %d for %s\n", index, argv[0]); exit(2); }
    return strtod(argv[index], NULL);
}

int main(int argc, char **argv) {
    double scale = 1.0;
    int first = 1;
    if (argc > 2 && strcmp(argv[1], "--time-scale") == 0) { scale = strtod(argv[2], NULL); first = 3; }
    if (first >= argc || scale <= 0) {
        fprintf(stderr, "usage: memory_pattern [--time-scale S] leak|sawtooth|periodic|steady|step|ratchet ARGS...\n");
        return 2;
    }
    const char *mode = argv[first];
    double base = arg(argc, argv, first + 1);
    double a = 0, b = 0, c = 0;
    if (strcmp(mode, "leak") == 0) { a = arg(argc, argv, first + 2); }
    else if (strcmp(mode, "sawtooth") == 0 || strcmp(mode, "periodic") == 0 || strcmp(mode, "step") == 0) {
        a = arg(argc, argv, first + 2); b = arg(argc, argv, first + 3);
    } else if (strcmp(mode, "ratchet") == 0) {
        a = arg(argc, argv, first + 2); b = arg(argc, argv, first + 3); c = arg(argc, argv, first + 4);
    } else if (strcmp(mode, "steady") != 0) {
        fprintf(stderr, "memory_pattern: unknown mode '%s'\n", mode); return 2;
    }

    page = (size_t)sysconf(_SC_PAGESIZE);
    region = mmap(NULL, RESERVE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (region == MAP_FAILED) { perror("mmap reserve"); return 1; }
    resize(base);
    printf("ready\n");
    fflush(stdout);

    double start = now_seconds();
    for (;;) {
        double t = (now_seconds() - start) * scale; /* shape time, in scaled seconds */
        double target = base;
        if (strcmp(mode, "leak") == 0) target = base + a * t / 60.0;
        else if (strcmp(mode, "sawtooth") == 0) target = base + a * fmod(t, b) / b;
        else if (strcmp(mode, "periodic") == 0) target = base + a * (1.0 + sin(2.0 * M_PI * t / b)) / 2.0;
        else if (strcmp(mode, "step") == 0) target = t >= b ? base + a : base;
        else if (strcmp(mode, "ratchet") == 0) target = base + c * t / 60.0 + a * fmod(t, b) / b;
        resize(target);
        usleep(5000); /* 5 ms: fine enough that a 0.1 s sample sees a smooth shape */
    }
}
