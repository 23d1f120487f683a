using System.Net;
using System.Text;
using DeferredOrleans.Client;

namespace DeferredOrleans.UnitTests.Client;

/// <summary>How the token client reads the token endpoint's HTTP answers into the state machine's terms.</summary>
public sealed class ServerAnswerReadingTests
{
    public static TheoryData<string, HttpStatusCode, string, ServerAnswer> Cases() => new()
    {
        {
            "the DTR response", HttpStatusCode.BadRequest,
            """{"error":"authorization_pending","deferral_code":"dc","auth_req_id":"dc","expires_in":600,"interval":5}""",
            new ServerAnswer.Pending("dc", 600, 5, null)
        },
        {
            "auth_req_id alone is the code (the CIBA alias)", HttpStatusCode.BadRequest,
            """{"error":"authorization_pending","auth_req_id":"ciba","expires_in":120,"interval":2}""",
            new ServerAnswer.Pending("ciba", 120, 2, null)
        },
        {
            "deferral_code wins over a different auth_req_id", HttpStatusCode.BadRequest,
            """{"error":"authorization_pending","deferral_code":"dc","auth_req_id":"other","expires_in":600}""",
            new ServerAnswer.Pending("dc", 600, null, null)
        },
        {
            "a poll's progress description", HttpStatusCode.BadRequest,
            """{"error":"authorization_pending","error_description":"step=quorum;approved=1;required=2"}""",
            new ServerAnswer.Pending(null, null, null, "step=quorum;approved=1;required=2")
        },
        {
            "interaction_required hands over an https interaction_uri", HttpStatusCode.BadRequest,
            """{"error":"interaction_required","deferral_code":"dc","expires_in":600,"interaction_uri":"https://as.example/i/1"}""",
            new ServerAnswer.Pending("dc", 600, null, null, new Uri("https://as.example/i/1"))
        },
        {
            "a relative interaction_uri is dropped", HttpStatusCode.BadRequest,
            """{"error":"interaction_required","deferral_code":"dc","expires_in":600,"interaction_uri":"/i/1"}""",
            new ServerAnswer.Pending("dc", 600, null, null)
        },
        { "another error", HttpStatusCode.BadRequest, """{"error":"access_denied","error_description":"no"}""", new ServerAnswer.Error("access_denied", "no") },
        { "a success without a token", HttpStatusCode.OK, """{"token_type":"Bearer"}""", new ServerAnswer.Error("invalid_response", "a success without access_token") },
        { "a page instead of JSON", HttpStatusCode.BadGateway, "<html>bad gateway</html>", new ServerAnswer.Error("invalid_response", "HTTP 502 without an OAuth error") },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ReadAnswer_Response_GivesAnswer(string because, HttpStatusCode status, string body, ServerAnswer expected)
    {
        using var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

        var answer = await DeferredTokenClient.ReadAnswerAsync(response, CancellationToken.None);

        Assert.True(expected == answer, $"{because}: expected {expected}, got {answer}");
    }

    [Fact]
    public async Task ReadAnswer_Busy503WithRetryAfter_IsTemporarilyUnavailableWithTheWait()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("") };
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(30));

        var answer = await DeferredTokenClient.ReadAnswerAsync(response, CancellationToken.None);

        Assert.Equal(new ServerAnswer.Error("temporarily_unavailable", "HTTP 503", TimeSpan.FromSeconds(30)), answer);
    }

    [Fact]
    public async Task ReadAnswer_Token_IsIssuedWithEveryMember()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("""{"access_token":"at","token_type":"DPoP","expires_in":300,"scope":"doc:write","approval":{"id":"x"}}"""),
        };

        var token = Assert.IsType<ServerAnswer.Issued>(await DeferredTokenClient.ReadAnswerAsync(response, CancellationToken.None)).Token;

        Assert.Equal(("at", "DPoP", 300, "doc:write", true), (token.AccessToken, token.TokenType, token.ExpiresIn, token.Scope, token.IsDpopBound));
        Assert.Equal("x", token.Json.GetProperty("approval").GetProperty("id").GetString());
    }
}
