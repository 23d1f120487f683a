namespace DeferredOrleans.HttpTests;

/// <summary>The tests that share one gateway whose clients tell the subject of a decision, by email.</summary>
[CollectionDefinition(Name)]
public sealed class SubjectNotificationCollection : ICollectionFixture<SubjectNotificationGatewayFactory>
{
    public const string Name = "subject notification gateway";
}
