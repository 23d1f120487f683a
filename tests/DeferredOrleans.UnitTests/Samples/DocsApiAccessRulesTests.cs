extern alias docsapi;

using docsapi::DeferredOrleans.Samples.DocsApi;

namespace DeferredOrleans.UnitTests.Samples;

/// <summary>The sample resource server's access rules: reading needs docs:read for the API, writing needs an approved doc:write for the document.</summary>
public sealed class DocsApiAccessRulesTests
{
    private static readonly Uri Api = new("https://docs.example");
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);

    private static PresentedToken Token(string scope, string audience, DateTimeOffset? approvedUntil = null) =>
        new(scope.Split(' ').ToHashSet(StringComparer.Ordinal), new HashSet<string>([audience], StringComparer.Ordinal), "agent", approvedUntil, SenderConstrained: false);

    public static TheoryData<string, PresentedToken, AccessDecision> ReadCases() => new()
    {
        { "docs:read for the API", Token("docs:read", "https://docs.example"), AccessDecision.Allow },
        { "docs:read for the API with a trailing slash", Token("docs:read", "https://docs.example/"), AccessDecision.Allow },
        { "another scope", Token("doc:write", "https://docs.example"), AccessDecision.Insufficient("docs:read", "reading needs docs:read") },
        { "docs:read for a document only", Token("docs:read", "doc-789"), AccessDecision.Insufficient("docs:read", "the token is not for https://docs.example/") },
    };

    public static TheoryData<string, PresentedToken, AccessDecision> WriteCases() => new()
    {
        { "approved doc:write for the document", Token("doc:write", "doc-789", Now.AddMinutes(30)), AccessDecision.Allow },
        { "doc:write without an approval", Token("doc:write", "doc-789"), AccessDecision.Insufficient("doc:write", "writing doc-789 needs a token that carries an approval") },
        { "an approval that ends now", Token("doc:write", "doc-789", Now), AccessDecision.Insufficient("doc:write", "the approval to write doc-789 ended at 2026-05-01T09:00:00.0000000+00:00") },
        { "doc:write for another document", Token("doc:write", "doc-123", Now.AddMinutes(30)), AccessDecision.Insufficient("doc:write", "writing doc-789 needs doc:write for doc-789") },
        { "docs:read for the document", Token("docs:read", "doc-789", Now.AddMinutes(30)), AccessDecision.Insufficient("doc:write", "writing doc-789 needs doc:write for doc-789") },
    };

    [Theory]
    [MemberData(nameof(ReadCases))]
    public void Read_Token_GivesDecision(string because, PresentedToken token, AccessDecision expected) =>
        Assert.True(expected == AccessRules.Read(token, Api), because);

    [Theory]
    [MemberData(nameof(WriteCases))]
    public void Write_Token_GivesDecision(string because, PresentedToken token, AccessDecision expected)
    {
        var decision = AccessRules.Write(token, "doc-789", Now);

        Assert.True(expected == decision, $"{because}: expected {expected}, got {decision}");
    }

    [Fact]
    public void Challenge_InsufficientScope_IsTheRfc6750HeaderWithResourceMetadata()
    {
        var challenge = BearerChallengeResult.Forbidden(new Uri("https://docs.example/.well-known/oauth-protected-resource/docs/doc-789"),
            AccessDecision.Insufficient("doc:write", "needs \"approval\"\n"));

        Assert.Equal(403, challenge.StatusCode);
        Assert.Equal(
            "Bearer error=\"insufficient_scope\", error_description=\"needs approval\", scope=\"doc:write\", resource_metadata=\"https://docs.example/.well-known/oauth-protected-resource/docs/doc-789\"",
            challenge.HeaderValue());
    }
}
