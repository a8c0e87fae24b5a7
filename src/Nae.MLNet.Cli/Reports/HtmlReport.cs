using System.Net;
using Markdig;

namespace Nae.MLNet.Cli.Reports;

/// <summary>Renders a Markdown report as a standalone HTML page (Markdig, pipe tables; images stay files beside it).</summary>
internal static class HtmlReport
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseAutoLinks().Build();

    public static string FromMarkdown(string markdown, string title) => $"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(title)}</title>
        <style>body{"{"}font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;line-height:1.45{"}"}
        table{"{"}border-collapse:collapse;margin:1em 0{"}"} td,th{"{"}border:1px solid #ccc;padding:.25em .6em;text-align:left{"}"}
        img{"{"}max-width:100%{"}"} code{"{"}background:#f4f4f4;padding:0 .2em{"}"}</style></head>
        <body>
        {Markdown.ToHtml(markdown, Pipeline)}
        </body></html>
        """;
}
