using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using PlanCenter.Domain.Billing.Invoicing;
using PlanCenter.Domain.Billing.Reconciliation;
using PlanCenter.Domain.Primitives;
using PlanCenter.Storage.Billing;
using PlanCenter.Storage.Rating;

namespace PlanCenter.Api.Endpoints;

/// <summary>
/// Writes line items straight to the response: seek pages of <c>DailyRatedUsageLineItem</c> (api.md §13.5)
/// or <c>OneTimeInvoiceLineItem</c> (§13.6) with <see cref="Utf8JsonWriter"/> (decimals as JSON numbers at
/// full precision), or the whole set as CSV with the offline command's headers and cells. Unbilled recon is
/// built from the rated lines on request; an invoice's recon lines are the ones stored when it was issued.
/// </summary>
internal sealed class LineItemWriter(HttpContext http, ServerRating rating, RatingInputs? inputs, RatedLineQuery query, string selfPath)
{
    /// <summary>The reference data, for what is rebuilt from rated lines (unbilled recon, FOCUS); stored wire forms need none.</summary>
    private RatingInputs Inputs => inputs ?? throw new InvalidOperationException("This line-item writer was made without rating inputs.");

    private const int FlushEvery = 256;

    public async Task UsagePageAsync(int size, RatedLineKey? after, CancellationToken ct)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        var pipe = http.Response.BodyWriter;
        pipe.Write("{\"items\":["u8);
        var (rows, last, _) = await rating.CopyAsync(query, after, size, json: true, pipe, async c => await pipe.FlushAsync(c), ct);
        var token = last is { } key ? InvoicesEndpoints.EncodeToken($"{key.Entitlement}\n{key.UsageDate}\n{key.Meter}\n{key.Resource}") : null;
        await EndStoredPageAsync(rows, token, ct);
    }

    /// <summary>A page of an issued invoice's stored recon lines after ordinal <paramref name="after"/>.</summary>
    public async Task BilledReconPageAsync(InvoiceStore invoices, string invoiceId, int size, long after, CancellationToken ct)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        var pipe = http.Response.BodyWriter;
        pipe.Write("{\"items\":["u8);
        var (rows, last) = await invoices.CopyReconAsync(invoiceId, after, size, query.HasPartnerEarnedCredit, json: true, pipe,
            async c => await pipe.FlushAsync(c), ct);
        var token = last is { } ordinal ? InvoicesEndpoints.EncodeToken(ordinal.ToString(CultureInfo.InvariantCulture)) : null;
        await EndStoredPageAsync(rows, token, ct);
    }

    /// <summary>An issued invoice's stored recon lines as one CSV.</summary>
    public Task BilledReconCsvAsync(InvoiceStore invoices, string invoiceId, CancellationToken ct) =>
        StoredCsvAsync($"invoice-recon-{invoiceId}", InvoiceRecon.Headers,
            (pipe, flush) => invoices.CopyReconAsync(invoiceId, 0, 0, query.HasPartnerEarnedCredit, json: false, pipe, flush, ct), ct);

    /// <summary>Closes the items array of a page of stored items and writes the collection's other members.</summary>
    private async Task EndStoredPageAsync(int rows, string? token, CancellationToken ct)
    {
        var pipe = http.Response.BodyWriter;
        var tail = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(tail))
        {
            json.WriteStartObject();
            WriteCollectionTail(json, rows, token);
            json.WriteEndObject();
        }

        pipe.Write("],"u8);
        pipe.Write(tail.WrittenSpan[1..]);
        await pipe.FlushAsync(ct);
    }

    /// <summary>A page of the unbilled invoice recon after the line whose key is <paramref name="after"/>.</summary>
    public async Task InvoicePageAsync(UnbilledInvoiceRecon recon, int size, string? after, CancellationToken ct)
    {
        var all = await InvoiceLinesAsync(recon, ct);
        var start = after is null ? 0 : FirstAfter(all, after);
        var page = new List<InvoiceReconLine>(Math.Min(size, all.Count - start));
        for (var i = start; i < all.Count && page.Count < size; i++)
        {
            page.Add(all[i]);
        }

        var token = start + page.Count < all.Count ? InvoicesEndpoints.EncodeToken(KeyOf(page[^1])) : null;
        await WritePageAsync(page, token, (json, line) => RatedLineRendering.WriteInvoiceItem(json, line, ""), ct);
    }

    /// <summary>The index of the first line whose key sorts after <paramref name="key"/> (the lines are in key order).</summary>
    private static int FirstAfter(IReadOnlyList<InvoiceReconLine> lines, string key)
    {
        var (low, high) = (0, lines.Count);
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (string.CompareOrdinal(KeyOf(lines[middle]), key) > 0)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }

    public Task UsageCsvAsync(CancellationToken ct) =>
        StoredCsvAsync(query.InvoiceNumber is { } number ? $"daily-rated-usage-{number}" : $"unbilled-daily-rated-usage-{BillingCalendar.Format(query.Month)}",
            DailyRatedUsageRecon.Headers, async (pipe, flush) => await rating.CopyAsync(query, null, 0, json: false, pipe, flush, ct), ct);

    public async Task InvoiceCsvAsync(UnbilledInvoiceRecon recon, CancellationToken ct) =>
        await RenderedCsvAsync($"unbilled-invoice-recon-{BillingCalendar.Format(query.Month)}", InvoiceRecon.Headers,
            (await InvoiceLinesAsync(recon, ct)).ToAsyncEnumerable(), (line, cells) => InvoiceRecon.FillCells(line, cells), ct);

    /// <summary>The query's daily-rated lines as FOCUS 1.2 CSV rows (<see cref="FocusCost"/>), streamed; billed lines carry the invoice id.</summary>
    public Task FocusCsvAsync(CancellationToken ct) =>
        RenderedCsvAsync(query.InvoiceNumber is { } number ? $"focus-{number}" : $"unbilled-focus-{BillingCalendar.Format(query.Month)}", FocusCost.Headers,
            rating.ReadAsync(Inputs, query, null, 0, ct), (line, cells) => FocusCost.FillCells(line, cells, query.InvoiceNumber), ct);

    /// <summary>A CSV download of stored rows: the header row, then <paramref name="copy"/> writes the rows to the response.</summary>
    private async Task StoredCsvAsync(string name, IReadOnlyList<string> headers, Func<PipeWriter, Func<CancellationToken, ValueTask>, Task> copy,
        CancellationToken ct)
    {
        StartCsv(name);
        var text = new StringBuilder(4096);
        RatedLineRendering.AppendRow(text, headers.ToArray());
        await SendAsync(text, ct);
        var pipe = http.Response.BodyWriter;
        await copy(pipe, async c => await pipe.FlushAsync(c));
        await pipe.FlushAsync(ct);
    }

    /// <summary>A CSV download rendered as it streams: the header row, then one row per item, sent every 64 KiB.</summary>
    private async Task RenderedCsvAsync<T>(string name, IReadOnlyList<string> headers, IAsyncEnumerable<T> items, Action<T, string?[]> fill,
        CancellationToken ct)
    {
        StartCsv(name);
        var cells = new string?[headers.Count];
        var text = new StringBuilder(1 << 16);
        RatedLineRendering.AppendRow(text, headers.ToArray());
        await foreach (var item in items.WithCancellation(ct))
        {
            fill(item, cells);
            RatedLineRendering.AppendRow(text, cells);
            if (text.Length > 1 << 16)
            {
                await SendAsync(text, ct);
            }
        }

        await SendAsync(text, ct);
    }

    /// <summary>The unbilled invoice recon lines of the query (billing-rules §4), in key order.</summary>
    private async Task<IReadOnlyList<InvoiceReconLine>> InvoiceLinesAsync(UnbilledInvoiceRecon recon, CancellationToken ct)
    {
        var lines = await recon.LinesAsync(Inputs, query.Partner, query.Month, query.Currency, ct);
        return query.HasPartnerEarnedCredit is { } pec ? lines.Where(l => (l.PartnerEarnedCreditPercentage != 0m) == pec).ToList() : lines;
    }

    /// <summary>A recon line's seek key, in the lines' order: usage month first (late usage of earlier months sorts before).</summary>
    private static string KeyOf(InvoiceReconLine line) =>
        $"{BillingCalendar.Format(line.ChargeStartDate)}|{line.CustomerId}|{line.SubscriptionId}|{line.MeterId}|{DecimalText.Format(line.PartnerEarnedCreditPercentage)}";

    private void StartCsv(string name)
    {
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}.csv\"";
    }

    private async Task SendAsync(StringBuilder text, CancellationToken ct)
    {
        if (text.Length == 0)
        {
            return;
        }

        var pipe = http.Response.BodyWriter;
        foreach (var chunk in text.GetChunks())
        {
            var span = pipe.GetSpan(Encoding.UTF8.GetMaxByteCount(chunk.Length));
            pipe.Advance(Encoding.UTF8.GetBytes(chunk.Span, span));
        }

        text.Clear();
        await pipe.FlushAsync(ct);
    }

    private async Task WritePageAsync<T>(List<T> page, string? token, Action<Utf8JsonWriter, T> writeItem, CancellationToken ct)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        var pipe = http.Response.BodyWriter;
        await using var json = new Utf8JsonWriter(pipe, new JsonWriterOptions { SkipValidation = true });
        json.WriteStartObject();
        json.WriteStartArray("items");
        for (var i = 0; i < page.Count; i++)
        {
            writeItem(json, page[i]);
            if ((i + 1) % FlushEvery == 0)
            {
                await json.FlushAsync(ct);
            }
        }

        json.WriteEndArray();
        WriteCollectionTail(json, page.Count, token);
        json.WriteEndObject();
        await json.FlushAsync(ct);
    }

    /// <summary>The members after <c>items</c>: count, continuation token, links (next with its header) and attributes.</summary>
    private void WriteCollectionTail(Utf8JsonWriter json, int count, string? token)
    {
        json.WriteNumber("totalCount", count);
        if (token is not null)
        {
            json.WriteString("continuationToken", token);
        }

        var self = selfPath + http.Request.QueryString.Value;
        json.WriteStartObject("links");
        WriteLink(json, "self", self, null);
        if (token is not null)
        {
            var next = selfPath + "?" + string.Join('&', http.Request.Query
                .Where(q => !string.Equals(q.Key, "seekOperation", StringComparison.OrdinalIgnoreCase))
                .Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value.ToString()))) + "&seekOperation=Next";
            WriteLink(json, "next", next, token);
        }

        json.WriteEndObject();
        json.WriteStartObject("attributes");
        json.WriteString("objectType", "Collection");
        json.WriteEndObject();
    }

    private static void WriteLink(Utf8JsonWriter json, string name, string uri, string? token)
    {
        json.WriteStartObject(name);
        json.WriteString("uri", uri);
        json.WriteString("method", "GET");
        json.WriteStartArray("headers");
        if (token is not null)
        {
            json.WriteStartObject();
            json.WriteString("key", "MS-ContinuationToken");
            json.WriteString("value", token);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string Day(DateOnly day) => RatedLineRendering.Day(day);
}
