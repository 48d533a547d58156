using System.Runtime.InteropServices;
using System.Text;

namespace MemoryMonitor.Collection.ProcFs;

/// <summary>Lists the numeric entries of procfs (the live pids) without allocating a string per entry.</summary>
public sealed unsafe class ProcessDirectory
{
    private readonly byte[] _root;

    public ProcessDirectory(string procRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(procRoot);
        _root = Encoding.UTF8.GetBytes(procRoot.TrimEnd('/') + "\0");
    }

    /// <summary>Fills <paramref name="pids"/> with the current pids; throws when procfs itself cannot be opened.</summary>
    public void ListPids(List<int> pids)
    {
        ArgumentNullException.ThrowIfNull(pids);
        pids.Clear();
        nint directory;
        fixed (byte* root = _root)
        {
            directory = LibC.OpenDir(root);
        }

        if (directory == 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"cannot list {Encoding.UTF8.GetString(_root, 0, _root.Length - 1)}: errno {errno}");
        }

        try
        {
            byte* entry;
            while ((entry = LibC.ReadDir(directory)) != null)
            {
                if (TryParsePid(entry + LibC.DirentNameOffset, out var pid))
                {
                    pids.Add(pid);
                }
            }
        }
        finally
        {
            _ = LibC.CloseDir(directory);
        }
    }

    private static bool TryParsePid(byte* name, out int pid)
    {
        pid = 0;
        if (*name == 0)
        {
            return false;
        }

        for (; *name != 0; name++)
        {
            var digit = *name - (byte)'0';
            if ((uint)digit > 9 || pid > (int.MaxValue - digit) / 10)
            {
                return false;
            }

            pid = (pid * 10) + digit;
        }

        return true;
    }
}
