using System.Diagnostics.Metrics;
using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.Core.Telemetry;

/// <summary>
/// The service's own instruments (meter <c>DeferredOrleans</c>). Counts are per process; a dashboard sums them
/// over processes. <c>deferrals.pending</c> counts, per silo, deferrals created minus deferrals resolved there, so
/// its sum over silos is exact until a silo dies: then the deferrals that silo still counted as pending are
/// counted again by nobody and resolve (with a decrement) on a survivor. The exact figure lives in storage.
/// </summary>
public sealed class DeferralMetrics
{
    public const string MeterName = "DeferredOrleans";

    private readonly Counter<long> _created;
    private readonly UpDownCounter<long> _pending;
    private readonly Counter<long> _decisions;
    private readonly Counter<long> _polls;
    private readonly Histogram<double> _timeToDecision;
    private readonly Counter<long> _issued;

    public DeferralMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _created = meter.CreateCounter<long>("deferred_orleans.deferrals.created", "{deferral}", "Deferred token requests created, by rule");
        _pending = meter.CreateUpDownCounter<long>("deferred_orleans.deferrals.pending", "{deferral}", "Deferrals waiting for a decision");
        _decisions = meter.CreateCounter<long>("deferred_orleans.decisions", "{decision}", "Approver decisions, by decision and outcome");
        _polls = meter.CreateCounter<long>("deferred_orleans.polls", "{poll}", "Client polls, by outcome");
        _timeToDecision = meter.CreateHistogram<double>("deferred_orleans.time_to_decision", "s", "From deferral to its final status, by status");
        _issued = meter.CreateCounter<long>("deferred_orleans.tokens.issued", "{token}", "Access tokens handed out, by grant type (the DTR poll grant: after approval)");
        Notifications = meter.CreateCounter<long>("deferred_orleans.notifications.delivered", "{notification}", "Notifications delivered to people, by channel and kind");
        NotificationFailures = meter.CreateCounter<long>("deferred_orleans.notifications.failed", "{attempt}", "Failed notification attempts, by channel and outcome (retry or gave_up)");
        Callbacks = meter.CreateCounter<long>("deferred_orleans.callbacks.delivered", "{callback}", "Callbacks to clients, by outcome");
    }

    /// <summary>Messages a channel took (email accepted by the SMTP server, webhook answered 2xx), by channel and kind.</summary>
    public Counter<long> Notifications { get; }

    /// <summary>Attempts to send a message that failed, by channel and outcome (<c>retry</c> or <c>gave_up</c>).</summary>
    public Counter<long> NotificationFailures { get; }

    /// <summary>Client callback delivery attempts, by outcome; recorded by the notification grain.</summary>
    public Counter<long> Callbacks { get; }

    public void Created(string rule)
    {
        _created.Add(1, new KeyValuePair<string, object?>("rule", rule));
        _pending.Add(1);
    }

    public void Decided(bool approve, DecisionResult result) =>
        _decisions.Add(1, new KeyValuePair<string, object?>("decision", approve ? "approve" : "deny"), new KeyValuePair<string, object?>("outcome", result.ToString()));

    /// <summary>A pending deferral reached its final answer (approved, denied or expired).</summary>
    public void Resolved(DeferralStatus status, TimeSpan afterCreation)
    {
        _pending.Add(-1);
        _timeToDecision.Record(afterCreation.TotalSeconds, new KeyValuePair<string, object?>("status", status.ToString()));
    }

    public void NotificationDelivered(string channel, string kind) =>
        Notifications.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("kind", kind));

    public void NotificationFailed(string channel, bool gaveUp) =>
        NotificationFailures.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("outcome", gaveUp ? "gave_up" : "retry"));

    public void Polled(PollVerdict verdict) => _polls.Add(1, new KeyValuePair<string, object?>("outcome", verdict.ToString()));

    /// <summary>A token left the gateway; recorded there, since tokens are minted there.</summary>
    public void Issued(string grantType) => _issued.Add(1, new KeyValuePair<string, object?>("grant_type", grantType));
}
