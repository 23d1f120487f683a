using System.Diagnostics;

namespace DeferredOrleans.ClusterTests;

/// <summary>
/// Azurite from the repo-local node_modules (installed by scripts/install-tools.sh), on loopback ports of its own
/// and a temporary data folder. It can be stopped and started again on the same ports and data.
/// </summary>
public sealed class Azurite : IStorageServer
{
    private const string Account = "devstoreaccount1";

    // The emulator's well-known development key (public; it protects nothing).
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string _folder = Directory.CreateTempSubdirectory("deferred-orleans-azurite-").FullName;
    private readonly int _blobPort = LoopbackPorts.Free();
    private readonly int _queuePort = LoopbackPorts.Free();
    private readonly int _tablePort = LoopbackPorts.Free();
    private HostProcess? _process;

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={Key};" +
        $"BlobEndpoint=http://127.0.0.1:{_blobPort}/{Account};QueueEndpoint=http://127.0.0.1:{_queuePort}/{Account};TableEndpoint=http://127.0.0.1:{_tablePort}/{Account};";

    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["DeferredOrleans__Silo__Clustering"] = "AzureStorage",
        ["DeferredOrleans__Storage__Profile"] = "AzureStorage",
        ["DeferredOrleans__Storage__AzureConnectionString"] = ConnectionString,
    };

    public static async Task<Azurite> StartNewAsync()
    {
        await EnsureInstalledAsync();
        var azurite = new Azurite();
        await azurite.StartAsync();
        return azurite;
    }

    public async Task StartAsync()
    {
        // --skipApiVersionCheck: Azurite 3.37 rejects the service version that Azure.Storage.Blobs 12.30 sends.
        _process = HostProcess.Start("azurite", Repository.Root, Path.Combine(Repository.Root, "node_modules", ".bin", "azurite"),
        [
            "--silent", "--skipApiVersionCheck", "--loose", "--location", _folder,
            "--blobHost", "127.0.0.1", "--blobPort", Port(_blobPort),
            "--queueHost", "127.0.0.1", "--queuePort", Port(_queuePort),
            "--tableHost", "127.0.0.1", "--tablePort", Port(_tablePort),
        ], new Dictionary<string, string>());
        await Wait.UntilAsync("Azurite listens", TimeSpan.FromSeconds(30), () => Task.FromResult(
            _process.HasExited ? throw new InvalidOperationException($"Azurite exited:\n{_process.Output}") : _process.Output.Contains("Table service is successfully listening", StringComparison.Ordinal)));
    }

    /// <summary>A clean stop: Azurite closes its services, which writes its data; then the lingering process is ended.</summary>
    public async Task StopAsync()
    {
        var process = _process!;
        using (var term = Process.Start("kill", ["-TERM", Port(process.Id)]))
        {
            await term.WaitForExitAsync();
        }

        await Wait.UntilAsync("Azurite closes its services", TimeSpan.FromSeconds(15), () => Task.FromResult(
            process.HasExited || (process.Output.Contains("Table service successfully closed", StringComparison.Ordinal) &&
                                  process.Output.Contains("Blob service successfully closed", StringComparison.Ordinal))));
        await process.KillAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    private static async Task EnsureInstalledAsync()
    {
        if (File.Exists(Path.Combine(Repository.Root, "node_modules", ".bin", "azurite")))
        {
            return;
        }

        using var install = Process.Start(new ProcessStartInfo("bash", [Path.Combine(Repository.Root, "scripts", "install-tools.sh")]) { WorkingDirectory = Repository.Root })!;
        await install.WaitForExitAsync();
        Assert.Equal(0, install.ExitCode);
    }

    private static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
