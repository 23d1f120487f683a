namespace DeferredOrleans.HttpTests;

/// <summary>The tests that share one gateway of the approval engine's organization (engine.json).</summary>
[CollectionDefinition(Name)]
public sealed class EngineGatewayCollection : ICollectionFixture<EngineGatewayFactory>
{
    public const string Name = "engine gateway";
}
