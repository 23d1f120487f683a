namespace DeferredOrleans.ProcessTests;

/// <summary>The JavaScript package's own tests (<c>node --test</c> in clients/js), with the talk's parties running as processes.</summary>
public sealed class JsPackageTests
{
    [Fact]
    public async Task NodeTests_AgainstTheServerAndTheDocsApi_AllPassAndNoneIsSkipped()
    {
        await using var parties = await TalkParties.StartAsync();
        await using var node = HostProcess.Start("node", Path.Combine(GatewayProcess.RepositoryRoot, "clients", "js"), "node", ["--test", "--test-reporter=tap", "test/"], new Dictionary<string, string>
        {
            ["DTR_ISSUER"] = parties.Server.Issuer,
            ["DTR_DOCS_URL"] = parties.DocsAddress.ToString().TrimEnd('/'),
        });

        var exit = await node.ExitCodeAsync(TimeSpan.FromMinutes(3));

        var output = node.Output;
        Assert.True(exit == 0, $"node --test exited {exit}:\n{output}\n--- docs ---\n{parties.Docs.Output}");
        Assert.Contains("# fail 0", output, StringComparison.Ordinal);
        Assert.Contains("# skipped 0", output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^ok \d+ - seven steps: the owner approves and the retried write succeeds$", output);
        Assert.Matches(@"(?m)^ok \d+ - aborting the wait withdraws the request from alice's inbox$", output);
        Assert.Contains("Document doc-789 written (version 2) by agent", parties.Docs.Output, StringComparison.Ordinal);
    }
}
