using MemoryMonitor.Analysis.Baselines;
using Microsoft.Data.Sqlite;

namespace MemoryMonitor.Baselines;

/// <summary>
/// Inserts or replaces one row of the <c>baselines</c> table, through one statement prepared for its connection and
/// kept: the engine saves a baseline for every process once a DNA interval, about 17 a tick at 1,000 processes, and
/// parsing the statement and building its thirteen parameters each time was most of what a save cost.
/// </summary>
internal sealed class BaselineUpsert : IDisposable
{
    /// <summary>The table's columns, in the order the parameters are bound; the identity is the conflict key.</summary>
    private static readonly string[] ColumnNames = BaselineTable.Columns.Split(", ");

    private readonly SqliteCommand _command;
    private readonly SqliteParameter[] _values;

    /// <summary>Prepares the statement on <paramref name="connection"/>, its writes inside <paramref name="transaction"/> if given.</summary>
    public BaselineUpsert(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        // One parameter per column, named after it, and every column but the identity replaced on conflict.
        _command.CommandText = $"""
            INSERT INTO baselines ({BaselineTable.Columns})
            VALUES ({string.Join(", ", ColumnNames.Select(column => "$" + column))})
            ON CONFLICT(identity) DO UPDATE SET {string.Join(", ", ColumnNames.Skip(1).Select(column => $"{column} = excluded.{column}"))}
            """;
        _values = [.. ColumnNames.Select(column => _command.Parameters.Add(new SqliteParameter { ParameterName = "$" + column }))];
    }

    public void Write(string identity, DnaBaseline baseline)
    {
        var f = baseline.Features;
        _values[0].Value = identity;
        _values[1].Value = baseline.Samples;
        _values[2].Value = baseline.UpdatedAt.ToUnixTimeMilliseconds();
        // SQLite stores NaN as NULL, which a NOT NULL column refuses; a NaN feature is stored as 0.
        _values[3].Value = Finite(f.Level);
        _values[4].Value = Finite(f.Variability);
        _values[5].Value = Finite(f.Trend);
        _values[6].Value = Finite(f.Period);
        _values[7].Value = Finite(f.PeriodStrength);
        _values[8].Value = f.AnonShare is { } anon && double.IsFinite(anon) ? anon : DBNull.Value;
        _values[9].Value = f.ResidentToVirtual is { } ratio && double.IsFinite(ratio) ? ratio : DBNull.Value;
        _values[10].Value = Finite(f.MinorFaultRate);
        _values[11].Value = Finite(f.MajorFaultRate);
        _values[12].Value = Finite(f.Complexity);
        _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;
}
