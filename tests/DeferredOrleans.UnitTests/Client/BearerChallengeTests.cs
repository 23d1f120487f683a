using System.Net;
using System.Net.Http.Headers;
using DeferredOrleans.Client;

namespace DeferredOrleans.UnitTests.Client;

public sealed class BearerChallengeTests
{
    [Fact]
    public void From_InsufficientScopeWithResourceMetadata_ReadsEveryParameter()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Forbidden);
        response.Headers.WwwAuthenticate.ParseAdd(
            "Bearer error=\"insufficient_scope\", error_description=\"writing needs \\\"doc:write\\\"\", scope=\"doc:write\", resource_metadata=\"https://docs.example/.well-known/oauth-protected-resource/docs/doc-789\"");

        var challenge = BearerChallenge.From(response);

        Assert.Equal(
            new BearerChallenge("Bearer", "insufficient_scope", "writing needs \"doc:write\"", "doc:write", new Uri("https://docs.example/.well-known/oauth-protected-resource/docs/doc-789")),
            challenge);
    }

    [Fact]
    public void From_BasicThenBearer_PicksTheBearerChallenge()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ParseAdd("Basic realm=\"x\"");
        response.Headers.WwwAuthenticate.ParseAdd("Bearer resource_metadata=\"https://docs.example/.well-known/oauth-protected-resource\"");

        var challenge = BearerChallenge.From(response);

        Assert.Equal(new Uri("https://docs.example/.well-known/oauth-protected-resource"), challenge?.ResourceMetadata);
        Assert.Null(challenge?.Error);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "Bearer error=\"invalid_request\"")]
    [InlineData(HttpStatusCode.Unauthorized, "Basic realm=\"approvals\"")]
    [InlineData(HttpStatusCode.OK, "Bearer")]
    public void From_NotABearerChallengeOf401Or403_IsNull(HttpStatusCode status, string header)
    {
        using var response = new HttpResponseMessage(status);
        response.Headers.WwwAuthenticate.ParseAdd(header);

        Assert.Null(BearerChallenge.From(response));
    }

    [Fact]
    public void Parse_TokenValuesAndRelativeMetadata_KeepsTokensAndDropsTheRelativeUri()
    {
        var challenge = BearerChallenge.Parse(new AuthenticationHeaderValue("DPoP", "error=invalid_token, algs=\"ES256\", resource_metadata=\"/relative\""));

        Assert.Equal(new BearerChallenge("DPoP", "invalid_token", null, null, null), challenge);
    }
}
