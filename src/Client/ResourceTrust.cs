namespace DeferredOrleans.Client;

/// <summary>
/// The handler's trust rules as pure functions: which requests a resource's token may go to, which authorization
/// server may issue it, and which audience to ask for.
/// </summary>
public static class ResourceTrust
{
    /// <summary>
    /// RFC 9728 §3.3 and §7.3: a token for <paramref name="resource"/> goes only to URLs it names: the same scheme,
    /// host and port, and a path at or below the resource's path (on a segment boundary).
    /// </summary>
    public static bool Names(Uri resource, Uri request)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(request);
        if (Uri.Compare(resource, request, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            return false;
        }

        var prefix = resource.AbsolutePath.TrimEnd('/');
        var path = request.AbsolutePath;
        return prefix.Length == 0 || path == prefix || path.StartsWith(prefix + "/", StringComparison.Ordinal);
    }

    /// <summary>
    /// An absolute http(s) URL, or null. <see cref="Uri.TryCreate(string?, UriKind, out Uri?)"/> alone would take
    /// <c>/path</c> as a <c>file:</c> URI on Unix.
    /// </summary>
    public static Uri? WebAddress(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri : null;

    /// <summary>https always; http only where the caller allows it (development).</summary>
    public static bool IsAllowedScheme(Uri uri, bool allowHttp)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.Scheme == Uri.UriSchemeHttps || (allowHttp && uri.Scheme == Uri.UriSchemeHttp);
    }

    /// <summary>The first authorization server the resource names that the caller trusts (issuers compared exactly).</summary>
    public static Uri? ChooseAuthorizationServer(ProtectedResourceMetadata metadata, IEnumerable<Uri> trusted)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var trustedIssuers = trusted.Select(t => t.OriginalString.TrimEnd('/')).ToHashSet(StringComparer.Ordinal);
        return metadata.AuthorizationServers.FirstOrDefault(a => trustedIssuers.Contains(a.OriginalString.TrimEnd('/')));
    }

    /// <summary>
    /// RFC 8707: the resource indicator to request. The resource's own URL, unless its metadata names another
    /// audience (<c>token_audience</c>) and its origin is one the caller trusts with that; otherwise null: a
    /// resource server must not get a token meant for someone else by naming them.
    /// </summary>
    public static string? Audience(ProtectedResourceMetadata metadata, IEnumerable<Uri> trustedResourceServers)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.TokenAudience is null || metadata.TokenAudience == metadata.Resource.OriginalString)
        {
            return metadata.Resource.OriginalString;
        }

        return trustedResourceServers.Any(t => Uri.Compare(t, metadata.Resource, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
            ? metadata.TokenAudience
            : null;
    }
}
