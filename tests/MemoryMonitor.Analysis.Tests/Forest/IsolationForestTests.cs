using MemoryMonitor.Analysis.Forest;

namespace MemoryMonitor.Analysis.Tests.Forest;

public sealed class IsolationForestTests
{
    private static readonly IsolationForestOptions Defaults = new();

    [Fact]
    public void Average_path_length_of_256_matches_the_paper()
    {
        // c(256) = 2(ln 255 + 0.5772156649) - 2 * 255/256 = 10.2448...
        Assert.Equal(10.2448, IsolationForest.AveragePathLength(256), 3);
        Assert.Equal(0, IsolationForest.AveragePathLength(1));
        Assert.Equal(1, IsolationForest.AveragePathLength(2));
    }

    [Fact]
    public void Far_outlier_scores_high_while_cluster_points_score_low()
    {
        var samples = GaussianCluster(new Random(1), 1000, dimensions: 2);
        var forest = IsolationForest.Fit(samples, Defaults, new Random(7));

        Assert.True(forest.Score([8.0, -8.0]) > 0.7, $"outlier scored {forest.Score([8.0, -8.0])}");
        Assert.True(forest.Score([0.0, 0.0]) < 0.55, $"centre scored {forest.Score([0.0, 0.0])}");
        Assert.True(forest.Score([0.5, -0.3]) < 0.55, $"cluster point scored {forest.Score([0.5, -0.3])}");
    }

    [Fact]
    public void Points_from_the_training_distribution_average_at_most_about_one_half()
    {
        var forest = IsolationForest.Fit(GaussianCluster(new Random(2), 2000, dimensions: 3), Defaults, new Random(3));
        var fresh = GaussianCluster(new Random(4), 500, dimensions: 3);

        var mean = fresh.Average(point => forest.Score(point));

        Assert.InRange(mean, 0.3, 0.52);
    }

    [Fact]
    public void Identical_points_get_identical_scores()
    {
        var forest = IsolationForest.Fit(GaussianCluster(new Random(5), 500, dimensions: 2), Defaults, new Random(6));

        Assert.Equal(forest.Score([1.25, -0.5]), forest.Score([1.25, -0.5]));
    }

    [Fact]
    public void Same_seed_grows_the_same_forest()
    {
        var samples = GaussianCluster(new Random(8), 800, dimensions: 4);
        var first = IsolationForest.Fit(samples, Defaults, new Random(42));
        var second = IsolationForest.Fit(samples, Defaults, new Random(42));
        var other = IsolationForest.Fit(samples, Defaults, new Random(43));

        double[] probe = [2.5, -1.0, 0.3, 3.1];
        Assert.Equal(first.Score(probe), second.Score(probe));
        Assert.NotEqual(first.Score(probe), other.Score(probe));
    }

    [Fact]
    public void One_sample_forest_scores_one_half_without_nan()
    {
        var forest = IsolationForest.Fit([[1.0, 2.0]], Defaults, new Random(1));

        Assert.Equal(1, forest.SubsampleSize);
        Assert.Equal(0.5, forest.Score([1.0, 2.0]));
        Assert.Equal(0.5, forest.Score([100.0, -100.0]));
    }

    [Fact]
    public void All_identical_samples_score_one_half_without_nan()
    {
        var samples = Enumerable.Range(0, 300).Select(_ => new[] { 3.0, 3.0 }).ToList();
        var forest = IsolationForest.Fit(samples, Defaults, new Random(1));

        // No split is possible, so every leaf holds 256 points and h(x) = c(256) exactly.
        Assert.Equal(0.5, forest.Score([3.0, 3.0]), 12);
        Assert.Equal(0.5, forest.Score([-7.0, 9.0]), 12);
    }

    [Fact]
    public void Small_sample_sets_shrink_the_subsample_and_still_rank_outliers_higher()
    {
        var samples = GaussianCluster(new Random(9), 40, dimensions: 2);
        var forest = IsolationForest.Fit(samples, Defaults, new Random(10));

        Assert.Equal(40, forest.SubsampleSize);
        Assert.True(forest.Score([10.0, 10.0]) > forest.Score([0.0, 0.0]));
    }

    [Fact]
    public void Scoring_allocates_nothing()
    {
        var forest = IsolationForest.Fit(GaussianCluster(new Random(11), 1000, dimensions: 3), Defaults, new Random(12));
        double[] point = [0.1, 0.2, 0.3];

        // Steady state, as the other allocation tests measure it: enough calls first for the runtime's tiering to be done.
        for (var i = 0; i < 2000; i++)
        {
            forest.Score(point);
        }

        // The per-thread counter is exact only while no collection runs: the other test classes allocate in parallel,
        // and a round that a collection crossed read 3,368 and 8,080 bytes on CI (never without one). So a round is
        // judged only if no collection ran during it; Score itself allocates the same in every round.
        for (var round = 0; ; round++)
        {
            var collections = GC.CollectionCount(0);
            var (allocated, sum) = ScoreRound(forest, point);
            Assert.True(sum > 0);
            if (GC.CollectionCount(0) == collections || round == 9)
            {
                Assert.True(GC.CollectionCount(0) == collections, "a collection ran during each of 10 rounds");
                Assert.Equal(0, allocated);
                break;
            }
        }
    }

    private static (long Allocated, double Sum) ScoreRound(IsolationForest forest, double[] point)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = 0.0;
        for (var i = 0; i < 1000; i++)
        {
            point[0] = i * 0.001;
            sum += forest.Score(point);
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before, sum);
    }

    [Fact]
    public void Scoring_a_point_of_the_wrong_length_is_refused()
    {
        var forest = IsolationForest.Fit(GaussianCluster(new Random(1), 10, dimensions: 2), Defaults, new Random(1));

        Assert.Throws<ArgumentException>(() => forest.Score([1.0]));
    }

    [Fact]
    public void Invalid_options_name_the_setting()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => IsolationForest.Fit([[1.0]], new IsolationForestOptions { Trees = 0 }, new Random(1)));

        Assert.Contains("Trees", error.Message, StringComparison.Ordinal);
    }

    private static List<double[]> GaussianCluster(Random random, int count, int dimensions)
    {
        var points = new List<double[]>(count);
        for (var i = 0; i < count; i++)
        {
            var point = new double[dimensions];
            for (var d = 0; d < dimensions; d++)
            {
                // Box–Muller: a standard normal from two uniforms.
                var u1 = 1.0 - random.NextDouble();
                var u2 = random.NextDouble();
                point[d] = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
            }

            points.Add(point);
        }

        return points;
    }
}
