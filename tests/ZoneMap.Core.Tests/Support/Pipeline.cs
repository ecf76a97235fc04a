using ZoneMap.Core.Extraction;
using ZoneMap.Core.Sectors;
using ZoneMap.Core.Text;
using G = ZoneMap.Core.Gazetteer;

namespace ZoneMap.Core.Tests.Support;

/// <summary>The full Core pipeline over the checkout's geodata, built once per test run.</summary>
public static class Pipeline
{
    private static readonly Lazy<(G.Gazetteer Gazetteer, SectorTaxonomy Taxonomy, G.StructureIndex Structures)> Reference = new(() =>
    {
        var convert = OpenCcConverter.TraditionalToSimplified.ConvertSameLength;
        var places = GeodataFiles.Places();
        return (new G.Gazetteer(places, GeodataFiles.Districts(), convert), new SectorTaxonomy(GeodataFiles.Sectors(), convert),
            new G.StructureIndex(GeodataFiles.Structures(places), convert));
    });

    public static G.Gazetteer Gazetteer => Reference.Value.Gazetteer;
    public static SectorTaxonomy Taxonomy => Reference.Value.Taxonomy;

    public static PlanProcessor Processor(G.Gazetteer? gazetteer = null)
    {
        var g = gazetteer ?? Gazetteer;
        return new PlanProcessor(new PlanExtractor(g, Taxonomy, Reference.Value.Structures), g, GeodataFiles.Catalog());
    }

    public static ProcessedPlan Seed(string id) => Processor().Process(File.ReadAllBytes(GeodataFiles.SeedPath(id)), Path.GetFileName(GeodataFiles.SeedPath(id)));
}
