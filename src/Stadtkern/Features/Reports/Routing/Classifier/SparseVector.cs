namespace Stadtkern.Features.Reports.Routing.Classifier;

/// <summary>A feature vector: parallel arrays of feature indexes and values.</summary>
internal sealed record SparseVector(int[] Indexes, float[] Values);
