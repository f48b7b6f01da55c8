using System.Globalization;
using DuckDB.NET.Data;

namespace PlanCenter.Benchmarks.Rating;

/// <summary>
/// The same daily lines computed in SQL by DuckDB from the same files, for the side-by-side timing of
/// issue 5, and the comparison of its lines with PlanCenter's recon. Simplifications (stated in
/// docs/benchmarks.md): <c>UsageStart</c> is read in the generator's <c>yyyy-MM-ddTHH:mm:ssZ</c> form only;
/// PEC requires one qualifying Allow covering the whole day by itself (no union of partial intervals);
/// DuckDB writes 21 recon columns, no invoice recon and no rejects file.
/// </summary>
public static class DuckDbRating
{
    /// <summary>Writes DuckDB's daily lines to <paramref name="output"/>; returns the number of lines.</summary>
    public static long Run(RatingInputGenerator.Files files, string output, int threads)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, $"SET threads = {threads}");
        Execute(connection, "SET preserve_insertion_order = true");
        return Execute(connection, $"""
            COPY (
            WITH usage_raw AS (
                SELECT *, row_number() OVER () AS rn
                FROM read_csv('{files.Usage}', header = true, all_varchar = true, quote = '"', escape = '"')
            ),
            usage AS (
                SELECT * FROM usage_raw
                QUALIFY row_number() OVER (PARTITION BY upper(trim(UsageRecordId)) ORDER BY rn) = 1
            ),
            parsed AS (
                SELECT trim(UsageRecordId) AS id, try_cast(trim(EntitlementId) AS UUID) AS ent, trim(ResourceUri) AS res,
                       try_cast(trim(MeterId) AS UUID) AS meter,
                       try_cast(replace(trim(UsageStart), 'Z', '') AS TIMESTAMP) AS ts,
                       CASE WHEN regexp_full_match(trim(Quantity), '-?[0-9]+(\.[0-9]*)?') AND length(split_part(trim(Quantity), '.', 2)) <= 8 THEN try_cast(trim(Quantity) AS DECIMAL(18, 8)) END AS qty
                FROM usage
            ),
            accounts AS (
                SELECT try_cast(EntitlementId AS UUID) AS ent, try_cast(SubscriptionId AS UUID) AS plan, CustomerId, PartnerId,
                       ResellerTenantId, upper(BillingCurrency) AS currency, EntitlementDescription,
                       CASE WHEN length(EntitlementStart) = 10 THEN EntitlementStart::TIMESTAMP ELSE replace(EntitlementStart, 'Z', '')::TIMESTAMP END AS starts,
                       CASE WHEN EntitlementEnd IS NULL THEN NULL WHEN length(EntitlementEnd) = 10 THEN EntitlementEnd::TIMESTAMP ELSE replace(EntitlementEnd, 'Z', '')::TIMESTAMP END AS ends
                FROM read_csv('{files.Accounts}', header = true, all_varchar = true)
            ),
            fx AS (
                SELECT upper(CurrencyCode) AS currency, strptime(Month || '-01', '%Y-%m-%d')::DATE AS month,
                       round(1 / USDPerUnit::DECIMAL(18, 10), 10) AS rate
                FROM read_csv('{files.Fx}', header = true, all_varchar = true)
            ),
            price_rows AS (
                SELECT try_cast(MeterIds AS UUID) AS meter, UnitPrice::DECIMAL(18, 10) AS price,
                       coalesce(PricingTierRangeMin, '0')::DECIMAL(18, 8) AS tier_min,
                       EffectiveStartDate::DATE AS first_day, EffectiveEndDate::DATE AS last_day,
                       SkuTitle, MeterType, MeterName, ProductTitle, UnitOfMeasure,
                       contains(Tags, 'ThirdParty') AS third_party,
                       (lower(trim(coalesce(SkuTitle, ''))) LIKE '%spot' OR lower(trim(coalesce(MeterType, ''))) LIKE '%spot') AS spot
                FROM read_csv('{files.Prices}', header = true, all_varchar = true)
                WHERE contains(Tags, 'Consumption')
            ),
            tiers AS (
                SELECT meter, first_day, last_day, price,
                       CASE WHEN row_number() OVER w = 1 THEN 0::DECIMAL(18, 8) ELSE tier_min END AS lo,
                       lead(tier_min) OVER w AS hi
                FROM price_rows
                WINDOW w AS (PARTITION BY meter, first_day, last_day ORDER BY tier_min)
            ),
            periods AS (
                SELECT meter, first_day, last_day, arg_min(MeterName, tier_min) AS meter_name, arg_min(ProductTitle, tier_min) AS product,
                       bool_or(third_party) OR bool_or(spot) AS pec_excluded
                FROM price_rows GROUP BY ALL
            ),
            accepted AS (
                SELECT p.*, a.plan, a.CustomerId, a.PartnerId, a.ResellerTenantId, a.currency, a.EntitlementDescription,
                       p.ts::DATE AS day, pe.meter_name, pe.product, pe.pec_excluded, pe.first_day,
                       CASE WHEN a.currency = 'USD' THEN 1::DECIMAL(18, 10) ELSE fx.rate END AS rate
                FROM parsed p
                JOIN accounts a ON a.ent = p.ent AND p.ts >= a.starts AND (a.ends IS NULL OR p.ts < a.ends)
                JOIN periods pe ON pe.meter = p.meter AND p.ts::DATE >= pe.first_day AND (pe.last_day IS NULL OR p.ts::DATE <= pe.last_day)
                LEFT JOIN fx ON fx.currency = a.currency AND fx.month = date_trunc('month', p.ts)::DATE
                WHERE p.id IS NOT NULL AND p.res IS NOT NULL AND p.qty IS NOT NULL AND p.qty >= 0
                  AND (a.currency = 'USD' OR fx.rate IS NOT NULL)
            ),
            lines AS (
                SELECT ent, lower(res) AS res_key, meter, day, sum(qty) AS qty, arg_max(res, (ts, id)) AS res,
                       any_value(plan) AS plan, any_value(CustomerId) AS customer, any_value(PartnerId) AS partner,
                       any_value(ResellerTenantId) AS reseller, any_value(currency) AS currency, any_value(rate) AS rate,
                       any_value(meter_name) AS meter_name, any_value(product) AS product, any_value(pec_excluded) AS pec_excluded,
                       any_value(first_day) AS period_start, any_value(EntitlementDescription) AS description
                FROM accepted GROUP BY ent, lower(res), meter, day
            ),
            plan_days AS (
                SELECT plan, meter, day, period_start, sum(qty) AS qday FROM lines GROUP BY ALL
            ),
            plan_days_before AS (
                SELECT *, coalesce(sum(qday) OVER (PARTITION BY plan, meter, date_trunc('month', day) ORDER BY day
                                                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS qbefore
                FROM plan_days
            ),
            unit_prices AS (
                SELECT d.plan, d.meter, d.day,
                       CASE WHEN d.qday = 0 THEN arg_min(t.price, t.lo)
                            ELSE round(sum(greatest(0, least(d.qbefore + d.qday, coalesce(t.hi, 1e9::DECIMAL(18, 8))) - greatest(d.qbefore, t.lo)) * t.price) / d.qday, 10)
                       END AS u
                FROM plan_days_before d
                JOIN tiers t ON t.meter = d.meter AND t.first_day = d.period_start
                GROUP BY d.plan, d.meter, d.day, d.qday
            ),
            access AS (
                SELECT lower(rtrim(trim(Scope), '/')) AS scope, lower(split_part(Scope, '/', 3)) AS sub,
                       RoleName IN ('Owner', 'Contributor', 'Virtual Machine Contributor') AS eligible,
                       PartnerTenantId AS holder, Kind AS kind, replace(replace(StartUtc, ' ', 'T'), 'Z', '')::TIMESTAMP AS starts,
                       CASE WHEN EndUtc IS NULL THEN NULL ELSE replace(replace(EndUtc, ' ', 'T'), 'Z', '')::TIMESTAMP END AS ends
                FROM read_csv('{files.Access}', header = true, all_varchar = true)
            ),
            pec AS (
                SELECT l.ent, l.res_key, l.meter, l.day,
                       bool_or(x.kind = 'Allow' AND x.eligible AND (x.holder = l.partner OR x.holder = l.reseller)
                               AND x.starts <= l.day::TIMESTAMP AND (x.ends IS NULL OR x.ends >= l.day::TIMESTAMP + INTERVAL 1 DAY)) AS allowed,
                       bool_or(x.kind = 'Deny' AND (x.holder IS NULL OR x.holder = l.partner OR x.holder = l.reseller)
                               AND x.starts < l.day::TIMESTAMP + INTERVAL 1 DAY AND (x.ends IS NULL OR x.ends > l.day::TIMESTAMP)) AS denied
                FROM lines l
                JOIN access x ON x.sub = lower(l.ent::VARCHAR) AND (l.res_key = x.scope OR starts_with(l.res_key, x.scope || '/'))
                GROUP BY ALL
            )
            SELECT l.partner AS PartnerId, l.customer AS CustomerId, l.plan AS SubscriptionId, l.day AS UsageDate, l.meter AS MeterId,
                   l.meter_name AS MeterName, l.product AS ProductName, l.res AS ResourceURI, u.u AS UnitPrice, l.qty AS Quantity,
                   l.currency AS BillingCurrency, f.pec_rate AS PecRate,
                   u.u * (1 - f.pec_rate) AS EffectiveUnitPrice, l.qty * u.u * (1 - f.pec_rate) AS PricingPreTaxTotal,
                   l.qty * u.u * (1 - f.pec_rate) * l.rate AS BillingPreTaxTotal, l.rate AS PCToBCExchangeRate,
                   l.ent AS EntitlementId, l.description AS EntitlementDescription, f.pec_rate * 100 AS PartnerEarnedCreditPercentage,
                   date_trunc('month', l.day)::DATE AS ChargeStartDate, (date_trunc('month', l.day) + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE AS ChargeEndDate
            FROM lines l
            JOIN unit_prices u ON u.plan = l.plan AND u.meter = l.meter AND u.day = l.day
            LEFT JOIN pec p ON p.ent = l.ent AND p.res_key = l.res_key AND p.meter = l.meter AND p.day = l.day
            CROSS JOIN LATERAL (SELECT CASE WHEN NOT l.pec_excluded AND coalesce(p.allowed, false) AND NOT coalesce(p.denied, false)
                                            THEN 0.15 ELSE 0 END AS pec_rate) f
            ORDER BY l.ent::VARCHAR, l.day, l.meter::VARCHAR, l.res_key
            ) TO '{output}' (HEADER, DELIMITER ',')
            """);
    }

    /// <summary>
    /// Joins PlanCenter's recon with DuckDB's lines on the line key and counts lines only one side has and
    /// lines whose quantity, list cost (Quantity × UnitPrice), PEC or PricingPreTaxTotal differ.
    /// </summary>
    public static IReadOnlyList<(string Name, string Value)> Compare(string planCenterRecon, string duckLines)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            WITH e AS (
                SELECT lower(EntitlementId) AS ent, lower(ResourceURI) AS res, lower(MeterId) AS meter, UsageDate::DATE AS day,
                       Quantity::DECIMAL(38, 8) AS qty, UnitPrice::DECIMAL(38, 10) AS u, PartnerEarnedCreditPercentage::DOUBLE AS pec,
                       PricingPreTaxTotal::DOUBLE AS total
                FROM read_csv('{planCenterRecon}', header = true, all_varchar = true)
            ),
            d AS (
                SELECT lower(EntitlementId) AS ent, lower(ResourceURI) AS res, lower(MeterId) AS meter, UsageDate::DATE AS day,
                       Quantity::DECIMAL(38, 8) AS qty, UnitPrice::DOUBLE AS u, PartnerEarnedCreditPercentage::DOUBLE AS pec,
                       PricingPreTaxTotal::DOUBLE AS total
                FROM read_csv('{duckLines}', header = true, all_varchar = true)
            )
            SELECT count(*) FILTER (WHERE e.ent IS NOT NULL AND d.ent IS NOT NULL) AS matched_lines,
                   count(*) FILTER (WHERE d.ent IS NULL) AS only_plancenter,
                   count(*) FILTER (WHERE e.ent IS NULL) AS only_duckdb,
                   count(*) FILTER (WHERE e.qty <> d.qty) AS quantity_differs,
                   count(*) FILTER (WHERE abs(e.qty::DOUBLE * e.u::DOUBLE - d.qty::DOUBLE * d.u) > 1e-6 * greatest(1, abs(d.qty::DOUBLE * d.u))) AS list_cost_differs,
                   count(*) FILTER (WHERE e.pec <> d.pec) AS pec_differs,
                   count(*) FILTER (WHERE abs(e.total - d.total) > 1e-6 * greatest(1, abs(d.total))) AS pricing_total_differs,
                   sum(e.qty) AS plancenter_quantity, sum(d.qty) AS duckdb_quantity,
                   round(sum(e.qty * e.u), 6) AS plancenter_list_cost, round(sum(d.qty::DOUBLE * d.u), 6) AS duckdb_list_cost,
                   round(sum(e.total), 6) AS plancenter_pricing_total, round(sum(d.total), 6) AS duckdb_pricing_total
            FROM e FULL JOIN d ON e.ent = d.ent AND e.res = d.res AND e.meter = d.meter AND e.day = d.day
            """;
        using var reader = command.ExecuteReader();
        var result = new List<(string, string)>();
        if (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                result.Add((reader.GetName(i), Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? string.Empty));
            }
        }

        return result;
    }

    private static long Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }
}
