using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeferredOrleans.Core.Json;
using DeferredOrleans.Core.Organization;
using DeferredOrleans.Core.Policy;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.Gateway.Token;

/// <summary>What a token request asks for: scopes, resources and authorization_details, validated.</summary>
public sealed record RequestedAccess(
    ImmutableArray<string> Scopes,
    ImmutableArray<string> Resources,
    string? AuthorizationDetails,
    ImmutableArray<string> AuthorizationDetailTypes)
{
    private const int MaxResources = 10;

    public static (RequestedAccess? Access, OAuthError? Error) Parse(OAuthRequest request, ClientRegistration client, OrganizationDirectory directory)
    {
        var scopes = ParseScopes(request[OAuthParameters.Scope]);
        if (scopes is null)
        {
            return (null, new OAuthError(OAuthErrors.InvalidScope, "the scope parameter is malformed"));
        }

        // RFC 6749 §3.3: without a scope the client's default scopes apply.
        if (scopes.Value.IsEmpty)
        {
            scopes = [.. client.DefaultScopes];
        }

        if (!scopes.Value.All(s => Glob.IsMatchAny(client.Scopes, s)))
        {
            return (null, new OAuthError(OAuthErrors.InvalidScope, "a requested scope is not allowed for this client"));
        }

        var resources = request.All(OAuthParameters.Resource).Distinct(StringComparer.Ordinal).ToImmutableArray();
        if (resources.Length > MaxResources || !resources.All(r => IsResource(r, directory)))
        {
            return (null, new OAuthError(OAuthErrors.InvalidTarget, "a requested resource is not valid"));
        }

        var (details, types) = ParseAuthorizationDetails(request[OAuthParameters.AuthorizationDetails]);
        if (request.Has(OAuthParameters.AuthorizationDetails) && details is null)
        {
            return (null, new OAuthError(OAuthErrors.InvalidAuthorizationDetails, "authorization_details must be a JSON array of objects with a type"));
        }

        return (new RequestedAccess(scopes.Value, resources, details, types), null);
    }

    /// <summary>RFC 6749 §3.3: space-delimited scope-tokens of NQCHAR (%x21 / %x23-5B / %x5D-7E).</summary>
    private static ImmutableArray<string>? ParseScopes(string? scope)
    {
        if (scope is null)
        {
            return [];
        }

        var tokens = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return tokens.All(t => t.All(c => c is '\x21' or (>= '\x23' and <= '\x5B') or (>= '\x5D' and <= '\x7E')))
            ? [.. tokens.Distinct(StringComparer.Ordinal)]
            : null;
    }

    /// <summary>RFC 8707 §2: an absolute URI without a fragment; or a resource the directory knows by name.</summary>
    public static bool IsResource(string resource, OrganizationDirectory directory) =>
        directory.OwnerOf(resource) is not null ||
        (Uri.TryCreate(resource, UriKind.Absolute, out var uri) && string.IsNullOrEmpty(uri.Fragment) && !resource.Contains('#', StringComparison.Ordinal));

    /// <summary>RFC 9396 §2: a JSON array of objects, each with a string <c>type</c>.</summary>
    private static (string? Json, ImmutableArray<string> Types) ParseAuthorizationDetails(string? value)
    {
        if (value is null)
        {
            return (null, []);
        }

        try
        {
            if (StrictJson.ParseNode(value) is not JsonArray array || array.Count == 0)
            {
                return (null, []);
            }

            var types = ImmutableArray.CreateBuilder<string>();
            foreach (var item in array)
            {
                if (item is not JsonObject detail || detail["type"] is not JsonValue type || !type.TryGetValue<string>(out var name) || name.Length == 0)
                {
                    return (null, []);
                }

                types.Add(name);
            }

            return (array.ToJsonString(), types.ToImmutable());
        }
        catch (JsonException)
        {
            return (null, []);
        }
    }
}
