namespace DeferredOrleans.Replay;

/// <summary>Key conventions of <see cref="IReplayGuardGrain"/>.</summary>
public static class ReplayGuardKeys
{
    /// <summary>Guards whose keys start with this persist what they saw; the others keep it in memory only.</summary>
    public const string Durable = "durable/";
}
