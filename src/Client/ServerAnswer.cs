namespace DeferredOrleans.Client;

/// <summary>What the token endpoint (or the clock) said, as the polling state machine reads it.</summary>
public abstract record ServerAnswer
{
    private ServerAnswer()
    {
    }

    /// <summary>200: the token.</summary>
    public sealed record Issued(TokenResponse Token) : ServerAnswer;

    /// <summary>
    /// 400 <c>authorization_pending</c> or <c>interaction_required</c>. The first one carries the deferral code
    /// (<c>deferral_code</c>, or its alias <c>auth_req_id</c>), <c>expires_in</c> and <c>interval</c>; later ones
    /// usually carry only a progress description.
    /// </summary>
    public sealed record Pending(string? DeferralCode, int? ExpiresIn, int? Interval, string? Description, Uri? InteractionUri = null) : ServerAnswer;

    /// <summary>Any other OAuth error, or a response that is not one (<see cref="RetryAfter"/> from a 503).</summary>
    public sealed record Error(string Code, string? Description, TimeSpan? RetryAfter = null) : ServerAnswer;

    /// <summary>No answer: a wait has ended (or the caller asks what to do now).</summary>
    public sealed record Tick : ServerAnswer
    {
        /// <summary>The one tick.</summary>
        public static Tick Instance { get; } = new();
    }
}
