using Microsoft.Extensions.DependencyInjection;
using PlanCenter.Api.Tests.Rating;
using PlanCenter.Api.Tests.Support;
using PlanCenter.Domain.Billing.Invoicing;
using PlanCenter.Storage;
using PlanCenter.Storage.Billing;
using Shouldly;

namespace PlanCenter.Api.Tests.Billing;

/// <summary>
/// `plancenter close` beside a running server: the server may rate between the close's read of the period
/// and its write. Records of later months do not touch the period, so the close goes on; a record of the
/// period itself does, so the period is read again.
/// </summary>
public sealed partial class MonthCloseTests
{
    [Theory]
    [InlineData("2026-02-03T10:00:00Z", 1)]
    [InlineData("2026-01-20T10:00:00Z", 2)]
    public async Task RatingByAnotherProcess_BetweenReadAndWrite_RereadsThePeriodOnlyWhenItTouchesIt(string usageStart, int expectedReads)
    {
        UsageWorld? world = null;
        var otherProcess = new RatingElsewhere(() => world!.PostUsageAsync(("elsewhere", world.Resource("x"), Meter, usageStart, "1")));
        await using var factory = new PlanCenterFactory
        {
            ConfigureMoreServices = s => s.AddSingleton<ICloseObserver>(otherProcess).AddSingleton(new BillingSettings(BillingCalendar.Default, AutoClose: false)),
        };
        world = await JanuaryUsageAsync(factory);
        await MoveClockAsync(world.Client, new DateTimeOffset(2026, 2, 5, 0, 0, 0, TimeSpan.Zero));
        otherProcess.Database = factory.Services.GetRequiredService<SqliteDatabase>();

        var result = await factory.Services.GetRequiredService<PeriodClose>().CloseThroughAsync(new DateOnly(2026, 1, 1), CancellationToken.None);

        otherProcess.Reads.ShouldBe(expectedReads);
        result.ShouldHaveSingleItem().Invoices.ShouldHaveSingleItem().Total.ShouldBe(1.27m);
    }

    /// <summary>
    /// At the first read of a period, ingests one record and marks the ledger rated through it, as a server
    /// process beside the closing one would (this process's rating is held off by the close).
    /// </summary>
    private sealed class RatingElsewhere(Func<Task> ingest) : ICloseObserver
    {
        public SqliteDatabase? Database { get; set; }

        public int Reads { get; private set; }

        public void PeriodRead(DateOnly period)
        {
            if (++Reads > 1 || Database is null)
            {
                return;
            }

            ingest().GetAwaiter().GetResult();
            using var connection = Database.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE rating_state SET value = (SELECT MAX(seq) FROM usage_records) WHERE name = 'rated_seq';";
            command.ExecuteNonQuery().ShouldBe(1);
        }

        public void InvoiceWritten(IssuedInvoice invoice)
        {
        }
    }
}
