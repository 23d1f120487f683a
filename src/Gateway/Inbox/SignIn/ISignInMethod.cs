namespace DeferredOrleans.Gateway.Inbox.SignIn;

/// <summary>
/// A way for an approver to sign in, shown on the sign-in page. A method renders its own part of the page (a partial
/// view under <c>Inbox/Pages/Shared</c>), proves the user's identity its own way, and ends in
/// <see cref="Api.ApproverSessions.SignInAsync"/> with its <c>amr</c> values; adding a method (a passkey, an upstream
/// OpenID Provider) is adding one of these, its partial and its handler.
/// </summary>
public interface ISignInMethod
{
    /// <summary>A short id, e.g. <c>password</c>.</summary>
    string Id { get; }

    /// <summary>The partial view that renders the method's form or button.</summary>
    string Partial { get; }
}
