using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace DeferredOrleans.BrowserTests;

/// <summary>
/// node-oidc-provider (npm <c>oidc-provider</c>, installed by scripts/install-tools.sh) as the organisation's OpenID
/// Provider, a real process on a free loopback port: <c>node tests/interop-node/upstream-op.mjs</c>.
/// </summary>
public sealed class UpstreamProvider : IAsyncDisposable
{
    public const string ClientId = "deferred-orleans-inbox";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private UpstreamProvider(Process process, string issuer, string clientSecret)
    {
        _process = process;
        Issuer = issuer;
        ClientSecret = clientSecret;
    }

    public string Issuer { get; }

    public string ClientSecret { get; }

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

    /// <summary>Starts the OP for a gateway whose callback is <paramref name="redirectUri"/>; returns once it listens.</summary>
    public static async Task<UpstreamProvider> StartAsync(string redirectUri)
    {
        var root = GatewayProcess.RepositoryRoot;
        if (!File.Exists(Path.Combine(root, "node_modules", "oidc-provider", "package.json")))
        {
            throw new InvalidOperationException("oidc-provider is not installed in node_modules/; run ./scripts/install-tools.sh (npm ci).");
        }

        var port = LoopbackPorts.Free();
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var start = new ProcessStartInfo("node", [Path.Combine(root, "tests", "interop-node", "upstream-op.mjs")])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["CLIENT_ID"] = ClientId;
        start.Environment["CLIENT_SECRET"] = secret;
        start.Environment["REDIRECT_URI"] = redirectUri;
        start.Environment["COOKIE_KEY"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

        var process = new Process { StartInfo = start };
        var provider = new UpstreamProvider(process, $"http://localhost:{port}", secret);
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            provider.Append(e.Data);
            if (e.Data?.StartsWith("LISTENING ", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) => provider.Append(e.Data);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"the OpenID Provider exited:\n{provider.Output}"));
        process.EnableRaisingEvents = true;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await listening.Task.WaitAsync(StartTimeout);
        return provider;
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
