using DeferredOrleans.Abstractions.Deferrals;
namespace DeferredOrleans.Core.Deferrals;

/// <summary>What <see cref="PollRules.Evaluate"/> decided, and the poll memory to keep.</summary>
/// <param name="Verdict">The answer.</param>
/// <param name="Memory">Poll bookkeeping after this poll.</param>
/// <param name="Progress">Opaque progress for a pending answer.</param>
/// <param name="Abandon">True when this poll killed the code; the grain records that durably.</param>
public readonly record struct PollDecision(PollVerdict Verdict, PollMemory Memory, string? Progress = null, bool Abandon = false);
