using ZoneMap.Api.Features.Collections;
using ZoneMap.Data;

namespace ZoneMap.Api.Features.Documents;

/// <summary>The plan documents: catalog fields (with sha256) and, one at a time, their text.</summary>
public static class DocumentEndpoints
{
    public static IEndpointRouteBuilder MapDocuments(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/documents").AddEndpointFilter<OgcEndpointFilter>();
        group.MapGet("", async (HttpRequest request, CatalogQueries catalog, CancellationToken ct) =>
        {
            ItemsQueryParser.Raw(request.Query, []);
            return TypedResults.Text(await catalog.DocumentsAsync(ct), Ogc.Json, System.Text.Encoding.UTF8);
        });
        group.MapGet("/{documentId}", async (string documentId, HttpRequest request, CatalogQueries catalog, CancellationToken ct) =>
        {
            ItemsQueryParser.Raw(request.Query, []);
            string id;
            try { id = ItemsQueryParser.Clean(documentId, "documentId", 200); }
            catch (QueryException) { throw new NotFoundException("There is no document with that id."); }
            var json = await catalog.DocumentAsync(id, ct) ?? throw new NotFoundException($"There is no document '{(id.Length > 40 ? id[..40] + "…" : id)}'; GET /documents lists them.");
            return TypedResults.Text(json, Ogc.Json, System.Text.Encoding.UTF8);
        });
        return app;
    }
}
