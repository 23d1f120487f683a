using System.Text.Json;
using System.Text.Json.Serialization;
using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.Gateway.Api;

/// <summary>How the approval and admin APIs write their typed bodies: snake_case members, statuses as lowercase words.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter<DeferralStatus>(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>A status as the APIs write it: <c>pending</c>, <c>approved</c>, <c>redeemed</c>, …</summary>
    public static string Name(DeferralStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());
}
