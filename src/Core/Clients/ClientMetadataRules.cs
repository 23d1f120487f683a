using DeferredOrleans.Core.Policy;

namespace DeferredOrleans.Core.Clients;

/// <summary>
/// Whether registration metadata may be stored (RFC 7591 §2 and §3.2.2; RFC 7592 §2.2 for updates): each rule names
/// the first problem, or passes. Unknown members were already ignored by the reader, as RFC 7591 §2 asks.
/// </summary>
public static class ClientMetadataRules
{
    private const int MaxRedirectUris = 20;

    private static readonly Func<ClientMetadata, RegistrationLimits, MetadataProblem?>[] Rules =
    [
        AuthMethodIsKnown,
        GrantTypesAreOffered,
        PublicClientsHaveNoClientCredentials,
        ResponseTypesMatchGrantTypes,
        RedirectUrisAreAbsoluteAndSecure,
        ScopesAreAllowed,
        EndpointsAreSafe,
        CibaDeliveryIsSupported,
    ];

    /// <summary>The first problem with <paramref name="metadata"/>, or null when it may be registered.</summary>
    public static MetadataProblem? Check(ClientMetadata metadata, RegistrationLimits limits) =>
        Rules.Select(rule => rule(metadata, limits)).FirstOrDefault(problem => problem is not null);

    /// <summary>RFC 7591 §2: the method must be one this server supports, with the keys that method needs and no others.</summary>
    private static MetadataProblem? AuthMethodIsKnown(ClientMetadata metadata, RegistrationLimits limits) =>
        !ClientAuthMethods.All.TryGetValue(metadata.EffectiveAuthMethod, out var method)
            ? MetadataProblem.Metadata($"token_endpoint_auth_method must be one of {string.Join(", ", ClientAuthMethods.All.Keys.Order(StringComparer.Ordinal))}")
            : method.Problem(metadata) is { } problem ? MetadataProblem.Metadata(problem) : null;

    private static MetadataProblem? GrantTypesAreOffered(ClientMetadata metadata, RegistrationLimits limits) =>
        metadata.EffectiveGrantTypes.IsEmpty ? MetadataProblem.Metadata("grant_types must name at least one grant type")
        : metadata.EffectiveGrantTypes.Any(g => !limits.GrantTypes.Contains(g)) ? MetadataProblem.Metadata("grant_types names a grant type this server does not offer for registration")
        : null;

    private static MetadataProblem? PublicClientsHaveNoClientCredentials(ClientMetadata metadata, RegistrationLimits limits) =>
        OfTheClient(ClientRules.ConfidentialForClientCredentials(metadata.EffectiveAuthMethod == ClientAuthMethods.None, metadata.EffectiveGrantTypes));

    /// <summary>RFC 7591 §2.1: <c>response_types</c> code goes with the authorization_code grant, and only it is offered.</summary>
    private static MetadataProblem? ResponseTypesMatchGrantTypes(ClientMetadata metadata, RegistrationLimits limits)
    {
        var responseTypes = metadata.ResponseTypes ?? (metadata.EffectiveGrantTypes.Contains("authorization_code") ? ["code"] : []);
        return responseTypes.Any(r => r != "code") ? MetadataProblem.Metadata("response_types may only be code")
            : responseTypes.Contains("code") != metadata.EffectiveGrantTypes.Contains("authorization_code")
                ? MetadataProblem.Metadata("response_types code and the authorization_code grant go together (RFC 7591 §2.1)")
            : null;
    }

    /// <summary>
    /// RFC 6749 §3.1.2 and RFC 9700 §2.1: absolute, no fragment, matched exactly; https outside development. A client
    /// of the authorization code grant needs at least one.
    /// </summary>
    private static MetadataProblem? RedirectUrisAreAbsoluteAndSecure(ClientMetadata metadata, RegistrationLimits limits)
    {
        if (metadata.EffectiveGrantTypes.Contains("authorization_code") && metadata.RedirectUris.IsEmpty)
        {
            return MetadataProblem.RedirectUri("the authorization_code grant needs at least one redirect_uris value");
        }

        if (metadata.RedirectUris.Length > MaxRedirectUris)
        {
            return MetadataProblem.RedirectUri($"at most {MaxRedirectUris} redirect_uris");
        }

        foreach (var value in metadata.RedirectUris)
        {
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            {
                return MetadataProblem.RedirectUri("each redirect_uris value must be an absolute URI without fragment or user info");
            }

            if (uri.Scheme != Uri.UriSchemeHttps && !(limits.Development && uri.Scheme == Uri.UriSchemeHttp))
            {
                return MetadataProblem.RedirectUri("each redirect_uris value must use https");
            }
        }

        return null;
    }

    /// <summary>A registered scope value must be covered by what the operator allows registered clients.</summary>
    private static MetadataProblem? ScopesAreAllowed(ClientMetadata metadata, RegistrationLimits limits) =>
        metadata.Scopes.Any(s => !Glob.IsMatchAny(limits.Scopes, s))
            ? MetadataProblem.Metadata("scope names a value this server does not allow registered clients")
            : null;

    private static MetadataProblem? EndpointsAreSafe(ClientMetadata metadata, RegistrationLimits limits) =>
        ClientRules.UnsafeEndpoints(metadata.JwksUri, metadata.DeferredNotificationEndpoint, metadata.BackchannelClientNotificationEndpoint, limits.Development)
            .Select(MetadataProblem.Metadata)
            .FirstOrDefault();

    private static MetadataProblem? CibaDeliveryIsSupported(ClientMetadata metadata, RegistrationLimits limits) =>
        OfTheClient(ClientRules.CibaDeliverySupported(metadata.BackchannelTokenDeliveryMode, metadata.BackchannelClientNotificationEndpoint));

    private static MetadataProblem? OfTheClient(string? problem) => problem is null ? null : MetadataProblem.Metadata($"the client {problem}");
}
