using System.Net;
using System.Text.Json;

namespace DeferredOrleans.ClusterTests;

/// <summary>One HTTP answer (status 0: no answer at all, the connection failed).</summary>
public sealed record Answer(string Path, int Status, JsonElement Json, bool HasRetryAfter, TimeSpan Took, string Body)
{
    public string? Error => Property("error");

    public bool IsUnavailable => Status == (int)HttpStatusCode.ServiceUnavailable;

    public bool NoConnection => Status == 0;

    public string? Property(string name) =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The quorum progress of an approval view or a decision answer: approvals so far.</summary>
    public int Approved
    {
        get
        {
            var root = Json.TryGetProperty("item", out var item) ? item : Json;
            return root.GetProperty("quorum").EnumerateArray().Sum(step => step.GetProperty("approved").GetInt32());
        }
    }

    public override string ToString() => $"{Status} {Path} ({Took.TotalMilliseconds:0} ms): {Body}";
}
