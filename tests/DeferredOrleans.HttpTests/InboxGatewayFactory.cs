using Microsoft.AspNetCore.Hosting;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// The gateway with the web inbox's test organization (tests/Shared/inbox.json: hostile client names, an agent acting
/// for an assistant acting for alice, payments, a quorum of admins) and a small bulk limit.
/// </summary>
public sealed class InboxGatewayFactory : GatewayFactory
{
    public const int MaxBulk = 5;

    protected override void UseServerConfiguration(IWebHostBuilder builder)
    {
        builder.UseSetting("DeferredOrleans:Demo", "false");
        builder.UseSetting("DeferredOrleans:ConfigFile", Path.Combine(AppContext.BaseDirectory, "inbox.json"));
        builder.UseSetting("DeferredOrleans:Approvals:MaxBulk", MaxBulk.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
