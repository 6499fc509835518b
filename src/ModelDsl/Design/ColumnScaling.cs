namespace ModelDsl.Design;

/// <summary>
/// Exact column scaling by powers of two, so that decompositions and sums of squares neither overflow nor underflow
/// whatever the units of the data (least squares, random effects and logit/probit use it before they factorise).
/// </summary>
internal static class ColumnScaling
{
    /// <summary>
    /// Divides <paramref name="column"/> by 2^e, e the binary exponent of its largest absolute value (so that the
    /// largest is in [1, 2)), and returns e (0 for a zero column). Exact: a power of two only changes exponents.
    /// </summary>
    internal static int ScaleColumn(Span<double> column)
    {
        var largest = 0.0;
        foreach (var value in column)
        {
            largest = Math.Max(largest, Math.Abs(value));
        }

        if (largest == 0.0 || !double.IsFinite(largest))
        {
            return 0;
        }

        var exponent = Math.ILogB(largest);
        if (exponent == 0)
        {
            return 0;
        }

        if (exponent is > -1000 and < 1000)
        {
            var factor = Math.ScaleB(1.0, -exponent);
            for (var i = 0; i < column.Length; i++)
            {
                column[i] *= factor;
            }
        }
        else
        {
            for (var i = 0; i < column.Length; i++)
            {
                column[i] = Math.ScaleB(column[i], -exponent);
            }
        }

        return exponent;
    }
}
