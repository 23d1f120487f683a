namespace DeferredOrleans.InteropTests;

/// <summary>A client or a directory user of interopserver.json, with the secret or password its hash was made from.</summary>
public sealed record Party(string Id, string Secret)
{
    public static readonly Party Agent = new("agent", "agent-secret");
    public static readonly Party Ciba = new("ciba", "ciba-secret");
    public static readonly Party Web = new("web", "web-secret");
    public static readonly Party Exchanger = new("exchanger", "exchanger-secret");

    /// <summary>The named approver of the <c>approve-me</c> rule.</summary>
    public static readonly Party Approver = new("approver", "approver-password");

    /// <summary>The person who signs in at <c>/authorize</c> and who is the CIBA login_hint.</summary>
    public static readonly Party Erin = new("erin", "erin-password");

    /// <summary>The redirect URI registered for <see cref="Web"/>; nothing listens there, the tests read the Location.</summary>
    public const string RedirectUri = "http://127.0.0.1/callback";
}
