namespace DeferredOrleans.HttpTests;

/// <summary>The tests that share one gateway wired to the external systems of <see cref="ConnectorGatewayFactory"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ConnectorCollection : ICollectionFixture<ConnectorGatewayFactory>
{
    public const string Name = "connectors";
}
