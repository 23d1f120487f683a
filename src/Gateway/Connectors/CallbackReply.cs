using System.Text.Json.Serialization;
using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.Gateway.Connectors;

/// <summary>The answer to a connector callback: <c>recorded</c> or <c>ignored</c>, and the request's status.</summary>
public sealed record CallbackReply(
    string Result,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DeferralStatus? Status);
