namespace DeferredOrleans.Conformance;

/// <summary>The checks that share the conformance server on https.</summary>
[CollectionDefinition(Name)]
public sealed class HttpsServerCollection : ICollectionFixture<HttpsConformanceServer>
{
    public const string Name = "conformance server (https)";
}
