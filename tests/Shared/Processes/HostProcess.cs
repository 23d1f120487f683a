using System.Diagnostics;
using System.Text;

namespace DeferredOrleans.TestSupport;

/// <summary>
/// One real process (Azurite, a silo or a gateway of the cluster tests; a sample or node of the process tests) with its
/// output captured for assertions and failures.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HostProcess(string name, ProcessStartInfo start)
    {
        Name = name;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static HostProcess Start(string name, string directory, string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        // Through env(1), which execs the program (same pid) with SIGINT back to its default: a test runner started in
        // the background of a non-interactive shell passes SIGINT on as ignored, and a program whose Ctrl+C handling
        // is under test would never see InterruptAsync's signal.
        var start = new ProcessStartInfo("env", ["--default-signal=INT", fileName, .. arguments])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new HostProcess(name, start);
    }

    /// <summary>Waits until <paramref name="ready"/> answers 2xx (a web host is listening).</summary>
    public async Task WaitUntilServingAsync(Uri ready, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(ready);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{ready} did not answer within {timeout}:\n{Output}");
    }

    /// <summary>Waits until the output contains <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                throw new TimeoutException($"'{text}' did not appear in {Name}'s output within {timeout}:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The exit code; a process still running after <paramref name="timeout"/> fails with its output.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} still runs after {timeout}:\n{Output}");
        }

        // Without a timeout, WaitForExit also waits for the asynchronous output readers to finish.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGINT, as Ctrl+C in a terminal sends it.</summary>
    public Task InterruptAsync() => SignalAsync("-INT");

    /// <summary>SIGKILL: no shutdown hooks, no goodbye to the cluster; what survives is what was durable.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as an orchestrator stops a process; waits for it to exit.</summary>
    public async Task TerminateAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        await SignalAsync("-TERM");

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
