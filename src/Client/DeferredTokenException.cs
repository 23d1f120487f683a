namespace DeferredOrleans.Client;

/// <summary>
/// The token request ended without a token: <see cref="Error"/> is the OAuth error (<c>access_denied</c>,
/// <c>expired_token</c>, <c>invalid_grant</c>, …, or <c>invalid_response</c> when the server's answer made no sense).
/// </summary>
public sealed class DeferredTokenException : Exception
{
    /// <summary>An OAuth error as the server (or this client, for <c>invalid_response</c>) named it.</summary>
    public DeferredTokenException(string error, string? description)
        : base(description is null ? error : $"{error}: {description}")
    {
        Error = error;
        Description = description;
    }

    /// <summary>The OAuth error code (RFC 6749 §5.2, RFC 8628 §3.5, DTR §6.5.1).</summary>
    public string Error { get; }

    /// <summary>The server's <c>error_description</c>, if any.</summary>
    public string? Description { get; }

    /// <summary>The approver (or the policy) said no: <c>access_denied</c>.</summary>
    public bool IsDenied => Error == OAuthWire.AccessDenied;

    /// <summary>Nobody decided in time: <c>expired_token</c>.</summary>
    public bool IsExpired => Error == OAuthWire.ExpiredToken;
}
