using System.Numerics;

namespace Stadtkern.Features.Reports.Routing.Classifier;

/// <summary>
/// Multinomial logistic regression: P(k | x) = softmax(W·x + b)_k, trained by minimising the mean cross-entropy plus
/// (λ/2)·‖W‖² (the bias is not penalised) with <see cref="Lbfgs"/>. Weights are stored feature-major
/// (<c>w[j·K + k]</c>), so one feature's weights for all classes lie together. The gradient is computed in two halves in
/// parallel and added in a fixed order, so training is deterministic.
/// </summary>
internal static class SoftmaxRegression
{
    /// <summary>Returns the weights, (features + 1) × classes, the last row being the bias.</summary>
    /// <remarks>
    /// While training, each feature's row is padded to a multiple of <see cref="Vector{T}.Count"/> classes so the inner loops
    /// over the classes run as SIMD vectors; the padding stays zero and is dropped from the result.
    /// </remarks>
    public static (float[] Weights, int Iterations) Train(
        IReadOnlyList<SparseVector> x, IReadOnlyList<int> y, int features, int classes, double lambda, int maxIterations = 300, double tolerance = 1e-5)
    {
        var n = x.Count;
        var lanes = Vector<double>.Count;
        var stride = (classes + lanes - 1) / lanes * lanes;
        var size = (features + 1) * stride;
        var biasOffset = features * stride;
        const int parts = 2; // fixed, not the core count: the same data gives the same model on every machine
        var partGradients = Enumerable.Range(0, parts).Select(_ => new double[size]).ToArray();
        var partLoss = new double[parts];

        double Objective(double[] w, double[] gradient)
        {
            Parallel.For(0, parts, part =>
            {
                var grad = partGradients[part];
                Array.Clear(grad);
                var loss = 0.0;
                var z = new double[stride];
                var from = (int)((long)n * part / parts);
                var to = (int)((long)n * (part + 1) / parts);
                for (var i = from; i < to; i++)
                {
                    var v = x[i];
                    PaddedScores(w, v, biasOffset, z);
                    var logSum = LogSumExp(z.AsSpan(0, classes));
                    loss += logSum - z[y[i]];
                    for (var k = 0; k < classes; k++)
                    {
                        z[k] = Math.Exp(z[k] - logSum);
                    }

                    z[y[i]] -= 1.0;
                    for (var t = 0; t < v.Indexes.Length; t++)
                    {
                        AddScaled(grad.AsSpan(v.Indexes[t] * stride, stride), z, v.Values[t]);
                    }

                    AddScaled(grad.AsSpan(biasOffset, stride), z, 1.0);
                }

                partLoss[part] = loss;
            });

            var total = 0.0;
            for (var part = 0; part < parts; part++)
            {
                total += partLoss[part];
            }

            var penalty = 0.0;
            for (var j = 0; j < size; j++)
            {
                var sum = 0.0;
                for (var part = 0; part < parts; part++)
                {
                    sum += partGradients[part][j];
                }

                sum /= n;
                if (j < biasOffset)
                {
                    sum += lambda * w[j];
                    penalty += w[j] * w[j];
                }

                gradient[j] = sum;
            }

            return total / n + 0.5 * lambda * penalty;
        }

        var (weights, iterations, _) = Lbfgs.Minimize(Objective, new double[size], maxIterations, tolerance: tolerance);
        var result = new float[(features + 1) * classes];
        for (var j = 0; j <= features; j++)
        {
            for (var k = 0; k < classes; k++)
            {
                result[j * classes + k] = (float)weights[j * stride + k];
            }
        }

        return (result, iterations);
    }

    /// <summary>Raw scores (logits) of one vector.</summary>
    public static void Scores(float[] w, SparseVector v, int classes, double[] z)
    {
        var biasOffset = w.Length - classes;
        for (var k = 0; k < classes; k++)
        {
            z[k] = w[biasOffset + k];
        }

        for (var t = 0; t < v.Indexes.Length; t++)
        {
            var row = v.Indexes[t] * classes;
            double value = v.Values[t];
            for (var k = 0; k < classes; k++)
            {
                z[k] += w[row + k] * value;
            }
        }
    }

    /// <summary>Probabilities from logits divided by the temperature (in place).</summary>
    public static void Softmax(double[] z, double temperature = 1.0)
    {
        for (var k = 0; k < z.Length; k++)
        {
            z[k] /= temperature;
        }

        var logSum = LogSumExp(z);
        for (var k = 0; k < z.Length; k++)
        {
            z[k] = Math.Exp(z[k] - logSum);
        }
    }

    public static double LogSumExp(ReadOnlySpan<double> z)
    {
        var max = double.NegativeInfinity;
        foreach (var v in z)
        {
            max = Math.Max(max, v);
        }

        var sum = 0.0;
        foreach (var v in z)
        {
            sum += Math.Exp(v - max);
        }

        return max + Math.Log(sum);
    }

    /// <summary>Scores with rows of <paramref name="z"/>.Length (a multiple of the vector width) doubles.</summary>
    private static void PaddedScores(double[] w, SparseVector v, int biasOffset, double[] z)
    {
        w.AsSpan(biasOffset, z.Length).CopyTo(z);
        for (var t = 0; t < v.Indexes.Length; t++)
        {
            AddScaled(z, w.AsSpan(v.Indexes[t] * z.Length, z.Length), v.Values[t]);
        }
    }

    /// <summary>target += source · factor, element-wise, in SIMD vectors (both lengths a multiple of the vector width).</summary>
    private static void AddScaled(Span<double> target, ReadOnlySpan<double> source, double factor)
    {
        var lanes = Vector<double>.Count;
        var scale = new Vector<double>(factor);
        for (var k = 0; k < target.Length; k += lanes)
        {
            var slice = target.Slice(k, lanes);
            (new Vector<double>(slice) + new Vector<double>(source.Slice(k, lanes)) * scale).CopyTo(slice);
        }
    }
}
