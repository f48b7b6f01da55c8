using System.Security.Cryptography;
using System.Text;
using PdfSharp.Pdf;

namespace PlanCenter.Documents;

/// <summary>Renders an issued invoice's statement as a PDF (A4, PDFsharp, fonts embedded).</summary>
/// <remarks>
/// Pure: no clock, no I/O, no network; the output depends only on the statement. The same statement gives the same
/// bytes (see <see cref="PdfDeterminism"/>). Safe to call from several threads at once.
/// </remarks>
public static class InvoiceStatementPdf
{
    /// <summary>Renders <paramref name="statement"/> to the bytes of a PDF file.</summary>
    /// <exception cref="ArgumentException">
    /// The statement is malformed: an invoice number that is not <c>G</c> + nine digits, a billing period that ends before
    /// it starts, no exchange rate, a rate month that is not the first of a month, an amount with more than two decimals….
    /// </exception>
    public static byte[] Render(InvoiceStatement statement)
    {
        StatementCheck.Validate(statement);

        using var document = new PdfDocument();
        var issuedAt = statement.InvoiceDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var info = document.Info;
        info.Title = $"Invoice {statement.InvoiceNumber}";
        info.Subject = $"Azure plan statement, billing period {StatementText.Period(statement.BillingPeriodFirstDay, statement.BillingPeriodLastDay)}";
        info.Author = "PlanCenter";
        info.Creator = "PlanCenter";
        info.CreationDate = issuedAt;
        info.ModificationDate = issuedAt;

        // The trailer's /ID pair is random by default; derive it from what identifies the invoice instead.
        var key = DocumentKey(statement);
        var id = DocumentId(key);
        document.Internals.FirstDocumentID = id;
        document.Internals.SecondDocumentID = id;

        new StatementWriter(document, statement).Write();

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return PdfDeterminism.Normalize(output.ToArray(), key);
    }

    /// <summary>What identifies the document: invoice number, partner tenant and invoice date.</summary>
    private static string DocumentKey(InvoiceStatement statement) =>
        $"{statement.InvoiceNumber}|{statement.Partner.TenantId:D}|{StatementText.Date(statement.InvoiceDate)}";

    /// <summary>The trailer's file identifier: the first 16 bytes of SHA-256 over the key, one char per byte.</summary>
    private static string DocumentId(string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return string.Create(16, hash, static (chars, bytes) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)bytes[i];
            }
        });
    }
}
