using System.Diagnostics;
using System.Text;

namespace DeferredOrleans.ProcessTests;

/// <summary>
/// A sample (<c>samples/DocsApi</c>, <c>samples/Agent</c>) or a node script started as a real process, as a developer
/// would start it, configured through environment variables; its output is captured for assertions.
/// </summary>
public sealed class SampleProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SampleProcess(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

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

    /// <summary><c>dotnet samples/{name}/bin/&lt;configuration&gt;/net10.0/DeferredOrleans.Samples.{name}.dll</c>, the build of the calling tests.</summary>
    public static SampleProcess Dotnet(string name, IReadOnlyDictionary<string, string> environment)
    {
        var build = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!;
        var assembly = Path.Combine(GatewayProcess.RepositoryRoot, "samples", name, "bin", build, "net10.0", $"DeferredOrleans.Samples.{name}.dll");
        return Start("dotnet", [assembly], Path.GetDirectoryName(assembly)!, environment);
    }

    public static SampleProcess Start(string command, IEnumerable<string> arguments, string directory, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(command, arguments) { WorkingDirectory = directory };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new SampleProcess(start);
    }

    /// <summary>Waits until <paramref name="ready"/> answers 2xx (a web sample is listening).</summary>
    public async Task WaitUntilServingAsync(Uri ready)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The sample exited with {_process.ExitCode}:\n{Output}");
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

        throw new TimeoutException($"{ready} did not answer within 60 s:\n{Output}");
    }

    /// <summary>SIGINT, as Ctrl+C in a terminal sends it.</summary>
    public async Task InterruptAsync()
    {
        using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>Waits until the output contains <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                throw new TimeoutException($"'{text}' did not appear within {timeout}:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The exit code; a process still running after <paramref name="timeout"/> fails the test with its output.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Still running after {timeout}:\n{Output}");
        }

        // Without a timeout, WaitForExit also waits for the asynchronous output readers to finish.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
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
