using System.Collections.Immutable;
using DeferredOrleans.Core.Clients;
using DeferredOrleans.Gateway.Registration;
using DeferredOrleans.Gateway.Security;

namespace DeferredOrleans.UnitTests;

/// <summary>
/// Registration metadata (RFC 7591 §2, §3.2.2) as a table: each case changes one member of a valid client
/// credentials registration and names the error kind, or null when it may be stored.
/// </summary>
public sealed class ClientMetadataRulesTests
{
    private static readonly RegistrationLimits Production = new(
        new HashSet<string>(["authorization_code", "client_credentials", "refresh_token"], StringComparer.Ordinal), ["read", "files:*"], Development: false);

    private static readonly ClientMetadata Valid = new() { GrantTypes = ["client_credentials"], Scope = "read" };

    public static TheoryData<string, ClientMetadata, MetadataProblemKind?> Cases() => new()
    {
        { "valid, secret by default", Valid, null },
        { "secret post", Valid with { TokenEndpointAuthMethod = "client_secret_post" }, null },
        { "unknown auth method", Valid with { TokenEndpointAuthMethod = "client_secret_jwt" }, MetadataProblemKind.ClientMetadata },
        { "private_key_jwt with jwks", Valid with { TokenEndpointAuthMethod = "private_key_jwt", JwksKeyTypes = ["EC"] }, null },
        { "private_key_jwt with jwks_uri", Valid with { TokenEndpointAuthMethod = "private_key_jwt", JwksUri = "https://agent.example/jwks" }, null },
        { "private_key_jwt without keys", Valid with { TokenEndpointAuthMethod = "private_key_jwt" }, MetadataProblemKind.ClientMetadata },
        { "private_key_jwt with both key sources", Valid with { TokenEndpointAuthMethod = "private_key_jwt", JwksKeyTypes = ["EC"], JwksUri = "https://agent.example/jwks" }, MetadataProblemKind.ClientMetadata },
        { "private_key_jwt with an oct key", Valid with { TokenEndpointAuthMethod = "private_key_jwt", JwksKeyTypes = ["oct"] }, MetadataProblemKind.ClientMetadata },
        { "private_key_jwt with an empty key set", Valid with { TokenEndpointAuthMethod = "private_key_jwt", JwksKeyTypes = ImmutableArray<string>.Empty }, MetadataProblemKind.ClientMetadata },
        { "secret method with keys", Valid with { JwksKeyTypes = ["EC"] }, MetadataProblemKind.ClientMetadata },
        { "private_key_jwt with a private jwks_uri", Valid with { TokenEndpointAuthMethod = "private_key_jwt", JwksUri = "https://10.0.0.5/jwks" }, MetadataProblemKind.ClientMetadata },
        { "unknown grant type", Valid with { GrantTypes = ["urn:example:grant"] }, MetadataProblemKind.ClientMetadata },
        { "grant the server does not offer for registration", Valid with { GrantTypes = ["urn:ietf:params:oauth:grant-type:token-exchange"] }, MetadataProblemKind.ClientMetadata },
        { "no grant types", Valid with { GrantTypes = ImmutableArray<string>.Empty }, MetadataProblemKind.ClientMetadata },
        { "public client credentials", Valid with { TokenEndpointAuthMethod = "none" }, MetadataProblemKind.ClientMetadata },
        { "scope outside the allowed", Valid with { Scope = "read admin" }, MetadataProblemKind.ClientMetadata },
        { "scope within a pattern", Valid with { Scope = "read files:write" }, null },
        { "wider pattern than allowed", Valid with { Scope = "*" }, MetadataProblemKind.ClientMetadata },
        { "code grant by default, no redirect URI", new ClientMetadata(), MetadataProblemKind.RedirectUri },
        { "code grant with https redirect", new ClientMetadata { RedirectUris = ["https://app.example/cb"] }, null },
        { "code grant, public, https redirect", new ClientMetadata { TokenEndpointAuthMethod = "none", RedirectUris = ["https://app.example/cb"] }, null },
        { "http redirect in production", new ClientMetadata { RedirectUris = ["http://app.example/cb"] }, MetadataProblemKind.RedirectUri },
        { "relative redirect", new ClientMetadata { RedirectUris = ["/cb"] }, MetadataProblemKind.RedirectUri },
        { "redirect with fragment", new ClientMetadata { RedirectUris = ["https://app.example/cb#x"] }, MetadataProblemKind.RedirectUri },
        { "redirect with user info", new ClientMetadata { RedirectUris = ["https://user@app.example/cb"] }, MetadataProblemKind.RedirectUri },
        { "code response type without the code grant", Valid with { ResponseTypes = ["code"] }, MetadataProblemKind.ClientMetadata },
        { "token response type", new ClientMetadata { ResponseTypes = ["token"], RedirectUris = ["https://app.example/cb"] }, MetadataProblemKind.ClientMetadata },
        { "code grant without code response type", new ClientMetadata { ResponseTypes = ImmutableArray<string>.Empty, RedirectUris = ["https://app.example/cb"] }, MetadataProblemKind.ClientMetadata },
        { "http notification endpoint", Valid with { DeferredNotificationEndpoint = "http://agent.example/cb" }, MetadataProblemKind.ClientMetadata },
        { "loopback notification endpoint", Valid with { DeferredNotificationEndpoint = "https://127.0.0.1/cb" }, MetadataProblemKind.ClientMetadata },
        { "https notification endpoint", Valid with { DeferredNotificationEndpoint = "https://agent.example/cb" }, null },
        { "ciba ping without endpoint", Valid with { BackchannelTokenDeliveryMode = "ping" }, MetadataProblemKind.ClientMetadata },
        { "ciba ping with endpoint", Valid with { BackchannelTokenDeliveryMode = "ping", BackchannelClientNotificationEndpoint = "https://agent.example/ping" }, null },
        { "ciba push", Valid with { BackchannelTokenDeliveryMode = "push" }, MetadataProblemKind.ClientMetadata },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Check_InProduction_NamesTheRfc7591ErrorKind(string name, ClientMetadata metadata, MetadataProblemKind? expected)
    {
        var problem = ClientMetadataRules.Check(metadata, Production);

        Assert.True(expected == problem?.Kind, $"{name}: expected {expected?.ToString() ?? "no problem"}, got {problem?.ToString() ?? "none"}");
    }

    [Theory]
    [InlineData("http://localhost:8080/cb", null)]
    [InlineData("http://app.example/cb", null)]
    [InlineData("ftp://app.example/cb", MetadataProblemKind.RedirectUri)]
    public void Check_InDevelopment_AllowsHttpRedirects(string redirect, MetadataProblemKind? expected)
    {
        var problem = ClientMetadataRules.Check(new ClientMetadata { RedirectUris = [redirect] }, Production with { Development = true });

        Assert.Equal(expected, problem?.Kind);
    }

    [Fact]
    public void AuthMethods_EachHasARule_AndTheDefaultIsSecretBasic()
    {
        Assert.Equal(ClientAuthMethods.SecretBasic, new ClientMetadata().EffectiveAuthMethod);
        Assert.Equal(ClientCredentialKind.Secret, ClientAuthMethods.All[ClientAuthMethods.SecretBasic].Credential);
        Assert.Equal(ClientCredentialKind.Keys, ClientAuthMethods.All[ClientAuthMethods.PrivateKeyJwt].Credential);
        Assert.Equal(ClientCredentialKind.None, ClientAuthMethods.All[ClientAuthMethods.None].Credential);
    }

    [Theory]
    [InlineData(false, null, true)]
    [InlineData(true, null, false)]
    [InlineData(true, "pbkdf2-sha256$1000$AAAA$AAAA", false)]
    [InlineData(true, "token", true)]
    public void RegistrationOptions_EnabledWithoutATokenHash_StopsTheServer(bool enabled, string? hash, bool starts)
    {
        var options = new RegistrationOptions { Enabled = enabled, InitialAccessTokenHash = hash == "token" ? SecretHasher.HashToken("t") : hash };

        Assert.Equal(starts, !options.Problems().Any());
    }
}
