using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Approvals;
using DeferredOrleans.Core.Deferrals;

namespace DeferredOrleans.UnitTests;

/// <summary>
/// What a standing decision covers: the client, grant type, subject, actor and rule its approver saw, and the same or
/// less of scopes, resources and authorization_details; a decision stored before subject and grant type were
/// recorded covers nothing.
/// </summary>
public sealed class StandingCoverageTests
{
    private const string JwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private const string Payment = """[{"type":"payment_initiation","actions":["initiate","status"],"instructedAmount":{"currency":"EUR","amount":"900"}}]""";
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private static readonly StandingDecision Carols = new(
        "sd-1", "approver", "exchanger", "approve-me", ["approve:me", "read"], ["doc-1", "doc-2"], Now, Now.AddHours(8),
        JwtBearer, "carol", Payment);

    private static readonly StandingQuery Same = new("exchanger", "approve-me", ["approve:me", "read"], ["doc-1", "doc-2"], JwtBearer, "carol", Payment);

    public static TheoryData<string, StandingQuery, bool> Requests() => new()
    {
        { "the same request", Same, true },
        { "fewer scopes", Same with { Scopes = ["approve:me"] }, true },
        { "fewer resources", Same with { Resources = ["doc-2"] }, true },
        { "fewer authorization_details actions", Same with { AuthorizationDetails = """[{"type":"payment_initiation","actions":["status"],"instructedAmount":{"currency":"EUR","amount":"900"}}]""" }, true },
        { "no authorization_details", Same with { AuthorizationDetails = null }, true },
        { "another subject, bob", Same with { Subject = "bob" }, false },
        { "another subject, dave", Same with { Subject = "dave" }, false },
        { "the client's own client_credentials request", Same with { GrantType = "client_credentials", Subject = "exchanger" }, false },
        { "the same subject by another grant type", Same with { GrantType = "urn:ietf:params:oauth:grant-type:token-exchange" }, false },
        { "another client", Same with { ClientId = "c1" }, false },
        { "another rule", Same with { Rule = "approve-quorum" }, false },
        { "an actor the approver never saw", Same with { Actor = """{"sub":"agent-7"}""" }, false },
        { "a scope more", Same with { Scopes = ["approve:me", "read", "write"] }, false },
        { "another resource", Same with { Resources = ["doc-3"] }, false },
        { "a larger amount", Same with { AuthorizationDetails = Payment.Replace("900", "9000", StringComparison.Ordinal) }, false },
        { "another authorization_details type", Same with { AuthorizationDetails = """[{"type":"account_information"}]""" }, false },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void Covers_LaterRequest_OnlyTheSameOrLessOfWhatTheApproverSaw(string because, StandingQuery request, bool expected)
    {
        Assert.True(expected == StandingCoverage.Covers(Carols, request), because);
    }

    [Fact]
    public void Covers_DecisionWithoutAuthorizationDetails_CoversNoRequestThatHasThem()
    {
        var scopesOnly = Carols with { AuthorizationDetails = null };

        Assert.False(StandingCoverage.Covers(scopesOnly, Same));
        Assert.True(StandingCoverage.Covers(scopesOnly, Same with { AuthorizationDetails = null }));
    }

    [Fact]
    public void Covers_DecisionStoredBeforeSubjectAndGrantTypeWereRecorded_CoversNothing()
    {
        var legacy = new StandingDecision("sd-0", "approver", "exchanger", "approve-me", ["approve:me", "read"], ["doc-1", "doc-2"], Now, Now.AddHours(8));

        Assert.True(legacy.IsLegacy);
        Assert.False(StandingCoverage.Covers(legacy, Same with { AuthorizationDetails = null }));
        Assert.False(StandingCoverage.Covers(legacy, new StandingQuery("exchanger", "approve-me", ["approve:me"], ImmutableArray<string>.Empty, "client_credentials", "exchanger")));
    }
}
