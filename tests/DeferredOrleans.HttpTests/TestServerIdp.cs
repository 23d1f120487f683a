namespace DeferredOrleans.HttpTests;

/// <summary>The external issuer https://idp.example that testserver.json trusts (key <c>idp-1</c>).</summary>
internal static class TestServerIdp
{
    public static readonly TrustedIdp Idp = new(
        "https://idp.example",
        "idp-1",
        "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgVhvcAxk9w2P9L3ujBb8KnhyKhZzMhUtCfsM63voKz/GhRANCAARO7eAd5xIiW5+984dMeXSZ4+3gU00C951WiciZtfmDiIEcmbq5CtgiO8JT7UkXe3IlyOYIj2+3RLbrR9H0ymzi");

    /// <summary>A token from the IdP about a user, for this server (<c>aud</c> http://localhost), issued at <paramref name="now"/> (a test's fake clock).</summary>
    public static string UserToken(string subject, DateTimeOffset now, TimeSpan lifetime, Dictionary<string, object>? extra = null) =>
        Idp.Token(subject, "http://localhost", now, lifetime, extra);
}
