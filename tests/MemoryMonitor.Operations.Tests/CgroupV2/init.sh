#!/bin/busybox sh
# /init of the cgroup v2 test VM (boot-v2.sh builds the initramfs around it). Runs issue 10's scenarios under a real
# v2 memory controller and prints what the agent's /metrics said between "@@ name" markers on the serial console.
export PATH=/bin
busybox mount -t proc proc /proc
busybox mount -t sysfs sysfs /sys
busybox mount -t devtmpfs dev /dev
busybox mount -t tmpfs tmp /tmp
busybox mount -t cgroup2 cgroup2 /sys/fs/cgroup
ip link set lo up
up() { cut -d' ' -f1 /proc/uptime; }
say() { echo "@@ $*"; }
scrape() { say "scrape $1 $(up)"; wget -q -O - http://127.0.0.1:9897/metrics | grep -E '^memmon_(container|oom|process_memory_exhaustion|agent_read_errors)' ; say "end"; }

for m in crc16 mbcache jbd2 crc32c_generic ext4; do insmod /modules/$m.ko; done
# A 600 MiB RAM disk with ext4 on it: page cache must come from a block file system (tmpfs pages are shmem).
insmod /modules/brd.ko rd_nr=1 rd_size=614400
mke2fs -q /dev/ram0 > /dev/null 2>&1 && mkdir /data && mount -t ext4 /dev/ram0 /data || say "error: no ram disk file system"
# One file per container: a page is charged to the cgroup that first reads it, so a shared file splits its cache.
for f in a b; do dd if=/dev/zero of=/data/$f bs=1M count=288 2>/dev/null; done; sync; echo 3 > /proc/sys/vm/drop_caches

echo +memory > /sys/fs/cgroup/cgroup.subtree_control
mkdir -p /sys/fs/cgroup/system.slice && echo +memory > /sys/fs/cgroup/system.slice/cgroup.subtree_control
container() { # NAME(hex digit) MAX [HIGH]
  d=/sys/fs/cgroup/system.slice/docker-$(printf "%064d" 0 | tr 0 "$1").scope
  mkdir -p $d && echo $2 > $d/memory.max && echo 0 > $d/memory.swap.max 2>/dev/null
  [ -n "$3" ] && echo $3 > $d/memory.high
  echo $d
}
A=$(container a 256M); B=$(container b 256M); C=$(container c 512M 48M)
reader() { sh -c "echo \$\$ > $1/cgroup.procs; while :; do cat $2 > /dev/null; sleep 1; done" & }
reader $A /data/a; reader $B /data/b

# Both caches at their limits first (TCG reads slowly): from then on usage says "full" whatever happens inside.
for i in $(seq 90); do
  [ $(cat $A/memory.current) -ge 241172480 ] && [ $(cat $B/memory.current) -ge 241172480 ] && break
  sleep 1
done

# The agent starts on a node whose containers already run (6.1 kernels report a young process's RSS in batches,
# which an agent watching from its first page would take for growth).
mkdir -p /state
memmon serve --interval 500ms --smaps-interval 0 --listen 127.0.0.1:9897 --state-dir /state > /tmp/memmon.log 2>&1 &
sleep 3

# memory.high: a steady 96 MiB under a 48 MiB memory.high keeps the group reclaiming (and swapless, stalling).
sh -c "echo \$\$ > $C/cgroup.procs; exec memory_pattern steady 96" > /dev/null &

# The leak under a full page cache: 4 MiB/s from 32 MiB in B (memory_pattern's leak at --time-scale 10).
sh -c "echo \$\$ > $B/cgroup.procs; exec memory_pattern --time-scale 10 leak 32 24" > /dev/null &
LEAKER=$!
say "leak start $LEAKER $(up)"
sleep 26
say "caches A $(cat $A/memory.current) B $(cat $B/memory.current) $(up)"
scrape forecast
wait $LEAKER
say "leak end $? $(up)"
sleep 4
# The throttled group's series need a sweep that has read it since its process joined; under TCG on a loaded host a
# sweep can lag the scenario, so wait for them (at most 30 s) rather than take whatever the first scrape holds.
for i in $(seq 30); do
  wget -q -O - http://127.0.0.1:9897/metrics | grep -q '^memmon_container_memory_high_bytes{.*cccccccc' && break
  sleep 1
done
say "throttled procs $(tr '\n' ' ' < $C/cgroup.procs)waited $i $(up)"
scrape after
say "events C $(tr '\n' ' ' < $C/memory.events) pressure $(tr '\n' ' ' < $C/memory.pressure)"
say "events B $(tr '\n' ' ' < $B/memory.events)"
say "memmon log"; head -c 4000 /tmp/memmon.log; say "end"
say "done"
echo o > /proc/sysrq-trigger
busybox poweroff -f
