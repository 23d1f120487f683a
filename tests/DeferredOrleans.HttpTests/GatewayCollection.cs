namespace DeferredOrleans.HttpTests;

/// <summary>The tests that share one gateway of testserver.json, with its callback receiver.</summary>
[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFactory>
{
    public const string Name = "gateway";
}
