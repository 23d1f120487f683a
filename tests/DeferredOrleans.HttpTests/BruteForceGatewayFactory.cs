using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// The gateway of testserver.json with tight brute-force limits (30 requests per address, then one a second; a
/// lockout after 5 failures for a minute, then longer; one PBKDF2 at a time and none waiting), where a test names the client address it sends from in
/// <see cref="AddressHeader"/>, since the in-memory server has none.
/// </summary>
public sealed class BruteForceGatewayFactory : GatewayFactory
{
    public const string AddressHeader = "X-Test-Client-Address";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("DeferredOrleans:BruteForce:PerIp:Burst", "30");
        builder.UseSetting("DeferredOrleans:BruteForce:PerIp:PerSecond", "1");
        builder.UseSetting("DeferredOrleans:BruteForce:PerAccount:Burst", "1000");
        builder.UseSetting("DeferredOrleans:BruteForce:PerAccount:PerSecond", "1000");
        builder.UseSetting("DeferredOrleans:BruteForce:MaxLoginFailures", "5");
        builder.UseSetting("DeferredOrleans:BruteForce:WaitIncrement", "00:01:00");
        builder.UseSetting("DeferredOrleans:BruteForce:MaxWait", "00:15:00");
        builder.UseSetting("DeferredOrleans:BruteForce:MaxConcurrentHashes", "1");
        builder.UseSetting("DeferredOrleans:BruteForce:HashQueueLimit", "0");
        builder.ConfigureTestServices(services => services.AddTransient<IStartupFilter, ClientAddressFromHeader>());
    }

    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[AddressHeader].ToString(), out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

[CollectionDefinition(Name)]
public sealed class BruteForceCollection : ICollectionFixture<BruteForceGatewayFactory>
{
    public const string Name = "brute force";
}
