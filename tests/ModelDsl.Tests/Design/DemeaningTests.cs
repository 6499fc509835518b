using ModelDsl.Design;
using ModelDsl.Results;
using ModelDsl.Tests.Estimation;

namespace ModelDsl.Tests.Design;

public sealed class DemeaningTests
{
    [Fact]
    public void IterationCapAddsAConvergenceNote()
    {
        var (data, _, names) = DummyVariableTests.RandomPanel(31, 3);

        var capped = Model.Regress("y").On("x1").Fe(names).Demeaning(1e-14, maxIterations: 1).Fit(data);
        var converged = Model.Regress("y").On("x1").Fe(names).Fit(data);

        var note = Assert.Single(capped.Notes, n => n.Kind == NoteKind.Convergence);
        Assert.Contains("iteration cap (1)", note.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(converged.Notes, n => n.Kind == NoteKind.Convergence);
    }

    [Fact]
    public void OneDimensionIsAnExactGroupMeanSubtraction()
    {
        var structure = FixedEffectStructure.Create(["g"], [[5, 5, 9, 9, 9]]);
        var result = new double[5];

        var outcome = structure.Demean([1.0, 3.0, 2.0, 4.0, 9.0], result);

        Assert.Equal([-1.0, 1.0, -3.0, -1.0, 4.0], result);
        Assert.True(outcome.Converged);
        Assert.Equal([2], structure.Levels);
        Assert.Equal(1, structure.DegreesOfFreedom());
    }

    [Fact]
    public void DegreesOfFreedomCountConnectedComponents()
    {
        // Two disconnected blocks: units {0,1} × years {0,1} and units {2,3} × years {2,3}.
        var structure = FixedEffectStructure.Create(["unit", "year"], [[0, 0, 1, 1, 2, 2, 3, 3], [0, 1, 0, 1, 2, 3, 2, 3]]);

        // 4 + 4 levels − 2 components − 1 constant.
        Assert.Equal(5, structure.DegreesOfFreedom());
        Assert.True(structure.IsNestedIn(0, [7, 7, 7, 7, 8, 8, 8, 8]));
        Assert.False(structure.IsNestedIn(1, [7, 8, 7, 8, 7, 8, 7, 8]) && structure.IsNestedIn(1, [0, 0, 1, 1, 2, 2, 3, 3]));
    }

    [Fact]
    public void ManyColumnsInParallelMatchOneColumnAtATime()
    {
        var random = new Random(3);
        var n = 40_000;
        var codes0 = Enumerable.Range(0, n).Select(_ => random.Next(500)).ToArray();
        var codes1 = Enumerable.Range(0, n).Select(_ => random.Next(30)).ToArray();
        var structure = FixedEffectStructure.Create(["a", "b"], [codes0, codes1]);
        var columns = Enumerable.Range(0, n * 6).Select(_ => random.NextDouble()).ToArray();
        var original = columns.ToArray();

        structure.DemeanColumns(columns, 6, 1e-12);

        var single = new double[n];
        structure.Demean(original.AsSpan(5 * n, n), single, 1e-12);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(single[i], columns[(5 * n) + i], 12);
        }
    }
}
