using MemoryMonitor.Collection.ProcFs;

namespace MemoryMonitor.Collection.Errors;

internal static class ReadErrors
{
    public static ReadFailure ToFailure(ReadStatus status) => status switch
    {
        ReadStatus.Missing => ReadFailure.Vanished,
        ReadStatus.PermissionDenied => ReadFailure.PermissionDenied,
        _ => ReadFailure.IoError,
    };
}
