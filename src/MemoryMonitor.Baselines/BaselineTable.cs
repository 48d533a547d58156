using System.Globalization;
using MemoryMonitor.Analysis.Baselines;
using MemoryMonitor.Analysis.Dna;
using Microsoft.Data.Sqlite;

namespace MemoryMonitor.Baselines;

/// <summary>Rows of the <c>baselines</c> table (see <see cref="BaselineSchema"/>) to and from <see cref="DnaBaseline"/>.</summary>
internal static class BaselineTable
{
    /// <summary>The table's columns in their order, for every statement that names them.</summary>
    internal const string Columns =
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

    /// <summary>Writes every baseline in <paramref name="baselines"/> in one transaction: all reach the file or none do.</summary>
    public static void WriteAll(SqliteConnection connection, IReadOnlyDictionary<string, DnaBaseline> baselines)
    {
        using var transaction = connection.BeginTransaction();
        using var upsert = new BaselineUpsert(connection, transaction);
        foreach (var (identity, baseline) in baselines)
        {
            upsert.Write(identity, baseline);
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
}
