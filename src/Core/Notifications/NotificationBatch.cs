using System.Collections.Immutable;

namespace DeferredOrleans.Core.Notifications;

/// <summary>One message to send now: its kind and the requests it announces, in order.</summary>
public sealed record NotificationBatch(BatchKind Kind, ImmutableArray<string> Ids);
