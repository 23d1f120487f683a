namespace DeferredOrleans.HttpTests;

/// <summary>The tests that share one gateway of the README's demo configuration.</summary>
[CollectionDefinition(Name)]
public sealed class DemoGatewayCollection : ICollectionFixture<DemoGatewayFactory>
{
    public const string Name = "demo gateway";
}
