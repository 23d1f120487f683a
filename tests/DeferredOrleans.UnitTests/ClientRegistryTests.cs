using DeferredOrleans.Abstractions.Organization;
using DeferredOrleans.Core;
using DeferredOrleans.Core.Notifications;
using DeferredOrleans.Core.Organization;
using DeferredOrleans.Gateway.Clients;

namespace DeferredOrleans.UnitTests;

/// <summary>
/// A <c>private_key_jwt</c> client's <c>jwks_uri</c> is checked like a callback when the clients are registered
/// (RFC 7591 §2 names it; DTR §11.5 on server-side request forgery): https on a public address, unless
/// <c>Callbacks:AllowPrivateTargets</c> says this is development. A name that resolves to a private address is
/// refused at connect time instead (the interop tests show it).
/// </summary>
public sealed class ClientRegistryTests
{
    [Theory]
    [InlineData("https://10.0.0.7/jwks", false, "must not be a private, loopback or link-local address")]
    [InlineData("https://192.168.1.20:8443/jwks", false, "must not be a private, loopback or link-local address")]
    [InlineData("https://169.254.169.254/latest/meta-data", false, "must not be a private, loopback or link-local address")]
    [InlineData("https://127.0.0.1/jwks", false, "must not be a private, loopback or link-local address")]
    [InlineData("https://localhost/jwks", false, "must not be a private, loopback or link-local address")]
    [InlineData("https://[fd00::7]/jwks", false, "must not be a private, loopback or link-local address")]
    [InlineData("https://[::ffff:10.0.0.7]/jwks", false, "must not be a private, loopback or link-local address")]
    [InlineData("http://keys.example.com/jwks", false, "must use https")]
    [InlineData("https://keys.example.com/jwks", false, null)]
    [InlineData("https://10.0.0.7/jwks", true, null)]
    [InlineData("http://127.0.0.1:8080/jwks", true, null)]
    public void ClientRegistry_JwksUri_IsRefusedAtAPrivateAddressOutsideDevelopment(string jwksUri, bool allowPrivateTargets, string? problem)
    {
        var client = new ClientRegistration
        {
            ClientId = "fleet-agent", TokenEndpointAuthMethod = ClientAuthenticator.PrivateKeyJwt, JwksUri = jwksUri, GrantTypes = ["client_credentials"],
        };

        var refusal = Record.Exception(() => new ClientRegistry([client], OrganizationDirectory.From(new DirectoryOptions()), new CallbackOptions { AllowPrivateTargets = allowPrivateTargets }));

        if (problem is null)
        {
            Assert.Null(refusal);
        }
        else
        {
            Assert.IsType<ConfigurationProblemException>(refusal);
            Assert.Contains($"invalid_client_metadata: client 'fleet-agent' jwks_uri {problem}", refusal.Message, StringComparison.Ordinal);
        }
    }
}
