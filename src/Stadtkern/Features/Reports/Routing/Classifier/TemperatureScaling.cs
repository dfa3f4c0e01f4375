namespace Stadtkern.Features.Reports.Routing.Classifier;

/// <summary>
/// Calibration by temperature scaling (Guo et al. 2017): one number T divides all logits, chosen to minimise the
/// negative log-likelihood of held-out predictions (here: out-of-fold logits of a cross-validation). It changes
/// confidences, never the ranking of departments.
/// </summary>
internal static class TemperatureScaling
{
    public static double Fit(IReadOnlyList<double[]> logits, IReadOnlyList<int> labels)
    {
        if (logits.Count == 0)
        {
            return 1.0;
        }

        // The NLL is convex in 1/T; golden-section search over log T in [1/20, 20].
        double Loss(double logT)
        {
            var t = Math.Exp(logT);
            var loss = 0.0;
            var z = new double[logits[0].Length];
            for (var i = 0; i < logits.Count; i++)
            {
                for (var k = 0; k < z.Length; k++)
                {
                    z[k] = logits[i][k] / t;
                }

                loss += SoftmaxRegression.LogSumExp(z) - z[labels[i]];
            }

            return loss;
        }

        var a = Math.Log(0.05);
        var b = Math.Log(20);
        var ratio = (Math.Sqrt(5) - 1) / 2;
        var c = b - ratio * (b - a);
        var d = a + ratio * (b - a);
        var fc = Loss(c);
        var fd = Loss(d);
        for (var i = 0; i < 60; i++)
        {
            if (fc < fd)
            {
                b = d;
                d = c;
                fd = fc;
                c = b - ratio * (b - a);
                fc = Loss(c);
            }
            else
            {
                a = c;
                c = d;
                fc = fd;
                d = a + ratio * (b - a);
                fd = Loss(d);
            }
        }

        return Math.Exp((a + b) / 2);
    }
}
