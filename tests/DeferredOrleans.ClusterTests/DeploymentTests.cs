namespace DeferredOrleans.ClusterTests;

/// <summary>The deployment files are valid without a container engine.</summary>
public sealed class DeploymentTests
{
    [Fact]
    public async Task ComposeFile_ValidatedByDockerCompose_IsValid()
    {
        // Debian's docker-compose (installed by .ci/run and scripts/install-tools.sh) checks the file without an engine.
        var (exit, output) = await ShellCommand.RunAsync("docker-compose", ["-f", "docker-compose.yml", "config", "-q"]);

        Assert.True(exit == 0, output);
    }

    [Theory]
    [InlineData("src/Silo/Dockerfile")]
    [InlineData("src/Gateway/Dockerfile")]
    public void Dockerfile_MultiStage_RunsAsNonRoot(string path)
    {
        var lines = File.ReadAllLines(Path.Combine(Repository.Root, path));

        Assert.True(lines.Count(l => l.StartsWith("FROM ", StringComparison.Ordinal)) >= 2, "not multi-stage");
        var lastStage = lines.Reverse().TakeWhile(l => !l.StartsWith("FROM ", StringComparison.Ordinal)).ToArray();
        Assert.Contains(lastStage, l => l.StartsWith("USER $APP_UID", StringComparison.Ordinal));
    }
}
