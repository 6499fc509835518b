using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ModelDsl.Design;

/// <summary>Vectorised dense kernels on spans of doubles (dot, axpy, scale); all spans have equal length.</summary>
/// <remarks>The hot kernels are compiled fully optimised from the first call: the solvers call them thousands of times
/// per fit on short spans, and tiered compilation would leave the first fits of a process on unoptimised code.</remarks>
internal static class Kernels
{
    /// <summary>Σ a_i b_i.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var n = a.Length;
        var i = 0;
        var sum = 0.0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count * 2)
        {
            var va = MemoryMarshal.Cast<double, Vector<double>>(a);
            var vb = MemoryMarshal.Cast<double, Vector<double>>(b);
            var acc0 = Vector<double>.Zero;
            var acc1 = Vector<double>.Zero;
            var v = 0;
            for (; v + 1 < va.Length; v += 2)
            {
                acc0 += va[v] * vb[v];
                acc1 += va[v + 1] * vb[v + 1];
            }

            for (; v < va.Length; v++)
            {
                acc0 += va[v] * vb[v];
            }

            sum = Vector.Dot(acc0 + acc1, Vector<double>.One);
            i = va.Length * Vector<double>.Count;
        }

        for (; i < n; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>Σ w_i a_i b_i.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double WeightedDot(ReadOnlySpan<double> w, ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var n = a.Length;
        var i = 0;
        var sum = 0.0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count * 2)
        {
            var vw = MemoryMarshal.Cast<double, Vector<double>>(w);
            var va = MemoryMarshal.Cast<double, Vector<double>>(a);
            var vb = MemoryMarshal.Cast<double, Vector<double>>(b);
            var acc0 = Vector<double>.Zero;
            var acc1 = Vector<double>.Zero;
            var v = 0;
            for (; v + 1 < va.Length; v += 2)
            {
                acc0 += vw[v] * va[v] * vb[v];
                acc1 += vw[v + 1] * va[v + 1] * vb[v + 1];
            }

            for (; v < va.Length; v++)
            {
                acc0 += vw[v] * va[v] * vb[v];
            }

            sum = Vector.Dot(acc0 + acc1, Vector<double>.One);
            i = va.Length * Vector<double>.Count;
        }

        for (; i < n; i++)
        {
            sum += w[i] * a[i] * b[i];
        }

        return sum;
    }

    /// <summary>y ← y + alpha·x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        var n = x.Length;
        var i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
            var va = new Vector<double>(alpha);
            for (var v = 0; v < vx.Length; v++)
            {
                vy[v] += va * vx[v];
            }

            i = vx.Length * Vector<double>.Count;
        }

        for (; i < n; i++)
        {
            y[i] += alpha * x[i];
        }
    }

    /// <summary>Σ (a_i − mean)² computed in two passes.</summary>
    internal static double CenteredSumOfSquares(ReadOnlySpan<double> a)
    {
        if (a.Length == 0)
        {
            return 0;
        }

        var mean = Sum(a) / a.Length;
        var sum = 0.0;
        foreach (var value in a)
        {
            var d = value - mean;
            sum += d * d;
        }

        return sum;
    }

    /// <summary>Σ a_i.</summary>
    internal static double Sum(ReadOnlySpan<double> a)
    {
        var sum = 0.0;
        foreach (var value in a)
        {
            sum += value;
        }

        return sum;
    }
}
