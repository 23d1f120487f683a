namespace DeferredOrleans.Gateway.OAuth;

/// <summary>The authorization endpoint's response types (RFC 6749 §3.1.1: a space-separated, unordered list).</summary>
public static class ResponseTypes
{
    public const string Code = "code";

    /// <summary>DTR-OIDF draft 00 §5.1.</summary>
    public const string DeferredCode = "deferred_code";

    /// <summary>
    /// <c>code</c>, or <c>deferred_code</c> for both <c>deferred_code</c> and <c>deferred_code code</c>: draft 00
    /// §5.4 lets the server pick for the latter, and this one always defers (the client registered for it).
    /// </summary>
    public static string? Parse(string? value)
    {
        var values = (value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToArray();
        return values switch
        {
            [Code] => Code,
            [DeferredCode] or [Code, DeferredCode] => DeferredCode,
            _ => null,
        };
    }
}
