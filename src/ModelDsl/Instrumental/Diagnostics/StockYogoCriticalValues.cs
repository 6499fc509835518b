using System.Text.Json;

using ModelDsl.Results;

namespace ModelDsl.Instrumental.Diagnostics;

/// <summary>
/// Stock and Yogo's (2005) critical values for the Cragg–Donald F at the model's k₁ endogenous regressors and l₁
/// excluded instruments; a value is null where the published tables have none.
/// </summary>
/// <remarks>
/// Stock, J. H. and M. Yogo (2005), "Testing for weak instruments in linear IV regression", in Andrews and Stock (eds.),
/// <i>Identification and Inference for Econometric Models</i>, Cambridge UP, Tables 5.1 (2SLS relative bias; k₁ = 1–3,
/// l₁ = k₁ + 2 … 30), 5.2 (2SLS Wald test size; k₁ = 1–2, l₁ = k₁ … 30) and 5.4 (LIML size; k₁ = 1–2, l₁ = k₁ … 30),
/// 5 % significance. The values are those ivreg2 prints (its <c>s_cdsy</c> table); ivreg2 extends the tables to
/// l₁ = 100, this embeds the published range l₁ ≤ 30 only. They are derived for iid errors: ivreg2 prints them beside the
/// Kleibergen–Paap Wald F too, with the caveat that they do not strictly apply (Baum, Schaffer and Stillman 2007, §7).
/// </remarks>
/// <param name="RelativeBias5">2SLS maximal relative bias 5 %.</param>
/// <param name="RelativeBias10">2SLS maximal relative bias 10 %.</param>
/// <param name="RelativeBias20">2SLS maximal relative bias 20 %.</param>
/// <param name="RelativeBias30">2SLS maximal relative bias 30 %.</param>
/// <param name="Size10">2SLS maximal Wald test size 10 %.</param>
/// <param name="Size15">2SLS maximal Wald test size 15 %.</param>
/// <param name="Size20">2SLS maximal Wald test size 20 %.</param>
/// <param name="Size25">2SLS maximal Wald test size 25 %.</param>
/// <param name="LimlSize10">LIML maximal Wald test size 10 %.</param>
/// <param name="LimlSize15">LIML maximal Wald test size 15 %.</param>
/// <param name="LimlSize20">LIML maximal Wald test size 20 %.</param>
/// <param name="LimlSize25">LIML maximal Wald test size 25 %.</param>
public sealed record StockYogoCriticalValues(
    double? RelativeBias5,
    double? RelativeBias10,
    double? RelativeBias20,
    double? RelativeBias30,
    double? Size10,
    double? Size15,
    double? Size20,
    double? Size25,
    double? LimlSize10,
    double? LimlSize15,
    double? LimlSize20,
    double? LimlSize25)
{
    /// <summary>True when at least one critical value exists.</summary>
    public bool HasAny => new[] { RelativeBias5, Size10, LimlSize10 }.Any(v => v.HasValue);

    /// <summary>The critical values for <paramref name="endogenous"/> regressors and <paramref name="instruments"/> excluded instruments.</summary>
    public static StockYogoCriticalValues For(int endogenous, int instruments)
    {
        double? Bias(double[,] table) => endogenous is >= 1 and <= 3 && instruments >= endogenous + 2 && instruments <= 30 ? Value(table[instruments - 1, endogenous - 1]) : null;
        double? Size(double[,] table) => endogenous is >= 1 and <= 2 && instruments >= endogenous && instruments <= 30 ? Value(table[instruments - 1, endogenous - 1]) : null;
        static double? Value(double v) => double.IsNaN(v) ? null : v;
        return new StockYogoCriticalValues(
            Bias(StockYogoTables.Bias5), Bias(StockYogoTables.Bias10), Bias(StockYogoTables.Bias20), Bias(StockYogoTables.Bias30),
            Size(StockYogoTables.Size10), Size(StockYogoTables.Size15), Size(StockYogoTables.Size20), Size(StockYogoTables.Size25),
            Size(StockYogoTables.LimlSize10), Size(StockYogoTables.LimlSize15), Size(StockYogoTables.LimlSize20), Size(StockYogoTables.LimlSize25));
    }

    internal void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        JsonOutput.Number(writer, "iv_relative_bias_5", RelativeBias5);
        JsonOutput.Number(writer, "iv_relative_bias_10", RelativeBias10);
        JsonOutput.Number(writer, "iv_relative_bias_20", RelativeBias20);
        JsonOutput.Number(writer, "iv_relative_bias_30", RelativeBias30);
        JsonOutput.Number(writer, "iv_size_10", Size10);
        JsonOutput.Number(writer, "iv_size_15", Size15);
        JsonOutput.Number(writer, "iv_size_20", Size20);
        JsonOutput.Number(writer, "iv_size_25", Size25);
        JsonOutput.Number(writer, "liml_size_10", LimlSize10);
        JsonOutput.Number(writer, "liml_size_15", LimlSize15);
        JsonOutput.Number(writer, "liml_size_20", LimlSize20);
        JsonOutput.Number(writer, "liml_size_25", LimlSize25);
        writer.WriteEndObject();
    }
}

/// <summary>The published tables, rows l₁ = 1 … 30, columns k₁ = 1 … 3 (bias) or 1 … 2 (size); NaN where none exists.</summary>
internal static class StockYogoTables
{
    private const double NA = double.NaN;

    internal static readonly double[,] Bias5 =
    {
        { NA, NA, NA }, { NA, NA, NA }, { 13.91, NA, NA }, { 16.85, 11.04, NA }, { 18.37, 13.97, 9.53 },
        { 19.28, 15.72, 12.20 }, { 19.86, 16.88, 13.95 }, { 20.25, 17.70, 15.18 }, { 20.53, 18.30, 16.10 }, { 20.74, 18.76, 16.80 },
        { 20.90, 19.12, 17.35 }, { 21.01, 19.40, 17.80 }, { 21.10, 19.64, 18.17 }, { 21.18, 19.83, 18.47 }, { 21.23, 19.98, 18.73 },
        { 21.28, 20.12, 18.94 }, { 21.31, 20.23, 19.13 }, { 21.34, 20.33, 19.29 }, { 21.36, 20.41, 19.44 }, { 21.38, 20.48, 19.56 },
        { 21.39, 20.54, 19.67 }, { 21.40, 20.60, 19.77 }, { 21.41, 20.65, 19.86 }, { 21.41, 20.69, 19.94 }, { 21.42, 20.73, 20.01 },
        { 21.42, 20.76, 20.07 }, { 21.42, 20.79, 20.13 }, { 21.42, 20.82, 20.18 }, { 21.42, 20.84, 20.23 }, { 21.42, 20.86, 20.27 },
    };

    internal static readonly double[,] Bias10 =
    {
        { NA, NA, NA }, { NA, NA, NA }, { 9.08, NA, NA }, { 10.27, 7.56, NA }, { 10.83, 8.78, 6.61 },
        { 11.12, 9.48, 7.77 }, { 11.29, 9.92, 8.50 }, { 11.39, 10.22, 9.01 }, { 11.46, 10.43, 9.37 }, { 11.49, 10.58, 9.64 },
        { 11.51, 10.69, 9.85 }, { 11.52, 10.78, 10.01 }, { 11.52, 10.84, 10.14 }, { 11.52, 10.89, 10.25 }, { 11.51, 10.93, 10.33 },
        { 11.50, 10.96, 10.41 }, { 11.49, 10.99, 10.47 }, { 11.48, 11.00, 10.52 }, { 11.46, 11.02, 10.56 }, { 11.45, 11.03, 10.60 },
        { 11.44, 11.04, 10.63 }, { 11.42, 11.05, 10.65 }, { 11.41, 11.05, 10.68 }, { 11.40, 11.05, 10.70 }, { 11.38, 11.06, 10.71 },
        { 11.37, 11.06, 10.73 }, { 11.36, 11.06, 10.74 }, { 11.34, 11.05, 10.75 }, { 11.33, 11.05, 10.76 }, { 11.32, 11.05, 10.77 },
    };

    internal static readonly double[,] Bias20 =
    {
        { NA, NA, NA }, { NA, NA, NA }, { 6.46, NA, NA }, { 6.71, 5.57, NA }, { 6.77, 5.91, 4.99 },
        { 6.76, 6.08, 5.35 }, { 6.73, 6.16, 5.56 }, { 6.69, 6.20, 5.69 }, { 6.65, 6.22, 5.78 }, { 6.61, 6.23, 5.83 },
        { 6.56, 6.23, 5.87 }, { 6.53, 6.22, 5.90 }, { 6.49, 6.21, 5.92 }, { 6.45, 6.20, 5.93 }, { 6.42, 6.19, 5.94 },
        { 6.39, 6.17, 5.94 }, { 6.36, 6.16, 5.94 }, { 6.33, 6.14, 5.94 }, { 6.31, 6.13, 5.94 }, { 6.28, 6.11, 5.93 },
        { 6.26, 6.10, 5.93 }, { 6.24, 6.08, 5.92 }, { 6.22, 6.07, 5.92 }, { 6.20, 6.06, 5.91 }, { 6.18, 6.05, 5.90 },
        { 6.16, 6.03, 5.90 }, { 6.14, 6.02, 5.89 }, { 6.13, 6.01, 5.88 }, { 6.11, 6.00, 5.88 }, { 6.09, 5.99, 5.87 },
    };

    internal static readonly double[,] Bias30 =
    {
        { NA, NA, NA }, { NA, NA, NA }, { 5.39, NA, NA }, { 5.34, 4.73, NA }, { 5.25, 4.79, 4.30 },
        { 5.15, 4.78, 4.40 }, { 5.07, 4.76, 4.44 }, { 4.99, 4.73, 4.46 }, { 4.92, 4.69, 4.46 }, { 4.86, 4.66, 4.45 },
        { 4.80, 4.62, 4.44 }, { 4.75, 4.59, 4.42 }, { 4.71, 4.56, 4.41 }, { 4.67, 4.53, 4.39 }, { 4.63, 4.50, 4.37 },
        { 4.59, 4.48, 4.36 }, { 4.56, 4.45, 4.34 }, { 4.53, 4.43, 4.32 }, { 4.51, 4.41, 4.31 }, { 4.48, 4.39, 4.29 },
        { 4.46, 4.37, 4.28 }, { 4.43, 4.35, 4.27 }, { 4.41, 4.33, 4.25 }, { 4.39, 4.32, 4.24 }, { 4.37, 4.30, 4.23 },
        { 4.35, 4.29, 4.21 }, { 4.34, 4.27, 4.20 }, { 4.32, 4.26, 4.19 }, { 4.31, 4.24, 4.18 }, { 4.29, 4.23, 4.17 },
    };

    internal static readonly double[,] Size10 =
    {
        { 16.38, NA }, { 19.93, 7.03 }, { 22.30, 13.43 }, { 24.58, 16.87 }, { 26.87, 19.45 },
        { 29.18, 21.68 }, { 31.50, 23.72 }, { 33.84, 25.64 }, { 36.19, 27.51 }, { 38.54, 29.32 },
        { 40.90, 31.11 }, { 43.27, 32.88 }, { 45.64, 34.62 }, { 48.01, 36.36 }, { 50.39, 38.08 },
        { 52.77, 39.80 }, { 55.15, 41.51 }, { 57.53, 43.22 }, { 59.92, 44.92 }, { 62.30, 46.62 },
        { 64.69, 48.31 }, { 67.07, 50.01 }, { 69.46, 51.70 }, { 71.85, 53.39 }, { 74.24, 55.07 },
        { 76.62, 56.76 }, { 79.01, 58.45 }, { 81.40, 60.13 }, { 83.79, 61.82 }, { 86.17, 63.51 },
    };

    internal static readonly double[,] Size15 =
    {
        { 8.96, NA }, { 11.59, 4.58 }, { 12.83, 8.18 }, { 13.96, 9.93 }, { 15.09, 11.22 },
        { 16.23, 12.33 }, { 17.38, 13.34 }, { 18.54, 14.31 }, { 19.71, 15.24 }, { 20.88, 16.16 },
        { 22.06, 17.06 }, { 23.24, 17.95 }, { 24.42, 18.84 }, { 25.61, 19.72 }, { 26.80, 20.60 },
        { 27.99, 21.48 }, { 29.19, 22.35 }, { 30.38, 23.22 }, { 31.58, 24.09 }, { 32.77, 24.96 },
        { 33.97, 25.82 }, { 35.17, 26.69 }, { 36.37, 27.56 }, { 37.57, 28.42 }, { 38.77, 29.29 },
        { 39.97, 30.15 }, { 41.17, 31.02 }, { 42.37, 31.88 }, { 43.57, 32.74 }, { 44.78, 33.61 },
    };

    internal static readonly double[,] Size20 =
    {
        { 6.66, NA }, { 8.75, 3.95 }, { 9.54, 6.40 }, { 10.26, 7.54 }, { 10.98, 8.38 },
        { 11.72, 9.10 }, { 12.48, 9.77 }, { 13.24, 10.41 }, { 14.01, 11.03 }, { 14.78, 11.65 },
        { 15.56, 12.25 }, { 16.35, 12.86 }, { 17.14, 13.45 }, { 17.93, 14.05 }, { 18.72, 14.65 },
        { 19.51, 15.24 }, { 20.31, 15.83 }, { 21.10, 16.42 }, { 21.90, 17.02 }, { 22.70, 17.61 },
        { 23.50, 18.20 }, { 24.30, 18.79 }, { 25.10, 19.38 }, { 25.90, 19.97 }, { 26.71, 20.56 },
        { 27.51, 21.15 }, { 28.31, 21.74 }, { 29.12, 22.33 }, { 29.92, 22.92 }, { 30.72, 23.51 },
    };

    internal static readonly double[,] Size25 =
    {
        { 5.53, NA }, { 7.25, 3.63 }, { 7.80, 5.45 }, { 8.31, 6.28 }, { 8.84, 6.89 },
        { 9.38, 7.42 }, { 9.93, 7.91 }, { 10.50, 8.39 }, { 11.07, 8.85 }, { 11.65, 9.31 },
        { 12.23, 9.77 }, { 12.82, 10.22 }, { 13.41, 10.68 }, { 14.00, 11.13 }, { 14.60, 11.58 },
        { 15.19, 12.03 }, { 15.79, 12.49 }, { 16.39, 12.94 }, { 16.99, 13.39 }, { 17.60, 13.84 },
        { 18.20, 14.29 }, { 18.80, 14.74 }, { 19.41, 15.19 }, { 20.01, 15.64 }, { 20.61, 16.10 },
        { 21.22, 16.55 }, { 21.83, 17.00 }, { 22.43, 17.45 }, { 23.04, 17.90 }, { 23.65, 18.35 },
    };

    internal static readonly double[,] LimlSize10 =
    {
        { 16.38, NA }, { 8.68, 7.03 }, { 6.46, 5.44 }, { 5.44, 4.72 }, { 4.84, 4.32 },
        { 4.45, 4.06 }, { 4.18, 3.90 }, { 3.97, 3.78 }, { 3.81, 3.70 }, { 3.68, 3.64 },
        { 3.58, 3.60 }, { 3.50, 3.58 }, { 3.42, 3.56 }, { 3.36, 3.55 }, { 3.31, 3.54 },
        { 3.27, 3.55 }, { 3.24, 3.55 }, { 3.20, 3.56 }, { 3.18, 3.57 }, { 3.21, 3.58 },
        { 3.39, 3.59 }, { 3.57, 3.60 }, { 3.68, 3.62 }, { 3.75, 3.64 }, { 3.79, 3.65 },
        { 3.82, 3.67 }, { 3.85, 3.74 }, { 3.86, 3.87 }, { 3.87, 4.02 }, { 3.88, 4.12 },
    };

    internal static readonly double[,] LimlSize15 =
    {
        { 8.96, NA }, { 5.33, 4.58 }, { 4.36, 3.81 }, { 3.87, 3.39 }, { 3.56, 3.13 },
        { 3.34, 2.95 }, { 3.18, 2.83 }, { 3.04, 2.73 }, { 2.93, 2.66 }, { 2.84, 2.60 },
        { 2.76, 2.55 }, { 2.69, 2.52 }, { 2.63, 2.48 }, { 2.57, 2.46 }, { 2.52, 2.44 },
        { 2.48, 2.42 }, { 2.44, 2.41 }, { 2.41, 2.40 }, { 2.37, 2.39 }, { 2.34, 2.38 },
        { 2.32, 2.38 }, { 2.29, 2.37 }, { 2.27, 2.37 }, { 2.25, 2.37 }, { 2.24, 2.37 },
        { 2.22, 2.38 }, { 2.21, 2.38 }, { 2.20, 2.38 }, { 2.19, 2.39 }, { 2.18, 2.39 },
    };

    internal static readonly double[,] LimlSize20 =
    {
        { 6.66, NA }, { 4.42, 3.95 }, { 3.69, 3.32 }, { 3.30, 2.99 }, { 3.05, 2.78 },
        { 2.87, 2.63 }, { 2.73, 2.52 }, { 2.63, 2.43 }, { 2.54, 2.36 }, { 2.46, 2.30 },
        { 2.40, 2.25 }, { 2.34, 2.21 }, { 2.29, 2.17 }, { 2.25, 2.14 }, { 2.21, 2.11 },
        { 2.18, 2.09 }, { 2.14, 2.07 }, { 2.11, 2.05 }, { 2.09, 2.03 }, { 2.06, 2.02 },
        { 2.04, 2.01 }, { 2.02, 1.99 }, { 2.00, 1.98 }, { 1.98, 1.98 }, { 1.96, 1.97 },
        { 1.95, 1.96 }, { 1.93, 1.96 }, { 1.92, 1.95 }, { 1.90, 1.95 }, { 1.89, 1.95 },
    };

    internal static readonly double[,] LimlSize25 =
    {
        { 5.53, NA }, { 3.92, 3.63 }, { 3.32, 3.09 }, { 2.98, 2.79 }, { 2.77, 2.60 },
        { 2.61, 2.46 }, { 2.49, 2.35 }, { 2.39, 2.27 }, { 2.32, 2.20 }, { 2.25, 2.14 },
        { 2.19, 2.09 }, { 2.14, 2.05 }, { 2.10, 2.02 }, { 2.06, 1.99 }, { 2.03, 1.96 },
        { 2.00, 1.93 }, { 1.97, 1.91 }, { 1.94, 1.89 }, { 1.92, 1.87 }, { 1.90, 1.86 },
        { 1.88, 1.84 }, { 1.86, 1.83 }, { 1.84, 1.81 }, { 1.83, 1.80 }, { 1.81, 1.79 },
        { 1.80, 1.78 }, { 1.78, 1.77 }, { 1.77, 1.77 }, { 1.76, 1.76 }, { 1.75, 1.75 },
    };
}
