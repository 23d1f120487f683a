using Microsoft.AspNetCore.Hosting;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// The conformance configuration with client "web" registered for OpenID Connect Deferred Token Response Flow 1.0
/// (its grant type) and its <c>deferred_client_notification_endpoint</c> at the factory's callback receiver.
/// </summary>
public sealed class OpenIdDeferredGatewayFactory : GatewayFactory
{
    /// <summary>Position of client "web" in testserver.json's client list.</summary>
    private const int WebClientIndex = 8;

    protected override void UseServerConfiguration(IWebHostBuilder builder)
    {
        base.UseServerConfiguration(builder);
        builder.UseSetting($"DeferredOrleans:Clients:{WebClientIndex}:GrantTypes:2", "urn:openid:params:grant-type:deferred");
        builder.UseSetting($"DeferredOrleans:Clients:{WebClientIndex}:DeferredNotificationEndpoint", Callbacks.Endpoint);
    }
}
