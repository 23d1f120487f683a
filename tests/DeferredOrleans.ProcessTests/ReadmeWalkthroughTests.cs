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

        var (exit, output) = await RunBashAsync(script, database.Directory);

        Assert.True(exit == 0, $"bash exited {exit}:\n{output}\n--- server ---\n{server.Output}");
        Assert.Contains("\"scope\": \"docs:read\"", output, StringComparison.Ordinal);
        Assert.Contains("\"error_description\": \"step=owner;approved=0;required=1\"", output, StringComparison.Ordinal);
        Assert.Contains("\"method\": \"resource_owner\"", output, StringComparison.Ordinal);
        Assert.Contains("\"error_description\": \"step=quorum;approved=1;required=2\"", output, StringComparison.Ordinal);
        Assert.Equal(3, AccessTokens().Matches(output).Count);
    }

    internal static string WalkthroughBlock()
    {
        var readme = File.ReadAllText(Path.Combine(GatewayProcess.RepositoryRoot, "README.md"));
        var match = Block().Match(readme);
        Assert.True(match.Success, "README.md has no walkthrough block between the walkthrough markers.");
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

    [GeneratedRegex("<!-- walkthrough:start -->\\s*```bash\\n(?<script>.*?)```\\s*<!-- walkthrough:end -->", RegexOptions.Singleline)]
    private static partial Regex Block();

    [GeneratedRegex("\"access_token\": \"ey")]
    private static partial Regex AccessTokens();
}
