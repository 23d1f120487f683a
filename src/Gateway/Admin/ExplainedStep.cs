using System.Text.Json.Serialization;

namespace DeferredOrleans.Gateway.Admin;

/// <summary>One step of a deferral's route: who would be asked, how many must approve, and when it escalates.</summary>
public sealed record ExplainedStep(
    string Step,
    int Stage,
    string Via,
    IReadOnlyList<string> Approvers,
    int Quorum,
    bool Veto,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OnBehalfOf,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? EscalateAfter,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? EscalateTo);
