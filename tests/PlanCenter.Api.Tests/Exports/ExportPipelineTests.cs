using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PlanCenter.Api.Tests.Rating;
using PlanCenter.Api.Tests.Support;
using PlanCenter.Storage.Exports;
using Shouldly;

namespace PlanCenter.Api.Tests.Exports;

/// <summary>
/// The pipeline's blob writing under volume: records pass through each blob's pipe to its compressor on
/// another task, so order, blob boundaries and failure handling must survive the hand-over.
/// </summary>
public sealed class ExportPipelineTests
{
    private const int PerBlob = 20_000;

    /// <summary>
    /// Pre-rendered records of about 300 bytes, numbered, so 50,000 of them are far more than the pipe holds
    /// before it pauses the reader; optionally throws after <see cref="FailAfter"/> records.
    /// </summary>
    private sealed class NumberedSource(int count) : IExportSource
    {
        public int? FailAfter { get; init; }

        public ExportKind Kind => ExportKind.UnbilledUsage;

        public Task<bool> ExistsAsync(ExportRequest request, CancellationToken ct) => Task.FromResult(true);

        public Task<long?> CountAsync(ExportRequest request, CancellationToken ct) => Task.FromResult<long?>(count);

        public static string Line(int i) => $$"""{"n":{{i}},"pad":"{{new string((char)('a' + i % 26), 280)}}"}""";

        public async IAsyncEnumerable<ExportRecord> ReadAsync(ExportRequest request, [EnumeratorCancellation] CancellationToken ct)
        {
            for (var i = 0; i < count; i++)
            {
                if (i == FailAfter)
                {
                    throw new IOException($"source broke at record {i}");
                }

                if (i % 5_000 == 0)
                {
                    await Task.Yield();
                }

                yield return ExportRecord.OfJson(Encoding.UTF8.GetBytes(Line(i)));
            }
        }
    }

    private static PlanCenterFactory FactoryWith(NumberedSource source) => new()
    {
        ConfigureMoreServices = services =>
        {
            services.AddSingleton<IExportSource>(source);
            services.RemoveAll<ExportOptions>();
            services.AddSingleton(new ExportOptions { MaxRecordsPerBlob = PerBlob });
        },
    };

    [Fact]
    public async Task ManyRecords_AreSplitIntoBlobsInOrder_WithEveryByte()
    {
        using var factory = FactoryWith(new NumberedSource(50_000));
        var client = await factory.SignInAsync(UsageWorld.Admin);

        var manifest = await ExportClient.ManifestAsync(client);
        var blobs = await ExportClient.DownloadAsync(factory.CreateClient(), manifest);

        manifest["blobCount"]!.GetValue<int>().ShouldBe(3);
        blobs.Select(b => b.Count).ShouldBe([20_000, 20_000, 10_000]);
        var all = blobs.SelectMany(b => b).ToList();
        for (var i = 0; i < all.Count; i++)
        {
            all[i].ToJsonString().ShouldBe(NumberedSource.Line(i));
        }
    }

    [Fact]
    public async Task SourceFailingAfterAClosedBlob_FailsTheOperation_AndLeavesNoBlob()
    {
        using var factory = FactoryWith(new NumberedSource(50_000) { FailAfter = 30_000 });
        var client = await factory.SignInAsync(UsageWorld.Admin);

        var operationUrl = await ExportClient.StartAsync(client);
        var operation = await ExportClient.WaitAsync(client, operationUrl);

        operation["status"]!.GetValue<string>().ShouldBe("failed");
        operation["error"]!["code"]!.GetValue<string>().ShouldBe("exportFailed");
        operation["error"]!["message"]!.GetValue<string>().ShouldContain("source broke at record 30000");
        operation["resourceLocation@odata.navigationLink"].ShouldBeNull();
        var id = operationUrl[(operationUrl.LastIndexOf('/') + 1)..];
        Directory.Exists(factory.Services.GetRequiredService<ExportFiles>().FolderOf(id)).ShouldBeFalse();
    }
}
