namespace DeferredOrleans.Gateway.Connectors;

/// <summary>Error codes of the connector callback endpoint (bodies shaped like RFC 6749 §5.2).</summary>
public static class ConnectorErrors
{
    public const string InvalidSignature = "invalid_signature";
    public const string InvalidRequest = "invalid_request";
    public const string NotFound = "not_found";
    public const string NotPending = "not_pending";
}
