using System.Collections.Immutable;
using DeferredOrleans.Abstractions.Approvals;
using DeferredOrleans.Abstractions.Audit;
using DeferredOrleans.Gateway.Clients;

namespace DeferredOrleans.Gateway.Inbox.Pages;

/// <summary><c>/inbox/history</c>: the decisions and standing decisions this approver made, from the audit log, newest first.</summary>
public sealed class HistoryModel(IGrainFactory grains, ClientRegistry clients, TimeProvider time) : InboxPageModel(time)
{
    private const int Limit = 200;

    public ImmutableArray<AuditEntry> Entries { get; private set; } = [];

    public string ClientName(string? clientId) => clientId is null ? "" : clients.NameOf(clientId);

    /// <summary>An audit kind in words.</summary>
    public static string What(AuditEvent e) => e.Kind switch
    {
        "decision.recorded" when e.Detail?.StartsWith("approve", StringComparison.Ordinal) == true => "approved",
        "decision.recorded" => "denied",
        "standing_decision.created" => "made a standing decision",
        "standing_decision.revoked" => "revoked a standing decision",
        _ => e.Kind,
    };

    public async Task OnGetAsync() =>
        Entries = await grains.GetGrain<IApproverInboxGrain>(ApproverId).DecisionsAsync(Limit);
}
