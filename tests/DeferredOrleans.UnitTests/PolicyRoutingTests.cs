using System.Text.Json;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Abstractions.Organization;
using DeferredOrleans.Core;
using DeferredOrleans.Core.Organization;
using DeferredOrleans.Core.Policy;

namespace DeferredOrleans.UnitTests;

/// <summary>
/// The routing half of the policy: conditions over the request, managers, delegates while someone is away, stages,
/// escalation and separation of duties.
/// </summary>
public sealed class PolicyRoutingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 14, 0, 0, TimeSpan.Zero);

    private static readonly OrganizationDirectory Directory = OrganizationDirectory.From(new DirectoryOptions
    {
        Users =
        [
            new DirectoryUser { Id = "ian", Manager = "mia" },
            new DirectoryUser { Id = "mia", Manager = "vic" },
            new DirectoryUser { Id = "vic" },
            new DirectoryUser { Id = "olga" },
            new DirectoryUser { Id = "sam" },
            new DirectoryUser { Id = "sue" },
            new DirectoryUser { Id = "carol", Manager = "dave" },
            new DirectoryUser { Id = "dave" },
        ],
        Groups = [new DirectoryGroup { Id = "security", Members = ["sam", "sue"] }],
        Resources =
        [
            new ResourceOwnership { Pattern = "ledger-*", Owner = "ian" },
            new ResourceOwnership { Pattern = "report-*", Owner = "olga" },
        ],
        Delegations =
        [
            new Delegation { Id = "vacation", From = "ian", To = "mia", Starts = Now.AddDays(-1), Ends = Now.AddDays(7), Resources = ["ledger-*"] },
            new Delegation { Id = "last-year", From = "olga", To = "sam", Starts = Now.AddYears(-1), Ends = Now.AddYears(-1).AddDays(7) },
        ],
    });

    private static readonly AccessPolicy Policy = AccessPolicy.Compile(new PolicyOptions
    {
        Rules =
        [
            Rule("small-payments", "allow", m => m.AuthorizationDetailTypes = ["payment_initiation"], r => r.When = "amount <= 1000 && currency == \"EUR\""),
            Rule("large-payments", "defer", m => m.AuthorizationDetailTypes = ["payment_initiation"], r =>
            {
                r.When = "amount > 1000";
                r.Stages =
                [
                    new StageOptions { Name = "manager", Approvers = new ApproverRouteOptions { Manager = true } },
                    new StageOptions { Name = "security", Approvers = new ApproverRouteOptions { Group = "security" } },
                ];
            }),
            Rule("risky-export", "deny", m => m.Scopes = ["export"], r => { r.When = "risk.score >= 70"; r.WhenMissing = "no-match"; }),
            Rule("night-export", "defer", m => m.Scopes = ["export"], r =>
            {
                r.When = "time.hour < 7 || time.hour >= 20";
                r.Approvers = new ApproverRouteOptions { Manager = true };
            }),
            Rule("export", "allow", m => m.Scopes = ["export"]),
            Rule("ledger-write", "defer", m => m.Scopes = ["ledger:write"], r => r.Approvers = new ApproverRouteOptions { ResourceOwner = true }),
            Rule("report-write", "defer", m => m.Scopes = ["report:write"], r => r.Approvers = new ApproverRouteOptions { ResourceOwner = true }),
            Rule("deploy", "defer", m => m.Scopes = ["deploy"], r =>
            {
                r.Approvers = new ApproverRouteOptions { Users = ["carol"] };
                r.EscalateAfter = 900;
                r.EscalateTo = new ApproverRouteOptions { Manager = true };
            }),
            Rule("self-service", "defer", m => m.Scopes = ["self:*"], r =>
            {
                r.Approvers = new ApproverRouteOptions { Users = ["ian", "mia"] };
                r.AllowSelfApproval = true;
            }),
        ],
    }, Directory);

    [Theory]
    [InlineData(500, "EUR", "allowed")]
    [InlineData(500, "USD", "denied")]
    [InlineData(1000, "EUR", "allowed")]
    [InlineData(25000, "EUR", "deferred:manager=mia/0,security=sam+sue/1")]
    public void When_OverAuthorizationDetails_PicksTheRule(double amount, string currency, string expected)
    {
        var details = JsonSerializer.Serialize(new[] { new { type = "payment_initiation", amount, currency } });

        var decision = Policy.Evaluate(Facts([], subject: "ian") with { AuthorizationDetails = details }, Directory);

        Assert.Equal(expected, Describe(decision));
    }

    [Theory]
    [InlineData("{\"score\":85}", 14, "denied")]
    [InlineData("{\"score\":10}", 14, "allowed")]
    [InlineData("{\"score\":10}", 5, "deferred:manager=mia/0")]
    [InlineData(null, 22, "deferred:manager=mia/0")]
    [InlineData(null, 9, "allowed")]
    public void When_OverRiskSignalsAndTimeOfDay_PicksTheRule(string? risk, int hour, string expected)
    {
        var at = new DateTimeOffset(2026, 11, 26, hour, 0, 0, TimeSpan.Zero);

        var decision = Policy.Evaluate(Facts(["export"], subject: "ian") with { RiskSignals = risk, Now = at }, Directory);

        Assert.Equal(expected, Describe(decision));
    }

    [Fact]
    public void Owner_OnVacation_RoutesToTheDelegateOnTheirBehalf()
    {
        var decision = Assert.IsType<PolicyDecision.Deferred>(Policy.Evaluate(Facts(["ledger:write"], ["ledger-2026"]), Directory));

        var requirement = decision.Requirements.Single();
        Assert.Equal(ApprovalRoute.Delegate, requirement.Route);
        Assert.Equal<string>(["mia"], requirement.Approvers);
        Assert.Equal("ian", requirement.OnBehalfOf);
    }

    [Fact]
    public void Delegation_OutsideItsWindowOrResources_DoesNotApply()
    {
        var afterVacation = Policy.Evaluate(Facts(["ledger:write"], ["ledger-2026"]) with { Now = Now.AddDays(8) }, Directory);
        var expired = Policy.Evaluate(Facts(["report:write"], ["report-q3"]), Directory);

        Assert.Equal("deferred:owner=ian/0", Describe(afterVacation));
        Assert.Equal("deferred:owner=olga/0", Describe(expired));
    }

    [Fact]
    public void Escalation_IsPartOfTheRequirement_ToTheManagersOfTheApprovers()
    {
        var decision = Assert.IsType<PolicyDecision.Deferred>(Policy.Evaluate(Facts(["deploy"]), Directory));

        var requirement = decision.Requirements.Single();
        Assert.Equal<string>(["carol"], requirement.Approvers);
        Assert.Equal(TimeSpan.FromMinutes(15), requirement.EscalateAfter);
        Assert.Equal<string>(["dave"], requirement.EscalationApprovers!.Value);
    }

    [Fact]
    public void Manager_OfASubjectWithoutOne_HasNobodyToAsk()
    {
        var decision = Policy.Evaluate(Facts(["export"], subject: "vic") with { Now = Now.AddHours(-10) }, Directory);

        Assert.Equal(DenialReason.NoEligibleApprover, Assert.IsType<PolicyDecision.Denied>(decision).Reason);
    }

    [Fact]
    public void SelfApproval_AllowedByTheRule_KeepsTheSubjectEligible()
    {
        var decision = Assert.IsType<PolicyDecision.Deferred>(Policy.Evaluate(Facts(["self:profile"], subject: "ian"), Directory));

        Assert.Contains("ian", decision.Requirements.Single().Approvers);
    }

    [Fact]
    public void Explanation_NamesTheRuleOfEveryItem()
    {
        var details = JsonSerializer.Serialize(new[] { new { type = "payment_initiation", amount = 5000, currency = "EUR" } });

        var decision = Policy.Evaluate(Facts(["export", "nothing:matches"], subject: "ian") with { AuthorizationDetails = details }, Directory);

        Assert.Contains(decision.Items, i => i.Item == "scope export" && i.Rule == "export" && i.Outcome == "allow");
        Assert.Contains(decision.Items, i => i.Item == "scope nothing:matches" && i.Rule == null && i.Outcome == "deny");
        Assert.Contains(decision.Items, i => i.Item.StartsWith("authorization_details[0]", StringComparison.Ordinal) && i.Rule == "large-payments" && i.Outcome == "defer");
    }

    public static TheoryData<PolicyRuleOptions, string> BadRules() => new()
    {
        { Rule("typo", "allow", r: r => r.When = "amount >> 5"), "rule 'typo' has a When that does not parse: unexpected '>' at column 9" },
        { Rule("empty-stage", "defer", r: r => r.Stages = [new StageOptions()]), "rule 'empty-stage' stage 1 must name exactly one approver route" },
        { Rule("both", "defer", r: r => { r.Approvers = new ApproverRouteOptions { Manager = true }; r.Stages = [new StageOptions { Approvers = new ApproverRouteOptions { Manager = true } }]; }), "rule 'both' has both Approvers and Stages; use one" },
        { Rule("escalate-nowhere", "defer", r: r => { r.Approvers = new ApproverRouteOptions { Manager = true }; r.EscalateAfter = 60; }), "rule 'escalate-nowhere' needs EscalateAfter (seconds) and exactly one EscalateTo route together" },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public void Compile_BadRule_IsRejectedWithItsNameAndProblem(PolicyRuleOptions rule, string expected)
    {
        var error = Assert.Throws<ConfigurationProblemException>(() => AccessPolicy.Compile(new PolicyOptions { Rules = [rule] }, Directory));

        Assert.Contains(error.Problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    private static TokenRequestFacts Facts(string[] scopes, string[]? resources = null, string subject = "agent") =>
        new("agent", "client_credentials", subject, [.. scopes], [.. resources ?? []], []) { Now = Now };

    private static string Describe(PolicyDecision decision) => decision switch
    {
        PolicyDecision.Allowed => "allowed",
        PolicyDecision.Denied => "denied",
        PolicyDecision.Deferred d => "deferred:" + string.Join(',', d.Requirements.Select(r => $"{r.Name}={string.Join('+', r.Approvers)}/{r.Stage}")),
        _ => "?",
    };

    private static PolicyRuleOptions Rule(string name, string outcome, Action<RuleMatchOptions>? match = null, Action<PolicyRuleOptions>? r = null)
    {
        var rule = new PolicyRuleOptions { Name = name, Outcome = outcome };
        match?.Invoke(rule.Match);
        r?.Invoke(rule);
        return rule;
    }
}
