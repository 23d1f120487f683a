namespace DeferredOrleans.Deferrals;

/// <summary>What <see cref="PollRules.Evaluate"/> decided, and the poll memory to keep.</summary>
public readonly record struct PollDecision(PollVerdict Verdict, PollMemory Memory, string? Progress = null);
