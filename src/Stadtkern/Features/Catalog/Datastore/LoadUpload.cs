using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Datastore.Model;
using Stadtkern.Features.Catalog.Datastore.Reading;
using Stadtkern.Features.Catalog.Files;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Datastore;

/// <summary>
/// An upload's way into the datastore: <see cref="StartAsync"/> keeps the file and opens a load job,
/// <see cref="AnalyseAsync"/> reads the whole file once to detect encoding and delimiter and infer the schema,
/// <see cref="ConfirmAsync"/> takes the steward's edited schema, <see cref="LoadAsync"/> streams the file into a
/// fresh table in batches (rejecting invalid rows one by one) and swaps it in for the old one.
/// Files are never held in memory: one record (CSV) or feature (GeoJSON) at a time.
/// </summary>
internal sealed partial class LoadUpload(
    StadtkernDb db, DatastoreDatabase database, FileStore files, DatastoreTables tables, TimeProvider clock, ILogger<LoadUpload> logger)
{
    public const int BatchSize = 5000;

    private long lastProgressSave;

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Encoding Windows1252 { get; } = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    /// <summary>Keeps the file and opens a job in state <see cref="LoadStatus.Analysing"/>.</summary>
    public async Task<DatastoreLoadJob> StartAsync(Resource resource, string fileName, Stream content, CatalogCaller caller, CancellationToken cancellationToken)
    {
        var stored = await files.SaveAsync(db.CurrentTenantId, content, cancellationToken);
        var job = new DatastoreLoadJob
        {
            Id = Guid.CreateVersion7(),
            ResourceId = resource.Id,
            Status = LoadStatus.Analysing,
            FileKey = stored.Key,
            FileName = Path.GetFileName(fileName),
            Format = FormatOf(fileName),
            BytesTotal = stored.Size,
            CreatedBy = caller.Actor,
            Created = StoredTime.GetStoredNow(clock),
        };
        db.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        return job;
    }

    public static string FormatOf(string fileName) =>
        Path.GetExtension(fileName).ToLowerInvariant() is ".geojson" or ".json" ? "geojson" : "csv";

    public Task<DatastoreLoadJob?> FindAsync(Guid jobId, CancellationToken cancellationToken) =>
        db.Set<DatastoreLoadJob>().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);

    /// <summary>Reads the whole file, infers the schema and waits for confirmation; a broken file fails the job with a reason.</summary>
    public async Task AnalyseAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var job = await FindAsync(jobId, cancellationToken) ?? throw new InvalidOperationException($"No load job {jobId}.");
        job.Started = StoredTime.GetStoredNow(clock);
        try
        {
            foreach (var encoding in job.Format == "csv" ? new[] { StrictUtf8, Windows1252 } : [StrictUtf8])
            {
                try
                {
                    await using var source = await OpenAsync(job, encoding, null, cancellationToken);
                    var inference = new InferSchema(preferDecimalComma: source is CsvSourceReader { Delimiter: ';' or '\t' });
                    var lastSave = clock.GetTimestamp();
                    while (await source.ReadAsync(cancellationToken) is { } row)
                    {
                        job.RowsRead++;
                        if (row.Problem is null)
                        {
                            inference.Observe(row.Values);
                        }

                        if (clock.GetElapsedTime(lastSave) > TimeSpan.FromSeconds(1))
                        {
                            job.BytesRead = source.BytesRead;
                            await db.SaveChangesAsync(cancellationToken);
                            lastSave = clock.GetTimestamp();
                        }
                    }

                    job.Encoding = job.Format == "csv" ? (encoding == StrictUtf8 ? "utf-8" : "windows-1252") : "utf-8";
                    job.Delimiter = source is CsvSourceReader csv ? csv.Delimiter.ToString() : null;
                    job.BytesRead = source.BytesRead;
                    job.ParsedSchema = inference.Result(source.Headers, source.GeometryColumn);
                    job.Status = LoadStatus.AwaitingConfirmation;
                    break;
                }
                catch (DecoderFallbackException) when (encoding == StrictUtf8 && job.Format == "csv")
                {
                    // Not UTF-8: German exports from Excel are Windows-1252; read again with that.
                    job.RowsRead = 0;
                }
            }
        }
        catch (SourceFormatException e)
        {
            Fail(job, e.Message);
        }
        catch (DecoderFallbackException)
        {
            Fail(job, "Die GeoJSON-Datei ist nicht in UTF-8 kodiert.");
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Takes the confirmed (possibly edited) schema; returns errors by field, or none and the job is ready to load.</summary>
    public async Task<IReadOnlyDictionary<string, string[]>> ConfirmAsync(Guid jobId, DatastoreSchema schema, CancellationToken cancellationToken)
    {
        var job = await FindAsync(jobId, cancellationToken);
        if (job is null || job.Status != LoadStatus.AwaitingConfirmation || job.ParsedSchema is not { } inferred)
        {
            return new Dictionary<string, string[]> { ["job"] = ["Dieser Ladevorgang wartet nicht auf eine Bestätigung."] };
        }

        var errors = ValidateSchema.Check(schema);
        if (schema.Fields.Count != inferred.Fields.Count)
        {
            errors["fields"] = ["Jede Spalte der Datei braucht genau eine Spalte der Tabelle."];
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        // The file's notation of numbers stays with its column, whatever the steward renames it to.
        job.ParsedSchema = schema with
        {
            Fields = [.. schema.Fields.Select((f, i) => f with { Label = inferred.Fields[i].Label, DecimalComma = f.DecimalComma ?? inferred.Fields[i].DecimalComma })],
        };
        job.Status = LoadStatus.Loading;
        job.RowsRead = 0;
        job.BytesRead = 0;
        await db.SaveChangesAsync(cancellationToken);
        return errors;
    }

    /// <summary>Loads the file into a new table with the confirmed schema and swaps it in; progress is saved after every batch.</summary>
    public async Task LoadAsync(Guid jobId, CancellationToken cancellationToken, Action<DatastoreLoadJob>? progress = null)
    {
        var job = await FindAsync(jobId, cancellationToken) ?? throw new InvalidOperationException($"No load job {jobId}.");
        var schema = job.ParsedSchema ?? throw new InvalidOperationException("The job has no schema.");
        var final = DatastoreTable.TableNameOf(job.ResourceId);
        var staging = $"{final}_{Guid.NewGuid():N}"[..(final.Length + 9)];
        var errors = new List<RowError>();
        job.Status = LoadStatus.Loading;
        job.RowsRead = job.RowsLoaded = job.RowsRejected = job.BytesRead = 0;
        job.Started = StoredTime.GetStoredNow(clock);
        await db.SaveChangesAsync(cancellationToken);
        var decimalComma = job.Delimiter is ";" or "\t";
        try
        {
            await database.CreateTableAsync(staging, schema, cancellationToken);
            var encoding = job.Encoding == "windows-1252" ? Windows1252 : StrictUtf8;
            await using (var source = await OpenAsync(job, encoding, job.Delimiter is { Length: 1 } d ? d[0] : null, cancellationToken))
            await using (var writer = new RowWriter(database, staging, schema))
            {
                var batch = new List<TypedRow>(BatchSize);
                while (await source.ReadAsync(cancellationToken) is { } row)
                {
                    job.RowsRead++;
                    if (Convert(row, schema, decimalComma) is { } typed)
                    {
                        batch.Add(typed);
                    }
                    else
                    {
                        Reject(job, errors, Problem(row, schema, decimalComma));
                    }

                    if (batch.Count == BatchSize)
                    {
                        await FlushAsync(job, writer, batch, errors, source.BytesRead, progress, cancellationToken);
                    }
                }

                await FlushAsync(job, writer, batch, errors, source.BytesRead, progress, cancellationToken);
            }

            await tables.ReplaceAsync(job.ResourceId, staging, schema, cancellationToken);
            job.Status = LoadStatus.Completed;
        }
        catch (SourceFormatException e)
        {
            Fail(job, e.Message);
        }
        catch (DecoderFallbackException)
        {
            Fail(job, "Die Datei enthält Zeichen, die nicht zur erkannten Kodierung passen.");
        }
        finally
        {
            if (job.Status != LoadStatus.Completed)
            {
                await DropQuietlyAsync(staging);
            }
        }

        job.Errors = JsonSerializer.Serialize(errors, DatastoreJson.Options);
        job.Finished = StoredTime.GetStoredNow(clock);
        await db.SaveChangesAsync(cancellationToken);
        progress?.Invoke(job);
    }

    private async Task FlushAsync(
        DatastoreLoadJob job, RowWriter writer, List<TypedRow> batch, List<RowError> errors, long bytesRead, Action<DatastoreLoadJob>? progress, CancellationToken cancellationToken)
    {
        var failures = await writer.WriteAsync(batch, cancellationToken);
        job.RowsLoaded += batch.Count - failures.Count;
        foreach (var failure in failures)
        {
            Reject(job, errors, failure);
        }

        batch.Clear();
        job.BytesRead = bytesRead;
        if (clock.GetElapsedTime(lastProgressSave) > TimeSpan.FromMilliseconds(500))
        {
            job.Errors = JsonSerializer.Serialize(errors, DatastoreJson.Options);
            await db.SaveChangesAsync(cancellationToken);
            lastProgressSave = clock.GetTimestamp();
        }

        progress?.Invoke(job);
    }

    private static void Reject(DatastoreLoadJob job, List<RowError> errors, RowError error)
    {
        job.RowsRejected++;
        if (errors.Count < DatastoreLoadJob.MaxErrors)
        {
            errors.Add(error);
        }
    }

    /// <summary>The row with typed values, or null when any value does not fit (see <see cref="Problem"/>).</summary>
    public static TypedRow? Convert(SourceRow row, DatastoreSchema schema, bool decimalComma)
    {
        if (row.Problem is not null)
        {
            return null;
        }

        var values = new object?[schema.Fields.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var text = i < row.Values.Count ? row.Values[i] : null;
            if (string.IsNullOrWhiteSpace(text))
            {
                if (schema.PrimaryKey.Contains(schema.Fields[i].Id, StringComparer.Ordinal))
                {
                    return null;
                }

                continue;
            }

            var field = schema.Fields[i];
            if (!ParseValue.TryConvert(field.Type == DatastoreType.Text ? text : text.Trim(), field, decimalComma, out var value, out _))
            {
                return null;
            }

            values[i] = value;
        }

        return new TypedRow(row.Number, values);
    }

    /// <summary>Why <see cref="Convert"/> refused the row: the first column that does not fit.</summary>
    public static RowError Problem(SourceRow row, DatastoreSchema schema, bool decimalComma)
    {
        if (row.Problem is not null)
        {
            return new RowError(row.Number, null, row.Problem);
        }

        for (var i = 0; i < schema.Fields.Count; i++)
        {
            var field = schema.Fields[i];
            var text = i < row.Values.Count ? row.Values[i] : null;
            if (string.IsNullOrWhiteSpace(text))
            {
                if (schema.PrimaryKey.Contains(field.Id, StringComparer.Ordinal))
                {
                    return new RowError(row.Number, field.Id, "Der Primärschlüssel ist leer.");
                }

                continue;
            }

            if (!ParseValue.TryConvert(field.Type == DatastoreType.Text ? text : text.Trim(), field, decimalComma, out _, out var error))
            {
                return new RowError(row.Number, field.Id, error);
            }
        }

        return new RowError(row.Number, null, "Die Zeile passt nicht zum Schema.");
    }

    private async Task<ISourceReader> OpenAsync(DatastoreLoadJob job, Encoding encoding, char? delimiter, CancellationToken cancellationToken)
    {
        var stream = files.OpenRead(job.FileKey);
        try
        {
            return job.Format == "geojson"
                ? new GeoJsonSourceReader(stream)
                : await CsvSourceReader.OpenAsync(stream, encoding, delimiter, cancellationToken);
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    private void Fail(DatastoreLoadJob job, string message)
    {
        job.Status = LoadStatus.Failed;
        job.Message = message;
        job.Finished = StoredTime.GetStoredNow(clock);
    }

    private async Task DropQuietlyAsync(string table)
    {
        try
        {
            await database.DropTableAsync(table, CancellationToken.None);
        }
        catch (System.Data.Common.DbException e)
        {
            LogDropFailed(logger, e, table);
        }
    }

    public static string Describe(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1 << 20 => (bytes / 1024.0).ToString("0.0 'KB'", CultureInfo.GetCultureInfo("de-DE")),
        _ => (bytes / 1048576.0).ToString("0.0 'MB'", CultureInfo.GetCultureInfo("de-DE")),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not drop the staging table {Table}")]
    private static partial void LogDropFailed(ILogger logger, Exception exception, string table);
}
