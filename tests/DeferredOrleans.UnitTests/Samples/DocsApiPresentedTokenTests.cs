extern alias docsapi;

using System.Security.Claims;
using docsapi::DeferredOrleans.Samples.DocsApi;

namespace DeferredOrleans.UnitTests.Samples;

/// <summary>
/// How the sample resource server reads a token's <c>cnf</c> (RFC 7800 §3.1): a certificate thumbprint alone (RFC 8705
/// §3.1) is checked against the connection; a DPoP key, or anything it does not know, makes the token unusable as Bearer.
/// </summary>
public sealed class DocsApiPresentedTokenTests
{
    [Theory]
    [InlineData(null, false, null)]
    [InlineData("""{"x5t#S256":"bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2"}""", false, "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2")]
    [InlineData("""{"jkt":"0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"}""", true, null)]
    [InlineData("""{"jkt":"0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I","x5t#S256":"bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2"}""", true, "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2")]
    [InlineData("""{"kid":"a key this server cannot check"}""", true, null)]
    [InlineData("not json", true, null)]
    public void From_Confirmation_SaysWhatTheTokenIsBoundTo(string? cnf, bool senderConstrained, string? thumbprint)
    {
        var claims = new List<Claim> { new("scope", "docs:read"), new("aud", "https://docs.example") };
        if (cnf is not null)
        {
            claims.Add(new Claim("cnf", cnf, "JSON"));
        }

        var token = PresentedToken.From(new ClaimsPrincipal(new ClaimsIdentity(claims, "test")));

        Assert.Equal((senderConstrained, thumbprint), (token.SenderConstrained, token.CertificateThumbprint));
    }
}
