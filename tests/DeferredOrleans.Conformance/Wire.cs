using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DeferredOrleans.Conformance;

/// <summary>
/// What every answer of the token endpoint must look like on the wire (RFC 6749 §5.1/§5.2;
/// draft-ietf-oauth-deferred-token-response-01 §6.6).
/// </summary>
public static partial class Wire
{
    /// <summary>"400 X": HTTP 400 (401 for invalid_client), JSON <c>{"error":"X"}</c>, <c>Cache-Control: no-store</c>.</summary>
    public static void AssertError(Reply reply, string error)
    {
        Assert.True(error == reply.Error, $"expected {error}, got {reply}");
        Assert.Equal(error == "invalid_client" ? HttpStatusCode.Unauthorized : HttpStatusCode.BadRequest, reply.Status);
        AssertHygiene(reply);
    }

    /// <summary>A successful token response: 200, an access token, no-store and no-cache (RFC 6749 §5.1).</summary>
    public static void AssertToken(Reply reply)
    {
        Assert.True(reply.Status == HttpStatusCode.OK && reply.Has("access_token"), $"expected a token, got {reply}");
        Assert.Equal("no-store", reply.CacheControl);
        Assert.Equal("no-cache", reply.Response.Headers.Pragma.ToString());
        Assert.Null(reply.Response.Headers.Location);
    }

    /// <summary>The claims of the access token in a successful token response.</summary>
    public static JsonElement AccessTokenClaims(Reply token)
    {
        AssertToken(token);
        return Jwt.Payload(token.String("access_token")!);
    }

    /// <summary>
    /// Checks 60-62 on one answer: JSON, <c>Cache-Control: no-store</c>, no <c>Location</c>, and an error_description
    /// (if any) within %x20-21 / %x23-5B / %x5D-7E that names no approver.
    /// </summary>
    public static void AssertHygiene(Reply reply)
    {
        Assert.StartsWith("application/json", reply.Response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.True(reply.CacheControl == "no-store", $"Cache-Control is '{reply.CacheControl}' on {reply}");
        Assert.True(reply.Response.Headers.Location is null, $"a Location header on {reply}");
        if (reply.Description is { } description)
        {
            Assert.Matches(DescriptionCharacters(), description);
            Assert.DoesNotContain(Credentials.ApproverNames, name => description.Contains(name, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>RFC 6749 §5.2: error_description characters.</summary>
    [GeneratedRegex("^[\\x20-\\x21\\x23-\\x5B\\x5D-\\x7E]*$")]
    public static partial Regex DescriptionCharacters();

    /// <summary>CIBA §7.3 / DTR: codes of base64url characters (and '.'), at least 128 bits.</summary>
    [GeneratedRegex("^[A-Za-z0-9._-]{22,}$")]
    public static partial Regex CodeShape();
}
