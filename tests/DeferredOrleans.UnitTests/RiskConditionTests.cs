using DeferredOrleans.Abstractions.Organization;
using DeferredOrleans.Core;
using DeferredOrleans.Core.Organization;
using DeferredOrleans.Core.Policy;

namespace DeferredOrleans.UnitTests;

/// <summary>
/// What a missing risk signal means: a rule whose condition reads one the request does not carry matches or not as
/// its WhenMissing says, by default failing closed (deny and defer match, allow does not).
/// </summary>
public sealed class RiskConditionTests
{
    private static readonly OrganizationDirectory Directory = OrganizationDirectory.From(new DirectoryOptions
    {
        Users = [new DirectoryUser { Id = "carol" }],
    });

    public static TheoryData<string, string?, string?, string> Cases() => new()
    {
        // The README's deny rule: unknown risk is treated as high risk unless the rule says otherwise.
        { "deny", null, null, "denied" },
        { "deny", null, "{\"new_device\":true}", "denied" },
        { "deny", null, "{\"score\":91}", "denied" },
        { "deny", null, "{\"score\":12}", "allowed" },
        { "deny", "no-match", null, "allowed" },
        { "deny", "no-match", "{\"score\":91}", "denied" },

        // Defer fails closed the same way: an unknown risk asks a person.
        { "defer", null, null, "deferred" },
        { "defer", null, "{\"score\":12}", "allowed" },
        { "defer", "no-match", null, "allowed" },

        // An allow rule conditioned on low risk never allows on an unknown one, even where the comparison would hold.
        { "allow-when-low", null, null, "deferred" },
        { "allow-when-low", null, "{\"score\":12}", "allowed" },
        { "allow-when-low", null, "{\"score\":50}", "deferred" },
        { "allow-when-not-new-device", null, null, "deferred" },
        { "allow-when-not-new-device", null, "{\"new_device\":false}", "allowed" },
        { "allow-when-not-new-device", "match", null, "allowed" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_RiskRule_MissingSignalMeansWhatWhenMissingSays(string rule, string? whenMissing, string? signals, string expected)
    {
        var first = rule switch
        {
            "deny" => new PolicyRuleOptions { Name = "risky", Outcome = "deny", When = "risk.score >= 70" },
            "defer" => new PolicyRuleOptions { Name = "risky", Outcome = "defer", When = "risk.score >= 70", Approvers = new ApproverRouteOptions { Users = ["carol"] } },
            "allow-when-low" => new PolicyRuleOptions { Name = "calm", Outcome = "allow", When = "risk.score < 30" },
            _ => new PolicyRuleOptions { Name = "calm", Outcome = "allow", When = "risk.new_device != true" },
        };
        first.Match.Scopes = ["export"];
        first.WhenMissing = whenMissing;
        var fallback = new PolicyRuleOptions { Name = "export", Match = { Scopes = ["export"] } };
        (fallback.Outcome, fallback.Approvers) = rule.StartsWith("allow", StringComparison.Ordinal) ? ("defer", new ApproverRouteOptions { Users = ["carol"] }) : ("allow", null);
        var policy = AccessPolicy.Compile(new PolicyOptions { Rules = [first, fallback] }, Directory);

        var decision = policy.Evaluate(new TokenRequestFacts("agent", "client_credentials", "agent", ["export"], [], []) { RiskSignals = signals }, Directory);

        Assert.Equal(expected, decision switch { PolicyDecision.Allowed => "allowed", PolicyDecision.Denied => "denied", _ => "deferred" });
    }

    [Fact]
    public void Evaluate_OtherConditionsBesideAMissingSignal_AreNotConsulted()
    {
        var policy = AccessPolicy.Compile(new PolicyOptions
        {
            Rules =
            [
                new PolicyRuleOptions { Name = "risky", Outcome = "deny", When = "risk.score >= 70 || client == \"night-bot\"", Match = { Scopes = ["export"] } },
                new PolicyRuleOptions { Name = "export", Outcome = "allow", Match = { Scopes = ["export"] } },
            ],
        }, Directory);

        Assert.IsType<PolicyDecision.Denied>(policy.Evaluate(new TokenRequestFacts("agent", "client_credentials", "agent", ["export"], [], []), Directory));
        Assert.IsType<PolicyDecision.Allowed>(policy.Evaluate(new TokenRequestFacts("agent", "client_credentials", "agent", ["export"], [], []) { RiskSignals = "{\"score\":5}" }, Directory));
    }

    public static TheoryData<PolicyRuleOptions, string> BadRules() => new()
    {
        { new PolicyRuleOptions { Name = "typo", Outcome = "deny", When = "risk.score > 70", WhenMissing = "deny" }, "rule 'typo' has WhenMissing 'deny'; expected match or no-match" },
        { new PolicyRuleOptions { Name = "no-risk", Outcome = "deny", When = "time.hour < 6", WhenMissing = "match" }, "rule 'no-risk' has WhenMissing, but no When that names a risk signal" },
        { new PolicyRuleOptions { Name = "no-when", Outcome = "deny", WhenMissing = "no-match" }, "rule 'no-when' has WhenMissing, but no When that names a risk signal" },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public void Compile_WhenMissingThatCannotApply_IsRejectedWithItsName(PolicyRuleOptions rule, string expected)
    {
        var error = Assert.Throws<ConfigurationProblemException>(() => AccessPolicy.Compile(new PolicyOptions { Rules = [rule] }, Directory));

        Assert.Contains(error.Problems, p => p.Contains(expected, StringComparison.Ordinal));
    }
}
