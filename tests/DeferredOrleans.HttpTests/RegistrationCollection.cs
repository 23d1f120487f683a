namespace DeferredOrleans.HttpTests;

/// <summary>The tests that share one gateway with dynamic registration and the client admin API.</summary>
[CollectionDefinition(Name)]
public sealed class RegistrationCollection : ICollectionFixture<RegistrationGatewayFactory>
{
    public const string Name = "registration";
}
