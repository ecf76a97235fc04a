using ZoneMap.Core.Tests.Support;

namespace ZoneMap.Core.Tests.Extraction;

public class SeedDumpTests
{
    [Theory]
    [InlineData("000")] [InlineData("001")] [InlineData("002")] [InlineData("003")] [InlineData("004")]
    public void Dump(string id)
    {
        var plan = Pipeline.Seed(id);
        var dir = Environment.GetEnvironmentVariable("ZONEMAP_DUMP");
        if (dir is null) return;
        using var w = new StreamWriter(Path.Combine(dir, id + ".txt"));
        foreach (var m in plan.Extraction.Mentions)
            w.WriteLine($"L{m.Line}\t{m.NameAsWritten}\t{m.PlaceId}\t{m.Role}\t{m.PeriodStart}-{m.PeriodEnd}\t{string.Join(",", m.Sectors)}\t|{m.Quote[..Math.Min(60, m.Quote.Length)]}");
        w.WriteLine("UNKNOWN:");
        foreach (var u in plan.Extraction.UnknownNames) w.WriteLine($"L{u.Line}\t{u.Name}\t{u.Count}");
    }
}
