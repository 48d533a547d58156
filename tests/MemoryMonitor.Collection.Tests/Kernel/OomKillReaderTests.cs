using MemoryMonitor.Collection.Errors;
using MemoryMonitor.Collection.Kernel;
using MemoryMonitor.Collection.Parsing;

namespace MemoryMonitor.Collection.Tests.Kernel;

public sealed class OomKillReaderTests
{
    [Fact]
    public void A_missing_log_is_counted_once_and_never_read_again()
    {
        var errors = new ReadErrorCounters();
        using var reader = new OomKillReader(errors, "/nonexistent/kmsg");
        var kills = new List<OomKillRecord>();

        Assert.False(reader.Available);
        Assert.Equal(0, reader.Drain(kills));
        Assert.Equal(0, reader.Drain(kills));

        Assert.Empty(kills);
        Assert.Equal(1, errors.Get(CollectedFile.Kmsg, ReadFailure.Missing));
        Assert.Equal(0, reader.RecordsRead);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void A_drain_reads_at_most_its_share_of_records_and_the_next_goes_on_from_there()
    {
        var errors = new ReadErrorCounters();
        using var reader = new OomKillReader(errors, maxRecordsPerDrain: 3);
        Assert.True(reader.Available, "/dev/kmsg must be readable (root) for this test");

        // Each write(2) to /dev/kmsg is one record; past 10 per open file in 5 s the kernel drops them
        // (devkmsg_write's ratelimit, printk.devkmsg=ratelimit), so eight are written.
        var tag = Guid.NewGuid().ToString("N");
        using (var log = new FileStream("/dev/kmsg", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0))
        {
            for (var i = 0; i < 8; i++)
            {
                log.Write(System.Text.Encoding.ASCII.GetBytes($"memmon-test {tag} record {i}\n"));
            }
        }

        var kills = new List<OomKillRecord>();
        reader.Drain(kills);
        Assert.Equal(3, reader.RecordsRead);

        // Each drain moves on by up to three records; eight are there at least, so two more drains read them.
        reader.Drain(kills);
        reader.Drain(kills);

        Assert.True(reader.RecordsRead is >= 8 and <= 9, $"{reader.RecordsRead} records read in three drains of three");
        Assert.Equal(0, errors.Get(CollectedFile.Kmsg, ReadFailure.IoError) + errors.Get(CollectedFile.Kmsg, ReadFailure.Malformed));
    }
}
