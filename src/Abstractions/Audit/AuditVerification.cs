namespace DeferredOrleans.Abstractions.Audit;

/// <summary>The result of checking the chain.</summary>
/// <param name="Intact">True when every entry is present, in order, and unaltered.</param>
/// <param name="Entries">Entries checked.</param>
/// <param name="Problem">The first problem found, e.g. <c>entry 17: hash does not match its content</c>.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.AuditVerification")]
public sealed record AuditVerification(
    [property: Id(0)] bool Intact,
    [property: Id(1)] long Entries,
    [property: Id(2)] string? Problem);
