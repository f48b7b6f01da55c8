using System.Security.Cryptography;
using System.Text;
using nietras.SeparatedValues;
using PlanCenter.Application.Abstractions;
using PlanCenter.Application.Simulation;
using PlanCenter.Application.Usage;
using PlanCenter.Domain.Access;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Application.Access;

/// <summary>What an import did.</summary>
public sealed record AccessImportResult(int Rows, int Added, int Ended, int Unchanged);

/// <summary>
/// Reads an access file (billing-rules §1.4: <c>AssignmentId,Scope,RoleName,PartnerTenantId,Kind,StartUtc,EndUtc</c>)
/// and appends it to the assignment history, all or nothing. Any unreadable value is a file error naming
/// the line and column. An id not a GUID is keyed by a GUID made from its SHA-256. A row whose id is already
/// stored with the same values is unchanged (or, when the file ends it and the store does not yet, ended
/// there); with other values it is a file error: the history is never rewritten.
/// </summary>
public sealed class AccessImport(ICommerceStore store, IResourceRegistry resources, TimeProvider clock)
{
    private static readonly string[] Columns = ["AssignmentId", "Scope", "RoleName", "PartnerTenantId", "Kind", "StartUtc", "EndUtc"];

    public static IReadOnlyList<AccessRow> Read(Stream stream, string file)
    {
        using var reader = Sep.Reader(o => o with { HasHeader = true, Unescape = true, DisableColCountCheck = true, ColNameComparer = StringComparer.OrdinalIgnoreCase }).From(stream);
        var indexes = new int[Columns.Length];
        for (var i = 0; i < Columns.Length; i++)
        {
            if (!reader.Header.TryIndexOf(Columns[i], out indexes[i]))
            {
                throw new InputFileException(file, 1, Columns[i], $"the required column {Columns[i]} is missing");
            }
        }

        var rows = new List<AccessRow>();
        foreach (var row in reader)
        {
            var line = row.LineNumberFrom;
            var count = row.ColCount;
            if (count == 1 && row[0].Span.Trim().Length == 0)
            {
                continue;
            }

            var cells = new string[Columns.Length];
            for (var c = 0; c < Columns.Length; c++)
            {
                cells[c] = indexes[c] < count ? row[indexes[c]].Span.Trim().ToString() : "";
            }

            InputFileException Error(int column, string reason) => new(file, line, Columns[column], reason);
            if (cells[0].Length == 0)
            {
                throw Error(0, "is empty");
            }

            var id = Guid.TryParse(cells[0], out var guid) ? guid : HashId(cells[0]);
            if (!ArmId.TryParseScope(cells[1], out _, out _, out var problem))
            {
                throw Error(1, $"'{cells[1]}' {problem}");
            }

            Guid? partner = null;
            if (cells[3].Length > 0)
            {
                partner = Guid.TryParse(cells[3], out var p) ? p : throw Error(3, $"'{cells[3]}' is not a GUID");
            }

            var kind = cells[4].Equals("Allow", StringComparison.OrdinalIgnoreCase) ? "Allow"
                : cells[4].Equals("Deny", StringComparison.OrdinalIgnoreCase) ? "Deny"
                : throw Error(4, $"'{cells[4]}' is neither Allow nor Deny");
            if (kind == "Allow" && cells[2].Length == 0)
            {
                throw Error(2, "is empty");
            }

            if (cells[5].Length == 0 || !UtcText.TryParseInstant(cells[5], out var start))
            {
                throw Error(5, cells[5].Length == 0 ? "is empty" : $"'{cells[5]}' is not an ISO-8601 time");
            }

            DateTimeOffset? end = null;
            if (cells[6].Length > 0)
            {
                end = UtcText.TryParseInstant(cells[6], out var e) ? e : throw Error(6, $"'{cells[6]}' is not an ISO-8601 time");
                if (end < start)
                {
                    throw Error(6, "is before StartUtc");
                }
            }

            rows.Add(new AccessRow(id, AccessScope.Normalize(cells[1]), cells[2], partner, kind, start, end));
        }

        return rows;
    }

    /// <summary>Appends <paramref name="rows"/> in one transaction; throws <see cref="InputFileException"/> on a conflict, changing nothing.</summary>
    public async Task<AccessImportResult> ImportAsync(IReadOnlyList<AccessRow> rows, string file, CancellationToken ct)
    {
        var stored = (await store.ListRoleAssignmentsAsync("", ct)).ToDictionary(a => a.Id.Value);
        var groups = new Dictionary<Guid, Guid?>();
        var (added, ended, unchanged) = (0, 0, 0);
        var seen = new HashSet<Guid>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (!seen.Add(row.AssignmentId))
            {
                throw new InputFileException(file, i + 2, "AssignmentId", $"{row.AssignmentId} appears twice");
            }

            var kind = row.Kind == "Deny" ? AssignmentKind.Deny : AssignmentKind.Allow;
            PartnerTenantId? partner = row.PartnerTenantId is { } p ? new PartnerTenantId(p) : null;
            if (stored.TryGetValue(row.AssignmentId, out var existing))
            {
                var same = existing.Kind == kind && string.Equals(AccessScope.Normalize(existing.Scope), row.Scope, StringComparison.OrdinalIgnoreCase)
                    && string.Equals(existing.RoleName, row.RoleName, StringComparison.OrdinalIgnoreCase) && existing.PartnerTenantId == partner
                    && existing.StartAt == row.Start;
                if (!same)
                {
                    throw new InputFileException(file, i + 2, "AssignmentId", $"{row.AssignmentId} is already stored with other values; the history is append-only");
                }

                if (row.End is { } end && (existing.EndAt is null || end < existing.EndAt))
                {
                    existing.End(end);
                    ended++;
                }
                else
                {
                    unchanged++;
                }

                continue;
            }

            var principal = Guid.Empty;
            var principalKind = PrincipalKind.User;
            if (partner is { } holder && kind == AssignmentKind.Allow)
            {
                if (!groups.TryGetValue(holder.Value, out var group))
                {
                    group = (await store.FindPartnerAsync(holder, ct))?.AdminAgentsGroupId;
                    groups[holder.Value] = group;
                }

                if (group is { } g)
                {
                    (principal, principalKind) = (g, PrincipalKind.ForeignGroup);
                }
            }

            store.Add(new RoleAssignment(new RoleAssignmentId(row.AssignmentId), row.Scope, row.RoleName, principal, principalKind, partner, kind, row.Start, row.End));
            added++;
        }

        await store.SaveChangesAsync(ct);
        await resources.RecordAsync([.. rows.Select(r => r.Scope).Distinct(StringComparer.OrdinalIgnoreCase)], "access import", clock.GetUtcNow(), ct);
        return new AccessImportResult(rows.Count, added, ended, unchanged);
    }

    private static Guid HashId(string text)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToUpperInvariant()));
        return new Guid(digest.AsSpan(0, 16));
    }
}
