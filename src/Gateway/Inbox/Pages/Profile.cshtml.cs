using System.Collections.Immutable;
using System.Globalization;
using DeferredOrleans.Abstractions.Notifications;
using DeferredOrleans.Abstractions.Passkeys;
using DeferredOrleans.Gateway.Inbox.Passkeys;
using DeferredOrleans.Gateway.Profile;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Inbox.Pages;

/// <summary>
/// <c>/inbox/profile</c>: the approver's passkeys (list, register through the page's script, remove) and how they are
/// told of new requests (channels, addresses, the batching window), the same settings as the profile API.
/// </summary>
public sealed class ProfileModel(IGrainFactory grains, TimeProvider time, IOptions<PasskeyOptions> passkeys) : InboxPageModel(time)
{
    private const int MaxFieldLength = 2048;

    public bool PasskeysEnabled => passkeys.Value.Enabled;

    public ImmutableArray<Passkey> Passkeys { get; private set; } = [];

    public NotificationSettings Notifications { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string? registered)
    {
        Notice = registered is null ? null : "Your passkey is registered. You can sign in with it from now on.";
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(string? id)
    {
        var removed = id is { Length: > 0 and <= 1024 } && await grains.GetGrain<IPasskeysGrain>(ApproverId).RemoveAsync(id);
        await LoadAsync();
        return removed ? Done("The passkey is removed; it can no longer sign you in.") : Refuse(StatusCodes.Status404NotFound, "You have no such passkey. Nothing was changed.");
    }

    public async Task<IActionResult> OnPostNotificationsAsync(string[]? channels, string? email, string? chatWebhook, string? windowSeconds)
    {
        var parsed = (channels ?? []).Select(NotificationChannels.Parse).ToList();
        if (parsed.Any(c => c is null) || email is { Length: > MaxFieldLength } || chatWebhook is { Length: > MaxFieldLength } ||
            !int.TryParse(windowSeconds, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            await LoadAsync();
            return Refuse(StatusCodes.Status400BadRequest, "Choose channels from the list and give the window as a whole number of seconds. Nothing was changed.");
        }

        var preferences = new NotificationPreferences(
            [.. parsed.Select(c => c!.Value).Distinct()],
            string.IsNullOrWhiteSpace(email) ? null : email.Trim(),
            string.IsNullOrWhiteSpace(chatWebhook) ? null : chatWebhook.Trim(),
            TimeSpan.FromSeconds(seconds));
        var problem = await grains.GetGrain<IUserNotificationsGrain>(ApproverId).SetPreferencesAsync(preferences);
        await LoadAsync();
        return problem is null ? Done("Your notification settings are saved.") : Refuse(StatusCodes.Status400BadRequest, $"Not saved: {problem}.");
    }

    public async Task<IActionResult> OnPostResetNotificationsAsync()
    {
        await grains.GetGrain<IUserNotificationsGrain>(ApproverId).ResetPreferencesAsync();
        await LoadAsync();
        return Done("Your notification settings are back to the server's defaults.");
    }

    private IActionResult Done(string notice)
    {
        Notice = notice;
        return Page();
    }

    private async Task LoadAsync()
    {
        Passkeys = await grains.GetGrain<IPasskeysGrain>(ApproverId).ListAsync();
        Notifications = NotificationSettings.From(await grains.GetGrain<IUserNotificationsGrain>(ApproverId).GetProfileAsync());
    }
}
