namespace DeferredOrleans.HttpTests;

/// <summary>The tests that share one gateway of the web inbox's organization (inbox.json).</summary>
[CollectionDefinition(Name)]
public sealed class InboxGatewayCollection : ICollectionFixture<InboxGatewayFactory>
{
    public const string Name = "inbox gateway";
}
