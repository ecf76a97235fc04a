using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ZoneMap.Api.Features.Landing;

/// <summary>Minimal HTML views of the JSON documents: a title, the links, and (for features) a table.</summary>
public static class HtmlPage
{
    private static readonly HtmlEncoder Encode = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    public static IResult Of(string title, JsonObject document, IEnumerable<JsonObject>? features = null)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(Encode.Encode(title)).Append(" – ZoneMap</title>")
            .Append("<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}</style>")
            .Append("</head><body><h1>").Append(Encode.Encode(title)).Append("</h1>");
        if (document["description"] is JsonValue d) html.Append("<p>").Append(Encode.Encode(d.ToString())).Append("</p>");
        if (document["links"] is JsonArray links)
        {
            html.Append("<ul>");
            foreach (var link in links.OfType<JsonObject>())
            {
                html.Append("<li><a href=\"").Append(Encode.Encode(link["href"]?.ToString() ?? "")).Append("\">")
                    .Append(Encode.Encode(link["title"]?.ToString() ?? link["href"]?.ToString() ?? ""))
                    .Append("</a> (").Append(Encode.Encode(link["rel"]?.ToString() ?? "")).Append(", ")
                    .Append(Encode.Encode(link["type"]?.ToString() ?? "")).Append(")</li>");
            }
            html.Append("</ul>");
        }
        if (document["collections"] is JsonArray collections)
        {
            html.Append("<h2>Collections</h2><ul>");
            foreach (var c in collections.OfType<JsonObject>())
                html.Append("<li><a href=\"collections/").Append(Encode.Encode(c["id"]!.ToString())).Append("?f=html\">")
                    .Append(Encode.Encode(c["title"]!.ToString())).Append("</a></li>");
            html.Append("</ul>");
        }
        if (document["conformsTo"] is JsonArray conformance)
        {
            html.Append("<ul>");
            foreach (var c in conformance) html.Append("<li>").Append(Encode.Encode(c!.ToString())).Append("</li>");
            html.Append("</ul>");
        }
        if (features is not null)
        {
            var rows = features.ToList();
            var columns = rows.SelectMany(f => (f["properties"] as JsonObject)?.Select(p => p.Key) ?? []).Distinct().ToList();
            html.Append("<table><tr><th>id</th>");
            foreach (var c in columns) html.Append("<th>").Append(Encode.Encode(c)).Append("</th>");
            html.Append("<th>geometry</th></tr>");
            foreach (var f in rows)
            {
                html.Append("<tr><td>").Append(Encode.Encode(f["id"]?.ToString() ?? "")).Append("</td>");
                foreach (var c in columns)
                {
                    var value = f["properties"]?[c];
                    var text = value is JsonArray a ? string.Join(", ", a.Select(x => x?.ToString())) : value?.ToString() ?? "";
                    html.Append("<td>").Append(Encode.Encode(text)).Append("</td>");
                }
                var g = f["geometry"];
                html.Append("<td>").Append(Encode.Encode(g?["type"]?.ToString() ?? "")).Append(' ')
                    .Append(Encode.Encode(g?["type"]?.ToString() == "Point" ? g["coordinates"]!.ToJsonString() : "")).Append("</td></tr>");
            }
            html.Append("</table>");
        }
        else if (document["type"]?.ToString() != "FeatureCollection" && document["collections"] is null && document["conformsTo"] is null)
        {
            html.Append("<pre>").Append(Encode.Encode(document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))).Append("</pre>");
        }
        html.Append("</body></html>");
        return TypedResults.Content(html.ToString(), "text/html; charset=utf-8");
    }
}
