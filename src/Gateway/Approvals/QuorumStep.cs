using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.Gateway.Approvals;

/// <summary>One requirement's progress: <c>{"step":"admins","required":2,"of":3,"approved":1,"denied":0}</c>.</summary>
public sealed record QuorumStep(string Step, int Required, int Of, int Approved, int Denied)
{
    public static ImmutableArray<QuorumStep> From(IEnumerable<RequirementProgress> requirements) =>
        [.. requirements.Select(r => new QuorumStep(r.Name, r.Required, r.Of, r.Approved, r.Denied))];
}
