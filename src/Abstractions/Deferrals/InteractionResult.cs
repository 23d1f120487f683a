namespace DeferredOrleans.Abstractions.Deferrals;

/// <summary>What a confirmation in the interaction page did.</summary>
public enum InteractionResult
{
    /// <summary>Recorded (durably).</summary>
    Completed = 0,

    /// <summary>Unknown token, already used, or not the subject's: nothing changed.</summary>
    Invalid = 1,

    /// <summary>The request is no longer pending: nothing changed.</summary>
    NotPending = 2,
}
