using System.Diagnostics;
using System.Text.Json;

namespace DeferredOrleans.InteropTests;

/// <summary>
/// Runs one openid-client flow, <c>node tests/interop-node/&lt;flow&gt;.mjs</c>, with the server's issuer and the
/// flow's credentials in its environment. A flow exits 0 only when all its own checks hold and prints one line
/// <c>RESULT {json}</c> for the test to assert on.
/// </summary>
public static class NodeFlow
{
    private const string ResultPrefix = "RESULT ";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<JsonElement> RunAsync(InteropServer server, string flow, IDictionary<string, string> environment)
    {
        var root = GatewayProcess.RepositoryRoot;
        Assert.True(
            File.Exists(Path.Combine(root, "node_modules", "openid-client", "package.json")),
            "openid-client is not installed in node_modules/; run ./scripts/install-tools.sh (npm ci).");

        var start = new ProcessStartInfo("node", [Path.Combine(root, "tests", "interop-node", flow)])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ISSUER"] = server.Issuer;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(Timeout))
        {
            try
            {
                await node.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                node.Kill(entireProcessTree: true);
                await node.WaitForExitAsync();
            }
        }

        var output = await stdout + await stderr;
        Assert.True(node.ExitCode == 0, $"node {flow} exited {node.ExitCode}:\n{output}\n--- server ---\n{server.Process.Output}");
        var line = output.Split('\n').SingleOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal));
        Assert.True(line is not null, $"node {flow} printed no result line:\n{output}");
        return JsonDocument.Parse(line[ResultPrefix.Length..]).RootElement.Clone();
    }

    /// <summary>The flow's token endpoint exchanges as "grant_type status error", in order.</summary>
    public static IReadOnlyList<string> Exchanges(JsonElement result) =>
        [.. result.GetProperty("polls").EnumerateArray().Select(p =>
            $"{p.GetProperty("grant_type").GetString()} {p.GetProperty("status").GetInt32()} {p.GetProperty("error").GetString() ?? "-"}")];
}
