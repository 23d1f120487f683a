namespace DeferredOrleans.Client;

/// <summary>What the client does next, as the polling state machine decides it.</summary>
public abstract record PollAction
{
    private PollAction()
    {
    }

    /// <summary>Sleep this long, then ask again with <see cref="ServerAnswer.Tick"/>.</summary>
    public sealed record Wait(TimeSpan Delay, DeferralProgress? Progress = null) : PollAction;

    /// <summary>Send the poll grant with this code now.</summary>
    public sealed record Poll(string DeferralCode) : PollAction;

    /// <summary>Finished: the token.</summary>
    public sealed record Done(TokenResponse Token) : PollAction;

    /// <summary>Finished without a token: a terminal OAuth error.</summary>
    public sealed record Fail(string Error, string? Description) : PollAction;

    /// <summary>The subject must act in a page first: hand this URI to the caller, then ask again with a tick.</summary>
    public sealed record Interaction(Uri InteractionUri) : PollAction;
}
