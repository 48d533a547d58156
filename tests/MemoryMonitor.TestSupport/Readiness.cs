using System.Net;

namespace MemoryMonitor.TestSupport;

/// <summary>Waiting for an agent under test to have published its first sweep.</summary>
public static class Readiness
{
    /// <summary>Polls /readyz on the client's base address until it answers 200, for at most 30 seconds.</summary>
    public static async Task WaitAsync(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }
}
