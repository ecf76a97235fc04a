namespace ZoneMap.Tests.Shared;

/// <summary>
/// The checkout the tests run from: ZONEMAP_HOME (set by ./zonemap test), else the folder above the test binaries that
/// holds ZoneMap.sln. Its geodata/, seeds/ and docs/screenshots/ are the real ones.
/// </summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();
    public static string Geodata => Path.Combine(Root, "geodata");
    public static string Seeds => Path.Combine(Root, "seeds");

    /// <summary>docs/screenshots/NAME.png, so the README can link what the browser tests saw.</summary>
    public static string Screenshot(string name)
    {
        var folder = Path.Combine(Root, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name + ".png");
    }

    private static string FindRoot()
    {
        var home = Environment.GetEnvironmentVariable("ZONEMAP_HOME");
        if (!string.IsNullOrEmpty(home) && File.Exists(Path.Combine(home, "ZoneMap.sln"))) return home;
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "ZoneMap.sln"))) return d.FullName;
        throw new InvalidOperationException("cannot find the checkout: set ZONEMAP_HOME or run the tests from inside it (no ZoneMap.sln above the test binaries).");
    }
}
