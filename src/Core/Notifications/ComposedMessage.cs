namespace DeferredOrleans.Core.Notifications;

/// <summary>A message rendered for one channel.</summary>
/// <param name="Title">The email subject; the chat message's fallback text.</param>
/// <param name="Text">The plain-text body.</param>
/// <param name="Html">The HTML body (email), or null.</param>
/// <param name="Payload">The Slack-compatible JSON body (chat), or null.</param>
public sealed record ComposedMessage(string Title, string Text, string? Html, string? Payload);
