using MemoryMonitor.Analysis.Judgement;

namespace MemoryMonitor.Analysis.Tests.Judgement;

/// <summary>Which processes the engine analyses beyond its bound: the largest, the flagged, and a sample that rotates through the rest.</summary>
public sealed class AnalysisAdmissionTests
{
    [Fact]
    public void Every_process_is_admitted_while_they_fit_the_bound()
    {
        var admission = new AnalysisAdmission(maximum: 10, tenureTicks: 4);
        var candidates = Population(10);

        var admitted = Admit(admission, candidates);

        Assert.Equal(10, admitted.Count);
    }

    [Fact]
    public void Beyond_the_bound_exactly_the_bound_is_admitted_with_the_largest_half_first()
    {
        var admission = new AnalysisAdmission(maximum: 10, tenureTicks: 4);
        var candidates = Population(100);

        var admitted = Admit(admission, candidates);

        Assert.Equal(10, admitted.Count);
        // Pids 1100..1001 grow with size (pid 1100 is the largest): the five largest are in.
        Assert.Subset(admitted, new HashSet<int> { 1100, 1099, 1098, 1097, 1096 });
    }

    [Fact]
    public void A_flagged_process_keeps_its_place_however_small()
    {
        var admission = new AnalysisAdmission(maximum: 10, tenureTicks: 4);
        var candidates = Population(100);
        candidates[3] = candidates[3] with { Analysed = true, Flagged = true };

        for (var tick = 0; tick < 50; tick++)
        {
            Assert.Contains(candidates[3].Pid, Admit(admission, candidates));
        }
    }

    [Fact]
    public void An_analysed_process_just_below_the_largest_half_is_not_dropped_for_trading_places()
    {
        var admission = new AnalysisAdmission(maximum: 40, tenureTicks: 1000);
        var candidates = Population(100);
        // Rank 21 of 100 by size (the largest half is 20): analysed and within the quarter band, it stays.
        var nearCut = candidates.Single(c => c.Pid == 1079) with { Analysed = true };
        candidates[Array.FindIndex(candidates, c => c.Pid == 1079)] = nearCut;

        for (var tick = 0; tick < 50; tick++)
        {
            Assert.Contains(1079, Admit(admission, candidates));
        }
    }

    [Fact]
    public void The_rotating_sample_reaches_every_process_and_keeps_each_for_about_its_tenure()
    {
        // 100 equal processes, a bound of 10: 5 largest (equal sizes: lowest pids), 5 sample slots, tenure 4 ticks.
        var admission = new AnalysisAdmission(maximum: 10, tenureTicks: 4);
        var candidates = Population(100, equalSizes: true);
        var ticksIn = new Dictionary<int, int>();
        var runs = new List<int>();
        var current = new Dictionary<int, int>();
        HashSet<int>? first = null;

        // The rest is 95 processes; 5 slots moving 5 per 4 ticks pass all of them in 76 ticks.
        for (var tick = 0; tick < 80; tick++)
        {
            var admitted = Admit(admission, candidates);
            first ??= admitted;
            Assert.Equal(10, admitted.Count);
            foreach (var pid in admitted)
            {
                ticksIn[pid] = ticksIn.GetValueOrDefault(pid) + 1;
                current[pid] = current.GetValueOrDefault(pid) + 1;
            }

            foreach (var left in current.Keys.Where(pid => !admitted.Contains(pid)).ToList())
            {
                // The sample the run started with was already part-way through its tenure.
                if (!first.Contains(left))
                {
                    runs.Add(current[left]);
                }

                current.Remove(left);
            }
        }

        Assert.Equal(100, ticksIn.Count);
        Assert.True(runs.Count > 80, $"{runs.Count} complete runs");
        Assert.All(runs, run => Assert.Equal(4, run));
    }

    [Fact]
    public void The_answer_does_not_depend_on_the_order_of_the_sweep()
    {
        var candidates = Population(200);
        var shuffled = candidates.ToArray();
        new Random(7).Shuffle(shuffled);
        var inOrder = new AnalysisAdmission(maximum: 30, tenureTicks: 3);
        var outOfOrder = new AnalysisAdmission(maximum: 30, tenureTicks: 3);

        for (var tick = 0; tick < 20; tick++)
        {
            Assert.Equal(Admit(inOrder, candidates).Order(), Admit(outOfOrder, shuffled).Order());
        }
    }

    /// <summary>Pids 1001..1000+count, resident memory growing with the pid (or all equal).</summary>
    private static AdmissionCandidate[] Population(int count, bool equalSizes = false) =>
        [.. Enumerable.Range(1, count).Select(i => new AdmissionCandidate(1000 + i, (equalSizes ? 1000 : 1000 + i) * 4096L, Analysed: false, Flagged: false))];

    private static HashSet<int> Admit(AnalysisAdmission admission, AdmissionCandidate[] candidates)
    {
        var admitted = new bool[candidates.Length];
        var count = admission.Admit(candidates, admitted);
        var pids = candidates.Where((_, i) => admitted[i]).Select(c => c.Pid).ToHashSet();
        Assert.Equal(count, pids.Count);
        return pids;
    }
}
