namespace PlanCenter.Storage.Exports;

/// <summary>
/// Where export blobs live: <c>exports/</c> under the data directory, one folder per operation; for an
/// in-memory instance a temporary folder that is removed when the process stops.
/// </summary>
public sealed class ExportFiles : IDisposable
{
    private readonly bool _temporary;

    public ExportFiles(StorageOptions storage)
    {
        _temporary = storage.Provider == StorageProvider.InMemory;
        Root = _temporary
            ? Path.Combine(Path.GetTempPath(), "plancenter-exports-" + Guid.NewGuid().ToString("N"))
            : Path.Combine(storage.DataDirectory, "exports");
        Directory.CreateDirectory(Root);
    }

    /// <summary>The folder that holds every operation's folder.</summary>
    public string Root { get; }

    /// <summary>The folder of one operation's blobs.</summary>
    public string FolderOf(string operationId) => Path.Combine(Root, operationId);

    /// <summary>The path of a blob, or null when the name is not one of ours (no path tricks).</summary>
    public string? BlobPath(string operationId, string blobName) =>
        blobName.StartsWith("part-", StringComparison.Ordinal) && blobName.EndsWith(".json.gz", StringComparison.Ordinal)
        && blobName.AsSpan(5, blobName.Length - 13).IndexOfAnyExceptInRange('0', '9') < 0
            ? Path.Combine(FolderOf(operationId), blobName)
            : null;

    /// <summary>Removes an operation's folder, if any.</summary>
    public void Delete(string operationId)
    {
        var folder = FolderOf(operationId);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public void Dispose()
    {
        if (_temporary && Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
