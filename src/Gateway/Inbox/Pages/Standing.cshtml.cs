using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Approvals;
using DeferredOrleans.Gateway.Clients;
using Microsoft.AspNetCore.Mvc;

namespace DeferredOrleans.Gateway.Inbox.Pages;

/// <summary><c>/inbox/standing</c>: the approver's standing decisions in force, each revocable.</summary>
public sealed class StandingModel(IGrainFactory grains, ClientRegistry clients, TimeProvider time) : InboxPageModel(time)
{
    public ImmutableArray<StandingDecision> Decisions { get; private set; } = [];

    public string ClientName(string clientId) => clients.NameOf(clientId);

    public async Task OnGetAsync(string? revoked)
    {
        Notice = revoked is null ? null : "The standing decision was revoked: later requests will be asked again.";
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string? id)
    {
        if (string.IsNullOrEmpty(id) || !await grains.GetGrain<IStandingDecisionsGrain>(ApproverId).RevokeAsync(id))
        {
            await LoadAsync();
            return Refuse(StatusCodes.Status404NotFound, "No such standing decision of yours is in force; nothing was changed.");
        }

        return Redirect("/inbox/standing?revoked=1");
    }

    private async Task LoadAsync() =>
        Decisions = [.. (await grains.GetGrain<IStandingDecisionsGrain>(ApproverId).ListAsync()).OrderBy(d => d.ExpiresAt)];
}
