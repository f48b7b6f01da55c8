using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Access;

/// <summary>One role assignment as the partner earned credit diagnosis shows it.</summary>
public sealed record PecAssignment(
    string Id,
    string Scope,
    string RoleName,
    PartnerTenantId? PartnerTenantId,
    AssignmentKind Kind,
    DateTimeOffset StartAt,
    DateTimeOffset? EndAtExcl)
{
    /// <summary>The reduced form the rating engine's <see cref="AccessIndex"/> works on.</summary>
    public AccessInterval ToInterval() =>
        new(AccessScope.Normalize(Scope), PecEligibleRoles.IsEligible(RoleName), PartnerTenantId, Kind, StartAt, EndAtExcl);
}

/// <summary>Why one assignment did or did not help a resource earn partner earned credit on a day.</summary>
public enum PecFinding
{
    /// <summary>An eligible allow of the billed partner (or its reseller) that covers the whole UTC day by itself.</summary>
    CoversWholeDay,

    /// <summary>An eligible allow of the billed partner (or reseller) that covers only part of the day.</summary>
    PartOfDay,

    /// <summary>The role is not on the PEC-eligible list.</summary>
    IneligibleRole,

    /// <summary>The principal stands for another partner.</summary>
    OtherPartner,

    /// <summary>The principal stands for no partner (not AOBO, no Partner Admin Link).</summary>
    NoPartner,

    /// <summary>A deny that applies to the billed partner (or reseller, or everyone) and overlaps the day: no PEC that day.</summary>
    DenyCancels,

    /// <summary>A deny for another partner's principals: no effect on this partner.</summary>
    DenyOtherPartner,
}

/// <summary>One assignment covering the resource and overlapping the day, with its part of the day and findings.</summary>
public sealed record PecAssignmentVerdict(PecAssignment Assignment, DateTimeOffset CoveredFrom, DateTimeOffset CoveredTo, IReadOnlyList<PecFinding> Findings)
{
    /// <summary>True when the assignment counts towards the day's coverage.</summary>
    public bool Qualifies => Findings.Contains(PecFinding.CoversWholeDay) || Findings.Contains(PecFinding.PartOfDay);
}

/// <summary>
/// The answer to "did this resource earn partner earned credit on this UTC day, and why not"
/// (issue 5 item 4, billing-rules §2.4). <see cref="EarnsPec"/> is the engine's own decision
/// (<see cref="AccessIndex.HasQualifyingAccess"/> and the meter's ThirdParty/Spot flags); the rest explains it.
/// </summary>
public sealed record PecExplanation
{
    /// <summary>The resource.</summary>
    public required string ResourceUri { get; init; }

    /// <summary>The UTC day.</summary>
    public required DateOnly Day { get; init; }

    /// <summary>The billed partner.</summary>
    public required PartnerTenantId PartnerId { get; init; }

    /// <summary>The reseller of record, if any.</summary>
    public PartnerTenantId? ResellerTenantId { get; init; }

    /// <summary>The verdict.</summary>
    public required bool EarnsPec { get; init; }

    /// <summary>True when access alone qualifies (whole day covered, no deny).</summary>
    public required bool AccessQualifies { get; init; }

    /// <summary>The meter checked, if any.</summary>
    public string? MeterId { get; init; }

    /// <summary>True when the meter is ThirdParty on the day.</summary>
    public bool MeterIsThirdParty { get; init; }

    /// <summary>True when the meter is Spot on the day.</summary>
    public bool MeterIsSpot { get; init; }

    /// <summary>Every assignment that covers the resource and overlaps the day.</summary>
    public required IReadOnlyList<PecAssignmentVerdict> Assignments { get; init; }

    /// <summary>The parts of the day no qualifying allow covers.</summary>
    public required IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> UncoveredParts { get; init; }

    /// <summary>Human reasons, most decisive first (empty when PEC is earned).</summary>
    public required IReadOnlyList<string> Reasons { get; init; }

    /// <summary>
    /// Explains the day. <paramref name="assignments"/> is the whole history (it is filtered here to those
    /// that cover the resource); <paramref name="meterIsThirdParty"/> and <paramref name="meterIsSpot"/> are
    /// the price period's flags on the day (false when no meter is asked about).
    /// </summary>
    public static PecExplanation Explain(string resourceUri, DateOnly day, PartnerTenantId partner, PartnerTenantId? reseller,
        IEnumerable<PecAssignment> assignments, string? meterId = null, bool meterIsThirdParty = false, bool meterIsSpot = false)
    {
        var dayStart = UtcText.StartOfDay(day);
        var dayEnd = dayStart.AddDays(1);
        var relevant = new List<PecAssignment>();
        var verdicts = new List<PecAssignmentVerdict>();
        foreach (var assignment in assignments)
        {
            var interval = assignment.ToInterval();
            var end = interval.EndAtExcl ?? DateTimeOffset.MaxValue;
            if (interval.StartAt >= dayEnd || end <= dayStart || !interval.Covers(resourceUri))
            {
                continue;
            }

            relevant.Add(assignment);
            var from = interval.StartAt > dayStart ? interval.StartAt : dayStart;
            var to = end < dayEnd ? end : dayEnd;
            var standsFor = interval.PartnerTenantId is { } holder && (holder == partner || holder == reseller);
            var findings = new List<PecFinding>();
            if (interval.Kind == AssignmentKind.Deny)
            {
                findings.Add(interval.PartnerTenantId is null || standsFor ? PecFinding.DenyCancels : PecFinding.DenyOtherPartner);
            }
            else
            {
                if (!interval.IsEligibleRole)
                {
                    findings.Add(PecFinding.IneligibleRole);
                }

                if (interval.PartnerTenantId is null)
                {
                    findings.Add(PecFinding.NoPartner);
                }
                else if (!standsFor)
                {
                    findings.Add(PecFinding.OtherPartner);
                }

                if (findings.Count == 0)
                {
                    findings.Add(from == dayStart && to == dayEnd ? PecFinding.CoversWholeDay : PecFinding.PartOfDay);
                }
            }

            verdicts.Add(new PecAssignmentVerdict(assignment, from, to, findings));
        }

        // The verdict is the engine's: the same index over the same assignments.
        var accessQualifies = new AccessIndex(relevant.Select(a => a.ToInterval())).HasQualifyingAccess(resourceUri, partner, reseller, day);
        var gaps = Gaps(verdicts.Where(v => v.Qualifies).Select(v => (v.CoveredFrom, v.CoveredTo)), dayStart, dayEnd);

        var reasons = new List<string>();
        if (meterIsThirdParty)
        {
            reasons.Add($"The meter {meterId} is ThirdParty on {day:yyyy-MM-dd}: it never earns PEC.");
        }

        if (meterIsSpot)
        {
            reasons.Add($"The meter {meterId} is Spot on {day:yyyy-MM-dd}: it never earns PEC.");
        }

        foreach (var v in verdicts.Where(v => v.Findings.Contains(PecFinding.DenyCancels)))
        {
            reasons.Add($"Deny assignment {v.Assignment.Id} at {v.Assignment.Scope} applies to the partner from {Time(v.CoveredFrom)} to {Time(v.CoveredTo)}: it cancels PEC for the whole day.");
        }

        if (!verdicts.Any(v => v.Qualifies))
        {
            reasons.Add("No allow assignment with a PEC-eligible role held by the billed partner (or its reseller of record) covers the resource on that day.");
        }
        else if (gaps.Count > 0)
        {
            reasons.Add("The qualifying assignments fall short of the whole UTC day; uncovered: "
                + string.Join(", ", gaps.Select(g => $"{Time(g.From)}–{Time(g.To)}")) + ".");
        }

        foreach (var v in verdicts.Where(v => !v.Qualifies && v.Assignment.Kind == AssignmentKind.Allow))
        {
            var why = string.Join(", ", v.Findings.Select(f => f switch
            {
                PecFinding.IneligibleRole => $"role '{v.Assignment.RoleName}' is not PEC-eligible",
                PecFinding.OtherPartner => $"it stands for another partner ({v.Assignment.PartnerTenantId})",
                PecFinding.NoPartner => "its principal stands for no partner",
                _ => f.ToString(),
            }));
            reasons.Add($"Assignment {v.Assignment.Id} ({v.Assignment.RoleName} at {v.Assignment.Scope}) does not count: {why}.");
        }

        var earns = accessQualifies && !meterIsThirdParty && !meterIsSpot;
        return new PecExplanation
        {
            ResourceUri = resourceUri,
            Day = day,
            PartnerId = partner,
            ResellerTenantId = reseller,
            EarnsPec = earns,
            AccessQualifies = accessQualifies,
            MeterId = meterId,
            MeterIsThirdParty = meterIsThirdParty,
            MeterIsSpot = meterIsSpot,
            Assignments = verdicts,
            UncoveredParts = gaps,
            Reasons = earns ? [] : reasons,
        };
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    private static List<(DateTimeOffset From, DateTimeOffset To)> Gaps(IEnumerable<(DateTimeOffset From, DateTimeOffset To)> covered, DateTimeOffset dayStart, DateTimeOffset dayEnd)
    {
        var gaps = new List<(DateTimeOffset, DateTimeOffset)>();
        var at = dayStart;
        foreach (var (from, to) in covered.OrderBy(c => c.From))
        {
            if (from > at)
            {
                gaps.Add((at, from));
            }

            if (to > at)
            {
                at = to;
            }
        }

        if (at < dayEnd)
        {
            gaps.Add((at, dayEnd));
        }

        return gaps;
    }
}
