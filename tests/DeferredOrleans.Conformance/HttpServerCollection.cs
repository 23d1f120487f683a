namespace DeferredOrleans.Conformance;

/// <summary>The checks that share the conformance server on plain http.</summary>
[CollectionDefinition(Name)]
public sealed class HttpServerCollection : ICollectionFixture<HttpConformanceServer>
{
    public const string Name = "conformance server (http)";
}
