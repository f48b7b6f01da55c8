using System.Runtime.CompilerServices;
using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;
using PlanCenter.Domain.Usage;

namespace PlanCenter.Rating.Files;

/// <summary>
/// The usage stage of the offline run: deduplicates, validates, rejects and accumulates records in input
/// order. CSV rows take an allocation-free fast path (fields parsed from Sep's spans, ids as GUIDs,
/// resource ids interned by the accumulator) when every field is in its common form and the record is
/// accepted; any other row goes through <see cref="UsageRecordParser"/> and
/// <see cref="RatingContext.Validate"/> exactly as a JSON line does, so rejects and their details are
/// the same either way.
/// </summary>
internal sealed class UsageIntake(RatingContext context, IProgress<long>? progress)
{
    private const int ProgressEvery = 65_536;
    private readonly UsageRecordIdSet _ids = new();
    private readonly string?[] _rejectCells = new string?[3];

    public UsageAccumulator Accumulator { get; } = new();

    public long[] Rejected { get; } = new long[Enum.GetValues<RejectReason>().Length];

    public CsvOutput? Rejects { get; set; }

    public long Read { get; private set; }

    public long Accepted { get; private set; }

    public long Duplicates { get; private set; }

    public void CountRead()
    {
        Read++;
        if (progress is not null && Read % ProgressEvery == 0)
        {
            progress.Report(Read);
        }
    }

    /// <summary>The general path for one record's text.</summary>
    public void Process(in UsageRecordText text, bool checkDuplicate)
    {
        if (checkDuplicate && !string.IsNullOrWhiteSpace(text.UsageRecordId) && !_ids.Add(text.UsageRecordId))
        {
            Duplicates++;
            return;
        }

        RejectReason reason;
        if (UsageRecordParser.TryParse(text, out var record, out var detail))
        {
            var validation = context.Validate(record);
            if (validation.IsAccepted)
            {
                Accumulator.Add(record);
                Accepted++;
                return;
            }

            reason = validation.Reason!.Value;
            detail = validation.Detail;
        }
        else
        {
            reason = RejectReason.Malformed;
        }

        Rejected[(int)reason]++;
        if (Rejects is not null)
        {
            _rejectCells[0] = text.UsageRecordId;
            _rejectCells[1] = reason.ToString();
            _rejectCells[2] = detail;
            Rejects.WriteRow(_rejectCells);
        }
    }

    /// <summary>Rows per batch handed from the parsing thread to the accumulating one (small in tests).</summary>
    internal int BatchRows { get; init; } = 4096;

    /// <summary>
    /// Reads a usage CSV file (columns by header name) in file order: a background thread reads (and
    /// gunzips) the bytes, a second one decodes, splits and parses the rows (<see cref="ParseCsv"/>), and
    /// this thread deduplicates and accumulates them in file order, so the result is the same as reading on
    /// one thread.
    /// </summary>
    public void ReadCsv(string path)
    {
        // Opened here, so a missing file or a bad header throws at once.
        var table = CsvTable.Open(path, UsageFileReader.RequiredColumns, readAhead: true);
        try
        {
            // Room for the ids of a file of rows of about 250 bytes, so the set does not rehash as it grows.
            _ids.EnsureCapacity((int)Math.Min(new FileInfo(path).Length / 250, 40_000_000));
            using var pipe = new UsageBatchPipe(p => ParseCsv(table, p), BatchRows);
            Consume(pipe);
        }
        finally
        {
            table.Dispose();
        }
    }

    /// <summary>Reads a JSON-lines usage file in file order, the lines parsed on a second thread.</summary>
    public void ReadJsonLines(string path)
    {
        using var records = UsageFileReader.Read(path).GetEnumerator();
        using var pipe = new UsageBatchPipe(p => ParseJsonLines(records, p), BatchRows);
        Consume(pipe);
    }

    private static void ParseJsonLines(IEnumerator<UsageRecordText> records, UsageBatchPipe pipe)
    {
        var batch = pipe.Rent();
        while (!pipe.Stopping.IsCancellationRequested && records.MoveNext())
        {
            batch.AddText(records.Current, hasIdKey: false, default, false);
            if (batch.IsFull)
            {
                pipe.Send(batch);
                batch = pipe.Rent();
            }
        }

        pipe.Send(batch);
    }

    /// <summary>The accumulating side: records in file order, each deduplicated before anything else.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Consume(UsageBatchPipe pipe)
    {
        var accumulator = Accumulator;
        foreach (var batch in pipe.Batches())
        {
            var rows = batch.Rows;
            for (var i = 0; i < batch.Count; i++)
            {
                ref var row = ref rows[i];
                CountRead();
                if (row.HasIdKey && !_ids.AddKey(row.IdKey, row.IdHashed))
                {
                    Duplicates++;
                    continue;
                }

                if (row.Fast)
                {
                    accumulator.Add(row.EntitlementId, batch.Text(row.ResourceUri), row.MeterId, row.UsageStartAt, row.Quantity,
                        batch.Text(row.UsageRecordId), row.IdIsLowerGuid ? row.IdKey : null, batch.Text(row.ResourceLocation),
                        batch.Text(row.ConsumedService), batch.Text(row.Tags), batch.Text(row.AdditionalInfo),
                        batch.Text(row.ServiceInfo1), batch.Text(row.ServiceInfo2));
                    Accepted++;
                }
                else
                {
                    Process(batch.Texts[row.TextIndex], checkDuplicate: !row.HasIdKey);
                }
            }
        }
    }

    /// <summary>
    /// The parsing side of <see cref="ReadCsv"/>: rows whose fields are in their common form and that are
    /// accepted are parsed from Sep's spans (ids as GUIDs, times and quantities by hand); any other row is
    /// kept as text for <see cref="Process"/>. Only pure look-ups of the context are used here.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ParseCsv(CsvTable table, UsageBatchPipe pipe)
    {
        int id = table.IndexOf("UsageRecordId"), entitlement = table.IndexOf("EntitlementId"), resource = table.IndexOf("ResourceUri");
        int meter = table.IndexOf("MeterId"), start = table.IndexOf("UsageStart"), quantity = table.IndexOf("Quantity");
        int location = table.IndexOf("ResourceLocation"), service = table.IndexOf("ConsumedService"), tags = table.IndexOf("Tags");
        int info = table.IndexOf("AdditionalInfo"), info1 = table.IndexOf("ServiceInfo1"), info2 = table.IndexOf("ServiceInfo2");
        var stopping = pipe.Stopping;
        var batch = pipe.Rent();
        while (!stopping.IsCancellationRequested && table.MoveNext(out var line))
        {
            if (batch.IsFull)
            {
                pipe.Send(batch);
                batch = pipe.Rent();
            }

            var idText = table.Span(id);
            Guid idKey = default;
            var idHashed = false;
            var hasId = !idText.IsEmpty;
            if (hasId)
            {
                var lowerGuid = false;
                if (Guid.TryParseExact(idText, "D", out idKey))
                {
                    lowerGuid = !idText.ContainsAnyInRange('A', 'Z');
                }
                else
                {
                    idKey = UsageRecordIdSet.KeyOf(idText, out idHashed);
                }

                var resourceText = table.Span(resource);
                if (!resourceText.IsEmpty
                    && Guid.TryParseExact(table.Span(entitlement), "D", out var entitlementGuid)
                    && Guid.TryParseExact(table.Span(meter), "D", out var meterGuid)
                    && TryParseInstant(table.Span(start), out var startAt)
                    && TryParseQuantity(table.Span(quantity), out var amount))
                {
                    var entitlementId = new AzureSubscriptionId(entitlementGuid);
                    var meterId = new MeterId(meterGuid);
                    if (context.Accepts(entitlementId, meterId, startAt, amount))
                    {
                        ref var row = ref batch.Add();
                        row.HasIdKey = true;
                        row.IdKey = idKey;
                        row.IdHashed = idHashed;
                        row.IdIsLowerGuid = lowerGuid;
                        row.Fast = true;
                        row.EntitlementId = entitlementId;
                        row.MeterId = meterId;
                        row.UsageStartAt = startAt;
                        row.Quantity = amount;
                        row.UsageRecordId = batch.Keep(idText);
                        row.ResourceUri = batch.Keep(resourceText);
                        row.ResourceLocation = batch.Keep(table.RawSpan(location));
                        row.ConsumedService = batch.Keep(table.RawSpan(service));
                        row.Tags = batch.Keep(table.RawSpan(tags));
                        row.AdditionalInfo = batch.Keep(table.RawSpan(info));
                        row.ServiceInfo1 = batch.Keep(table.RawSpan(info1));
                        row.ServiceInfo2 = batch.Keep(table.RawSpan(info2));
                        continue;
                    }
                }
            }

            batch.AddText(new UsageRecordText(table.Get(id), table.Get(entitlement), table.Get(resource), table.Get(meter),
                table.Get(start), table.Get(quantity), table.GetRaw(location), table.GetRaw(service), table.GetRaw(tags),
                table.GetRaw(info), table.GetRaw(info1), table.GetRaw(info2), line), hasId, idKey, idHashed);
        }

        pipe.Send(batch);
    }

    /// <summary>
    /// <c>yyyy-MM-ddTHH:mm:ss</c> with an optional <c>Z</c> (a space may stand for the <c>T</c>), read as
    /// UTC; any other form goes to <see cref="UtcText.TryParseInstant"/>.
    /// </summary>
    private static bool TryParseInstant(ReadOnlySpan<char> text, out DateTimeOffset instant)
    {
        if ((text.Length == 19 || (text.Length == 20 && text[19] == 'Z'))
            && text[4] == '-' && text[7] == '-' && text[10] is 'T' or ' ' && text[13] == ':' && text[16] == ':')
        {
            int year = Digits(text, 0, 4), month = Digits(text, 5, 2), day = Digits(text, 8, 2);
            int hour = Digits(text, 11, 2), minute = Digits(text, 14, 2), second = Digits(text, 17, 2);
            if (year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
                && hour is >= 0 and < 24 && minute is >= 0 and < 60 && second is >= 0 and < 60)
            {
                instant = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
                return true;
            }
        }

        return UtcText.TryParseInstant(text, out instant);
    }

    /// <summary>The value of <paramref name="count"/> ASCII digits, or -1 when one is not a digit.</summary>
    private static int Digits(ReadOnlySpan<char> text, int from, int count)
    {
        var value = 0;
        for (var i = from; i < from + count; i++)
        {
            var digit = text[i] - '0';
            if (unchecked((uint)digit) > 9)
            {
                return -1;
            }

            value = (value * 10) + digit;
        }

        return value;
    }

    /// <summary>
    /// A non-negative quantity of at most 18 digits and 8 decimal places (digits, optionally one <c>.</c>),
    /// with the scale <see cref="decimal.Parse(string)"/> gives; anything else (a sign, more digits) is left
    /// to <see cref="UsageRecordParser"/>.
    /// </summary>
    private static bool TryParseQuantity(ReadOnlySpan<char> text, out decimal value)
    {
        value = 0m;
        ulong digits = 0;
        var count = 0;
        var scale = -1;
        foreach (var c in text)
        {
            var digit = unchecked((uint)(c - '0'));
            if (digit <= 9)
            {
                if (count == 18)
                {
                    return false;
                }

                digits = (digits * 10) + digit;
                count++;
                if (scale >= 0)
                {
                    scale++;
                }
            }
            else if (c == '.' && scale < 0)
            {
                scale = 0;
            }
            else
            {
                return false;
            }
        }

        if (count == 0 || scale > UsageRecordParser.MaxQuantityDecimals)
        {
            return false;
        }

        value = new decimal(unchecked((int)(uint)digits), unchecked((int)(uint)(digits >> 32)), 0, false, (byte)(scale < 0 ? 0 : scale));
        return true;
    }
}
