using Microsoft.AspNetCore.Hosting;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// The gateway of testserver.json for the hostile-request fuzz: its rate limits are high (testserver.json), so the
/// limiter never hides the endpoints' own handling; "approver" also holds the admin role, so one valid credential
/// reaches every approval and admin endpoint; only errors are logged, as the fuzz makes many expected warnings.
/// </summary>
public sealed class FuzzGatewayFactory : GatewayFactory
{
    /// <summary>Position of "approver" in testserver.json's user list.</summary>
    private const int ApproverIndex = 0;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting($"DeferredOrleans:Directory:Users:{ApproverIndex}:Roles:0", "admin");
        builder.UseSetting("Logging:LogLevel:Default", "Error");
    }
}

[CollectionDefinition(Name)]
public sealed class FuzzCollection : ICollectionFixture<FuzzGatewayFactory>
{
    public const string Name = "fuzz";
}
