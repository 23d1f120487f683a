using System.Collections.Immutable;

namespace DeferredOrleans.Abstractions.Audit;

/// <summary>A run of consecutive audit entries (key <c>segment-N</c>).</summary>
[Alias("DeferredOrleans.IAuditSegmentGrain")]
public interface IAuditSegmentGrain : IGrainWithStringKey
{
    /// <summary>Appends consecutive entries in one write; durable on return.</summary>
    [Alias("AppendMany")]
    Task AppendAsync(ImmutableArray<AuditEntry> entries);

    /// <summary>The segment's entries, in order.</summary>
    [Alias("Get")]
    Task<ImmutableArray<AuditEntry>> GetAsync();
}
