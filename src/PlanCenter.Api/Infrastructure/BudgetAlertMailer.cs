using System.Globalization;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using PlanCenter.Domain.Partners;
using PlanCenter.Domain.Primitives;
using PlanCenter.Storage;
using PlanCenter.Storage.Budgets;

namespace PlanCenter.Api.Infrastructure;

/// <summary>
/// E-mails queued spending-budget alerts to the partner's Global admins and Billing admins (the roles that
/// get billing e-mail, domain.md §1.3) through the configured SMTP server. A failure is recorded on the alert
/// and the alert is tried again on the next round, up to <see cref="SpendingBudgetStore.MaxDeliveryAttempts"/>
/// tries; nothing here throws except on cancellation. Serialized.
/// </summary>
public sealed partial class BudgetAlertMailer(SpendingBudgetStore store, SmtpOptions smtp, IServiceScopeFactory scopes, TimeProvider clock,
    ILogger<BudgetAlertMailer> log)
{
    private const PartnerRoles Recipients = PartnerRoles.GlobalAdmin | PartnerRoles.BillingAdmin;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Sends every alert not sent yet; returns how many went out. Does nothing without SMTP settings.</summary>
    public async Task<int> DeliverAsync(CancellationToken ct)
    {
        if (!smtp.IsConfigured)
        {
            return 0;
        }

        await _gate.WaitAsync(ct);
        try
        {
            var pending = await store.ListUndeliveredAsync(ct);
            if (pending.Count == 0)
            {
                return 0;
            }

            using var client = new SmtpClient();
            try
            {
                var security = !smtp.UseTls ? SecureSocketOptions.None : smtp.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
                await client.ConnectAsync(smtp.Host!, smtp.Port, security, ct);
                if (!string.IsNullOrEmpty(smtp.User))
                {
                    await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", ct);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogConnectFailed(log, smtp.Host!, smtp.Port, e);
                foreach (var alert in pending)
                {
                    await store.RecordFailureAsync(alert.Id, $"SMTP {smtp.Host}:{smtp.Port}: {e.Message}", ct);
                }

                return 0;
            }

            var sent = 0;
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CommerceDbContext>();
            foreach (var alert in pending)
            {
                try
                {
                    var message = await ComposeAsync(db, alert, ct);
                    if (message is null)
                    {
                        await store.RecordFailureAsync(alert.Id, "The partner has no Global admin or Billing admin user to e-mail.", ct);
                        continue;
                    }

                    await client.SendAsync(message, ct);
                    await store.RecordSentAsync(alert.Id, clock.GetUtcNow(), ct);
                    sent++;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogSendFailed(log, alert.Id, e);
                    await store.RecordFailureAsync(alert.Id, e.Message, ct);
                }
            }

            try
            {
                await client.DisconnectAsync(true, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogDisconnectFailed(log, e);
            }

            return sent;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The partner's users alerts are e-mailed to (Global admins and Billing admins), by e-mail address.</summary>
    public static async Task<List<PartnerUser>> RecipientsAsync(CommerceDbContext db, PartnerTenantId partner, CancellationToken ct)
    {
        var users = await db.PartnerUsers.AsNoTracking().Where(u => u.PartnerId == partner).ToListAsync(ct);
        return [.. users.Where(u => (u.Roles & Recipients) != 0).OrderBy(u => u.Email, StringComparer.Ordinal)];
    }

    /// <summary>The e-mail of an alert; null when the partner has nobody to send it to.</summary>
    private async Task<MimeMessage?> ComposeAsync(CommerceDbContext db, SpendingBudgetAlert alert, CancellationToken ct)
    {
        var to = await RecipientsAsync(db, alert.Partner, ct);
        if (to.Count == 0)
        {
            return null;
        }

        var customer = await db.Customers.AsNoTracking().Where(c => c.PartnerId == alert.Partner && c.Id == alert.Customer)
            .Select(c => c.CompanyName).FirstOrDefaultAsync(ct) ?? alert.Customer.ToString();
        var percent = alert.PercentUsed.ToString("0.##", CultureInfo.InvariantCulture);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From!));
        foreach (var user in to)
        {
            message.To.Add(new MailboxAddress(user.DisplayName, user.Email));
        }

        message.Subject = $"Azure spending budget: {customer} has used {percent} % of its monthly budget";
        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{customer} (customer {alert.Customer}) has used {percent} % of its monthly Azure spending budget.\n\n")
            .Append(CultureInfo.InvariantCulture, $"Month-to-date spend ({alert.Period}): {Money(alert.Spend)} {alert.Currency}\n")
            .Append(CultureInfo.InvariantCulture, $"Budget: {Money(alert.Budget)} {alert.Currency}\n\n")
            .Append("The spend is an estimate of unbilled usage before taxes, credits and fees. A budget does not stop usage. ")
            .Append("This e-mail repeats every 7 days while the spend stays between 80 % and 100 % of the budget.\n");
        message.Body = new TextPart("plain") { Text = body.ToString() };
        return message;
    }

    /// <summary>An amount with 2 decimals, rounded away from zero.</summary>
    private static string Money(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot reach the SMTP server {Host}:{Port}; budget alerts are retried later.")]
    private static partial void LogConnectFailed(ILogger logger, string host, int port, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending budget alert {AlertId} failed; it is retried later.")]
    private static partial void LogSendFailed(ILogger logger, Guid alertId, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Disconnecting from the SMTP server failed.")]
    private static partial void LogDisconnectFailed(ILogger logger, Exception exception);
}
