namespace DeferredOrleans.Gateway.OAuth;

/// <summary>
/// DTR-OIDF <c>deferred_code</c>s are authorization codes with a prefix (draft 00 §6 applies the authorization code's
/// security considerations to them): the prefix keeps a deferred code out of the authorization code grant and an
/// authorization code out of the deferred code exchange, while both share one store, one PKCE check and single use.
/// The characters stay within draft 00 §5.4's <c>A-Z a-z 0-9 . - _</c>.
/// </summary>
public static class DeferredCodes
{
    private const string Prefix = "dc.";

    public static string FromAuthorizationCode(string code) => Prefix + code;

    /// <summary>The authorization code inside a deferred code, or null when it is not one.</summary>
    public static string? AuthorizationCode(string deferredCode) =>
        deferredCode.StartsWith(Prefix, StringComparison.Ordinal) && deferredCode.Length > Prefix.Length ? deferredCode[Prefix.Length..] : null;
}
