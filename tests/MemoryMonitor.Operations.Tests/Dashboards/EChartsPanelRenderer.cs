using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MemoryMonitor.Operations.Tests.Dashboards;

/// <summary>
/// Runs a Business Charts getOption script in Debian's headless Chromium with the ECharts and echarts-gl of
/// dashboards/tests/package.json (node dashboards/tests/render-echarts-panel.mjs), and reads its report.
/// </summary>
internal static class EChartsPanelRenderer
{
    private static readonly JsonSerializerOptions ReportOptions = new() { PropertyNameCaseInsensitive = true };

    public static async Task<RenderReport> RenderAsync(string code, JsonArray frames, string screenshotPath, int width = 1200, int height = 700)
    {
        var tools = RepositoryRoot.Combine("dashboards", "tests");
        if (!Directory.Exists(Path.Combine(tools, "node_modules", "playwright-core")) || !File.Exists("/usr/bin/chromium"))
        {
            throw new InvalidOperationException("dashboards/tests/node_modules or /usr/bin/chromium is missing: run scripts/install-test-deps.sh");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(screenshotPath)!);
        var input = Path.Combine(Directory.CreateTempSubdirectory("memmon-echarts-").FullName, "input.json");
        await File.WriteAllTextAsync(input, new JsonObject
        {
            ["code"] = code,
            ["series"] = frames,
            ["width"] = width,
            ["height"] = height,
        }.ToJsonString());

        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = tools,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("render-echarts-panel.mjs");
        info.ArgumentList.Add(input);
        info.ArgumentList.Add(screenshotPath);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("render-echarts-panel.mjs did not finish within 2 minutes");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(input)!, recursive: true);
        }

        var output = await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"render-echarts-panel.mjs exited {process.ExitCode}: {await stderr}{output}");
        }

        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        return JsonSerializer.Deserialize<RenderReport>(line, ReportOptions)
            ?? throw new InvalidDataException($"render-echarts-panel.mjs printed no report: {output}");
    }
}

/// <summary>What the page reported: script errors, the option's shape and the screenshot's pixels.</summary>
internal sealed record RenderReport(
    IReadOnlyList<string> PageErrors,
    IReadOnlyList<string> ConsoleErrors,
    bool Finished,
    int Canvases,
    bool HasGrid3D,
    RenderAxis? XAxis3D,
    RenderAxis? YAxis3D,
    RenderAxis? ZAxis3D,
    IReadOnlyList<RenderSeries>? Series,
    RenderPixels? Pixels);

internal sealed record RenderAxis(string? Name, IReadOnlyList<string>? Data);

internal sealed record RenderSeries(string Type, string Name, int Points, double Max);

internal sealed record RenderPixels(int Width, int Height, double NonBackgroundRatio, int DistinctColours);
