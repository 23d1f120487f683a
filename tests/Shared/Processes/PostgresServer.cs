using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace DeferredOrleans.TestSupport;

/// <summary>
/// A real PostgreSQL server of the test's own, from Debian's postgresql package (scripts/install-tools.sh installs it):
/// a cluster made by initdb in a temporary directory, listening on a free loopback port (its Unix socket in that
/// directory too), with one database and a random password. PostgreSQL refuses to run as root, so under root (CI)
/// the server runs as the <c>postgres</c> user. It can be stopped and started again on the same port and data;
/// disposing stops it and deletes the directory. Without the server programs it fails: it never passes in their place.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string Database = "deferred_orleans";
    private const string ServerUser = "postgres";

    private readonly string _bin;
    private readonly string _folder;
    private readonly string _password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private bool _running;

    private PostgresServer(string bin, string folder)
    {
        _bin = bin;
        _folder = folder;
    }

    public int Port { get; } = LoopbackPorts.Free();

    /// <summary>The server's log: what it did at start, at shutdown and on every error.</summary>
    public string LogFile => Path.Combine(_folder, "postgres.log");

    /// <summary>
    /// An Npgsql connection string to the database, over TCP with the password; 30 connections a process at most, so that
    /// two silos and a gateway stay below the server's 100 (as scripts/cluster-up.sh does).
    /// </summary>
    public string ConnectionString =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Database={Database};Username={ServerUser};Password={_password};Maximum Pool Size=30";

    private static bool IsRoot => Environment.UserName == "root";

    private string DataDirectory => Path.Combine(_folder, "data");

    public static async Task<PostgresServer> StartNewAsync()
    {
        var server = new PostgresServer(FindServerPrograms(), Directory.CreateTempSubdirectory("deferred-orleans-postgres-").FullName);
        try
        {
            await server.InitializeAsync();
            await server.StartAsync();
            await server.RunAsync("createdb", "-h", server._folder, "-p", server.PortText, "-U", ServerUser, Database);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server (again) and returns once it accepts connections.</summary>
    public async Task StartAsync()
    {
        await RunAsync("pg_ctl", "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60",
            "-o", $"-p {PortText} -k {_folder} -c listen_addresses=127.0.0.1", "start");
        _running = true;
    }

    /// <summary>A fast shutdown: open sessions are ended, everything committed is on disk, nothing answers until <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        await RunAsync("pg_ctl", "-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop");
        _running = false;
    }

    public async ValueTask DisposeAsync()
    {
        if (_running)
        {
            await RunAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "-t", "60", "stop");
        }

        Directory.Delete(_folder, recursive: true);
    }

    private string PortText => Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>The newest server version Debian's packages installed, else initdb on the PATH.</summary>
    private static string FindServerPrograms()
    {
        const string debian = "/usr/lib/postgresql";
        var installed = Directory.Exists(debian)
            ? Directory.GetDirectories(debian)
                .Select(d => (Version: int.TryParse(Path.GetFileName(d), CultureInfo.InvariantCulture, out var v) ? v : 0, Bin: Path.Combine(d, "bin")))
                .Where(v => File.Exists(Path.Combine(v.Bin, "initdb")))
                .OrderByDescending(v => v.Version)
                .Select(v => v.Bin)
                .FirstOrDefault()
            : null;
        return installed
            ?? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).FirstOrDefault(p => p.Length > 0 && File.Exists(Path.Combine(p, "initdb")))
            ?? throw new InvalidOperationException(
                "PostgreSQL's server programs (initdb, pg_ctl) are not installed: run scripts/install-tools.sh as root, or apt-get install postgresql.");
    }

    private async Task InitializeAsync()
    {
        var passwordFile = Path.Combine(_folder, "password");
        await File.WriteAllTextAsync(passwordFile, _password);
        if (IsRoot)
        {
            await ExecuteAsync("chown", ["-R", ServerUser, _folder]);
        }

        // Loopback TCP needs the password (SCRAM); the socket in the private directory is the setup's own way in.
        await RunAsync("initdb", "-D", DataDirectory, "-U", ServerUser, "--pwfile", passwordFile, "-E", "UTF8",
            "--auth-host=scram-sha-256", "--auth-local=trust", "--no-instructions");
        File.Delete(passwordFile);
    }

    /// <summary>Runs one of the server programs as the user the server runs as.</summary>
    private Task RunAsync(string program, params string[] arguments)
    {
        var path = Path.Combine(_bin, program);
        return IsRoot ? ExecuteAsync("runuser", ["-u", ServerUser, "--", path, .. arguments]) : ExecuteAsync(path, arguments);
    }

    private async Task ExecuteAsync(string fileName, string[] arguments)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            var log = File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile) : "";
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await stdout}{await stderr}\n{log}");
        }
    }
}
