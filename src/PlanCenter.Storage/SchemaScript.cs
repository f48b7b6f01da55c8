namespace PlanCenter.Storage;

/// <summary>
/// A named piece of raw-SQL schema (tables of a bulk path) applied once, in <see cref="Order"/>, after the
/// EF Core migrations. Scripts are append-only: to change a table, add a new script, never edit an applied one.
/// </summary>
/// <param name="Id">Unique and stable, e.g. <c>0001-usage-records</c>.</param>
/// <param name="Order">Position among all scripts.</param>
/// <param name="Sql">SQLite statements.</param>
public sealed record SchemaScript(string Id, int Order, string Sql);
