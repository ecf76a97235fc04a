using System.Text.Json.Nodes;
using ZoneMap.Api.Features.Collections;
using ZoneMap.Data.Features;

namespace ZoneMap.Api.Features.Landing;

/// <summary>
/// The OpenAPI 3.0 description, built from the same parameter list the parser enforces, so the two cannot drift.
/// Hand-built: the endpoints parse their query strings themselves, which no generator can see.
/// </summary>
public static class OpenApiDocument
{
    public static JsonObject Build(string serverUrl)
    {
        var shared = QueryParameters.Export.Concat(QueryParameters.Items).Concat(QueryParameters.Tiles).Distinct().ToList();
        var parameters = new JsonObject();
        foreach (var p in shared) parameters[ComponentName(p)] = Describe(p);
        parameters["collectionId"] = new JsonObject
        {
            ["name"] = "collectionId", ["in"] = "path", ["required"] = true, ["description"] = "Collection id.",
            ["schema"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(FeatureCatalog.All.Select(c => (JsonNode)c.Id).ToArray()) },
        };
        parameters["featureId"] = new JsonObject
        {
            ["name"] = "featureId", ["in"] = "path", ["required"] = true, ["description"] = "Feature id.", ["schema"] = new JsonObject { ["type"] = "string" },
        };
        foreach (var (name, description) in new[] { ("z", "Zoom level, 0 to 22."), ("x", "Column, 0 to 2^z - 1 (west to east)."), ("y", "Row, 0 to 2^z - 1 (north to south).") })
        {
            parameters[name] = new JsonObject
            {
                ["name"] = name, ["in"] = "path", ["required"] = true, ["description"] = description,
                ["schema"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0, ["maximum"] = name == "z" ? 22 : 4194303 },
            };
        }
        parameters["documentId"] = new JsonObject
        {
            ["name"] = "documentId", ["in"] = "path", ["required"] = true, ["description"] = "Document id.", ["schema"] = new JsonObject { ["type"] = "string" },
        };

        var paths = new JsonObject
        {
            ["/"] = Get("Landing page", "landing", QueryParameters.FormatOnly, Ogc.Json),
            ["/conformance"] = Get("Conformance classes implemented", "conformance", QueryParameters.FormatOnly, Ogc.Json),
            ["/api"] = Get("This API definition", "api", [QueryParameters.Format], Ogc.OpenApi),
            ["/collections"] = Get("Feature collections", "collections", QueryParameters.FormatOnly, Ogc.Json),
            ["/collections/{collectionId}"] = Get("One collection", "collection", QueryParameters.FormatOnly, Ogc.Json, "collectionId"),
            ["/collections/{collectionId}/queryables"] = Get("Properties usable in filter", "queryables", QueryParameters.FormatOnly, Ogc.JsonSchema, "collectionId"),
            ["/collections/{collectionId}/items"] = Get("Features of a collection", "items", QueryParameters.Items, Ogc.GeoJson, "collectionId"),
            ["/collections/{collectionId}/items/{featureId}"] = Get("One feature", "item", QueryParameters.Item, Ogc.GeoJson, "collectionId", "featureId"),
            ["/collections/{collectionId}/tiles/{z}/{x}/{y}"] = Get("A Mapbox Vector Tile of a collection (204 when the tile is empty)", "tile", QueryParameters.Tiles,
                Tiles.TileEndpoints.MediaType, "collectionId", "z", "x", "y"),
            ["/export"] = Get("Download features as a file (GeoJSON, CSV, KML, GeoPackage, zipped Shapefile)", "export", QueryParameters.Export, "application/octet-stream"),
            ["/documents"] = Get("The plan documents", "documents", [], Ogc.Json),
            ["/documents/{documentId}"] = Get("One plan document with its text", "document", [], Ogc.Json, "documentId"),
            ["/sectors"] = Get("The sector taxonomy with zone counts under the zones filters", "sectors", QueryParameters.SectorCounts, Ogc.Json),
        };

        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = "ZoneMap",
                ["version"] = "1.0.0",
                ["description"] = "OGC API – Features over industrial zones named in Chinese industrial-policy plans.",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = serverUrl }),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["parameters"] = parameters,
                ["schemas"] = new JsonObject
                {
                    ["exception"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["properties"] = new JsonObject
                        {
                            ["title"] = new JsonObject { ["type"] = "string" },
                            ["detail"] = new JsonObject { ["type"] = "string" },
                            ["status"] = new JsonObject { ["type"] = "integer" },
                        },
                    },
                },
            },
        };
    }

    public static string ComponentName(QueryParameter p) => p.Name;

    private static JsonObject Describe(QueryParameter p)
    {
        var schema = p.Schema();
        var parameter = new JsonObject { ["name"] = p.Name, ["in"] = "query", ["required"] = false, ["description"] = p.Description, ["schema"] = schema };
        if (schema["type"]?.ToString() == "array")
        {
            parameter["style"] = "form";
            parameter["explode"] = false;
        }
        return parameter;
    }

    private static JsonObject Get(string summary, string operationId, IEnumerable<QueryParameter> query, string mediaType, params string[] pathParameters)
    {
        var parameters = new JsonArray();
        foreach (var name in pathParameters) parameters.Add(new JsonObject { ["$ref"] = $"#/components/parameters/{name}" });
        foreach (var p in query) parameters.Add(new JsonObject { ["$ref"] = $"#/components/parameters/{ComponentName(p)}" });
        var problem = new JsonObject
        {
            ["content"] = new JsonObject
            {
                ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/exception" } },
            },
        };
        var responses = new JsonObject
        {
            ["200"] = new JsonObject
            {
                ["description"] = summary,
                ["content"] = new JsonObject { [mediaType] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } } },
            },
            ["304"] = new JsonObject { ["description"] = "Not modified (If-None-Match matched the ETag)." },
            ["400"] = problem.DeepClone().AsObject().Also(o => o["description"] = "A parameter is invalid; the detail says which and why."),
        };
        if (pathParameters.Length > 0) responses["404"] = problem.DeepClone().AsObject().Also(o => o["description"] = "No such collection, feature or document.");
        return new JsonObject
        {
            ["get"] = new JsonObject
            {
                ["summary"] = summary,
                ["operationId"] = operationId,
                ["parameters"] = parameters,
                ["responses"] = responses,
            },
        };
    }

    private static JsonObject Also(this JsonObject o, Action<JsonObject> change)
    {
        change(o);
        return o;
    }
}
