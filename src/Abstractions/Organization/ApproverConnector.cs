namespace DeferredOrleans.Abstractions.Organization;

/// <summary>
/// The external system that decides for a machine approver (directory user <c>Connector</c>): when the approver is
/// asked, the server sends it a task and takes its outcome as the approver's decision. Configured only (the admin API
/// does not set it), so the secret never reaches storage.
/// </summary>
[GenerateSerializer, Alias("DeferredOrleans.ApproverConnector")]
public sealed class ApproverConnector
{
    /// <summary>A webhook system (ServiceNow, Jira, Slack style) that calls back with the outcome.</summary>
    public const string Webhook = "webhook";
    /// <summary>An AuthZEN access request endpoint (ARAP) that is polled for the outcome.</summary>
    public const string Arap = "arap";

    /// <summary><c>webhook</c> (ServiceNow, Jira, Slack style) or <c>arap</c> (AuthZEN access request endpoint).</summary>
    [Id(0)] public string Kind { get; set; } = Webhook;

    /// <summary>The webhook URL, or the ARAP access request endpoint.</summary>
    [Id(1)] public string Url { get; set; } = "";

    /// <summary>The shared HMAC key (development only; use <see cref="SecretEnv"/> elsewhere).</summary>
    [Id(2)] public string? Secret { get; set; }

    /// <summary>The environment variable holding the shared HMAC key.</summary>
    [Id(3)] public string? SecretEnv { get; set; }

    /// <summary>The environment variable holding a bearer token to present to the system, if it wants one.</summary>
    [Id(4)] public string? BearerTokenEnv { get; set; }

    /// <summary>Timeout of each HTTP call to this system; <c>Connectors:Timeout</c> when not set.</summary>
    [Id(5)] public TimeSpan? Timeout { get; set; }
}
