using System.Text.Json;
using DeferredOrleans.Core;
using DeferredOrleans.Core.Organization;
using DeferredOrleans.Core.Policy;

namespace DeferredOrleans.Gateway.PolicyManagement;

/// <summary>
/// Loads a policy file (<c>{"Rules":[…]}</c>, JSON with comments allowed) and compiles it. Every problem names the
/// line of the rule (or of the JSON error) and what is wrong, so a bad file is rejected with a message an operator can
/// act on.
/// </summary>
public static class PolicyFileLoader
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static (AccessPolicy? Policy, string? Error) Load(string path, OrganizationDirectory directory)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            return (null, $"{path}: cannot be read ({e.Message})");
        }
        catch (UnauthorizedAccessException e)
        {
            return (null, $"{path}: cannot be read ({e.Message})");
        }

        return Compile(path, bytes, directory);
    }

    public static (AccessPolicy? Policy, string? Error) Compile(string name, byte[] bytes, OrganizationDirectory directory)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            return (null, $"{name}: line {(e.LineNumber ?? 0) + 1}: not valid JSON ({e.Message.Split(" Path:")[0]})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.EnumerateObject().Any(p => p.NameEquals("Rules") || p.Name.Equals("rules", StringComparison.OrdinalIgnoreCase)))
            {
                return (null, $"{name}: line 1: expected an object with a \"Rules\" array");
            }

            var rulesElement = document.RootElement.EnumerateObject().First(p => p.Name.Equals("Rules", StringComparison.OrdinalIgnoreCase)).Value;
            if (rulesElement.ValueKind != JsonValueKind.Array)
            {
                return (null, $"{name}: \"Rules\" must be an array");
            }

            var lines = RuleLines(bytes);
            var rules = new List<PolicyRuleOptions>();
            var index = 0;
            foreach (var element in rulesElement.EnumerateArray())
            {
                var line = index < lines.Count ? lines[index] : 0;
                try
                {
                    rules.Add(element.Deserialize<PolicyRuleOptions>(Json) ?? throw new JsonException("the rule is null"));
                }
                catch (JsonException e)
                {
                    return (null, $"{name}: line {line + (int)(e.LineNumber ?? 0)}: rule #{index + 1} has a field of the wrong type ({e.Message.Split(" Path:")[0]})");
                }

                index++;
            }

            try
            {
                return (AccessPolicy.Compile(new PolicyOptions { Rules = rules }, directory, lines), null);
            }
            catch (ConfigurationProblemException e)
            {
                return (null, $"{name}: {string.Join("; ", e.Problems)}");
            }
        }
    }

    /// <summary>The 1-based line on which each element of the top-level Rules array starts.</summary>
    private static List<int> RuleLines(byte[] bytes)
    {
        var lines = new List<int>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var inRules = false;
        while (reader.Read())
        {
            if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName)
            {
                inRules = reader.GetString()!.Equals("Rules", StringComparison.OrdinalIgnoreCase);
            }
            else if (inRules && reader.CurrentDepth == 2 && reader.TokenType == JsonTokenType.StartObject)
            {
                lines.Add(bytes.AsSpan(0, (int)reader.TokenStartIndex).Count((byte)'\n') + 1);
            }
        }

        return lines;
    }
}
