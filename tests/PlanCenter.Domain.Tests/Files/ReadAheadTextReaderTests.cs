using System.IO.Compression;
using System.Text;
using PlanCenter.Rating.Files;

namespace PlanCenter.Domain.Tests.Files;

/// <summary>The read-ahead reader gives the characters a StreamReader gives, wherever its chunks end.</summary>
public sealed class ReadAheadTextReaderTests
{
    private static readonly string Text = string.Concat(Enumerable.Range(0, 300).Select(i =>
        $"r{i},\"ünïcødé, € and 😀\",x\r\n{(i % 7 == 0 ? "\"two\nlines\"\n" : "")}"));

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Read_AnyChunkSize_GivesTheStreamReaderCharacters(int chunkBytes)
    {
        using var temp = new TempDirectory();
        foreach (var (name, bytes) in new[]
        {
            ("plain.csv", Encoding.UTF8.GetBytes(Text)),
            ("bom.csv", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Text)]),
            ("utf16.csv", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Text)]),
            ("cut.csv", [.. Encoding.UTF8.GetBytes(Text), 0xF0, 0x9F]),
            ("empty.csv", []),
        })
        {
            var path = temp.File(name);
            File.WriteAllBytes(path, bytes);
            using var expected = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);

            ReadAll(path, chunkBytes, 1000).ShouldBe(expected.ReadToEnd(), name);
            ReadAll(path, chunkBytes, 1).ShouldBe(File.ReadAllText(path), name);
        }
    }

    [Fact]
    public void Read_GzipFile_IsDecompressed()
    {
        using var temp = new TempDirectory();
        var path = temp.File("text.csv.gz");
        using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(Text));
        }

        ReadAll(path, 64, 333).ShouldBe(Text);
    }

    [Fact]
    public void Peek_GivesTheNextCharacterWithoutTakingIt()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("peek.csv", "a\r\nb😀");
        using var reader = new ReadAheadTextReader(path, 4);
        var buffer = new char[2];

        reader.Read(buffer.AsSpan()).ShouldBe(2);
        reader.Peek().ShouldBe('\n');
        reader.Peek().ShouldBe('\n');
        var rest = new StringBuilder();
        int count;
        while ((count = reader.Read(buffer.AsSpan())) > 0)
        {
            rest.Append(buffer, 0, count);
        }

        rest.ToString().ShouldBe("\nb😀");
        reader.Peek().ShouldBe(-1);
    }

    /// <summary>Reads to the end through buffers of <paramref name="bufferLength"/> characters, peeking now and then.</summary>
    private static string ReadAll(string path, int chunkBytes, int bufferLength)
    {
        using var reader = new ReadAheadTextReader(path, chunkBytes);
        var text = new StringBuilder();
        var buffer = new char[bufferLength];
        var reads = 0;
        while (true)
        {
            if (++reads % 3 == 0)
            {
                reader.Peek();
            }

            var count = reader.Read(buffer.AsSpan());
            if (count == 0)
            {
                return text.ToString();
            }

            text.Append(buffer, 0, count);
        }
    }
}
