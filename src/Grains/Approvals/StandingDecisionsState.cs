using DeferredOrleans.Abstractions.Approvals;
namespace DeferredOrleans.Grains.Approvals;

[GenerateSerializer, Alias("DeferredOrleans.StandingDecisionsState")]
public sealed class StandingDecisionsState
{
    [Id(0)] public List<StandingDecision> Decisions { get; set; } = [];
}
