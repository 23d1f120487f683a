using System.Globalization;

namespace DeferredOrleans.Core.Connectors;

/// <summary>Timestamps as AuthZEN and ARAP documents carry them: RFC 3339 UTC, whole seconds.</summary>
public static class Rfc3339
{
    public static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
