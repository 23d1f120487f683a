namespace DeferredOrleans.Conformance;

/// <summary>The shared server on plain http (discovery, opt-in, codes, polling, slow_down, hygiene).</summary>
public sealed class HttpConformanceServer : ConformanceServer
{
    protected override bool Https => false;
}
