namespace DeferredOrleans.Core.AuditLog;

/// <summary>How the audit log is sharded and anchored (section <c>DeferredOrleans:Audit</c>).</summary>
public sealed class AuditOptions
{
    public const string Section = "DeferredOrleans:Audit";

    /// <summary>
    /// Shards, each its own hash chain written by its own grain. Raise it freely; lowering it leaves the higher shards'
    /// entries readable and verified (a checkpoint names them) but no longer appended to.
    /// </summary>
    public int Shards { get; set; } = 8;

    /// <summary>How often a signed checkpoint over the shard heads is made and exported (reminders: at least a minute).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A file outside the database to which each checkpoint is appended as one JSON line; none if empty.</summary>
    public string? WitnessFile { get; set; }

    /// <summary>A URL to which each checkpoint is POSTed as JSON; none if empty.</summary>
    public Uri? WitnessUrl { get; set; }

    public TimeSpan WitnessTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
