using System.Globalization;
using MemoryMonitor.Analysis.Baselines;
using MemoryMonitor.Analysis.Dna;
using Microsoft.Data.Sqlite;

namespace MemoryMonitor.Baselines;

/// <summary>Rows of the <c>baselines</c> table (see <see cref="BaselineSchema"/>) to and from <see cref="DnaBaseline"/>.</summary>
internal static class BaselineTable
{
    private const string Columns =
        "identity, samples, updated_at_ms, level, variability, trend, period, period_strength, anon_share, resident_to_virtual, minor_fault_rate, major_fault_rate, complexity";

    /// <summary>The baseline stored for <paramref name="identity"/>, or null.</summary>
    public static DnaBaseline? Read(SqliteConnection connection, string identity)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM baselines WHERE identity = $identity";
        command.Parameters.AddWithValue("$identity", identity);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadRow(reader) : null;
    }

    /// <summary>Inserts or replaces the baseline of <paramref name="identity"/>, inside <paramref name="transaction"/> if given.</summary>
    public static void Write(SqliteConnection connection, SqliteTransaction? transaction, string identity, DnaBaseline baseline)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO baselines ({Columns})
            VALUES ($identity, $samples, $updated, $level, $variability, $trend, $period, $strength, $anon, $ratio, $minor, $major, $complexity)
            ON CONFLICT(identity) DO UPDATE SET
                samples = excluded.samples, updated_at_ms = excluded.updated_at_ms, level = excluded.level,
                variability = excluded.variability, trend = excluded.trend, period = excluded.period,
                period_strength = excluded.period_strength, anon_share = excluded.anon_share,
                resident_to_virtual = excluded.resident_to_virtual, minor_fault_rate = excluded.minor_fault_rate,
                major_fault_rate = excluded.major_fault_rate, complexity = excluded.complexity
            """;
        var f = baseline.Features;
        command.Parameters.AddWithValue("$identity", identity);
        command.Parameters.AddWithValue("$samples", baseline.Samples);
        command.Parameters.AddWithValue("$updated", baseline.UpdatedAt.ToUnixTimeMilliseconds());
        // SQLite stores NaN as NULL, which a NOT NULL column refuses; a NaN feature is stored as 0.
        command.Parameters.AddWithValue("$level", Finite(f.Level));
        command.Parameters.AddWithValue("$variability", Finite(f.Variability));
        command.Parameters.AddWithValue("$trend", Finite(f.Trend));
        command.Parameters.AddWithValue("$period", Finite(f.Period));
        command.Parameters.AddWithValue("$strength", Finite(f.PeriodStrength));
        command.Parameters.AddWithValue("$anon", f.AnonShare is { } anon && double.IsFinite(anon) ? anon : DBNull.Value);
        command.Parameters.AddWithValue("$ratio", f.ResidentToVirtual is { } ratio && double.IsFinite(ratio) ? ratio : DBNull.Value);
        command.Parameters.AddWithValue("$minor", Finite(f.MinorFaultRate));
        command.Parameters.AddWithValue("$major", Finite(f.MajorFaultRate));
        command.Parameters.AddWithValue("$complexity", Finite(f.Complexity));
        command.ExecuteNonQuery();
    }

    /// <summary>Writes every baseline in <paramref name="baselines"/> in one transaction: all reach the file or none do.</summary>
    public static void WriteAll(SqliteConnection connection, IReadOnlyDictionary<string, DnaBaseline> baselines)
    {
        using var transaction = connection.BeginTransaction();
        foreach (var (identity, baseline) in baselines)
        {
            Write(connection, transaction, identity, baseline);
        }

        transaction.Commit();
    }

    /// <summary>Number of rows.</summary>
    public static int Count(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM baselines";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>True when a row exists for <paramref name="identity"/>.</summary>
    public static bool Contains(SqliteConnection connection, string identity)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM baselines WHERE identity = $identity";
        command.Parameters.AddWithValue("$identity", identity);
        return command.ExecuteScalar() is not null;
    }

    private static DnaBaseline ReadRow(SqliteDataReader reader)
    {
        var features = new DnaFeatures(
            Level: reader.GetDouble(3),
            Variability: reader.GetDouble(4),
            Trend: reader.GetDouble(5),
            Period: reader.GetDouble(6),
            PeriodStrength: reader.GetDouble(7),
            AnonShare: reader.IsDBNull(8) ? null : reader.GetDouble(8),
            ResidentToVirtual: reader.IsDBNull(9) ? null : reader.GetDouble(9),
            MinorFaultRate: reader.GetDouble(10),
            MajorFaultRate: reader.GetDouble(11),
            Complexity: reader.GetDouble(12));
        return new DnaBaseline(features, reader.GetInt64(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)));
    }

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;
}
