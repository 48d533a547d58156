using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace MemoryMonitor.TestSupport;

/// <summary>
/// The real Prometheus from Debian's package, on loopback with a temp data dir, scraping one target every second
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private const string Binary = "/usr/bin/prometheus";
    private readonly Process _process;
    private readonly string _directory;
    private readonly HttpClient _http;

    private PrometheusServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public static async Task<PrometheusServer> StartAsync(int targetPort)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: run scripts/install-test-deps.sh (apt-get install prometheus)");
        }

        var directory = Directory.CreateTempSubdirectory("memmon-prometheus-").FullName;
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: memmon
                static_configs:
                  - targets: ['127.0.0.1:{targetPort}']
            """);
        var port = FreePort();
        var info = new ProcessStartInfo(Binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory, "data")}", $"--web.listen-address=127.0.0.1:{port}" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var server = new PrometheusServer(process, directory, port);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await server._http.GetAsync(new Uri("/-/ready", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        await server.DisposeAsync();
        throw new InvalidOperationException("Prometheus did not become ready within 60 s");
    }

    /// <summary>Runs an instant query; returns each series' labels and value.</summary>
    public async Task<IReadOnlyList<(Dictionary<string, string> Labels, double Value)>> QueryAsync(string promql)
    {
        var json = await _http.GetStringAsync(new Uri($"/api/v1/query?query={Uri.EscapeDataString(promql)}", UriKind.Relative));
        using var document = JsonDocument.Parse(json);
        var result = new List<(Dictionary<string, string>, double)>();
        foreach (var series in document.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var labels = series.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty);
            var value = double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
            result.Add((labels, value));
        }

        return result;
    }

    /// <summary>Polls a query until it satisfies <paramref name="done"/> or the deadline passes; returns the last result.</summary>
    public async Task<IReadOnlyList<(Dictionary<string, string> Labels, double Value)>> WaitForAsync(string promql, Func<IReadOnlyList<(Dictionary<string, string> Labels, double Value)>, bool> done, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        var result = await QueryAsync(promql);
        while (!done(result) && DateTime.UtcNow < until)
        {
            await Task.Delay(250);
            result = await QueryAsync(promql);
        }

        return result;
    }

    /// <summary>GET /api/v1/query at <paramref name="time"/>; the whole response, whatever its status.</summary>
    public Task<QueryResponse> InstantAsync(string promql, DateTimeOffset time) =>
        GetAsync($"/api/v1/query?query={Uri.EscapeDataString(promql)}&time={Seconds(time)}");

    /// <summary>GET /api/v1/query_range; the whole response, whatever its status.</summary>
    public Task<QueryResponse> RangeAsync(string promql, DateTimeOffset start, DateTimeOffset end, TimeSpan step) =>
        GetAsync($"/api/v1/query_range?query={Uri.EscapeDataString(promql)}&start={Seconds(start)}&end={Seconds(end)}&step={step.TotalSeconds.ToString(CultureInfo.InvariantCulture)}");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _http.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Seconds(DateTimeOffset time) =>
        (time.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    private async Task<QueryResponse> GetAsync(string path)
    {
        // Prometheus answers 400/422 with a JSON body for bad queries: read it rather than throw.
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        var json = await response.Content.ReadAsStringAsync();
        return QueryResponse.Parse(json);
    }
}
