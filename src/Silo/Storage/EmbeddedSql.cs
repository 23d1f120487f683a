namespace DeferredOrleans.Silo.Storage;

/// <summary>The SQL scripts compiled into this assembly from one folder under <c>Storage/</c>, in file-name order.</summary>
internal static class EmbeddedSql
{
    public static IEnumerable<(string Name, string Text)> Scripts(string folder)
    {
        var assembly = typeof(EmbeddedSql).Assembly;
        var prefix = $"{typeof(EmbeddedSql).Namespace}.{folder}.";
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (name[prefix.Length..], reader.ReadToEnd());
        }
    }
}
