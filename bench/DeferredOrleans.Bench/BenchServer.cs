using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DeferredOrleans.Bench;

/// <summary>
/// The server as a separate process (embedded profile: one process, SQLite file in a fresh directory, demo
/// configuration), as <c>dotnet run --project src/Gateway</c> runs it, but on its own ports.
/// </summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private BenchServer(Process process, string directory, Uri address)
    {
        _process = process;
        _directory = directory;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<BenchServer> StartAsync(string repositoryRoot)
    {
        var directory = Directory.CreateTempSubdirectory("deferred-orleans-bench-").FullName;
        var gateway = Path.Combine(repositoryRoot, "src", "Gateway", "bin", "Release", "net10.0");
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(gateway, "DeferredOrleans.Gateway.dll")])
        {
            WorkingDirectory = gateway,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Urls"] = address.ToString();
        start.Environment["DeferredOrleans__Server__Issuer"] = address.ToString().TrimEnd('/');
        start.Environment["DeferredOrleans__Storage__SqlitePath"] = Path.Combine(directory, "bench.db");
        start.Environment["DeferredOrleans__Silo__SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
        start.Environment["DeferredOrleans__Silo__GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("the server did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new BenchServer(process, directory, address);
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>The server process's resident set size, from /proc (Linux).</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
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

        throw new InvalidOperationException("the server did not become ready within 90 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
