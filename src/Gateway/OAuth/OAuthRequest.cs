using System.Collections.Frozen;
using Microsoft.Extensions.Primitives;

namespace DeferredOrleans.Gateway.OAuth;

/// <summary>
/// The parameters of a form-encoded OAuth request. RFC 6749 §3.1: a parameter without a value counts as omitted,
/// and none may repeat, except those that are lists by definition (RFC 8707 <c>resource</c>, RFC 8693 <c>audience</c>).
/// </summary>
public sealed class OAuthRequest
{
    private static readonly FrozenSet<string> Repeatable = FrozenSet.Create(StringComparer.Ordinal, OAuthParameters.Resource, OAuthParameters.Audience);

    private readonly Dictionary<string, StringValues> _values;

    private OAuthRequest(Dictionary<string, StringValues> values) => _values = values;

    public static OAuthRequest Empty { get; } = new([]);

    /// <summary>Builds the request, or names the first parameter that appears twice.</summary>
    public static (OAuthRequest? Request, OAuthError? Error) From(IEnumerable<KeyValuePair<string, StringValues>> form)
    {
        var values = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        foreach (var (name, raw) in form)
        {
            var present = raw.Where(v => !string.IsNullOrEmpty(v)).ToArray();
            if (present.Length == 0)
            {
                continue;
            }

            if (present.Length > 1 && !Repeatable.Contains(name))
            {
                return (null, OAuthError.InvalidRequest("a parameter is repeated"));
            }

            values[name] = new StringValues(present);
        }

        return (new OAuthRequest(values), null);
    }

    public string? this[string name] => _values.TryGetValue(name, out var value) ? value[0] : null;

    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var value) ? [.. value.OfType<string>()] : [];

    public bool Has(string name) => _values.ContainsKey(name);

    public IEnumerable<string> Names => _values.Keys;
}
