using System.Net.Mail;
using DeferredOrleans.Abstractions.Notifications;

namespace DeferredOrleans.Core.Notifications;

/// <summary>Which preferences may be stored, and why a chosen channel would not deliver.</summary>
public static class NotificationPreferenceRules
{
    private const int MaxEmailLength = 254;

    /// <summary>The problem with preferences a person submits, or null when they may be stored.</summary>
    public static string? Problem(NotificationPreferences preferences, NotificationOptions options)
    {
        if (preferences.Channels.Any(c => !Enum.IsDefined(c)) || preferences.Channels.Distinct().Count() != preferences.Channels.Length)
        {
            return "channels must be distinct values of \"email\" and \"chat\"";
        }

        if (preferences.Window < TimeSpan.Zero || preferences.Window > options.MaxWindow)
        {
            return $"the window must be between 0 and {(int)options.MaxWindow.TotalSeconds} seconds";
        }

        if ((preferences.Email is not null || preferences.Channels.Contains(NotificationChannel.Email)) && EmailProblem(preferences.Email) is { } email)
        {
            return email;
        }

        // The callbacks' SSRF rules (draft-ietf-oauth-deferred-token-response-01 §11.5): https to public addresses,
        // checked again when connecting.
        if ((preferences.ChatWebhook is not null || preferences.Channels.Contains(NotificationChannel.Chat)) &&
            (preferences.ChatWebhook is null ? "is required for the chat channel" : CallbackTargets.Problem(preferences.ChatWebhook, options.AllowPrivateTargets)) is { } webhook)
        {
            return $"chat_webhook {webhook}";
        }

        return null;
    }

    /// <summary>Why a chosen channel does not deliver (no address, no SMTP server), or null when it does.</summary>
    public static string? InactiveBecause(NotificationChannel channel, NotificationPreferences preferences, NotificationOptions options) => channel switch
    {
        NotificationChannel.Email when EmailProblem(preferences.Email) is { } problem => problem,
        NotificationChannel.Email when string.IsNullOrWhiteSpace(options.Smtp.Host) => "the server has no SMTP server configured",
        NotificationChannel.Chat when preferences.ChatWebhook is null => "no chat webhook is set",
        NotificationChannel.Chat when CallbackTargets.Problem(preferences.ChatWebhook, options.AllowPrivateTargets) is { } problem => $"the chat webhook {problem}",
        _ => null,
    };

    /// <summary>The channels that deliver: chosen, with a usable address, and the server able to send.</summary>
    public static IEnumerable<NotificationChannel> Active(NotificationPreferences preferences, NotificationOptions options) =>
        preferences.Channels.Where(c => InactiveBecause(c, preferences, options) is null);

    /// <summary>The address a channel delivers to.</summary>
    public static string Destination(NotificationChannel channel, NotificationPreferences preferences) =>
        (channel == NotificationChannel.Email ? preferences.Email : preferences.ChatWebhook) ?? "";

    private static string? EmailProblem(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return "email is required for the email channel";
        }

        // One plain address: no display name, no list, nothing that could smuggle a header line.
        return email.Length <= MaxEmailLength && !email.Any(char.IsControl) &&
            MailAddress.TryCreate(email, out var address) && address.Address == email && address.DisplayName.Length == 0
            ? null
            : "email must be one plain email address, like alice@example.com";
    }
}
