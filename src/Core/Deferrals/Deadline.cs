namespace DeferredOrleans.Core.Deferrals;

/// <summary>A deferral to wake at a time: one entry of the durable timer wheel (<see cref="DeadlineWheel"/>).</summary>
[GenerateSerializer, Alias("DeferredOrleans.Deadline")]
public readonly record struct Deadline([property: Id(0)] string DeferralId, [property: Id(1)] DateTimeOffset DueAt);
