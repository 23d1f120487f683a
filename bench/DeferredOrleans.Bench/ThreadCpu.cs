using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace DeferredOrleans.Bench;

/// <summary>
/// Where the server's CPU goes during a phase, by thread name (/proc/&lt;pid&gt;/task/*/stat and comm: the runtime
/// names its thread pool workers, GC, sockets and timer threads; the SQLite group commit names its writer), and, with
/// <c>--trace PHASE</c>, a <c>perf</c> CPU profile of the phases whose name starts with PHASE.
/// </summary>
internal static partial class ThreadCpu
{
    public static string? TracePhase { get; set; }

    public static string TraceDirectory { get; set; } = Path.GetTempPath();

    public static Dictionary<int, (string Name, double Seconds)> Snapshot(int processId)
    {
        var threads = new Dictionary<int, (string, double)>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{processId}/task"))
        {
            try
            {
                var id = int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture);
                var name = Digits().Replace(File.ReadAllText(Path.Combine(task, "comm")).Trim(), "#");
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                threads[id] = (name, (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0);
            }
            catch (IOException)
            {
                // The thread ended between the listing and the read.
            }
        }

        return threads;
    }

    /// <summary>The CPU seconds used since <paramref name="before"/>, summed by thread name, largest first.</summary>
    public static string Split(Dictionary<int, (string Name, double Seconds)> before, Dictionary<int, (string Name, double Seconds)> after)
    {
        var used = after.Select(t => (t.Value.Name, Seconds: t.Value.Seconds - (before.TryGetValue(t.Key, out var b) ? b.Seconds : 0)))
            .GroupBy(t => t.Name).Select(g => (Name: g.Key, Seconds: g.Sum(t => t.Seconds))).Where(g => g.Seconds > 0).OrderByDescending(g => g.Seconds).ToList();
        var total = used.Sum(u => u.Seconds);
        return string.Join(", ", used.Take(8).Select(u => string.Create(CultureInfo.InvariantCulture, $"{u.Name} {u.Seconds / total:P0}")));
    }

    /// <summary>
    /// Starts a CPU profile of the server for <paramref name="seconds"/> if this phase is to be traced: Linux
    /// <c>perf record</c> at 499 Hz with call graphs; the server runs with <c>DOTNET_PerfMapEnabled=1</c> then, so JIT-compiled
    /// frames have names (<c>perf report -i FILE --no-children --sort sym</c>).
    /// </summary>
    public static Process? StartTrace(string phase, int processId, int seconds)
    {
        if (TracePhase is null || !TracePhase.Split(',').Any(p => phase.StartsWith(p, StringComparison.Ordinal)))
        {
            return null;
        }

        var file = Path.Combine(TraceDirectory, $"perf-{Digits().Replace(phase, "").Split(' ')[0]}-{processId}.data");
        var trace = Process.Start(new ProcessStartInfo("perf", ["record", "-F", "499", "-g", "-p", processId.ToString(CultureInfo.InvariantCulture), "-o", file,
            "--", "sleep", seconds.ToString(CultureInfo.InvariantCulture)]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        Console.Error.WriteLine($"  profiling {phase} to {file}");
        return trace;
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
