using System.Collections.Immutable;

namespace DeferredOrleans.Core.Connectors;

/// <summary>What <see cref="ApprovalTaskTransitions.Apply"/> decided: the task's next state, and the effects to perform in order.</summary>
public sealed record ApprovalTaskStep(ApprovalTaskState Next, ImmutableArray<ApprovalTaskEffect> Effects)
{
    /// <summary>Continues from <see cref="Next"/>; the effects of both steps run one after the other.</summary>
    public ApprovalTaskStep Then(Func<ApprovalTaskState, ApprovalTaskStep> next)
    {
        var after = next(Next);
        return new ApprovalTaskStep(after.Next, Effects.AddRange(after.Effects));
    }
}
