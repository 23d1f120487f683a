namespace DeferredOrleans.Core.Connectors;

/// <summary>How tasks at external approval systems are delivered and followed (section <c>DeferredOrleans:Connectors</c>).</summary>
public sealed class ConnectorOptions
{
    public const string Section = "DeferredOrleans:Connectors";

    /// <summary>
    /// Allow http and private, loopback and link-local targets (an ARS or ServiceNow inside the network, development).
    /// Off by default: connectors then reach only https endpoints on public addresses.
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>Timeout of every HTTP call to an external system (a connector may set its own).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Wait before the first delivery attempt, outside the turn that created the task.</summary>
    public TimeSpan FirstAttemptDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Delivery attempts in all (the first plus retries) before the task gives up.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Backoff after the first failed delivery; doubles after each further failure, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>ARAP: the first status poll; doubles up to <see cref="PollMaxDelay"/> (ARAP: a few seconds, at most a minute).</summary>
    public TimeSpan PollInitialDelay { get; set; } = TimeSpan.FromSeconds(3);

    public TimeSpan PollMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The task reminder's period: how soon a tick lost to a crash (or due while the silo was down) is tried again.
    /// Every tick sets its own due time; this is only the floor that survives a restart.
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How far a callback's signed timestamp may be from the server's clock.</summary>
    public TimeSpan CallbackTolerance { get; set; } = TimeSpan.FromMinutes(5);
}
