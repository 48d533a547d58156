using System.Runtime.InteropServices;

namespace MemoryMonitor.Collection.ProcFs;

/// <summary>
/// The few libc calls the sweep needs. File.OpenHandle and Directory.EnumerateDirectories allocate a string
/// per path and stat each handle; over 1,000 processes x 3 files that was 1.35-1.8x the cost of the same
/// loop in C (docs/performance.md), so the hot path goes straight to open/read/close with stack-built paths.
/// </summary>
internal static unsafe partial class LibC
{
    public const int ORdOnly = 0;
    public const int ONonBlock = 0x800;
    public const int OCloExec = 0x80000;
    public const int SeekEnd = 2;
    public const int EPerm = 1;
    public const int ENoEnt = 2;
    public const int ESrch = 3;
    public const int EIntr = 4;
    public const int EAgain = 11;
    public const int EAcces = 13;
    public const int ENotDir = 20;
    public const int EInval = 22;
    public const int EPipe = 32;

    // glibc's struct dirent on 64-bit Linux (== dirent64): d_ino u64, d_off i64, d_reclen u16, d_type u8, d_name[256].
    public const int DirentNameOffset = 19;
    public const byte DirentTypeDirectory = 4;
    public const int DirentTypeOffset = 18;

    private const string Library = "libc";

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true)]
    public static partial int Open(byte* path, int flags);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport(Library, EntryPoint = "lseek", SetLastError = true)]
    public static partial long LSeek(int fd, long offset, int whence);

    [LibraryImport(Library, EntryPoint = "close")]
    public static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "readlink", SetLastError = true)]
    public static partial nint ReadLink(byte* path, byte* buffer, nint size);

    [LibraryImport(Library, EntryPoint = "opendir", SetLastError = true)]
    public static partial nint OpenDir(byte* path);

    [LibraryImport(Library, EntryPoint = "readdir", SetLastError = true)]
    public static partial byte* ReadDir(nint directory);

    [LibraryImport(Library, EntryPoint = "closedir")]
    public static partial int CloseDir(nint directory);
}
