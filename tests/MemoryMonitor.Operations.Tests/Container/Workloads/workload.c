/* Memory workloads for the end-to-end alert test, run inside memory-limited containers.
 *   workload leak MB_PER_S        touches MB_PER_S MiB more every second until the cgroup's OOM killer ends it;
 *                                 prints "leaked N MiB at T" (T: CLOCK_REALTIME seconds) after each step
 *   workload steady MB            holds MB MiB, re-touching it every second
 *   workload sawtooth LOW HIGH S  grows from LOW to HIGH MiB over S seconds, returns to LOW, repeats
 *   workload cache MB             writes an MB MiB file on the container's own file system, then reads it
 *                                 through again and again: page cache charged to the container fills its
 *                                 limit and is reclaimed there, while the process itself holds almost nothing
 * Memory comes from mmap/munmap, not malloc: glibc's dynamic mmap threshold would keep freed blocks on the heap and
 * the sawtooth would not fall. Steps are 1/4 s so the series is smooth at a 1 s scrape. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define MIB (1024L * 1024L)
#define MAX_BLOCKS 4096

static void *blocks[MAX_BLOCKS];
static long block_bytes[MAX_BLOCKS];
static int count;

static void grow(long bytes) {
  void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED || count == MAX_BLOCKS) { perror("mmap"); exit(2); }
  memset(p, 0xA5, bytes);
  blocks[count] = p;
  block_bytes[count++] = bytes;
}

static void shrink_to(long bytes) {
  long held = 0;
  for (int i = 0; i < count; i++) held += block_bytes[i];
  while (count > 0 && held - block_bytes[count - 1] >= bytes) {
    count--;
    held -= block_bytes[count];
    munmap(blocks[count], block_bytes[count]);
  }
}

static void touch_all(void) {
  for (int i = 0; i < count; i++)
    for (long o = 0; o < block_bytes[i]; o += 4096) ((volatile char *)blocks[i])[o]++;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static void quarter_second(void) { usleep(250000); }

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc >= 3 && strcmp(argv[1], "leak") == 0) {
    long step = atol(argv[2]) * MIB / 4;
    printf("ready\n");
    for (long total = 0;; ) {
      grow(step);
      total += step;
      printf("leaked %ld MiB at %.3f\n", total / MIB, now());
      quarter_second();
    }
  }
  if (argc >= 3 && strcmp(argv[1], "steady") == 0) {
    grow(atol(argv[2]) * MIB);
    printf("ready\n");
    for (;;) { touch_all(); sleep(1); }
  }
  if (argc >= 5 && strcmp(argv[1], "sawtooth") == 0) {
    long low = atol(argv[2]) * MIB, high = atol(argv[3]) * MIB, steps = atol(argv[4]) * 4;
    long step = (high - low) / steps;
    grow(low);
    printf("ready\n");
    for (;;) {
      for (long i = 0; i < steps; i++) { grow(step); quarter_second(); }
      shrink_to(low);
      quarter_second();
    }
  }
  if (argc >= 3 && strcmp(argv[1], "cache") == 0) {
    static char buffer[MIB];
    long mib = atol(argv[2]);
    int fd = open("/var/tmp/memmon-cache", O_CREAT | O_RDWR | O_TRUNC, 0600);
    if (fd < 0) { perror("open"); return 2; }
    memset(buffer, 'c', sizeof buffer);
    for (long i = 0; i < mib; i++)
      if (write(fd, buffer, sizeof buffer) != (ssize_t)sizeof buffer) { perror("write"); return 2; }
    fsync(fd);
    printf("ready\n");
    for (;;) {
      lseek(fd, 0, SEEK_SET);
      while (read(fd, buffer, sizeof buffer) > 0) {}
      quarter_second();
    }
  }
  fprintf(stderr, "usage: workload leak MB_PER_S | steady MB | sawtooth LOW_MB HIGH_MB PERIOD_S | cache MB\n");
  return 64;
}
