namespace DeferredOrleans.Core.Policy;

/// <summary>
/// The policy as configured (section <c>DeferredOrleans:Policy</c>). Rules are tried in order for every requested
/// scope and authorization_details type; the first rule that matches decides that item. Anything no rule matches is
/// denied.
/// </summary>
public sealed class PolicyOptions
{
    public const string Section = "DeferredOrleans:Policy";

    public List<PolicyRuleOptions> Rules { get; set; } = [];
}

public sealed class PolicyRuleOptions
{
    public string Name { get; set; } = "";

    public RuleMatchOptions Match { get; set; } = new();

    /// <summary>
    /// An optional condition over the request, e.g. <c>type == "payment" &amp;&amp; amount &gt; 10000</c> or
    /// <c>risk.score &gt;= 70 || time.hour &lt; 7</c>; the rule matches an item only when it holds.
    /// </summary>
    public string? When { get; set; }

    /// <summary>
    /// What it means when <see cref="When"/> names a risk signal (<c>risk.*</c>) the request does not carry (no
    /// trusted risk assertion, or one without that signal): <c>match</c>, the rule matches without evaluating
    /// <see cref="When"/>; <c>no-match</c>, it does not. Default: a <c>deny</c> or <c>defer</c> rule matches (fails
    /// closed), an <c>allow</c> rule does not.
    /// </summary>
    public string? WhenMissing { get; set; }

    /// <summary><c>allow</c>, <c>deny</c> or <c>defer</c>.</summary>
    public string Outcome { get; set; } = "";

    /// <summary>Who approves a deferred request; exactly one route. Use <see cref="Stages"/> instead for several steps.</summary>
    public ApproverRouteOptions? Approvers { get; set; }

    /// <summary>Approval in stages (e.g. the manager, then security): a stage opens when the previous one approved.</summary>
    public List<StageOptions> Stages { get; set; } = [];

    /// <summary>Seconds after which, if nobody decided, <see cref="EscalateTo"/> is asked too (single-stage rules).</summary>
    public int? EscalateAfter { get; set; }

    /// <summary>The next level: a route; <c>Manager</c> here means the managers of the approvers who did not decide.</summary>
    public ApproverRouteOptions? EscalateTo { get; set; }

    /// <summary>Distinct approvals needed (K of N).</summary>
    public int Quorum { get; set; } = 1;

    /// <summary>Whether one denial denies the request.</summary>
    public bool Veto { get; set; } = true;

    /// <summary>
    /// Whether the subject must also confirm the request in a page (DTR <c>interaction_required</c>), e.g. to step up.
    /// A rule may ask for interaction alone, without approvers.
    /// </summary>
    public bool Interaction { get; set; }

    /// <summary>
    /// How this rule's approvers must have authenticated for their approvals to count (step-up), e.g.
    /// <c>{"Methods": ["hwk"], "MaxAge": 300}</c>: signed in with a passkey within the last 5 minutes. Null: any way.
    /// </summary>
    public ApproverAuthenticationOptions? ApproverAuthentication { get; set; }

    /// <summary>Whether the subject (the person the agent acts for) may approve its own request.</summary>
    public bool AllowSelfApproval { get; set; }

    /// <summary>
    /// Whether each stage needs people who did not decide in an earlier stage of the same request (default true):
    /// one approver cannot satisfy two stages alone.
    /// </summary>
    public bool DistinctStageApprovers { get; set; } = true;

    /// <summary>Lifetime of the deferral code, in seconds.</summary>
    public int ExpiresIn { get; set; } = 600;

    /// <summary>Minimum seconds between polls.</summary>
    public int Interval { get; set; } = 5;

    /// <summary>How long an approval stays valid, in seconds; tokens never outlive it.</summary>
    public int ApprovalLifetime { get; set; } = 3600;
}

/// <summary>Conditions of a rule; an empty list matches anything. Values may use <c>*</c> wildcards.</summary>
public sealed class RuleMatchOptions
{
    public List<string> Clients { get; set; } = [];

    public List<string> GrantTypes { get; set; } = [];

    public List<string> Subjects { get; set; } = [];

    public List<string> Scopes { get; set; } = [];

    /// <summary>Every requested resource must match one of these (and at least one must be requested).</summary>
    public List<string> Resources { get; set; } = [];

    public List<string> AuthorizationDetailTypes { get; set; } = [];
}

/// <summary>One stage of a multi-stage rule.</summary>
public sealed class StageOptions
{
    /// <summary>Opaque step id shown in progress (never a person's name); defaults from the route.</summary>
    public string? Name { get; set; }

    public ApproverRouteOptions? Approvers { get; set; }

    public int Quorum { get; set; } = 1;

    public bool Veto { get; set; } = true;

    public int? EscalateAfter { get; set; }

    public ApproverRouteOptions? EscalateTo { get; set; }
}

public sealed class ApproverRouteOptions
{
    /// <summary>Route to the subject's manager, from the directory.</summary>
    public bool Manager { get; set; }

    /// <summary>Route to the owner of each requested resource, from the directory.</summary>
    public bool ResourceOwner { get; set; }

    /// <summary>Route to these directory users.</summary>
    public List<string> Users { get; set; } = [];

    /// <summary>Route to the members of this directory group.</summary>
    public string? Group { get; set; }
}

/// <summary>A rule's step-up for its approvers.</summary>
public sealed class ApproverAuthenticationOptions
{
    /// <summary>RFC 8176 <c>amr</c> values, any one of which the approver's authentication must carry: <c>hwk</c> (a passkey), <c>mfa</c>, ….</summary>
    public List<string> Methods { get; set; } = [];

    /// <summary>Seconds since that authentication, at most; null for any time within the session.</summary>
    public int? MaxAge { get; set; }
}
