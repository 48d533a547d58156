using System.Globalization;

namespace MemoryMonitor.Collection.Processes;

/// <summary>Resolves uids to user names from a passwd file, read once; unknown uids are shown as the number.</summary>
internal sealed class UserDirectory
{
    private readonly Dictionary<long, string> _names = [];

    public UserDirectory(string passwdPath)
    {
        try
        {
            foreach (var line in File.ReadLines(passwdPath))
            {
                var fields = line.Split(':');
                if (fields.Length > 2 && long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid))
                {
                    _names.TryAdd(uid, fields[0]);
                }
            }
        }
        catch (IOException)
        {
            // No passwd file (distroless image): numeric uids are still correct labels.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public string NameOf(long uid)
    {
        if (!_names.TryGetValue(uid, out var name))
        {
            name = uid.ToString(CultureInfo.InvariantCulture);
            _names[uid] = name;
        }

        return name;
    }
}
