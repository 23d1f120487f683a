namespace DeferredOrleans.Silo.Storage.Sqlite;

/// <summary>
/// A grain state's row in <c>OrleansStorage</c>, keyed as the ADO.NET provider keys it: the service, the state's
/// name, and the grain's key, where a key that reads as a GUID or an integer fills <c>GrainIdN0</c> and
/// <c>GrainIdN1</c> and leaves only its extension (or nothing) in <c>GrainIdExtensionString</c>.
/// </summary>
public readonly record struct StateRow(string ServiceId, string StateName, long N0, long N1, string Key)
{
    public StateRow(string serviceId, string stateName, string key)
        : this(serviceId, stateName, 0, 0, key)
    {
    }

    public static StateRow Of(string serviceId, string stateName, GrainId grainId)
    {
        if (grainId.TryGetGuidKey(out var guid, out var guidExtension))
        {
            var bytes = guid.ToByteArray();
            return new(serviceId, stateName, BitConverter.ToInt64(bytes, 0), BitConverter.ToInt64(bytes, 8), guidExtension ?? "");
        }

        if (grainId.TryGetIntegerKey(out var integer, out var integerExtension))
        {
            return new(serviceId, stateName, 0, integer, integerExtension ?? "");
        }

        return new(serviceId, stateName, grainId.Key.ToString()!);
    }
}
