using System.Text.Json;
using DeferredOrleans.Abstractions.Notifications;
using DeferredOrleans.Gateway.Api;
using DeferredOrleans.Gateway.Approvals;

namespace DeferredOrleans.Gateway.Profile;

/// <summary>
/// A person's own notification settings: which channels (email, chat webhook), where to, and the batching window.
/// The grain validates what may be stored (address syntax, the webhook through the callbacks' SSRF rules, the window's
/// bounds), since it has the server's notification settings in every hosting profile.
/// </summary>
public static class ProfileEndpoints
{
    public static IEndpointRouteBuilder MapProfileEndpoints(this IEndpointRouteBuilder app)
    {
        var profile = app.MapGroup($"{ApprovalEndpoints.Path}/profile").RequireApprover();
        profile.MapGet("/notifications", GetAsync);
        profile.MapPut("/notifications", PutAsync);
        profile.MapDelete("/notifications", DeleteAsync);
        return app;
    }

    private static async Task<IResult> GetAsync(Approver approver, IGrainFactory grains) =>
        ApiResults.Ok(NotificationSettings.From(await grains.GetGrain<IUserNotificationsGrain>(approver.Id).GetProfileAsync()));

    private static async Task<IResult> PutAsync(Approver approver, ApiBody body, IGrainFactory grains)
    {
        var notifications = grains.GetGrain<IUserNotificationsGrain>(approver.Id);
        var current = await notifications.GetProfileAsync();
        if (Read(body.Root, current.Preferences) is not { } preferences)
        {
            return ApiResults.BadRequest("expected {\"channels\":[\"email\"|\"chat\"…],\"email\":…,\"chat_webhook\":…,\"window_seconds\":…}");
        }

        return await notifications.SetPreferencesAsync(preferences) is { } problem
            ? ApiResults.BadRequest(problem)
            : ApiResults.Ok(NotificationSettings.From(await notifications.GetProfileAsync()));
    }

    private static async Task<IResult> DeleteAsync(Approver approver, IGrainFactory grains)
    {
        var notifications = grains.GetGrain<IUserNotificationsGrain>(approver.Id);
        await notifications.ResetPreferencesAsync();
        return ApiResults.Ok(NotificationSettings.From(await notifications.GetProfileAsync()));
    }

    /// <summary>The preferences of a PUT body; an absent member keeps its current value. Null when the body is malformed.</summary>
    private static NotificationPreferences? Read(JsonElement body, NotificationPreferences current)
    {
        var channels = current.Channels;
        if (body.TryGetProperty("channels", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(c => c.ValueKind != JsonValueKind.String || NotificationChannels.Parse(c.GetString()!) is null))
            {
                return null;
            }

            channels = [.. list.EnumerateArray().Select(c => NotificationChannels.Parse(c.GetString()!)!.Value)];
        }

        if (!Text(body, "email", current.Email, out var email) || !Text(body, "chat_webhook", current.ChatWebhook, out var webhook))
        {
            return null;
        }

        var window = current.Window;
        if (body.TryGetProperty("window_seconds", out var seconds))
        {
            if (seconds.ValueKind != JsonValueKind.Number || !seconds.TryGetInt32(out var value))
            {
                return null;
            }

            window = TimeSpan.FromSeconds(value);
        }

        return new NotificationPreferences(channels, email, webhook, window);
    }

    /// <summary>A string member, null to clear it, or absent to keep it; false when it is something else.</summary>
    private static bool Text(JsonElement body, string name, string? current, out string? value)
    {
        value = current;
        if (!body.TryGetProperty(name, out var member))
        {
            return true;
        }

        value = member.ValueKind == JsonValueKind.String ? member.GetString() : null;
        return member.ValueKind is JsonValueKind.String or JsonValueKind.Null;
    }
}
