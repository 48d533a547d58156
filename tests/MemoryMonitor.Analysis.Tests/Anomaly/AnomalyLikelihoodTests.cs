using MemoryMonitor.Analysis.Anomaly;

namespace MemoryMonitor.Analysis.Tests.Anomaly;

public sealed class AnomalyLikelihoodTests
{
    [Fact]
    public void Likelihood_is_neutral_until_the_learning_and_estimation_periods_pass()
    {
        var likelihood = new AnomalyLikelihood(learningPeriod: 20, estimationSamples: 30, historyLength: 1000, reestimationPeriod: 10, averagingWindow: 10);
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(0.5, likelihood.Observe(i % 2));
            Assert.False(likelihood.IsReady);
        }

        likelihood.Observe(0.5);
        Assert.True(likelihood.IsReady);
    }

    [Fact]
    public void Sustained_surprise_is_red_once_then_filtered_to_yellow()
    {
        var random = new Random(1);
        var likelihood = new AnomalyLikelihood(learningPeriod: 50, estimationSamples: 200, historyLength: 2000, reestimationPeriod: 100, averagingWindow: 10);
        var ordinary = 0.0;
        for (var i = 0; i < 1000; i++)
        {
            // Usual raw scores: mostly low, occasionally 0.3.
            ordinary = Math.Max(ordinary, likelihood.Observe(random.NextDouble() < 0.05 ? 0.3 : 0.02 * random.NextDouble()));
        }

        var during = new double[10];
        for (var i = 0; i < during.Length; i++)
        {
            during[i] = likelihood.Observe(1.0);
        }

        var firstRed = Array.FindIndex(during, l => l >= 1 - 1e-5);
        Assert.True(ordinary < 1 - 1e-5, $"ordinary raw scores went red: likelihood {ordinary}");
        Assert.True(firstRed >= 0, $"ten raw scores of 1 never went red: {string.Join(", ", during)}");
        // nupic's filter: a red right after a red reports yellow (tail 1e-3) instead.
        Assert.Equal(1 - 1e-3, during[firstRed + 1], 12);
    }

    [Fact]
    public void Calm_spell_is_not_an_anomaly()
    {
        var random = new Random(2);
        var likelihood = new AnomalyLikelihood(learningPeriod: 50, estimationSamples: 200, historyLength: 2000, reestimationPeriod: 100, averagingWindow: 10);
        for (var i = 0; i < 1000; i++)
        {
            likelihood.Observe(0.4 + (0.2 * random.NextDouble()));
        }

        var calm = 0.0;
        for (var i = 0; i < 50; i++)
        {
            calm = Math.Max(calm, likelihood.Observe(0.0));
        }

        Assert.True(calm < 0.5, $"a run of zero raw scores after noisy ones reached likelihood {calm}");
    }

    [Theory]
    [InlineData(0.5, 0.0301)]
    [InlineData(0.999, 0.3)]
    [InlineData(0.99999, 0.5)]
    public void Log_scale_counts_nines(double likelihood, double expected)
    {
        Assert.Equal(expected, AnomalyLikelihood.LogScale(likelihood), 3);
    }
}
