using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using DeferredOrleans.Abstractions.Audit;

namespace DeferredOrleans.Core.AuditLog;

/// <summary>
/// A checkpoint as the witnesses get it: one JSON object (one line in the witness file), with the signed fields and
/// the signature, so that it can be handed back to <c>audit-verify</c> as it was exported.
/// </summary>
public static class AuditCheckpointJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    public static string Serialize(AuditCheckpoint checkpoint) => JsonSerializer.Serialize(
        new Line(
            checkpoint.Number, checkpoint.IssuedAt.ToUnixTimeMilliseconds(), checkpoint.Previous,
            [.. checkpoint.Shards.Select(s => new Shard(s.Shard, s.Size, s.Head))], checkpoint.KeyId, checkpoint.Signature),
        Options);

    /// <summary>The checkpoint in one line; throws <see cref="JsonException"/> if it is not one.</summary>
    public static AuditCheckpoint Parse(string json)
    {
        var line = JsonSerializer.Deserialize<Line>(json, Options) ?? throw new JsonException("null is not a checkpoint");
        return new AuditCheckpoint(
            line.Number, DateTimeOffset.FromUnixTimeMilliseconds(line.IssuedAt),
            [.. line.Shards.Select(s => new AuditShardHead(s.Index, s.Size, s.Head))], line.Previous, line.KeyId, line.Signature);
    }

    /// <summary>Every checkpoint in a witness file's lines (blank lines skipped); throws <see cref="JsonException"/> naming a bad line.</summary>
    public static ImmutableArray<AuditCheckpoint> ParseLines(IEnumerable<string> lines)
    {
        var checkpoints = ImmutableArray.CreateBuilder<AuditCheckpoint>();
        var number = 0;
        foreach (var text in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            try
            {
                checkpoints.Add(Parse(text));
            }
            catch (JsonException e)
            {
                throw new JsonException($"line {number} is not a checkpoint: {e.Message}", e);
            }
        }

        return checkpoints.ToImmutable();
    }

    private sealed record Line(long Number, long IssuedAt, string Previous, ImmutableArray<Shard> Shards, string KeyId, string Signature);

    private sealed record Shard([property: JsonPropertyName("shard")] int Index, long Size, string Head);
}
