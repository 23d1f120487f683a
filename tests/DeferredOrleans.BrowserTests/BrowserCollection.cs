namespace DeferredOrleans.BrowserTests;

/// <summary>The tests that share one gateway process and one browser.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<InboxServer>
{
    public const string Name = "browser";
}
