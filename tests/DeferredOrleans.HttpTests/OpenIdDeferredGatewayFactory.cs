using Microsoft.AspNetCore.Hosting;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// The conformance configuration with client "web" registered for OpenID Connect Deferred Token Response Flow 1.0
/// (its grant type) and its <c>deferred_client_notification_endpoint</c> at the factory's callback receiver, and the
/// public client "p-web" registered for the flow too.
/// </summary>
public sealed class OpenIdDeferredGatewayFactory : GatewayFactory
{
    private static readonly int WebClientIndex = ClientIndex("web");
    private static readonly int PublicWebClientIndex = ClientIndex("p-web");
    private static readonly int NotRegisteredClientIndex = ClientIndex("cb");

    protected override void UseServerConfiguration(IWebHostBuilder builder)
    {
        base.UseServerConfiguration(builder);
        builder.UseSetting($"DeferredOrleans:Clients:{WebClientIndex}:GrantTypes:2", "urn:openid:params:grant-type:deferred");
        builder.UseSetting($"DeferredOrleans:Clients:{WebClientIndex}:DeferredNotificationEndpoint", Callbacks.Endpoint);
        builder.UseSetting($"DeferredOrleans:Clients:{PublicWebClientIndex}:GrantTypes:2", "urn:openid:params:grant-type:deferred");

        // "cb" gets a redirect URI but not the flow: a client that may not use response_type=deferred_code.
        builder.UseSetting($"DeferredOrleans:Clients:{NotRegisteredClientIndex}:RedirectUris:0", "http://localhost/cb");
    }
}
