using DeferredOrleans.Abstractions.Organization;
using DeferredOrleans.Core.Organization;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.OAuth;
using DeferredOrleans.Gateway.Security;
using DeferredOrleans.Gateway.Token;
using Microsoft.Extensions.Primitives;

namespace DeferredOrleans.UnitTests;

public sealed class GatewayRulesTests
{
    private static readonly OrganizationDirectory Directory = OrganizationDirectory.From(new DirectoryOptions
    {
        Users = [new DirectoryUser { Id = "alice" }],
        Resources = [new ResourceOwnership { Pattern = "doc-789", Owner = "alice" }],
    });

    private static readonly ClientRegistration Client = new() { ClientId = "agent", Scopes = ["docs:*", "doc:write"], DefaultScopes = ["docs:read"] };

    [Fact]
    public void SecretHasher_Password_VerifiesOnlyTheSecret()
    {
        var hash = SecretHasher.HashPassword("s3cret", iterations: 1000);

        Assert.StartsWith("pbkdf2-sha256$1000$", hash, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", hash, StringComparison.Ordinal);
        Assert.True(SecretHasher.Verify("s3cret", hash));
        Assert.False(SecretHasher.Verify("s3cret ", hash));
        Assert.NotEqual(hash, SecretHasher.HashPassword("s3cret", iterations: 1000));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-text")]
    [InlineData("pbkdf2-sha256$0$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$1000$!!!$AAAA")]
    [InlineData("md5$abc")]
    public void SecretHasher_MalformedHash_NeverVerifies(string stored)
    {
        Assert.False(SecretHasher.IsValid(stored));
        Assert.False(SecretHasher.Verify("anything", stored));
    }

    [Fact]
    public void SecretVerifier_RemembersOnlyTheRightSecret()
    {
        var verifier = new SecretVerifier();
        var hash = SecretHasher.HashPassword("right", iterations: 1000);

        Assert.True(verifier.Verify("right", hash));
        Assert.True(verifier.Verify("right", hash));
        Assert.False(verifier.Verify("wrong", hash));
    }

    [Fact]
    public void DeferralCodes_AreLongUrlSafeAndUnique()
    {
        var codes = Enumerable.Range(0, 1000).Select(_ => DeferralCodes.New()).ToList();

        Assert.All(codes, c => Assert.Matches("^[A-Za-z0-9_-]{43}$", c));
        Assert.Equal(1000, codes.Distinct().Count());
        Assert.All(codes, c => Assert.True(DeferralCodes.TryGetId(c, out var id) && DeferralCodes.IsId(id) && id != c));
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.")]
    public void DeferralCodes_Malformed_HasNoId(string code) => Assert.False(DeferralCodes.TryGetId(code, out _));

    [Fact]
    public void OAuthRequest_RepeatedParameter_IsRejected()
    {
        var (_, error) = OAuthRequest.From([new("scope", new StringValues(["a", "b"]))]);

        Assert.Equal(OAuthErrors.InvalidRequest, error?.Error);
    }

    [Fact]
    public void OAuthRequest_RepeatedResourceAndEmptyValues_AreAllowed()
    {
        var (request, error) = OAuthRequest.From([new("resource", new StringValues(["a", "b"])), new("scope", new StringValues([""]))]);

        Assert.Null(error);
        Assert.Equal(["a", "b"], request!.All("resource"));
        Assert.False(request.Has("scope"));
    }

    public static TheoryData<string, string?, string[], string?, string?> Accesses() => new()
    {
        { "default scopes", null, [], null, null },
        { "allowed wildcard scope", "docs:list", [], null, null },
        { "scope the client may not ask for", "admin:users", [], null, OAuthErrors.InvalidScope },
        { "scope with a forbidden character", "doc\"s", [], null, OAuthErrors.InvalidScope },
        { "known resource name", "doc:write", ["doc-789"], null, null },
        { "absolute resource URI", "doc:write", ["https://api.example/docs"], null, null },
        { "unknown relative resource", "doc:write", ["doc-1"], null, OAuthErrors.InvalidTarget },
        { "resource with a fragment", "doc:write", ["https://api.example/docs#x"], null, OAuthErrors.InvalidTarget },
        { "authorization_details array", "docs:read", [], """[{"type":"payment","amount":5}]""", null },
        { "authorization_details object", "docs:read", [], """{"type":"payment"}""", OAuthErrors.InvalidAuthorizationDetails },
        { "authorization_details without type", "docs:read", [], """[{"amount":5}]""", OAuthErrors.InvalidAuthorizationDetails },
        { "authorization_details not JSON", "docs:read", [], "[{", OAuthErrors.InvalidAuthorizationDetails },
    };

    [Theory]
    [MemberData(nameof(Accesses))]
    public void RequestedAccess_Parse_ValidatesWhatIsAskedFor(string because, string? scope, string[] resources, string? details, string? expectedError)
    {
        var form = new List<KeyValuePair<string, StringValues>> { new("resource", new StringValues(resources)) };
        if (scope is not null)
        {
            form.Add(new("scope", scope));
        }

        if (details is not null)
        {
            form.Add(new("authorization_details", details));
        }

        var (access, error) = RequestedAccess.Parse(OAuthRequest.From(form).Request!, Client, Directory);

        Assert.True(expectedError == error?.Error, $"{because}: expected {expectedError ?? "success"}, got {error?.Error ?? "success"}");
        Assert.Equal(expectedError is null, access is not null);
    }

    [Fact]
    public void RequestedAccess_NoScope_UsesTheClientsDefaults()
    {
        var (access, _) = RequestedAccess.Parse(OAuthRequest.Empty, Client, Directory);

        Assert.Equal<string>(["docs:read"], access!.Scopes);
    }

    [Theory]
    [InlineData("deferred", true)]
    [InlineData("deferred foo", true)]
    [InlineData("foo  deferred", true)]
    [InlineData("foo", false)]
    [InlineData("deferredx", false)]
    public void CompletionMode_ListContainingDeferred_AllowsDeferral(string value, bool expected)
    {
        var (request, _) = OAuthRequest.From([new("completion_mode", value)]);

        Assert.Equal(expected, CompletionMode.AllowsDeferral(request!));
    }
}
