using DeferredOrleans.Abstractions.Connectors;
namespace DeferredOrleans.Grains.Connectors;

/// <summary>One approval task at an external system, as stored before anything about it is acknowledged.</summary>
[GenerateSerializer, Alias("DeferredOrleans.ApprovalTaskState")]
public sealed class ApprovalTaskState
{
    [Id(0)] public ConnectorTask? Task { get; set; }
    [Id(1)] public ApprovalTaskPhase Phase { get; set; }

    /// <summary>Delivery attempts (webhook POSTs, ARAP submissions, or cancellations) of the current phase.</summary>
    [Id(2)] public int Attempts { get; set; }

    [Id(3)] public DateTimeOffset? NextAttemptAt { get; set; }
    [Id(4)] public string? RemoteTaskId { get; set; }
    [Id(5)] public string? StatusEndpoint { get; set; }
    [Id(6)] public string? CancelUrl { get; set; }
    [Id(7)] public DateTimeOffset? RemoteExpiresAt { get; set; }
    [Id(8)] public string? LastStatus { get; set; }

    /// <summary>ARAP status polls that found the task still open (drives the polling backoff).</summary>
    [Id(9)] public int Polls { get; set; }

    /// <summary>Why the task finished or is being cancelled.</summary>
    [Id(10)] public string? Ending { get; set; }
}
