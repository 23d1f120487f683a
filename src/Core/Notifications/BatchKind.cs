namespace DeferredOrleans.Core.Notifications;

/// <summary>Why a message goes out.</summary>
public enum BatchKind
{
    /// <summary>The first requests after a quiet period: at once, and a window opens.</summary>
    Immediate = 0,

    /// <summary>What arrived during a window, at its end.</summary>
    Digest = 1,

    /// <summary>Requests that cannot wait for the window's end: expiring soon, or escalated.</summary>
    Urgent = 2,

    /// <summary>A decision on a request, told to its subject.</summary>
    Decision = 3,
}
