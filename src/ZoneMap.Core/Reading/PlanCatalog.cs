using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZoneMap.Core.Reading;

/// <summary>One entry of seeds/catalog.json.</summary>
public sealed record CatalogEntry
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("file")] public required string File { get; init; }
    [JsonPropertyName("title_zh")] public required string TitleZh { get; init; }
    [JsonPropertyName("title_en")] public string TitleEn { get; init; } = "";
    [JsonPropertyName("issuing_body")] public string IssuingBody { get; init; } = "";
    [JsonPropertyName("region")] public required string Region { get; init; }
    [JsonPropertyName("issue_date")] public string? IssueDate { get; init; }
    [JsonPropertyName("period_start")] public int PeriodStart { get; init; }
    [JsonPropertyName("period_end")] public int PeriodEnd { get; init; }
    [JsonPropertyName("script")] public string Script { get; init; } = "simplified";
    [JsonPropertyName("sha256")] public string Sha256 { get; init; } = "";
}

/// <summary>The documents ZoneMap knows by description; a file is found by its content hash, then by its name.</summary>
public sealed class PlanCatalog
{
    public static readonly PlanCatalog Empty = new([]);
    public IReadOnlyList<CatalogEntry> Entries { get; }

    public PlanCatalog(IReadOnlyList<CatalogEntry> entries) => Entries = entries;

    public static PlanCatalog Load(string path)
    {
        if (!System.IO.File.Exists(path)) return Empty;
        using var stream = System.IO.File.OpenRead(path);
        var doc = JsonSerializer.Deserialize<CatalogFile>(stream) ?? throw new InvalidDataException($"{path} holds no catalog");
        return new PlanCatalog(doc.Documents);
    }

    public CatalogEntry? Find(string sha256, string fileName) =>
        Entries.FirstOrDefault(e => string.Equals(e.Sha256, sha256, StringComparison.OrdinalIgnoreCase))
        ?? Entries.FirstOrDefault(e => string.Equals(e.File, fileName, StringComparison.Ordinal));

    private sealed record CatalogFile([property: JsonPropertyName("documents")] List<CatalogEntry> Documents);
}
