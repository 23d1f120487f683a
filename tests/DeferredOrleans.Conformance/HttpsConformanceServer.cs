namespace DeferredOrleans.Conformance;

/// <summary>The shared server on https, so that <c>interaction_uri</c> is an https URI (checks 24-58).</summary>
public sealed class HttpsConformanceServer : ConformanceServer
{
    protected override bool Https => true;
}
