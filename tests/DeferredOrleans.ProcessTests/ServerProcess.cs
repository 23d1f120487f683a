using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DeferredOrleans.ProcessTests;

/// <summary>
/// The gateway started as a real process on loopback, exactly as <c>dotnet run</c> would run it, but with its own
/// port, SQLite file and silo ports. Output is captured so a failing test can show it.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private ServerProcess(Process process, StringBuilder output, Uri address)
    {
        _process = process;
        _output = output;
        Address = address;
    }

    public Uri Address { get; }

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

    public static async Task<ServerProcess> StartAsync(string database, int? port = null, IDictionary<string, string>? settings = null)
    {
        var build = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!;
        var directory = Path.Combine(RepositoryRoot, "src", "Gateway", "bin", build, "net10.0");
        var http = port ?? FreePort();
        var address = new Uri($"http://127.0.0.1:{http}");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(directory, "DeferredOrleans.Gateway.dll")])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // "Urls" (not ASPNETCORE_URLS): appsettings.json sets Urls, and only application configuration overrides it.
        start.Environment["Urls"] = address.ToString();
        start.Environment["DeferredOrleans__Server__Issuer"] = address.ToString().TrimEnd('/');
        start.Environment["DeferredOrleans__Storage__SqlitePath"] = database;
        start.Environment["DeferredOrleans__Silo__SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["DeferredOrleans__Silo__GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
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
        var server = new ServerProcess(process, output, address);
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing; what survives is what was durable.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
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
