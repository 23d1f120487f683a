using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace DeferredOrleans.Bench;

/// <summary>
/// Debian's <c>wrk</c> as the load generator: one run of it with a Lua script from <c>wrk/</c>, its figures parsed from
/// the report (<c>--latency</c>), and the CPU it used itself (from the shell's <c>times</c>), so the report can show
/// that the generator was not the bottleneck.
/// </summary>
internal static partial class Wrk
{
    public static async Task<WrkResult> RunAsync(WrkRun run, Func<int, Task>? watch = null)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "wrk", run.Script);

        // The shell reports wrk's own CPU after it ends; wrk runs in the background so its pid is known for a stop.
        var start = new ProcessStartInfo("bash", ["-c", "wrk \"$@\" & echo \"BENCHPID $!\"; wait $!; times", "wrk",
            "-t", run.Threads.ToString(CultureInfo.InvariantCulture), "-c", run.Connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{run.Seconds}s", "--timeout", "10s", "--latency", "-s", script, run.Url.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in run.Environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["BENCH_THREADS"] = run.Threads.ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var firstLine = await process.StandardOutput.ReadLineAsync() ?? "";
        var pid = int.Parse(firstLine.Split(' ')[1], CultureInfo.InvariantCulture);
        var watching = watch?.Invoke(pid) ?? Task.CompletedTask;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        await watching;
        if (!RequestsPerSecond().IsMatch(output))
        {
            throw new InvalidOperationException($"wrk failed:\n{output}\n{await error}");
        }

        return Parse(output);
    }

    /// <summary>Ends a running wrk as Ctrl-C would: it stops and reports over the time it ran.</summary>
    public static void Interrupt(int pid)
    {
        using var kill = Process.Start("kill", ["-INT", pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private static WrkResult Parse(string output)
    {
        double Latency(string percent)
        {
            var match = Regex.Match(output, $@"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            return match.Groups[2].Value switch { "us" => value / 1000, "ms" => value, _ => value * 1000 };
        }

        var total = Total().Match(output);
        var nonSuccess = NonSuccess().Match(output);

        // times: the shell's own user and system time, then its children's (wrk).
        var times = Times().Matches(output);
        var cpu = times.Count >= 2 ? Seconds(times[^2].Value) + Seconds(times[^1].Value) : double.NaN;
        var bench = output.Split('\n').Where(l => l.StartsWith("BENCH ", StringComparison.Ordinal))
            .SelectMany(l => l[6..].Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(p => p.Split('='))
            .ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture));
        return new WrkResult(
            long.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture),
            Duration(total.Groups[2].Value),
            double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            Latency("50"), Latency("90"), Latency("99"),
            nonSuccess.Success ? long.Parse(nonSuccess.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            Errors().Match(output) is { Success: true } e ? e.Value : "",
            cpu, bench);
    }

    private static double Seconds(string time)
    {
        var match = Regex.Match(time, @"(\d+)m([\d.]+)s");
        return (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * 60) + double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
    }

    private static double Duration(string text) =>
        text.EndsWith("ms", StringComparison.Ordinal) ? double.Parse(text[..^2], CultureInfo.InvariantCulture) / 1000
        : text.EndsWith('m') ? double.Parse(text[..^1], CultureInfo.InvariantCulture) * 60
        : double.Parse(text.TrimEnd('s'), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(\d+) requests in ([\d.]+\w+),")]
    private static partial Regex Total();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"Socket errors:.*")]
    private static partial Regex Errors();

    [GeneratedRegex(@"\d+m[\d.]+s")]
    private static partial Regex Times();
}

/// <summary>One wrk invocation: a script from <c>wrk/</c>, its environment, threads, connections and duration.</summary>
internal sealed record WrkRun(Uri Url, string Script, int Connections, int Seconds, IReadOnlyDictionary<string, string> Environment)
{
    public int Threads { get; init; } = 2;
}

/// <summary>wrk's report: requests and time, rate, latency percentiles in ms, non-2xx answers, its own CPU seconds.</summary>
internal sealed record WrkResult(long Requests, double Seconds, double PerSecond, double P50, double P90, double P99, long NonSuccess, string Errors, double CpuSeconds, Dictionary<string, long> Custom);
