namespace DeferredOrleans.Gateway.AuthZen;

/// <summary>
/// An AuthZEN Authorization API 1.0 policy decision point asked on the token path (section
/// <c>DeferredOrleans:AuthZen:Pdp</c>). Off unless <see cref="EvaluationUrl"/> is set.
/// </summary>
public sealed class PdpOptions
{
    public const string Section = "DeferredOrleans:AuthZen:Pdp";

    /// <summary>The PDP's <c>access_evaluation_endpoint</c>, e.g. <c>https://pdp.example/access/v1/evaluation</c>.</summary>
    public string? EvaluationUrl { get; set; }

    /// <summary>The ARAP access request endpoint to use when a requestable denial names none (or one on another origin).</summary>
    public string? AccessRequestEndpoint { get; set; }

    /// <summary>How long the token request waits for the PDP; past it the client gets 503 <c>temporarily_unavailable</c>.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The environment variable holding a bearer token for the PDP and its access request service, if they want one.</summary>
    public string? BearerTokenEnv { get; set; }

    /// <summary>The HMAC key the access request service signs its callbacks with (and that signs ours).</summary>
    public string? CallbackSecret { get; set; }

    /// <summary>The environment variable holding <see cref="CallbackSecret"/>.</summary>
    public string? CallbackSecretEnv { get; set; }

    /// <summary>The approver id the access request task decides as (in the audit log and the callback path).</summary>
    public string ApproverId { get; set; } = "authzen";

    /// <summary>For a request the PDP alone defers: the code's lifetime, poll interval and approval lifetime, in seconds.</summary>
    public int ExpiresIn { get; set; } = 3600;

    public int Interval { get; set; } = 5;

    public int ApprovalLifetime { get; set; } = 3600;

    public bool Enabled => !string.IsNullOrWhiteSpace(EvaluationUrl);
}
