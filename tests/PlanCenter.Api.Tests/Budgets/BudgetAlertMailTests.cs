using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using netDumbster.smtp;
using PlanCenter.Api.Infrastructure;
using PlanCenter.Api.Tests.Rating;
using PlanCenter.Api.Tests.Support;
using PlanCenter.Storage.Budgets;
using Shouldly;
using static PlanCenter.Api.Tests.Budgets.BudgetTestSupport;

namespace PlanCenter.Api.Tests.Budgets;

/// <summary>Alert e-mails through a local SMTP sink (netDumbster) on a free port.</summary>
public sealed class BudgetAlertMailTests
{
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task DeliverAsync_SmtpDownThenUp_RecordsTheFailureThenMailsTheGlobalAndBillingAdmins()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = FreePort();
        await using var factory = new PlanCenterFactory
        {
            ConfigureMoreServices = services =>
            {
                services.RemoveAll<SmtpOptions>();
                services.AddSingleton(new SmtpOptions { Host = "127.0.0.1", Port = port, From = "plancenter@example.test" });
            },
        };
        var world = await UsageWorld.CreateAsync(factory);
        var customerName = (await world.Client.GetAsync($"/v1/customers/{world.CustomerId}")).Body["companyProfile"]!["companyName"]!.GetValue<string>();
        await PostUsageAsync(factory, world, "m1", "2026-01-15", 100);
        var spend = await SpendAsync(factory, world.CustomerId);
        var budget = await SetBudgetAtAsync(factory, world.CustomerId, spend, 85m);
        var evaluator = factory.Services.GetRequiredService<BudgetAlertEvaluator>();
        var mailer = factory.Services.GetRequiredService<BudgetAlertMailer>();

        await evaluator.EvaluateAsync(ct);
        var whileDown = await mailer.DeliverAsync(ct);
        var failed = (await AlertsAsync(factory, world.CustomerId)).Single();
        using var smtp = SimpleSmtpServer.Start(port);
        var whileUp = await mailer.DeliverAsync(ct);
        var again = await mailer.DeliverAsync(ct);
        var sent = (await AlertsAsync(factory, world.CustomerId)).Single();

        whileDown.ShouldBe(0);
        failed["deliveryStatus"]!.GetValue<string>().ShouldBe("retrying");
        failed["deliveryAttempts"]!.GetValue<int>().ShouldBe(1);
        failed["lastDeliveryError"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        whileUp.ShouldBe(1);
        again.ShouldBe(0);
        sent["deliveryStatus"]!.GetValue<string>().ShouldBe("sent");
        sent["deliveryAttempts"]!.GetValue<int>().ShouldBe(2);
        sent["sentAt"]!.GetValue<DateTimeOffset>().ShouldBe(factory.Time.GetUtcNow());
        sent["lastDeliveryError"].ShouldBeNull();
        smtp.ReceivedEmailCount.ShouldBe(1);
        var mail = smtp.ReceivedEmail[0];
        mail.ToAddresses.Select(a => a.Address).Order(StringComparer.Ordinal).ShouldBe(
            ["admin@contoso-partner.example", "billing@contoso-partner.example", "globaladmin@contoso-partner.example"]);
        var percent = Math.Round(spend * 100m / budget, 2, MidpointRounding.AwayFromZero).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
        mail.Subject.ShouldBe($"Azure spending budget: {customerName} has used {percent} % of its monthly budget");
        var body = mail.MessageParts[0].BodyData;
        body.ShouldContain(customerName);
        body.ShouldContain($"{Money(spend)} USD");
        body.ShouldContain($"Budget: {Money(budget)} USD");
        body.ShouldContain($"{percent} %");
    }

    [Fact]
    public async Task DeliverAsync_NoSmtpConfigured_LeavesAlertsQueued()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var factory = new PlanCenterFactory();
        var world = await UsageWorld.CreateAsync(factory);
        await PostUsageAsync(factory, world, "q1", "2026-01-15", 100);
        var spend = await SpendAsync(factory, world.CustomerId);
        await SetBudgetAtAsync(factory, world.CustomerId, spend, 95m);

        await factory.Services.GetRequiredService<BudgetAlertEvaluator>().EvaluateAsync(ct);
        var sent = await factory.Services.GetRequiredService<BudgetAlertMailer>().DeliverAsync(ct);

        sent.ShouldBe(0);
        (await AlertsAsync(factory, world.CustomerId)).Single()["deliveryStatus"]!.GetValue<string>().ShouldBe("queued");
    }

    private static string Money(decimal amount) =>
        Math.Round(amount, 2, MidpointRounding.AwayFromZero).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}
