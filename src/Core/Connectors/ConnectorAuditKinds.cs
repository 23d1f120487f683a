namespace DeferredOrleans.Core.Connectors;

/// <summary>The audit event kinds an approval task records.</summary>
public static class ConnectorAuditKinds
{
    public const string Sent = "connector.sent";
    public const string Retry = "connector.retry";
    public const string Outcome = "connector.outcome";
    public const string UnknownStatus = "connector.unknown_status";
    public const string GaveUp = "connector.gave_up";
    public const string Cancelled = "connector.cancelled";
    public const string CancelSent = "connector.cancel_sent";
}
