using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace DeferredOrleans.TestSupport;

/// <summary>
/// The gateway started as a real process on loopback (<c>dotnet src/Gateway/bin/&lt;Configuration&gt;/net10.0/DeferredOrleans.Gateway.dll</c>),
/// as <c>dotnet run</c> would run it but configured through environment variables: its own port, SQLite file and
/// silo ports. Output is captured so a failing test can show it. Shared by the process, interop and conformance
/// tests and the bench.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private GatewayProcess(Process process, StringBuilder output, Uri address)
    {
        _process = process;
        _output = output;
        Address = address;
    }

    /// <summary>The base address, which is also the issuer (without the trailing slash).</summary>
    public Uri Address { get; }

    public string Issuer => Address.ToString().TrimEnd('/');

    public bool HasExited => _process.HasExited;

    /// <summary>The operating system's id of the server process (for the bench's diagnostics and CPU figures).</summary>
    public int ProcessId => _process.Id;

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

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The gateway assembly of a build (<c>Debug</c>, <c>Release</c>); null is the caller's own, read from its output folder.</summary>
    public static string GatewayAssembly(string? configuration = null)
    {
        var build = configuration ?? Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!;
        return Path.Combine(RepositoryRoot, "src", "Gateway", "bin", build, "net10.0", "DeferredOrleans.Gateway.dll");
    }

    /// <summary>Starts the server and returns once it serves its metadata.</summary>
    public static async Task<GatewayProcess> StartAsync(GatewayLaunch launch)
    {
        var server = Launch(launch);
        try
        {
            await server.WaitUntilReadyAsync(launch.Certificate);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Starts a server that is expected to refuse to start; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(GatewayLaunch launch, TimeSpan timeout)
    {
        await using var server = Launch(launch);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await server._process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The server was expected to refuse to start but still runs after {timeout}:\n{server.Output}");
        }

        // The asynchronous output readers finish after the exit; WaitForExit() without a timeout waits for them.
        server._process.WaitForExit();
        return (server._process.ExitCode, server.Output);
    }

    /// <summary>The server process's resident set size, from /proc (Linux).</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing; what survives is what was durable.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private static GatewayProcess Launch(GatewayLaunch launch)
    {
        var gateway = launch.Assembly ?? GatewayAssembly(launch.Configuration);
        var address = new Uri($"{(launch.Certificate is null ? "http" : "https")}://{launch.Host}:{launch.Port ?? LoopbackPorts.Free()}");
        var start = new ProcessStartInfo("dotnet", [gateway])
        {
            WorkingDirectory = Path.GetDirectoryName(gateway),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (launch.Certificate is { } certificate)
        {
            // Kestrel endpoints from configuration replace ASPNETCORE_URLS, as ASP.NET Core documents.
            start.Environment["Kestrel__Endpoints__Https__Url"] = address.ToString();
            start.Environment["Kestrel__Endpoints__Https__Certificate__Path"] = certificate.PfxPath;
            start.Environment["Kestrel__Endpoints__Https__Certificate__Password"] = certificate.Password;
        }
        else
        {
            start.Environment["ASPNETCORE_URLS"] = address.ToString();
        }

        if (launch.ConfigFile is { } configFile)
        {
            start.Environment["DeferredOrleans__Demo"] = "false";
            start.Environment["DeferredOrleans__ConfigFile"] = configFile;
        }

        start.Environment["DeferredOrleans__Storage__SqlitePath"] = launch.Database;
        if (!launch.OnlyUrls)
        {
            start.Environment["DeferredOrleans__Server__Issuer"] = address.ToString().TrimEnd('/');
            start.Environment["DeferredOrleans__Silo__SiloPort"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture);
            start.Environment["DeferredOrleans__Silo__GatewayPort"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture);
        }
        if (launch.LogLevel is { } logLevel)
        {
            start.Environment["Logging__LogLevel__Default"] = logLevel;
        }

        foreach (var (key, value) in launch.Settings)
        {
            start.Environment[key] = value;
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new GatewayProcess(process, output, address);
    }

    private async Task WaitUntilReadyAsync(TestCertificate? certificate)
    {
        using var http = new HttpClient(TestCertificate.Handler(certificate), disposeHandler: true) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await http.GetAsync(new Uri("/.well-known/oauth-authorization-server", UriKind.Relative))).IsSuccessStatusCode)
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

        throw new TimeoutException($"The server did not answer within 90 s:\n{Output}");
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DeferredOrleans.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (DeferredOrleans.sln) was not found.");
    }
}
