namespace ZoneMap.Cli;

/// <summary>Where ZoneMap's checkout lives: ZONEMAP_HOME (set by ./zonemap), else the folder above that holds ZoneMap.sln.</summary>
public sealed record ProjectPaths(string Root)
{
    public string StateDir => Path.Combine(Root, ".zonemap");
    public string ClusterDir => Path.Combine(StateDir, "pg");
    public string Seeds => Path.Combine(Root, "seeds");
    public string Geodata => Path.Combine(Root, "geodata");
    public string Web => Path.Combine(Root, "web");
    public string Solution => Path.Combine(Root, "ZoneMap.sln");

    public static ProjectPaths Discover()
    {
        var home = Environment.GetEnvironmentVariable("ZONEMAP_HOME");
        if (!string.IsNullOrEmpty(home)) return new ProjectPaths(Path.GetFullPath(home));
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "ZoneMap.sln"))) return new ProjectPaths(d.FullName);
        throw new InvalidOperationException("cannot find the ZoneMap checkout: run ./zonemap from it or set ZONEMAP_HOME.");
    }
}
