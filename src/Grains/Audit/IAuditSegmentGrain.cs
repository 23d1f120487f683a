using System.Collections.Immutable;

namespace DeferredOrleans.Audit;

/// <summary>A run of consecutive audit entries (key <c>segment-N</c>).</summary>
[Alias("DeferredOrleans.IAuditSegmentGrain")]
public interface IAuditSegmentGrain : IGrainWithStringKey
{
    [Alias("Append")]
    Task AppendAsync(AuditEntry entry);

    [Alias("Get")]
    Task<ImmutableArray<AuditEntry>> GetAsync();
}
