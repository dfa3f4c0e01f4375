using System.Numerics;

namespace Stadtkern.Features.Reports.Routing.Classifier;

/// <summary>
/// Limited-memory BFGS for a smooth convex function (Nocedal &amp; Wright, algorithm 7.4 with the two-loop recursion),
/// with a backtracking Armijo line search. Deterministic: no randomness, fixed order of summation.
/// </summary>
internal static class Lbfgs
{
    /// <summary>The function value at x; writes the gradient into the second argument.</summary>
    public delegate double Objective(double[] x, double[] gradient);

    public static (double[] X, int Iterations, double Value) Minimize(
        Objective objective, double[] x0, int maxIterations = 200, int memory = 10, double tolerance = 1e-6)
    {
        var n = x0.Length;
        var x = (double[])x0.Clone();
        var g = new double[n];
        var f = objective(x, g);
        var s = new List<double[]>();
        var y = new List<double[]>();
        var rho = new List<double>();
        var direction = new double[n];
        var xNew = new double[n];
        var gNew = new double[n];
        var alpha = new double[memory];
        var iteration = 0;
        for (; iteration < maxIterations; iteration++)
        {
            // Two-loop recursion: direction = -H·g.
            for (var i = 0; i < n; i++)
            {
                direction[i] = -g[i];
            }

            for (var m = s.Count - 1; m >= 0; m--)
            {
                alpha[m] = rho[m] * Dot(s[m], direction);
                Axpy(-alpha[m], y[m], direction);
            }

            var gamma = s.Count > 0 ? Dot(s[^1], y[^1]) / Dot(y[^1], y[^1]) : 1.0 / Math.Max(Math.Sqrt(Dot(g, g)), 1e-12);
            for (var i = 0; i < n; i++)
            {
                direction[i] *= gamma;
            }

            for (var m = 0; m < s.Count; m++)
            {
                var beta = rho[m] * Dot(y[m], direction);
                Axpy(alpha[m] - beta, s[m], direction);
            }

            var slope = Dot(g, direction);
            if (slope >= 0)
            {
                // Not a descent direction (numerical trouble): restart from steepest descent.
                s.Clear();
                y.Clear();
                rho.Clear();
                for (var i = 0; i < n; i++)
                {
                    direction[i] = -g[i];
                }

                slope = Dot(g, direction);
                if (slope >= 0)
                {
                    break;
                }
            }

            var step = 1.0;
            double fNew;
            var accepted = false;
            for (var tries = 0; ; tries++)
            {
                for (var i = 0; i < n; i++)
                {
                    xNew[i] = x[i] + step * direction[i];
                }

                fNew = objective(xNew, gNew);
                if (fNew <= f + 1e-4 * step * slope)
                {
                    accepted = true;
                    break;
                }

                if (tries >= 30)
                {
                    break;
                }

                step *= 0.5;
            }

            if (!accepted)
            {
                break;
            }

            var sk = new double[n];
            var yk = new double[n];
            for (var i = 0; i < n; i++)
            {
                sk[i] = xNew[i] - x[i];
                yk[i] = gNew[i] - g[i];
            }

            var sy = Dot(sk, yk);
            if (sy > 1e-12)
            {
                if (s.Count == memory)
                {
                    s.RemoveAt(0);
                    y.RemoveAt(0);
                    rho.RemoveAt(0);
                }

                s.Add(sk);
                y.Add(yk);
                rho.Add(1.0 / sy);
            }

            var improvement = f - fNew;
            (x, xNew) = (xNew, x);
            (g, gNew) = (gNew, g);
            f = fNew;
            if (improvement <= tolerance * Math.Max(1.0, Math.Abs(f)))
            {
                iteration++;
                break;
            }
        }

        return (x, iteration, f);
    }

    private static double Dot(double[] a, double[] b)
    {
        var lanes = Vector<double>.Count;
        var sums = Vector<double>.Zero;
        var i = 0;
        for (; i + lanes <= a.Length; i += lanes)
        {
            sums += new Vector<double>(a, i) * new Vector<double>(b, i);
        }

        var sum = Vector.Sum(sums);
        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static void Axpy(double a, double[] x, double[] y)
    {
        var lanes = Vector<double>.Count;
        var scale = new Vector<double>(a);
        var i = 0;
        for (; i + lanes <= x.Length; i += lanes)
        {
            (new Vector<double>(y, i) + new Vector<double>(x, i) * scale).CopyTo(y, i);
        }

        for (; i < x.Length; i++)
        {
            y[i] += a * x[i];
        }
    }
}
