namespace DeferredOrleans.HttpTests;

/// <summary>The tests that share one gateway with a client registered for the OpenID deferred flow.</summary>
[CollectionDefinition(Name)]
public sealed class OpenIdDeferredCollection : ICollectionFixture<OpenIdDeferredGatewayFactory>
{
    public const string Name = "openid deferred gateway";
}
