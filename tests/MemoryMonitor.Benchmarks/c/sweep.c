/* The C floor for the collection sweep: the same files, for the same processes, parsed for the same
   fields as ProcessSweeper. Usage: sweep tick|full SWEEPS [PACE_MS]  ->  prints "processes=N cpu_us_per_sweep=X".
   PACE_MS sleeps that long before each sweep, as an agent ticking at that interval does: a sweep after a second
   asleep finds the caches cold, and back to back it does not (measured at 100 processes: 3.8-3.9 ms a sweep paced
   at 1 s, 2.5-3.2 ms back to back; docs/performance.md, "Footprint work, step 7"). */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static char buffer[65536];
static volatile long sink;

static int read_file(const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    int total = 0, n;
    while ((n = read(fd, buffer + total, sizeof buffer - 1 - total)) > 0) total += n;
    close(fd);
    buffer[total] = 0;
    return total;
}

static long field_kb(const char *text, const char *key) {
    const char *p = strstr(text, key);
    return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

static int sweep(int full) {
    DIR *proc = opendir("/proc");
    struct dirent *entry;
    char path[64];
    int processes = 0;
    while ((entry = readdir(proc)) != NULL) {
        char *end;
        long pid = strtol(entry->d_name, &end, 10);
        if (*end != 0 || pid <= 0) continue;
        snprintf(path, sizeof path, "/proc/%ld/stat", pid);
        if (read_file(path) < 0) continue;
        char *p = strrchr(buffer, ')');
        if (!p) continue;
        long field[25];
        p += 3; /* past ") " and the one-letter state (field 3) */
        for (int i = 4; i <= 24; i++) field[i] = strtol(p, &p, 10);
        if (field[9] & 0x00200000) continue; /* PF_KTHREAD */
        sink += field[10] + field[12] + field[20] + field[22] + field[23] + field[24];
        snprintf(path, sizeof path, "/proc/%ld/status", pid);
        if (read_file(path) < 0) continue;
        sink += field_kb(buffer, "\nVmSize:") + field_kb(buffer, "\nVmRSS:") + field_kb(buffer, "\nRssAnon:")
              + field_kb(buffer, "\nRssFile:") + field_kb(buffer, "\nRssShmem:") + field_kb(buffer, "\nVmSwap:")
              + field_kb(buffer, "\nThreads:") + field_kb(buffer, "\nUid:");
        if (full) {
            snprintf(path, sizeof path, "/proc/%ld/smaps_rollup", pid);
            if (read_file(path) >= 0) {
                sink += field_kb(buffer, "\nRss:") + field_kb(buffer, "\nPss:") + field_kb(buffer, "\nPrivate_Clean:")
                      + field_kb(buffer, "\nPrivate_Dirty:") + field_kb(buffer, "\nSwap:");
            }
        }
        processes++;
    }
    closedir(proc);
    return processes;
}

static double cpu_us(void) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec * 1e6 + usage.ru_utime.tv_usec + usage.ru_stime.tv_sec * 1e6 + usage.ru_stime.tv_usec;
}

int main(int argc, char **argv) {
    if (argc != 3 && argc != 4) { fprintf(stderr, "usage: sweep tick|full SWEEPS [PACE_MS]\n"); return 2; }
    int full = strcmp(argv[1], "full") == 0, sweeps = atoi(argv[2]), processes = 0;
    long pace_ms = argc == 4 ? atol(argv[3]) : 0;
    struct timespec pace = { pace_ms / 1000, (pace_ms % 1000) * 1000000L };
    sweep(full);
    double start = cpu_us();
    for (int i = 0; i < sweeps; i++) {
        if (pace_ms > 0) nanosleep(&pace, NULL);
        processes = sweep(full);
    }
    printf("processes=%d cpu_us_per_sweep=%.1f\n", processes, (cpu_us() - start) / sweeps);
    return 0;
}
