namespace DeferredOrleans.Abstractions.Connectors;

/// <summary>How an external approval system is spoken to.</summary>
public enum ConnectorKind
{
    /// <summary>A signed JSON approval task POSTed to a URL; the outcome comes back on a signed callback (ServiceNow, Jira, Slack style).</summary>
    Webhook = 0,

    /// <summary>An AuthZEN Access Request and Approval Profile (ARAP) access request, followed by polling or callback.</summary>
    Arap = 1,
}
