using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Core.Policy;
using DeferredOrleans.Gateway.Clients;
using DeferredOrleans.Gateway.Deferrals;
using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.UnitTests;

/// <summary>
/// <see cref="DeferralAdmission"/>: issue, refuse or defer, from the policy's decision, standing decisions, the
/// client, its opt-in and DPoP key, the credential's expiry and the client_notification_token.
/// </summary>
public sealed class DeferralAdmissionTests
{
    private const string Endpoint = "https://client.example/cb";

    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private static readonly PolicyDecision.Deferred TenMinutes = new(
        ["owner-approves"], [new ApprovalRequirement("owner", ApprovalRoute.ResourceOwner, ["alice"], 1)], TimeSpan.FromMinutes(10), 5, TimeSpan.FromHours(1), AllowSelfApproval: false);

    private static readonly ApprovalEvidence StandingApproval = new("standing-1", "owner-approves", Now, Now.AddHours(1), "standing", 1, 1, 1, ["alice"]);

    public static TheoryData<string, Input, string> Cases() => new()
    {
        // The policy's own answer.
        { "allowed, whatever else", new() { Decision = Allowed, OptedIn = false, Public = true, CredentialLeft = TimeSpan.Zero }, "issue" },
        { "denied scope", new() { Decision = Denied(DenialReason.Scope) }, "refuse invalid_scope" },
        { "denied target", new() { Decision = Denied(DenialReason.Target) }, "refuse invalid_target" },
        { "denied authorization_details", new() { Decision = Denied(DenialReason.AuthorizationDetails) }, "refuse invalid_authorization_details" },
        { "nobody eligible to approve", new() { Decision = Denied(DenialReason.NoEligibleApprover) }, "refuse invalid_scope" },
        { "denied despite standing decisions", new() { Decision = Denied(DenialReason.Scope), Standing = StandingApproval }, "refuse invalid_scope" },

        // Standing decisions come before every deferral rule.
        { "standing decisions approve", new() { Standing = StandingApproval }, "issue standing-1" },
        {
            "standing decisions approve without opt-in, DPoP or time left",
            new() { Standing = StandingApproval, OptedIn = false, Public = true, CredentialLeft = TimeSpan.Zero, Endpoint = Endpoint, Token = "short" },
            "issue standing-1"
        },

        // DTR: no deferral without the client's opt-in.
        { "opted in", new(), "defer 600s" },
        { "not opted in", new() { OptedIn = false }, "refuse invalid_scope" },
        { "not opted in, client deferred without opt-in", new() { OptedIn = false, DeferWithoutOptIn = true }, "defer 600s" },
        { "not opted in, public without DPoP", new() { OptedIn = false, Public = true }, "refuse invalid_scope" },

        // RFC 9449: a public client's deferral is bound to its key.
        { "public without DPoP", new() { Public = true }, "refuse invalid_request" },
        { "public with DPoP", new() { Public = true, Dpop = true }, "defer 600s" },
        { "public without DPoP, credential about to expire", new() { Public = true, CredentialLeft = TimeSpan.FromSeconds(1) }, "refuse invalid_request" },
        { "confidential without DPoP", new() { Dpop = false }, "defer 600s" },

        // DTR §11.7 as this project reads it: the deferral never outlives the credential.
        { "credential outlives the deferral", new() { CredentialLeft = TimeSpan.FromMinutes(20) }, "defer 600s" },
        { "credential expires with the deferral", new() { CredentialLeft = TimeSpan.FromMinutes(10) }, "defer 600s" },
        { "credential expires first", new() { CredentialLeft = TimeSpan.FromMinutes(5) }, "defer 300s" },
        { "credential outlives one interval", new() { CredentialLeft = TimeSpan.FromSeconds(6) }, "defer 6s" },
        { "credential expires within one interval", new() { CredentialLeft = TimeSpan.FromSeconds(5) }, "refuse invalid_grant" },
        { "credential already expired", new() { CredentialLeft = TimeSpan.FromMinutes(-1) }, "refuse invalid_grant" },
        { "credential expiring, malformed notification token", new() { CredentialLeft = TimeSpan.FromSeconds(5), Endpoint = Endpoint, Token = "short" }, "refuse invalid_grant" },

        // DTR: the client_notification_token has 128 bits of entropy, in RFC 6750 b64token syntax.
        { "notification endpoint, no token", new() { Endpoint = Endpoint }, "defer 600s callback" },
        { "notification endpoint, 22-character token", new() { Endpoint = Endpoint, Token = new string('a', 22) }, "defer 600s callback" },
        { "notification endpoint, 1024-character token", new() { Endpoint = Endpoint, Token = new string('a', 1024) }, "defer 600s callback" },
        { "notification endpoint, every b64token character", new() { Endpoint = Endpoint, Token = "Az09-._~+/=Az09-._~+/=" }, "defer 600s callback" },
        { "notification endpoint, 21-character token", new() { Endpoint = Endpoint, Token = new string('a', 21) }, "refuse invalid_request" },
        { "notification endpoint, 1025-character token", new() { Endpoint = Endpoint, Token = new string('a', 1025) }, "refuse invalid_request" },
        { "notification endpoint, token with a space", new() { Endpoint = Endpoint, Token = new string('a', 21) + " " }, "refuse invalid_request" },
        { "notification endpoint, token with a non-ASCII letter", new() { Endpoint = Endpoint, Token = new string('a', 21) + "é" }, "refuse invalid_request" },
        { "no notification endpoint, malformed token ignored", new() { Token = "short" }, "defer 600s" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Check_Case_GivesVerdict(string because, Input input, string expected)
    {
        var verdict = Check(input);

        Assert.True(expected == Describe(verdict), $"{because}: expected {expected}, got {Describe(verdict)}");
    }

    [Fact]
    public void Check_CredentialExpiringFirst_ShortensOnlyTheExpiry()
    {
        var verdict = Assert.IsType<AdmissionVerdict.Defer>(Check(new() { CredentialLeft = TimeSpan.FromMinutes(5) }));

        Assert.Equal(TenMinutes with { ExpiresIn = TimeSpan.FromMinutes(5) }, verdict.Decision);
    }

    [Fact]
    public void Check_Deferral_LeavesStandingDecisionsAndWorkflowToTheCaller()
    {
        var verdict = Assert.IsType<AdmissionVerdict.Defer>(Check(new()));

        Assert.Same(TenMinutes, verdict.Decision);
        Assert.Empty(verdict.InitialDecisions);
        Assert.Null(verdict.Workflow);
    }

    [Fact]
    public void Check_NotificationEndpoint_CallsBackWithTheDeferralCodeAndToken()
    {
        var token = new string('t', 22);

        var verdict = Assert.IsType<AdmissionVerdict.Defer>(Check(new() { Endpoint = Endpoint, Token = token }));

        Assert.Equal(new DeferralStarter.Callback(Endpoint, OAuthParameters.DeferralCode, token), verdict.Callback);
    }

    [Theory]
    [InlineData("not opted in", "approval required; retry with completion_mode=deferred")]
    [InlineData("public without DPoP", "a public client must present a DPoP proof to be deferred")]
    [InlineData("credential expires within one interval", "the credential expires too soon to wait for approval")]
    [InlineData("notification endpoint, 21-character token", "client_notification_token is too short or malformed")]
    public void Check_Refusal_SaysWhy(string because, string description)
    {
        var input = Cases().Single(row => (string)row[0] == because)[1];

        var verdict = Assert.IsType<AdmissionVerdict.Refuse>(Check((Input)input));

        Assert.Equal(description, verdict.Error.Description);
    }

    [Fact]
    public void Refusal_Denial_KeepsThePolicysDescription() =>
        Assert.Equal(
            new OAuthError(OAuthErrors.InvalidTarget, "no owner for doc-1"),
            DeferralAdmission.Refusal(new PolicyDecision.Denied(["r"], DenialReason.Target, "no owner for doc-1")));

    private static PolicyDecision.Allowed Allowed => new(["r"]);

    private static PolicyDecision.Denied Denied(DenialReason reason) => new(["r"], reason, "denied");

    private static AdmissionVerdict Check(Input input) => DeferralAdmission.Check(
        input.Decision ?? TenMinutes,
        input.Standing,
        new ClientRegistration { ClientId = "agent", Public = input.Public, DeferWithoutOptIn = input.DeferWithoutOptIn, DeferredNotificationEndpoint = input.Endpoint },
        input.OptedIn,
        input.Dpop,
        Now + input.CredentialLeft,
        Now,
        input.Token);

    private static string Describe(AdmissionVerdict verdict) => verdict switch
    {
        AdmissionVerdict.Issue issue => issue.Approval is null ? "issue" : $"issue {issue.Approval.Id}",
        AdmissionVerdict.Refuse refuse => $"refuse {refuse.Error.Error}",
        AdmissionVerdict.Defer defer => $"defer {defer.Decision.ExpiresIn.TotalSeconds}s{(defer.Callback is null ? "" : " callback")}",
        _ => verdict.ToString(),
    };

    /// <summary>One row's inputs; unset ones are a confidential client that opted in, with no credential expiry.</summary>
    public sealed record Input
    {
        public PolicyDecision? Decision { get; init; }

        public ApprovalEvidence? Standing { get; init; }

        public bool Public { get; init; }

        public bool DeferWithoutOptIn { get; init; }

        public bool OptedIn { get; init; } = true;

        public bool Dpop { get; init; }

        public TimeSpan? CredentialLeft { get; init; }

        public string? Endpoint { get; init; }

        public string? Token { get; init; }
    }
}
