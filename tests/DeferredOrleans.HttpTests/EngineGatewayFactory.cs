using Microsoft.AspNetCore.Hosting;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// The gateway with the approval engine's organization (engine.json) and its policy in a file of its own
/// (engine-policy.json, copied so a test may edit it and watch the server reload it).
/// </summary>
public sealed class EngineGatewayFactory : GatewayFactory
{
    public string PolicyFile { get; } = Path.Combine(Path.GetTempPath(), $"deferred-orleans-policy-{Guid.NewGuid():N}.json");

    protected override void UseServerConfiguration(IWebHostBuilder builder)
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "engine-policy.json"), PolicyFile, overwrite: true);
        builder.UseSetting("DeferredOrleans:Demo", "false");
        builder.UseSetting("DeferredOrleans:ConfigFile", Path.Combine(AppContext.BaseDirectory, "engine.json"));
        builder.UseSetting("DeferredOrleans:PolicyFile", PolicyFile);
        builder.UseSetting("DeferredOrleans:PolicyRefreshInterval", "00:00:00.200");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        File.Delete(PolicyFile);
    }
}
