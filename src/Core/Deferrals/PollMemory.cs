namespace DeferredOrleans.Core.Deferrals;

/// <summary>
/// Per-code poll bookkeeping. It lives only in the activation's memory: polls never write storage, and losing it
/// on deactivation only forgives past slow_downs.
/// </summary>
/// <param name="LastPollAt">When the previous poll was received, if any.</param>
/// <param name="SlowDowns">How many slow_down answers this code has received.</param>
/// <param name="Violations">How many polls in a row came too early.</param>
public readonly record struct PollMemory(DateTimeOffset? LastPollAt, int SlowDowns, int Violations = 0);
