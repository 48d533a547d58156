namespace MemoryMonitor.Collection.Parsing;

/// <summary>One line of /proc/buddyinfo: free blocks of each order (2^order pages) in one zone of one NUMA node.</summary>
public sealed record BuddyZone(int Node, string Zone, long[] FreeBlocksByOrder)
{
    public long FreePages
    {
        get
        {
            long pages = 0;
            for (var order = 0; order < FreeBlocksByOrder.Length; order++)
            {
                pages += FreeBlocksByOrder[order] << order;
            }

            return pages;
        }
    }

    /// <summary>
    /// The unusable free space index (Gorman and Whitcroft, "The What, The Why and the Where To of
    /// Anti-Fragmentation", OLS 2006; also debugfs extfrag/unusable_index): the share of free pages that sit
    /// in blocks smaller than 2^order pages and so cannot serve an allocation of that order.
    /// 0 = all free memory is usable, 1 = none is. A zone with no free pages reports 0 (nothing to waste).
    /// </summary>
    public double UnusableIndex(int order)
    {
        var free = FreePages;
        if (free == 0)
        {
            return 0;
        }

        long usable = 0;
        for (var i = order; i < FreeBlocksByOrder.Length; i++)
        {
            usable += FreeBlocksByOrder[i] << i;
        }

        return (double)(free - usable) / free;
    }
}
