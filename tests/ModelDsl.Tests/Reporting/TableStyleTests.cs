using ModelDsl.Reporting;

namespace ModelDsl.Tests.Reporting;

/// <summary>A study's house style applied to a table gives exactly the table the same options give one by one.</summary>
public sealed class TableStyleTests
{
    private static RegressionTable Baseline() => RegressionTable.FromColumns(TableFixtures.Baseline());

    private static readonly TableStyle Paper = TableStyle.Default
        .Label("cbec", "CBEC")
        .Label("(Intercept)", "Constant")
        .Controls("ln_pop", "ln_gdp")
        .FixedEffectLabel("city", "Urban fixed effect")
        .Stars(StarThresholds.Strict)
        .Brackets()
        .Decimals(3, 2);

    [Fact]
    public void StyleEqualsTheSameOptionsSetOneByOne()
    {
        var byHand = Baseline()
            .Label("cbec", "CBEC")
            .Label("(Intercept)", "Constant")
            .Controls("ln_pop", "ln_gdp")
            .FixedEffectLabel("city", "Urban fixed effect")
            .Stars(StarThresholds.Strict)
            .Brackets()
            .Decimals(3, 2);

        var styled = Baseline().Style(Paper);

        Assert.Equal(byHand.ToText(), styled.ToText());
        Assert.Equal(byHand.ToLatex(), styled.ToLatex());
        Assert.Contains("Urban fixed effect", styled.ToText(), StringComparison.Ordinal);
        Assert.Contains("[", styled.ToText(), StringComparison.Ordinal);
        Assert.NotEqual(Baseline().ToText(), styled.ToText());
    }

    [Fact]
    public void OptionsAfterTheStyleOverrideIt()
    {
        var styled = Baseline().Style(Paper.Order("ln_gdp")).Order("cbec").Decimals(2);
        var expected = Baseline().Style(Paper).Order("cbec").Decimals(2);
        Assert.Equal(expected.ToText(), styled.ToText());
        Assert.Contains("0.02***", styled.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void StyleIsImmutable()
    {
        var withNote = Paper.Note("Source: the authors.");
        Assert.DoesNotContain("Source: the authors.", Baseline().Style(Paper).ToText(), StringComparison.Ordinal);
        Assert.Contains("Source: the authors.", Baseline().Style(withNote).ToText(), StringComparison.Ordinal);
        Assert.Equal(Baseline().ToText(), Baseline().Style(TableStyle.Default).ToText());
    }

    [Fact]
    public void BadDecimalsAreRefusedWhereTheStyleIsDeclared()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TableStyle.Default.Decimals(-1));
        Assert.Throws<ArgumentNullException>(() => Baseline().Style(null!));
    }
}
