namespace DeferredOrleans.Abstractions.Keys;

/// <summary>What a rotation request did.</summary>
[GenerateSerializer, Alias("DeferredOrleans.KeyRotationOutcome")]
public enum KeyRotationOutcome
{
    /// <summary>The next key became current, the current one retired, and a new next key was published.</summary>
    Rotated = 0,

    /// <summary>The next key had not been published long enough; it becomes current at the scheduled time.</summary>
    Scheduled = 1,

    /// <summary>The current key was no longer the one the request named: someone else rotated first.</summary>
    Unchanged = 2,
}
