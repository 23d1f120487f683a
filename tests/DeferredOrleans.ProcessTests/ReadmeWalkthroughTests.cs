using System.Diagnostics;
using System.Text.RegularExpressions;

namespace DeferredOrleans.ProcessTests;

/// <summary>The README's curl walkthrough, run verbatim with bash against the server started as a real process.</summary>
public sealed partial class ReadmeWalkthroughTests
{
    private const int ReadmePort = 5080;

    [Fact]
    public async Task Walkthrough_AsWrittenInTheReadme_Works()
    {
        using var database = new TempDatabase("process");
        // Verbatim means port 5080; only if something else holds it does the script get another port.
        var port = LoopbackPorts.IsFree(ReadmePort) ? ReadmePort : LoopbackPorts.Free();
        await using var server = await GatewayProcess.StartAsync(new GatewayLaunch(database.Path) { Port = port });
        var script = WalkthroughBlock().Replace($"localhost:{ReadmePort}", $"localhost:{port}", StringComparison.Ordinal);
        using var workingDirectory = new TempDatabase("walkthrough-cwd");

        var (exit, output) = await RunBashAsync(script, workingDirectory.Directory);

        Assert.True(exit == 0, $"bash exited {exit}:\n{output}\n--- server ---\n{server.Output}");
        Assert.Empty(Directory.EnumerateFileSystemEntries(workingDirectory.Directory));
        Assert.Contains("\"scope\": \"docs:read\"", output, StringComparison.Ordinal);
        Assert.Contains("\"error_description\": \"step=owner;approved=0;required=1\"", output, StringComparison.Ordinal);
        Assert.Contains("\"method\": \"resource_owner\"", output, StringComparison.Ordinal);
        Assert.Contains("\"error_description\": \"step=quorum;approved=1;required=2\"", output, StringComparison.Ordinal);
        Assert.Equal(3, AccessTokens().Matches(output).Count);
    }

    [Fact]
    public async Task TokenExchange_AsWrittenInTheReadme_ActsForAliceAfterBobApproves()
    {
        using var database = new TempDatabase("process-exchange");
        var port = LoopbackPorts.Free();

        // The block names the server as http://localhost:5080, the issuer a subject token's audience must match.
        await using var server = await GatewayProcess.StartAsync(new GatewayLaunch(database.Path)
        {
            Port = port,
            Settings = new Dictionary<string, string> { ["DeferredOrleans__Server__Issuer"] = $"http://localhost:{port}" },
        });
        var script = ReadmeBlock("token-exchange").Replace($"localhost:{ReadmePort}", $"localhost:{port}", StringComparison.Ordinal);
        using var workingDirectory = new TempDatabase("exchange-cwd");

        var (exit, output) = await RunBashAsync(script, workingDirectory.Directory);

        Assert.True(exit == 0, $"bash exited {exit}:\n{output}\n--- server ---\n{server.Output}");
        Assert.Empty(Directory.EnumerateFileSystemEntries(workingDirectory.Directory));
        Assert.Contains("\"error\": \"authorization_pending\"", output, StringComparison.Ordinal);
        Assert.Equal(2, AccessTokens().Matches(output).Count);
        var claims = output[output.LastIndexOf("\"sub\": \"alice\"", StringComparison.Ordinal)..];
        Assert.Contains("\"scope\": \"doc:write\"", claims, StringComparison.Ordinal);
        Assert.Contains("\"sub\": \"docs-service\"", claims, StringComparison.Ordinal);
        Assert.True(claims.IndexOf("\"sub\": \"docs-service\"", StringComparison.Ordinal) < claims.IndexOf("\"sub\": \"alice-assistant\"", StringComparison.Ordinal), claims);
    }

    internal static string WalkthroughBlock() => ReadmeBlock("walkthrough");

    private static string ReadmeBlock(string name)
    {
        var readme = File.ReadAllText(Path.Combine(GatewayProcess.RepositoryRoot, "README.md"));
        var match = Regex.Match(readme, $"<!-- {name}:start -->\\s*```bash\\n(?<script>.*?)```\\s*<!-- {name}:end -->", RegexOptions.Singleline);
        Assert.True(match.Success, $"README.md has no {name} block between the {name} markers.");
        return match.Groups["script"].Value;
    }

    private static async Task<(int Exit, string Output)> RunBashAsync(string script, string directory)
    {
        var start = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", script])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var bash = Process.Start(start)!;
        var stdout = bash.StandardOutput.ReadToEndAsync();
        var stderr = bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();
        return (bash.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex("\"access_token\": \"ey")]
    private static partial Regex AccessTokens();
}
