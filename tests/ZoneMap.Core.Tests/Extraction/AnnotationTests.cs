using System.Text.Json;
using Xunit.Abstractions;
using ZoneMap.Core.Extraction;
using ZoneMap.Core.Tests.Support;

namespace ZoneMap.Core.Tests.Extraction;

/// <summary>
/// Extraction measured against hand-checked passages of all five seeds (Fixtures/annotations.json): recall and precision
/// of industry-tied place mentions (place id and name as written) and F1 of the sectors tied to them.
/// </summary>
public class AnnotationTests(ITestOutputHelper output)
{
    private sealed record Expected(string Name, string Place, string[] Sectors);

    [Fact]
    public void Extraction_meets_the_quality_bar_on_the_annotated_passages()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "annotations.json")));
        var total = new Score();
        var lines = new List<string>();
        foreach (var d in doc.RootElement.GetProperty("documents").EnumerateArray())
        {
            var id = d.GetProperty("id").GetString()!;
            var plan = Pipeline.Seed(id);
            var text = plan.Document.Text;
            var score = new Score();
            foreach (var p in d.GetProperty("passages").EnumerateArray())
            {
                var passage = p.GetProperty("text").GetString()!;
                var start = text.IndexOf(passage, StringComparison.Ordinal);
                Assert.True(start >= 0, $"{id}: passage not in the text: {passage}");
                var expected = p.GetProperty("places").EnumerateArray().Select(x => new Expected(
                    x.GetProperty("name").GetString()!, x.GetProperty("place").GetString()!,
                    x.GetProperty("sectors").EnumerateArray().Select(s => s.GetString()!).ToArray())).ToList();
                var predicted = plan.Extraction.Mentions.Where(m => m.NameStart >= start && m.NameEnd <= start + passage.Length).OrderBy(m => m.NameStart).ToList();
                score.Add(Compare(expected, predicted, id, output));
            }
            output.WriteLine($"{id}: {score}");
            lines.Add($"{id}: {score}");
            total.Add(score);
        }
        output.WriteLine($"all: {total}");
        // The scores are also kept in .zonemap/ (git-ignored), since test runners show passing tests' output only when verbose.
        var state = Path.Combine(GeodataFiles.Root, ".zonemap");
        Directory.CreateDirectory(state);
        File.WriteAllText(Path.Combine(state, "extraction-quality.txt"), $"{DateTimeOffset.UtcNow:u} annotated passages (tests/ZoneMap.Core.Tests/Fixtures/annotations.json)\n{string.Join("\n", lines)}\nall: {total}\n");
        Assert.True(total.Recall >= 0.95, $"place recall {total.Recall:P1} < 95%");
        Assert.True(total.Precision >= 0.90, $"place precision {total.Precision:P1} < 90%");
        Assert.True(total.SectorF1 >= 0.85, $"sector F1 {total.SectorF1:0.000} < 0.85");
    }

    private static Score Compare(List<Expected> expected, List<ExtractedMention> predicted, string doc, ITestOutputHelper output)
    {
        var s = new Score();
        var unmatched = predicted.ToList();
        foreach (var e in expected)
        {
            var m = unmatched.FirstOrDefault(p => p.PlaceId == e.Place && Clean(p.NameAsWritten) == e.Name);
            if (m is null)
            {
                s.PlaceFn++; s.SectorFn += e.Sectors.Length;
                output.WriteLine($"  {doc} missed {e.Name} → {e.Place}");
                continue;
            }
            unmatched.Remove(m);
            s.PlaceTp++;
            var tp = m.Sectors.Intersect(e.Sectors).Count();
            s.SectorTp += tp; s.SectorFp += m.Sectors.Count - tp; s.SectorFn += e.Sectors.Length - tp;
            if (tp != e.Sectors.Length || tp != m.Sectors.Count)
                output.WriteLine($"  {doc} {e.Name}: sectors [{string.Join(",", m.Sectors)}] expected [{string.Join(",", e.Sectors)}]");
        }
        foreach (var m in unmatched)
        {
            s.PlaceFp++; s.SectorFp += m.Sectors.Count;
            output.WriteLine($"  {doc} extra {m.NameAsWritten} → {m.PlaceId}");
        }
        return s;
    }

    private static string Clean(string name) => new(name.Where(c => !char.IsWhiteSpace(c)).ToArray());

    private sealed class Score
    {
        public int PlaceTp, PlaceFp, PlaceFn, SectorTp, SectorFp, SectorFn;
        public double Recall => PlaceTp / (double)Math.Max(1, PlaceTp + PlaceFn);
        public double Precision => PlaceTp / (double)Math.Max(1, PlaceTp + PlaceFp);
        private double SectorP => SectorTp / (double)Math.Max(1, SectorTp + SectorFp);
        private double SectorR => SectorTp / (double)Math.Max(1, SectorTp + SectorFn);
        public double SectorF1 => SectorP + SectorR == 0 ? 0 : 2 * SectorP * SectorR / (SectorP + SectorR);

        public void Add(Score o)
        {
            PlaceTp += o.PlaceTp; PlaceFp += o.PlaceFp; PlaceFn += o.PlaceFn;
            SectorTp += o.SectorTp; SectorFp += o.SectorFp; SectorFn += o.SectorFn;
        }

        public override string ToString() =>
            $"places P={Precision:P1} R={Recall:P1} (tp {PlaceTp}, fp {PlaceFp}, fn {PlaceFn}); sectors P={SectorP:P1} R={SectorR:P1} F1={SectorF1:0.000}";
    }
}
