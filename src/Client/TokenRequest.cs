namespace DeferredOrleans.Client;

/// <summary>
/// A token request of any grant: the grant type and its parameters (never the client's credentials, which the
/// client adds). <c>completion_mode=deferred</c> is added unless <see cref="OptInToDeferral"/> is false.
/// </summary>
public sealed record TokenRequest(string GrantType, IReadOnlyList<KeyValuePair<string, string>> Parameters)
{
    /// <summary>DTR "Client Opt-In Signaling": ask the server to defer rather than refuse what needs approval.</summary>
    public bool OptInToDeferral { get; init; } = true;

    /// <summary>RFC 6749 §4.4, with RFC 8707 resource indicators.</summary>
    public static TokenRequest ClientCredentials(string? scope, params IEnumerable<string> resources) =>
        new(OAuthWire.ClientCredentialsGrant, [.. Scoped(scope, resources)]);

    /// <summary>RFC 8693 §2.1: exchange a user's access token for one for the named resources.</summary>
    public static TokenRequest TokenExchange(string subjectToken, string? scope, params IEnumerable<string> resources) =>
        new(OAuthWire.TokenExchangeGrant,
        [
            new(OAuthWire.SubjectToken, subjectToken),
            new(OAuthWire.SubjectTokenType, OAuthWire.AccessTokenType),
            .. Scoped(scope, resources),
        ]);

    private static IEnumerable<KeyValuePair<string, string>> Scoped(string? scope, IEnumerable<string> resources)
    {
        if (!string.IsNullOrWhiteSpace(scope))
        {
            yield return new(OAuthWire.Scope, scope);
        }

        foreach (var resource in resources)
        {
            yield return new(OAuthWire.Resource, resource);
        }
    }
}
