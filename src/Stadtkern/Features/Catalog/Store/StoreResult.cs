using Stadtkern.Features.Catalog.Model;

namespace Stadtkern.Features.Catalog.Store;

/// <summary>The outcome of a store operation: the dataset, or validation errors by field, or not found.</summary>
internal sealed record StoreResult(Dataset? Dataset, IReadOnlyDictionary<string, string[]> Errors, bool NotFound = false)
{
    public bool Succeeded => Dataset is not null && Errors.Count == 0;

    public static StoreResult Ok(Dataset dataset) => new(dataset, new Dictionary<string, string[]>());

    public static StoreResult Invalid(IReadOnlyDictionary<string, string[]> errors) => new(null, errors);

    public static StoreResult Missing { get; } = new(null, new Dictionary<string, string[]>(), NotFound: true);
}
