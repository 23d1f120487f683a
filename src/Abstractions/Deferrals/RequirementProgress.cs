namespace DeferredOrleans.Abstractions.Deferrals;

/// <summary>How far one requirement has come.</summary>
/// <param name="Name">The requirement's step id.</param>
/// <param name="Route">How its approvers were chosen.</param>
/// <param name="Required">Approvals needed.</param>
/// <param name="Of">Eligible approvers.</param>
/// <param name="Approved">Approvals given.</param>
/// <param name="Denied">Denials given.</param>
/// <param name="Stage">The requirement's stage.</param>
/// <param name="Open">Whether its stage is open (every earlier stage approved).</param>
/// <param name="Escalated">Whether it was escalated to the next level.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.RequirementProgress")]
public sealed record RequirementProgress(
    [property: Id(0)] string Name,
    [property: Id(1)] ApprovalRoute Route,
    [property: Id(2)] int Required,
    [property: Id(3)] int Of,
    [property: Id(4)] int Approved,
    [property: Id(5)] int Denied,
    [property: Id(6)] int Stage = 0,
    [property: Id(7)] bool Open = true,
    [property: Id(8)] bool Escalated = false)
{
    /// <summary>Whether enough approvals arrived.</summary>
    public bool IsSatisfied => Approved >= Required;
}
