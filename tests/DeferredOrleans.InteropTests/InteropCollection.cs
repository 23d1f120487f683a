namespace DeferredOrleans.InteropTests;

/// <summary>Every interop test shares one server process and runs one at a time, so the clients' timings stay honest.</summary>
[CollectionDefinition(Name)]
public sealed class InteropCollection : ICollectionFixture<InteropServer>
{
    public const string Name = "Interop server";
}
