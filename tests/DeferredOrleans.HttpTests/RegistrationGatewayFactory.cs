using DeferredOrleans.Gateway.Security;
using Microsoft.AspNetCore.Hosting;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// The gateway of testserver.json with dynamic client registration enabled (RFC 7591, initial access token
/// <see cref="InitialAccessToken"/>, scopes <c>read</c> and <c>approve:*</c>), user "approver" an admin, and a
/// client cache of <see cref="CacheLifetime"/> on the fake clock.
/// </summary>
public sealed class RegistrationGatewayFactory : GatewayFactory
{
    public const string InitialAccessToken = "initial-access-token-for-tests";
    public const string Admin = "approver";
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(5);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("DeferredOrleans:Registration:Enabled", "true");
        builder.UseSetting("DeferredOrleans:Registration:InitialAccessTokenHash", SecretHasher.HashToken(InitialAccessToken));
        builder.UseSetting("DeferredOrleans:Registration:Scopes:0", "read");
        builder.UseSetting("DeferredOrleans:Registration:Scopes:1", "approve:*");
        builder.UseSetting("DeferredOrleans:ClientCache:Lifetime", CacheLifetime.ToString());
        builder.UseSetting("DeferredOrleans:Directory:Users:0:Roles:0", "admin");
    }
}
