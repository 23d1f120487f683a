namespace DeferredOrleans.Grains.Connectors;

/// <summary>An external system's answer: status (0 when nothing usable came back), body, and the headers we use.</summary>
public sealed record ConnectorResponse(int Status, string Body, string? Location = null, string? RetryAfter = null)
{
    public static readonly ConnectorResponse Failed = new(0, "");

    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>Worth trying again: no answer, a timeout, rate limiting or a server error.</summary>
    public bool IsTransient => Status is 0 or 408 or 425 or 429 or >= 500;
}
