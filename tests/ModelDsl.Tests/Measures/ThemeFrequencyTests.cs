using System.Text;
using System.Text.Json;

using ModelDsl.Measures;

namespace ModelDsl.Tests.Measures;

public sealed class ThemeFrequencyTests
{
    private static readonly Theme Digital = new("Digital", ["platform", "data", "cloud computing", "数据", "云计算", "平台"]);
    private static readonly Theme Service = new("Service", ["service", "logistics", "supply chain", "chain", "物流", "服务"]);

    [Fact]
    public void EnglishWordsAreCaseInsensitiveAndPhrasesMatchAsPhrases()
    {
        var document = new TextDocument("en.txt", "Cloud computing, DATA and the data platform; a cloud of supply-chain logistics. Supply chain! Chain.");
        var result = ThemeFrequency.Analyze([document], [Digital, Service]);

        // Tokens: cloud computing data and the data platform a cloud of supply chain logistics supply chain chain = 16.
        var digital = result["en.txt", "Digital"];
        Assert.Equal(16, digital.Tokens);
        Assert.Equal(4, digital.Hits); // cloud computing, data, data, platform ("cloud" alone is no hit)
        Assert.Equal(4.0 / 16, digital.Frequency, 1e-15);
        Assert.Equal(2, digital.KeywordHits["data"]);
        Assert.Equal(1, digital.KeywordHits["cloud computing"]);

        // "supply chain" twice (the longer keyword wins at its position, so its "chain" is not counted again), "chain" once, logistics once.
        var service = result["en.txt", "Service"];
        Assert.Equal(4, service.Hits);
        Assert.Equal(2, service.KeywordHits["supply chain"]);
        Assert.Equal(1, service.KeywordHits["chain"]);
        Assert.False(service.KeywordHits.ContainsKey("service"));
    }

    [Fact]
    public void ChineseRunsAreSegmentedByForwardMaximumMatching()
    {
        var tokenizer = new ThemeTokenizer(["数据", "云计算", "数据平台", "物流"]);
        // 加强 | 数据平台 | 和 | 云计算 | 建设 → 加 强 数据平台 和 云计算 建 设
        Assert.Equal(["加", "强", "数据平台", "和", "云计算", "建", "设"], tokenizer.Tokenize("加强数据平台和云计算建设。"));
        Assert.Equal(["数据", "与", "物流"], tokenizer.Tokenize("数据与物流"));
    }

    [Fact]
    public void ChineseDocumentCounts()
    {
        // 推进 云计算 和 数据 平台 建设 ， 完善 物流 服务 体系
        // Tokens: 推 进 云计算 和 数据 平台 建 设 完 善 物流 服务 体 系 = 14.
        var document = new TextDocument("zh.txt", "推进云计算和数据平台建设，完善物流服务体系。");
        var result = ThemeFrequency.Analyze([document], [Digital, Service]);
        Assert.Equal(14, result.DocumentTokens[0]);
        Assert.Equal(3, result["zh.txt", "Digital"].Hits);
        Assert.Equal(2, result["zh.txt", "Service"].Hits);
        Assert.Equal(2.0 / 14, result["zh.txt", "Service"].Frequency, 1e-15);
    }

    [Fact]
    public void MixedDocumentAndMixedKeyword()
    {
        var themes = new[] { new Theme("Tech", ["API集成", "区块链", "blockchain"]) };
        // Tokens: 推动 → 推 动; api; 集成; 与; 区块链; blockchain; pilots → 推 动 api 集成 与 区块链 blockchain pilots = 8.
        var result = ThemeFrequency.Analyze([new TextDocument("mixed.txt", "推动API集成与区块链 (blockchain) pilots")], themes);
        var count = result["mixed.txt", "Tech"];
        Assert.Equal(8, count.Tokens);
        Assert.Equal(3, count.Hits);
        Assert.Equal(1, count.KeywordHits["API集成"]);
    }

    [Fact]
    public void EmptyDocumentHasNoFrequencyAndANote()
    {
        var documents = new[] { new TextDocument("a.txt", "data data service"), new TextDocument("empty.txt", "  ，。 -- "), new TextDocument("b.txt", "one platform") };
        var result = ThemeFrequency.Analyze(documents, [Digital, Service]);
        Assert.Equal(0, result["empty.txt", "Digital"].Tokens);
        Assert.True(double.IsNaN(result["empty.txt", "Digital"].Frequency));
        Assert.Contains("'empty.txt' has no tokens", Assert.Single(result.Notes).Message);

        // Corpus: Digital hits 2 + 1 = 3 over 3 + 2 = 5 tokens; mean of per-document frequencies (2/3 + 1/2)/2 over the non-empty ones.
        var summary = result.Summary("Digital");
        Assert.Equal(3, summary.Hits);
        Assert.Equal(5, summary.Tokens);
        Assert.Equal(0.6, summary.Frequency, 1e-15);
        Assert.Equal(((2.0 / 3) + 0.5) / 2, summary.MeanDocumentFrequency, 1e-15);
        Assert.Equal(2, summary.DocumentsWithHits);
        Assert.Equal(0, summary.KeywordHits["cloud computing"]);

        using var json = JsonDocument.Parse(result.ToJson());
        var empty = json.RootElement.GetProperty("by_document").EnumerateArray().First(e => e.GetProperty("document").GetString() == "empty.txt");
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("frequency").ValueKind);
        Assert.Equal(0.6, json.RootElement.GetProperty("themes")[0].GetProperty("frequency").GetDouble(), 1e-15);
        Assert.Contains("60.00%", result.ToString());
    }

    [Fact]
    public void FolderIsReadInFileNameOrderAndBadUtf8IsAnError()
    {
        var folder = Directory.CreateTempSubdirectory("modeldsl-themes-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "b.txt"), "物流服务", new UTF8Encoding(true));
            File.WriteAllText(Path.Combine(folder.FullName, "a.txt"), "data platform", new UTF8Encoding(false));
            File.WriteAllText(Path.Combine(folder.FullName, "ignored.md"), "data");
            var result = ThemeFrequency.AnalyzeFolder(folder.FullName, [Digital, Service]);
            Assert.Equal(["a.txt", "b.txt"], result.Documents);
            Assert.Equal(2, result["b.txt", "Service"].Hits);
            Assert.Equal(2, result["b.txt", "Service"].Tokens);

            File.WriteAllBytes(Path.Combine(folder.FullName, "c.txt"), [0x64, 0x61, 0xFF, 0x74]);
            var error = Assert.Throws<InvalidDataException>(() => ThemeFrequency.AnalyzeFolder(folder.FullName, [Digital]));
            Assert.Contains("c.txt", error.Message);
            Assert.Contains("not valid UTF-8", error.Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        Assert.Throws<DirectoryNotFoundException>(() => ThemeFrequency.AnalyzeFolder(folder.FullName, [Digital]));
    }

    [Fact]
    public void ThemesLoadFromJsonAndAreValidated()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """{"themes": [{"name": "Digital", "keywords": ["data", "数据"]}, {"name": "Env", "keywords": ["customs"]}]}""");
            var themes = ThemeFrequency.LoadThemes(path);
            Assert.Equal(2, themes.Count);
            Assert.Equal(["data", "数据"], themes[0].Keywords);

            File.WriteAllText(path, """{"topics": []}""");
            Assert.Contains("no \"themes\" array", Assert.Throws<InvalidDataException>(() => ThemeFrequency.LoadThemes(path)).Message);
        }
        finally
        {
            File.Delete(path);
        }

        var documents = new[] { new TextDocument("a.txt", "x") };
        Assert.Contains("'a.txt' appears 2 times", Assert.Throws<ArgumentException>(() => ThemeFrequency.Analyze([documents[0], documents[0]], [Digital])).Message);
        Assert.Contains("repeated", Assert.Throws<ArgumentException>(() => ThemeFrequency.Analyze(documents, [Digital, Digital])).Message);
        Assert.Contains("no keywords", Assert.Throws<ArgumentException>(() => ThemeFrequency.Analyze(documents, [new Theme("T", [])])).Message);
        Assert.Contains("'Data' 2 times", Assert.Throws<ArgumentException>(() => ThemeFrequency.Analyze(documents, [new Theme("T", ["Data", "data"])])).Message);
        Assert.Contains("can never match", Assert.Throws<ArgumentException>(() => ThemeFrequency.Analyze(documents, [new Theme("T", ["--"])])).Message);
    }
}
