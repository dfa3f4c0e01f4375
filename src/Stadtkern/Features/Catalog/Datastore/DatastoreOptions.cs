namespace Stadtkern.Features.Catalog.Datastore;

/// <summary>Datastore limits (section <c>Datastore</c>).</summary>
internal sealed class DatastoreOptions
{
    public const string Section = "Datastore";

    /// <summary>How long one <c>datastore_search</c> or <c>datastore_search_sql</c> statement may run, in milliseconds. Default 5000.</summary>
    public int QueryTimeoutMilliseconds { get; set; } = 5000;

    /// <summary>Most rows <c>datastore_search_sql</c> returns; more are cut off and <c>records_truncated</c> is set. Default 32000.</summary>
    public int SqlMaxRows { get; set; } = 32000;
}
