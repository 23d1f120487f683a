namespace DeferredOrleans.Grains;

/// <summary>How a grain stores a new state without letting memory and storage part ways.</summary>
internal static class StateWrites
{
    /// <summary>
    /// Makes <paramref name="next"/> the grain's state and stores it. If the write fails, the caller was not told of
    /// the change: memory goes back to what storage holds, and the activation steps aside (a version conflict means
    /// another activation owns the grain), then the failure propagates.
    /// </summary>
    public static async Task WriteOrStepAsideAsync<T>(this IPersistentState<T> state, T next, IGrainBase grain)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception)
        {
            state.State = previous;
            grain.DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>
    /// What a grain whose memory is ahead of its storage (a write failed) answers until it is reloaded: an
    /// <see cref="OrleansException"/>, which callers treat as transient (HTTP 503 with <c>Retry-After</c>), since the
    /// next activation serves the call.
    /// </summary>
    public static OrleansException SteppingAside(string grain) =>
        new($"The {grain} failed to store a change and is being reloaded; try again.");
}
