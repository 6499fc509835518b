using System.Globalization;

using ModelDsl.Data;
using ModelDsl.Design;
using ModelDsl.Results;

namespace ModelDsl.Estimation;

/// <summary>The between estimator (Stata <c>xtreg, be</c> and <c>be wls</c>): least squares on the units' means.</summary>
/// <remarks>
/// <para>With ȳᵢ and x̄ᵢ the means of unit i over its Tᵢ rows of the estimation sample (rows where the outcome and every
/// regressor are present), b solves min Σᵢ ωᵢ(ȳᵢ − a − x̄ᵢ'b)² over the n units, ωᵢ = 1 (<c>be</c>) or ωᵢ = Tᵢ normalised
/// to sum to n (<c>be wls</c>, analytic weights). Everything after the means is the least-squares fit of
/// <see cref="LinearModelEstimator"/> on an n-row data set (one row per unit): σ̂² = Σωᵢeᵢ²/(n − k − 1), R² of the means,
/// the model F with (k, n − k − 1) degrees of freedom, and robust or clustered sandwiches with each unit an observation
/// (a cluster variable must then be constant within units). Baltagi (2021), <i>Econometric Analysis of Panel Data</i>,
/// §2.2; StataCorp, <i>[XT] xtreg</i>, Methods and formulas.</para>
/// </remarks>
internal static class BetweenEstimator
{
    internal static LinearFit Estimate(RegressionSpecification specification, PanelData data)
    {
        if (specification.FixedEffects.Count > 0)
        {
            throw new InvalidOperationException($"The between estimator takes no fixed effects but the model has Fe({string.Join(", ", specification.FixedEffects.Select(f => f.Name))}); drop Fe(...) or drop Between().");
        }

        if (specification.WeightColumn is { } weights)
        {
            throw new InvalidOperationException($"The between estimator takes no weight column but the model has Weights(\"{weights.Name}\"); use Between(BetweenWeighting.ObservationCount) to weight units by their number of observations, or drop Weights(...).");
        }

        if (specification.Variance.Clusters.FirstOrDefault(c => c.Ordinal is not null) is { } typed)
        {
            // The between regression runs on a new table of unit means, where a column ordinal of the user's data means nothing.
            throw new InvalidOperationException($"A between model clusters by columns named as text; name '{typed.Name}' as Vcov.Cluster(\"{typed.Name}\") (or Vcov.WildBootstrap(\"{typed.Name}\")).");
        }

        if (!data.IsPanel)
        {
            throw new InvalidOperationException("The between estimator needs a panel: declare the unit column when reading the data (unit: \"firm\").");
        }

        var sample = EstimationSample.Build(specification.ToSampleRequest(), data, needUnit: true);
        var n = sample.Count;
        var k = sample.Names.Length;
        if (k == 0)
        {
            throw new InvalidOperationException($"The between model '{specification}' has no regressor; add regressors with On(...).");
        }

        var unitName = data.UnitColumnName!;
        var (unit, units) = FixedEffectStructure.Compact(sample.UnitCodes!, unitName);
        var counts = new double[units];
        var first = new int[units];
        Array.Fill(first, -1);
        for (var i = 0; i < n; i++)
        {
            counts[unit[i]]++;
            if (first[unit[i]] < 0)
            {
                first[unit[i]] = sample.Rows[i];
            }
        }

        // Means of y and each regressor by unit, summed in row order (the order Stata's by-group means take).
        var columns = new List<Column>(k + 2) { data.Unit.Select(first) };
        var names = sample.Names.Prepend(specification.Outcome.Name).ToArray();
        for (var j = 0; j <= k; j++)
        {
            var source = sample.Matrix.AsSpan(j * n, n);
            var sums = new double[units];
            for (var i = 0; i < n; i++)
            {
                sums[unit[i]] += source[i];
            }

            for (var u = 0; u < units; u++)
            {
                sums[u] /= counts[u];
            }

            columns.Add(new NumericColumn(names[j], sums));
        }

        // A cluster variable of the between regression is one code per unit: it must not vary within a unit.
        foreach (var cluster in sample.Clusters)
        {
            var code = new int[units];
            Array.Fill(code, -1);
            for (var i = 0; i < n; i++)
            {
                var u = unit[i];
                if (code[u] < 0)
                {
                    code[u] = cluster.Codes[i];
                }
                else if (code[u] != cluster.Codes[i])
                {
                    throw new InvalidOperationException($"Cluster variable '{cluster.Variable.Name}' varies within unit '{data.Unit[sample.Rows[i]]}' of '{unitName}'; the between regression has one observation per unit, so cluster by a variable that is constant within units (or by '{unitName}' itself).");
                }
            }

            columns.Add(CategoricalColumn.FromLabels(cluster.Variable.Name, code.Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray()));
        }

        var notes = sample.Notes.ToList();
        notes.Add(new Note(NoteKind.Information, string.Create(CultureInfo.InvariantCulture, $"Between estimator: the means of {n} rows over {units} units of '{unitName}' are regressed on each other ({units} observations{(specification.BetweenWeighting == BetweenWeighting.ObservationCount ? ", weighted by each unit's number of rows" : string.Empty)})"), n));
        var means = new PanelData(columns, notes: notes);
        var derived = new RegressionSpecification(new ColumnTerm(specification.Outcome.Name))
        {
            Regressors = sample.Names.Select(name => (Term)new ColumnTerm(name)).ToArray(),
            Variance = specification.Variance,
            ConfidenceLevel = specification.ConfidenceLevel,
            HasIntercept = specification.HasIntercept,
        };
        (double[] Values, string Name)? weighting = specification.BetweenWeighting == BetweenWeighting.ObservationCount
            ? (counts, "number of rows of each unit")
            : null;
        return LinearModelEstimator.LeastSquares(derived, means, null, weighting, ("be", specification));
    }
}
