using System.Globalization;

namespace PlanCenter.Domain.Billing.Invoicing;

/// <summary>New-commerce invoice numbers: <c>G</c> and nine digits, from a sequence that never reuses a number.</summary>
public static class InvoiceNumber
{
    /// <summary>The largest sequence number that fits nine digits.</summary>
    public const long MaxSequence = 999_999_999;

    /// <summary>The invoice number of sequence number <paramref name="sequence"/> (1 → <c>G000000001</c>).</summary>
    public static string FromSequence(long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, MaxSequence);
        return "G" + sequence.ToString("D9", CultureInfo.InvariantCulture);
    }

    /// <summary>Whether <paramref name="text"/> is written like an invoice number (any letter case).</summary>
    public static bool IsWellFormed(string? text) =>
        text is { Length: 10 } && (text[0] is 'G' or 'g') && text.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;
}
