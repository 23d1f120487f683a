using DeferredOrleans.TestSupport;
using System.Net;
using System.Security.Cryptography;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// Risk signals come only from the trusted risk engine (engine.json), forwarded by the client as its signed
/// assertion, and a rule's missing signal fails closed (engine-policy.json: risky-payout denies at a score of 70,
/// calm-payout allows below 30, payout defers the rest to carol).
/// </summary>
[Collection(EngineGatewayCollection.Name)]
public sealed class RiskSignalTests(EngineGatewayFactory factory)
{
    private readonly OAuthTestClient _client = new(factory.CreateClient(), factory.Time);

    [Fact]
    public async Task RiskRule_NoSignals_TheDenyRuleFailsClosed()
    {
        var reply = await PayoutAsync();

        DtrConformanceTests.AssertError(reply, "invalid_scope");
    }

    [Fact]
    public async Task RiskRule_AssertionWithoutTheScore_TheDenyRuleFailsClosed()
    {
        var reply = await PayoutAsync(Assertion(new() { ["new_device"] = false }));

        DtrConformanceTests.AssertError(reply, "invalid_scope");
    }

    [Theory]
    [InlineData(10, "issued")]
    [InlineData(50, "authorization_pending")]
    [InlineData(91, "invalid_scope")]
    public async Task RiskRule_TrustedScore_DecidesAsThePolicySays(int score, string expected)
    {
        var reply = await PayoutAsync(Assertion(new() { ["score"] = score }));

        Assert.True(expected == (reply.Status == HttpStatusCode.OK ? "issued" : reply.Error), reply.Body);
    }

    [Fact]
    public async Task RiskRule_TheAssertionsSubject_MustBeTheRequestsSubject()
    {
        var mine = await PayoutAsync(Assertion(new() { ["score"] = 10 }, c => c["sub"] = "agent-a"));
        var someoneElses = await PayoutAsync(Assertion(new() { ["score"] = 10 }, c => c["sub"] = "ian"));

        Assert.True(mine.Status == HttpStatusCode.OK, mine.Body);
        DtrConformanceTests.AssertError(someoneElses, "invalid_request");
    }

    public static TheoryData<string> Untrusted() =>
        ["plain JSON the client wrote about itself", "signed by a key the engine does not have", "from an issuer nobody configured", "expired",
         "living longer than five minutes", "made for another client", "addressed to another server", "not yet valid", "not a JWS"];

    [Theory]
    [MemberData(nameof(Untrusted))]
    public async Task RiskSignals_NotFromTheTrustedEngine_AreRefusedAndNothingIsIssued(string kind)
    {
        var now = _client.Time.GetUtcNow();
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var calm = new Dictionary<string, object> { ["score"] = 0 };
        var signals = kind switch
        {
            "plain JSON the client wrote about itself" => "{\"score\":0}",
            "signed by a key the engine does not have" => RiskEngine.Assertion("agent-a", now, calm, key: stranger),
            "from an issuer nobody configured" => Assertion(calm, c => c["iss"] = "https://self-assessed.example"),
            "expired" => Assertion(calm, c => (c["iat"], c["exp"]) = (now.AddMinutes(-3).ToUnixTimeSeconds(), now.AddMinutes(-2).ToUnixTimeSeconds())),
            "living longer than five minutes" => Assertion(calm, c => c["exp"] = now.AddHours(1).ToUnixTimeSeconds()),
            "made for another client" => RiskEngine.Assertion("agent-b", now, calm),
            "addressed to another server" => Assertion(calm, c => c["aud"] = "https://other-as.example"),
            "not yet valid" => Assertion(calm, c => c["nbf"] = now.AddMinutes(10).ToUnixTimeSeconds()),
            _ => "score=0",
        };

        var reply = await _client.TokenAsync("agent-a", ("grant_type", "client_credentials"), ("scope", "export"), ("risk_signals", signals));

        DtrConformanceTests.AssertError(reply, "invalid_request");
    }

    private string Assertion(Dictionary<string, object> signals, Action<Dictionary<string, object>>? change = null) =>
        RiskEngine.Assertion("agent-a", _client.Time.GetUtcNow(), signals, change);

    private Task<Reply> PayoutAsync(string? riskSignals = null) => riskSignals is null
        ? _client.TokenAsync("agent-a", ("grant_type", "client_credentials"), ("scope", "payout"), ("completion_mode", "deferred"))
        : _client.TokenAsync("agent-a", ("grant_type", "client_credentials"), ("scope", "payout"), ("completion_mode", "deferred"), ("risk_signals", riskSignals));
}
