using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace PlanCenter.Documents;

/// <summary>
/// Lays one statement out on A4 pages, top to bottom, with a cursor: the header, the sold-to / bill-to block and the
/// invoice details, the summary box, the customer table (its header repeated on every page it continues on), the
/// pricing-currency section, and finally a "Page n of N" footer on every page once N is known.
/// </summary>
/// <remarks>All coordinates are points from the top-left corner of the page.</remarks>
internal sealed class StatementWriter
{
    private const double Margin = 42;
    private const double FooterTop = 808;          // the footer's rule; A4 is 841.89 pt tall
    private const double ContentBottom = FooterTop - 10;
    private const double AmountColumnWidth = 88;
    private const double CellPadding = 5;
    private const double TableHeaderHeight = 17;
    private const double RowHeight = 24;
    private const double DetailsLabelX = 318;
    private const double DetailsValueX = 412;
    private const string MiddleDot = " \u00B7 ";

    private static readonly XColor Accent = XColor.FromArgb(0, 84, 140);
    private static readonly XBrush AccentBrush = new XSolidBrush(Accent);
    private static readonly XBrush TextBrush = new XSolidBrush(XColor.FromArgb(25, 25, 25));
    private static readonly XBrush MutedBrush = new XSolidBrush(XColor.FromArgb(100, 100, 100));
    private static readonly XBrush HeaderFill = new XSolidBrush(XColor.FromArgb(228, 234, 240));
    private static readonly XBrush ZebraFill = new XSolidBrush(XColor.FromArgb(246, 247, 249));
    private static readonly XBrush SummaryFill = new XSolidBrush(XColor.FromArgb(240, 244, 248));
    private static readonly XPen RulePen = new(XColor.FromArgb(170, 170, 170), 0.5);
    private static readonly XPen AccentPen = new(Accent, 1);

    private readonly PdfDocument _document;
    private readonly InvoiceStatement _statement;
    private readonly XFont _brand = StatementFonts.Bold(20);
    private readonly XFont _title = StatementFonts.Bold(15);
    private readonly XFont _heading = StatementFonts.Bold(10.5);
    private readonly XFont _label = StatementFonts.Bold(8.5);
    private readonly XFont _body = StatementFonts.Regular(9);
    private readonly XFont _bodyBold = StatementFonts.Bold(9);
    private readonly XFont _cell = StatementFonts.Regular(8.5);
    private readonly XFont _cellBold = StatementFonts.Bold(8.5);
    private readonly XFont _small = StatementFonts.Regular(7);
    private readonly XFont _footer = StatementFonts.Regular(7.5);

    private XGraphics? _gfx;
    private double _pageWidth;
    private double _y;

    public StatementWriter(PdfDocument document, InvoiceStatement statement)
    {
        _document = document;
        _statement = statement;
    }

    private double Right => _pageWidth - Margin;

    private XGraphics Gfx => _gfx ?? throw new InvalidOperationException("No page is open.");

    public void Write()
    {
        StartPage(continuation: false);
        WriteHeader();
        WritePartnerAndDetails();
        WriteSummary();
        WriteCustomerTable();
        WritePricingSection();
        _gfx?.Dispose();
        _gfx = null;
        WriteFooters();
    }

    private void StartPage(bool continuation)
    {
        _gfx?.Dispose();
        var page = _document.AddPage();
        page.Size = PageSize.A4;
        _pageWidth = page.Width.Point;
        _gfx = XGraphics.FromPdfPage(page);
        _y = Margin;

        if (continuation)
        {
            OnBaseline("PlanCenter", _heading, AccentBrush, Margin, _y + 10);
            OnBaselineRight($"Invoice {_statement.InvoiceNumber} (continued)", _bodyBold, TextBrush, Right, _y + 10);
            _y += 18;
            Gfx.DrawLine(RulePen, Margin, _y, Right, _y);
            _y += 10;
        }
    }

    private void WriteHeader()
    {
        OnBaseline("PlanCenter", _brand, AccentBrush, Margin, _y + 18);
        OnBaselineRight($"Invoice {_statement.InvoiceNumber}", _title, TextBrush, Right, _y + 18);
        _y += 27;
        Text("Azure plan statement", _body, MutedBrush, Margin, _y);
        TextRight($"Billing period {StatementText.Period(_statement.BillingPeriodFirstDay, _statement.BillingPeriodLastDay)}",
            _body, MutedBrush, Right, _y);
        _y += 16;
        Gfx.DrawLine(AccentPen, Margin, _y, Right, _y);
        _y += 12;
    }

    private void WritePartnerAndDetails()
    {
        var top = _y;
        var partner = _statement.Partner;
        var leftWidth = DetailsLabelX - Margin - 16;

        var y = top;
        Text("Sold to / Bill to", _label, MutedBrush, Margin, y);
        y += 13;
        Text(Fit(partner.Name, _bodyBold, leftWidth), _bodyBold, TextBrush, Margin, y);
        y += 12;
        foreach (var line in partner.AddressLines)
        {
            Text(Fit(line, _body, leftWidth), _body, TextBrush, Margin, y);
            y += 12;
        }

        Text(Fit(partner.Country, _body, leftWidth), _body, TextBrush, Margin, y);
        y += 12;
        Text($"Tenant ID {partner.TenantId:D}", _body, TextBrush, Margin, y);
        y += 12;
        Text(Fit($"MPN ID {partner.MpnId}", _body, leftWidth), _body, TextBrush, Margin, y);
        var leftBottom = y + 12;

        y = top;
        Text("Invoice details", _label, MutedBrush, DetailsLabelX, y);
        y += 13;
        (string Label, string Value)[] details =
        [
            ("Invoice number", _statement.InvoiceNumber),
            ("Invoice date", StatementText.Date(_statement.InvoiceDate)),
            ("Due date", StatementText.Date(_statement.DueDate)),
            ("Payment terms", StatementText.PaymentTerms(_statement.PaymentTermDays)),
            ("Billing period", StatementText.Period(_statement.BillingPeriodFirstDay, _statement.BillingPeriodLastDay)),
            ("Billing currency", _statement.BillingCurrency),
            ("Pricing currency", _statement.PricingCurrency),
        ];
        foreach (var (label, value) in details)
        {
            Text(label, _body, MutedBrush, DetailsLabelX, y);
            Text(Fit(value, _body, Right - DetailsValueX), _body, TextBrush, DetailsValueX, y);
            y += 12;
        }

        _y = Math.Max(leftBottom, y) + 14;
    }

    private void WriteSummary()
    {
        var currency = _statement.BillingCurrency;
        const double height = 82;
        var top = _y;
        Gfx.DrawRectangle(SummaryFill, Margin, top, Right - Margin, height);
        Gfx.DrawLine(AccentPen, Margin, top, Right, top);

        var left = Margin + 12;
        var right = Right - 12;
        var y = top + 9;
        Text("Summary", _heading, AccentBrush, left, y);
        y += 18;
        Text("Charges", _body, TextBrush, left, y);
        TextRight(StatementText.Amount(_statement.Subtotal, currency), _body, TextBrush, right, y);
        y += 13;
        Text("Tax", _body, TextBrush, left, y);
        TextRight(StatementText.Amount(_statement.TaxTotal, currency), _body, TextBrush, right, y);
        y += 15;
        Gfx.DrawLine(RulePen, left, y - 3, right, y - 3);
        Text("Total amount due", _heading, TextBrush, left, y);
        TextRight(StatementText.Amount(_statement.Total, currency), _heading, TextBrush, right, y);

        _y = top + height + 10;
        Text($"Payment is due by {StatementText.Date(_statement.DueDate)}. " +
             $"Please quote invoice number {_statement.InvoiceNumber} with your payment.",
            _body, TextBrush, Margin, _y);
        _y += 26;
    }

    private void WriteCustomerTable()
    {
        var customers = _statement.Customers;
        OnBaseline("Charges by customer", _heading, AccentBrush, Margin, _y + 10);
        OnBaselineRight(StatementText.CustomerCount(customers.Count), _body, MutedBrush, Right, _y + 10);
        _y += 18;
        WriteTableHeader();

        if (customers.Count == 0)
        {
            Text("No customer was charged in this billing period.", _cell, MutedBrush, Margin + CellPadding, _y + 5);
            _y += RowHeight;
        }

        var currency = _statement.BillingCurrency;
        var nameWidth = ColumnRight(3) - AmountColumnWidth - (Margin + CellPadding) - 8;
        for (var index = 0; index < customers.Count; index++)
        {
            if (_y + RowHeight > ContentBottom)
            {
                StartPage(continuation: true);
                WriteTableHeader();
            }

            var customer = customers[index];
            if (index % 2 == 1)
            {
                Gfx.DrawRectangle(ZebraFill, Margin, _y, Right - Margin, RowHeight);
            }

            var line1 = _y + 4;
            Text(Fit(customer.CompanyName, _cell, nameWidth), _cell, TextBrush, Margin + CellPadding, line1);
            TextRight(StatementText.Amount(customer.Subtotal), _cell, TextBrush, ColumnRight(3), line1);
            TextRight(StatementText.Amount(customer.TaxTotal), _cell, TextBrush, ColumnRight(2), line1);
            TextRight(StatementText.Amount(customer.Total), _cell, TextBrush, ColumnRight(1), line1);
            var line2 = _y + 14;
            Text(Fit(customer.Domain, _small, nameWidth), _small, MutedBrush, Margin + CellPadding, line2);
            TextRight("Customer ID " + customer.CustomerId.ToString("D"), _small, MutedBrush, ColumnRight(1), line2);
            _y += RowHeight;
        }

        if (_y + TableHeaderHeight + 4 > ContentBottom)
        {
            StartPage(continuation: true);
            WriteTableHeader();
        }

        Gfx.DrawLine(AccentPen, Margin, _y, Right, _y);
        var totals = _y + 4;
        Text($"Invoice total ({currency})", _cellBold, TextBrush, Margin + CellPadding, totals);
        TextRight(StatementText.Amount(_statement.Subtotal), _cellBold, TextBrush, ColumnRight(3), totals);
        TextRight(StatementText.Amount(_statement.TaxTotal), _cellBold, TextBrush, ColumnRight(2), totals);
        TextRight(StatementText.Amount(_statement.Total), _cellBold, TextBrush, ColumnRight(1), totals);
        _y += TableHeaderHeight + 16;
    }

    private void WriteTableHeader()
    {
        var currency = _statement.BillingCurrency;
        Gfx.DrawRectangle(HeaderFill, Margin, _y, Right - Margin, TableHeaderHeight);
        var y = _y + 4.5;
        Text("Customer", _label, TextBrush, Margin + CellPadding, y);
        TextRight($"Subtotal ({currency})", _label, TextBrush, ColumnRight(3), y);
        TextRight($"Tax ({currency})", _label, TextBrush, ColumnRight(2), y);
        TextRight($"Total ({currency})", _label, TextBrush, ColumnRight(1), y);
        _y += TableHeaderHeight;
    }

    /// <summary>The right edge of an amount column, counted from the right: 1 is Total, 2 is Tax, 3 is Subtotal.</summary>
    private double ColumnRight(int fromRight) => Right - CellPadding - ((fromRight - 1) * AmountColumnWidth);

    private void WritePricingSection()
    {
        var rates = _statement.ExchangeRates.OrderBy(r => r.UsageMonth).ToArray();
        var lineCount = rates.Length + (rates.Length > 1 ? 1 : 0) + 2;
        var height = 20 + (lineCount * 13);
        if (_y + height > ContentBottom)
        {
            StartPage(continuation: true);
        }

        Text("Pricing currency and exchange rates", _heading, AccentBrush, Margin, _y);
        _y += 20;
        foreach (var rate in rates)
        {
            Text(StatementText.RateLine(_statement.PricingCurrency, _statement.BillingCurrency, rate), _body, TextBrush, Margin, _y);
            _y += 13;
        }

        if (rates.Length > 1)
        {
            Text("Usage of an earlier month billed on this invoice was converted at that month's rate.",
                _body, TextBrush, Margin, _y);
            _y += 13;
        }

        Text("Partner earned credit (PEC) is included in the charges above; it is not shown as a separate line.",
            _body, TextBrush, Margin, _y);
        _y += 13;
        Text($"All amounts are in {_statement.BillingCurrency}.", _body, TextBrush, Margin, _y);
        _y += 13;
    }

    private void WriteFooters()
    {
        var pageCount = _document.PageCount;
        var left = $"PlanCenter{MiddleDot}Invoice {_statement.InvoiceNumber}{MiddleDot}{StatementText.Date(_statement.InvoiceDate)}";
        for (var index = 0; index < pageCount; index++)
        {
            var page = _document.Pages[index];
            using var gfx = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            var right = page.Width.Point - Margin;
            gfx.DrawLine(RulePen, Margin, FooterTop, right, FooterTop);
            gfx.DrawString(left, _footer, MutedBrush, new XPoint(Margin, FooterTop + 6), XStringFormats.TopLeft);
            var pageOf = StatementText.PageOf(index + 1, pageCount);
            var width = gfx.MeasureString(pageOf, _footer).Width;
            gfx.DrawString(pageOf, _footer, MutedBrush, new XPoint(right - width, FooterTop + 6), XStringFormats.TopLeft);
        }
    }

    private void Text(string text, XFont font, XBrush brush, double x, double y) =>
        Gfx.DrawString(text, font, brush, new XPoint(x, y), XStringFormats.TopLeft);

    private void TextRight(string text, XFont font, XBrush brush, double right, double y)
    {
        var width = Gfx.MeasureString(text, font).Width;
        Gfx.DrawString(text, font, brush, new XPoint(right - width, y), XStringFormats.TopLeft);
    }

    /// <summary>Draws text whose baseline is at <paramref name="baseline"/>: for a line that mixes font sizes.</summary>
    private void OnBaseline(string text, XFont font, XBrush brush, double x, double baseline) =>
        Gfx.DrawString(text, font, brush, new XPoint(x, baseline), XStringFormats.BaseLineLeft);

    private void OnBaselineRight(string text, XFont font, XBrush brush, double right, double baseline)
    {
        var width = Gfx.MeasureString(text, font).Width;
        Gfx.DrawString(text, font, brush, new XPoint(right - width, baseline), XStringFormats.BaseLineLeft);
    }

    /// <summary>The text, or its longest prefix that fits <paramref name="maxWidth"/> followed by an ellipsis.</summary>
    private string Fit(string text, XFont font, double maxWidth)
    {
        if (Gfx.MeasureString(text, font).Width <= maxWidth)
        {
            return text;
        }

        const string ellipsis = "\u2026";
        int low = 0, high = text.Length;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (Gfx.MeasureString(string.Concat(text.AsSpan(0, mid), ellipsis), font).Width <= maxWidth)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        if (low > 0 && char.IsHighSurrogate(text[low - 1]))
        {
            low--;
        }

        return string.Concat(text.AsSpan(0, low).TrimEnd(), ellipsis);
    }
}
