using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Stadtkern.Features.Sensing.Access;
using Stadtkern.Features.Sensing.Query;
using Stadtkern.Features.Sensing.Schema;
using Stadtkern.Platform.Persistence;
using Row = Stadtkern.Features.Sensing.Api.EntityRows.Row;

namespace Stadtkern.Features.Sensing.Api;

/// <summary>
/// Answers GET requests of the SensorThings API: collections, entities, navigation, properties, <c>$ref</c>, every query option.
/// The SQL is generated from <see cref="SensingSchema"/>; every value is a parameter; <see cref="SensingVisibility"/> limits every
/// statement (the path's parents, the result, each expansion and each count). Rows are written as JSON straight from the data
/// reader (<see cref="EntityRows"/>).
/// </summary>
internal sealed class ReadEntities(SensingSql sql, ISensingFilterTranslator filters, IOptions<SensingOptions> options, NewestPageHints newest, DatastreamAccessCache access) : IDisposable
{
    private const int ParentChunk = 500;

    private readonly EntityRows written = new();

    private SensingOptions Limits => options.Value;

    /// <summary>The response for a GET of <paramref name="path"/>: a JSON body (every node a <see cref="JsonObject"/>, <see cref="JsonArray"/> or plain value), or raw text for <c>$value</c>.</summary>
    public Task<object?> ReadAsync(SensingPath path, QueryOptions query, SensingVisibility visibility, SensingLinks links, string requestPath, CancellationToken cancellationToken) =>
        ReadAsync(path, query, visibility, links, requestPath, answer: false, cancellationToken);

    /// <summary>
    /// Like <see cref="ReadAsync(SensingPath, QueryOptions, SensingVisibility, SensingLinks, string, CancellationToken)"/>, for an
    /// answer that is only written: entities in it stay the bytes they were written as, valid until this scope ends.
    /// </summary>
    public Task<object?> AnswerAsync(SensingPath path, QueryOptions query, SensingVisibility visibility, SensingLinks links, string requestPath, CancellationToken cancellationToken) =>
        ReadAsync(path, query, visibility, links, requestPath, answer: true, cancellationToken);

    public void Dispose() => written.Dispose();

    private async Task<object?> ReadAsync(SensingPath path, QueryOptions query, SensingVisibility visibility, SensingLinks links, string requestPath, bool answer, CancellationToken cancellationToken)
    {
        if (path.IsCollection)
        {
            return await CollectionAsync(path, query, visibility, links, requestPath, answer, cancellationToken);
        }

        var single = path.Property is null ? query : QueryOptions.Parse([], path.Last.Set, Limits);
        var rows = await SelectAsync(path, single, visibility, links, top: 1, skip: 0, extra: null, cancellationToken);
        if (rows.Count == 0)
        {
            throw SensingException.NotFound();
        }

        if (path.Property is { } property)
        {
            var value = rows[0].Json[property.Name]?.DeepClone();
            if (path.RawValue)
            {
                return value is null ? null : value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
            }

            return new JsonObject { [property.Name] = value };
        }

        return path.Ref ? new JsonObject { ["@iot.selfLink"] = links.Entity(path.Last.Set.Name, rows[0].Id) }
            : answer ? EntityRows.Node(rows, array: false) : rows[0].Json;
    }

    /// <summary>True when the entity addressed by <paramref name="path"/> exists and is visible.</summary>
    public async Task<bool> ExistsAsync(SensingPath path, SensingVisibility visibility, CancellationToken cancellationToken)
    {
        var parameters = sql.NewParameters();
        var condition = Condition(path.Steps, path.Steps.Count - 1, "e0", parameters, visibility);
        var found = await sql.ReadAsync($"SELECT e0.id FROM {path.Last.Set.Table} e0 WHERE {condition} LIMIT 1", parameters, r => r.GetValue(0), cancellationToken);
        return found.Count > 0;
    }

    private async Task<JsonObject> CollectionAsync(SensingPath path, QueryOptions query, SensingVisibility visibility, SensingLinks links, string requestPath, bool answer, CancellationToken cancellationToken)
    {
        var set = path.Last.Set;
        var pageSize = query.PageSize(Limits);
        var keyset = PageToken.OrderOf(query, set);
        if (query.SkipToken is { } token && !token.Fits(keyset))
        {
            throw new SensingQueryException("$skiptoken does not belong to this $orderby; follow @iot.nextLink as given.");
        }

        var extra = query.DataArray ? "datastream_id" : null;
        List<Row>? rows = null;
        var newestOf = NewestPageOf(path, query, keyset);
        if (newestOf is { } stream && newest.For(stream, pageSize + 1) is { } since)
        {
            // Only an answer with all the rows asked for is certainly the newest page (see NewestPageHints); otherwise ask again.
            rows = await SelectAsync(path, query, visibility, links, pageSize + 1, query.Skip, extra, cancellationToken, keyset, since);
            rows = rows.Count > pageSize ? rows : null;
        }

        rows ??= await SelectAsync(path, query, visibility, links, pageSize + 1, query.Skip, extra, cancellationToken, keyset);
        if (newestOf is { } seen && rows.Count > pageSize)
        {
            newest.Remember(seen, pageSize + 1, rows[^1].Ticks);
        }

        // The parent is looked up only when the page is empty: an empty page of a missing (or invisible) parent is a 404.
        if (rows.Count == 0 && path.Steps.Count > 1 && !await ExistsAsync(path.Parent, visibility, cancellationToken))
        {
            throw SensingException.NotFound();
        }

        var result = new JsonObject();
        if (query.Count)
        {
            result["@iot.count"] = await CountAsync(path, query, visibility, cancellationToken);
        }

        var page = rows.Take(pageSize).ToList();
        if (query.DataArray)
        {
            result["value"] = DataArray(page, query, links);
        }
        else if (path.Ref)
        {
            result["value"] = new JsonArray(page.Select(r => (JsonNode)new JsonObject { ["@iot.selfLink"] = links.Entity(set.Name, r.Id) }).ToArray());
        }
        else
        {
            result["value"] = answer ? EntityRows.Node(page, array: true) : new JsonArray(page.Select(r => (JsonNode)r.Json).ToArray());
        }

        if (rows.Count > pageSize)
        {
            // By key where the order allows it (the next page starts after the last row), by $skip otherwise.
            var last = page[^1];
            result["@iot.nextLink"] = keyset == KeysetOrder.None
                ? SensingLinks.WithSkip(links.Root + requestPath, query.Raw, query.Skip + pageSize)
                : SensingLinks.WithToken(links.Root + requestPath, query.Raw, new PageToken(last.Id, keyset == KeysetOrder.Id ? null : last.Ticks).ToString());
        }

        return result;
    }

    /// <summary>The Datastream of <c>Datastreams(n)/Observations</c> when <see cref="DatastreamAccessCache"/> is certain the caller sees it.</summary>
    private async ValueTask<long?> CertainDatastreamAsync(SensingPath path, SensingVisibility visibility, CancellationToken cancellationToken) =>
        path.Steps.Count == 2 && path.Steps[0].Set == SensingSchema.Datastreams && path.Steps[0].Id is { } id && path.Last.Set == SensingSchema.Observations
        && await access.IsCertainlyVisibleAsync(id, visibility, sql, cancellationToken)
            ? id
            : null;

    /// <summary>
    /// The Datastream when the request asks for the newest page of its Observations (<c>Datastreams(n)/Observations</c>, newest
    /// first by phenomenon time, first page, no <c>$filter</c>): the case <see cref="NewestPageHints"/> makes cheap. Null otherwise.
    /// </summary>
    private static long? NewestPageOf(SensingPath path, QueryOptions query, KeysetOrder keyset) =>
        keyset == KeysetOrder.TimeDescending && query.SkipToken is null && query.Skip == 0 && query.Filter is null
        && path.Steps.Count == 2 && path.Steps[0].Set == SensingSchema.Datastreams && path.Last.Set == SensingSchema.Observations
            ? path.Steps[0].Id
            : null;

    private static JsonArray DataArray(List<Row> rows, QueryOptions query, SensingLinks links)
    {
        var components = SensingSchema.Observations.Properties.Where(p => query.Selects(p.Name)).Select(p => p.Name).ToList();
        var groups = new JsonArray();
        foreach (var group in rows.GroupBy(r => r.Extra))
        {
            var data = new JsonArray();
            foreach (var row in group)
            {
                data.Add(new JsonArray(components.Select(c => c == "id" ? JsonValue.Create(row.Id) : row.Json[c]?.DeepClone()).ToArray()));
            }

            groups.Add(new JsonObject
            {
                ["Datastream@iot.navigationLink"] = links.Entity(SensingSchema.Datastreams.Name, group.Key ?? 0),
                ["components"] = new JsonArray(components.Select(c => (JsonNode)JsonValue.Create(c)!).ToArray()),
                ["dataArray@iot.count"] = data.Count,
                ["dataArray"] = data,
            });
        }

        return groups;
    }

    private async Task<List<Row>> SelectAsync(SensingPath path, QueryOptions query, SensingVisibility visibility, SensingLinks links, int top, int skip, string? extra, CancellationToken cancellationToken, KeysetOrder keyset = KeysetOrder.None, DateTimeOffset? notBefore = null)
    {
        var set = path.Last.Set;
        var timeOrdered = keyset is KeysetOrder.TimeAscending or KeysetOrder.TimeDescending;
        var plan = ColumnPlan.For(set, query.Selects, extra, timeOrdered ? "phenomenon_time_start" : null);
        var certain = await CertainDatastreamAsync(path, visibility, cancellationToken);
        var parameters = sql.NewParameters();
        var condition = Condition(path.Steps, path.Steps.Count - 1, "e0", parameters, visibility, certain);
        if (query.Filter is { } filter)
        {
            condition += $" AND ({filters.Translate(filter, set, "e0", parameters, visibility.Predicate)})";
        }

        if (notBefore is { } since)
        {
            condition += $" AND e0.phenomenon_time_start >= {parameters.Add(StoredInstant(since))}";
        }

        string order;
        if (keyset == KeysetOrder.None)
        {
            order = Order(query, set, "e0", parameters, visibility);
        }
        else
        {
            (condition, order) = Keyset(keyset, query.SkipToken, condition, parameters);
        }

        var statement = $"SELECT {plan.SelectList("e0")} FROM {set.Table} e0 WHERE {condition} ORDER BY {order} "
            + $"LIMIT {SqlParameters.Rows(top)} OFFSET {SqlParameters.Rows(skip)}";
        var rows = await sql.ReadAsync(statement, parameters, r =>
        {
            var row = Read(r, plan, query, links, extraOrdinal: plan.ExtraOrdinal);
            if (timeOrdered)
            {
                row.Ticks = ColumnPlan.TicksOf(r.GetValue(plan.KeyOrdinal));
            }

            return row;
        }, cancellationToken);
        await ExpandAsync(set, rows, query, visibility, links, cancellationToken);
        return rows;
    }

    /// <summary>
    /// The order and the start condition of a keyset page: by id, or by phenomenon time (either direction) then id. The bounds
    /// are range conditions on the indexed columns, so PostgreSQL and SQLite start the index scan at the token.
    /// </summary>
    private (string Condition, string Order) Keyset(KeysetOrder keyset, PageToken? token, string condition, SqlParameters parameters)
    {
        if (keyset == KeysetOrder.Id)
        {
            return (token is null ? condition : $"{condition} AND e0.id > {parameters.Add(token.Id)}", "e0.id");
        }

        var descending = keyset == KeysetOrder.TimeDescending;
        var order = descending ? "e0.phenomenon_time_start DESC, e0.id" : "e0.phenomenon_time_start, e0.id";
        if (token is null)
        {
            return (condition, order);
        }

        var t = parameters.Add(StoredInstant(new DateTimeOffset(token.Ticks!.Value, TimeSpan.Zero)));
        var id = parameters.Add(token.Id);
        var after = descending
            ? $"e0.phenomenon_time_start <= {t} AND (e0.phenomenon_time_start < {t} OR e0.id > {id})"
            : $"e0.phenomenon_time_start >= {t} AND (e0.phenomenon_time_start > {t} OR e0.id > {id})";
        return ($"{condition} AND {after}", order);
    }

    /// <summary>An instant as the database compares it with <c>phenomenon_time_start</c>.</summary>
    private object StoredInstant(DateTimeOffset instant) =>
        sql.Provider == DatabaseProvider.Postgres ? instant : Ingest.SqliteObservationSink.ToStored(instant);

    private Row Read(System.Data.Common.DbDataReader reader, ColumnPlan plan, QueryOptions query, SensingLinks links, int extraOrdinal)
    {
        var row = written.Write(reader, plan, query, links, sql.Provider);
        if (extraOrdinal >= 0 && !reader.IsDBNull(extraOrdinal))
        {
            row.Extra = Convert.ToInt64(reader.GetValue(extraOrdinal), CultureInfo.InvariantCulture);
        }

        return row;
    }

    private async Task ExpandAsync(SensingEntitySet parentSet, List<Row> parents, QueryOptions query, SensingVisibility visibility, SensingLinks links, CancellationToken cancellationToken)
    {
        if (parents.Count == 0)
        {
            return;
        }

        foreach (var item in query.Expand)
        {
            var navigation = item.Navigation;
            var target = SensingSchema.TargetOf(navigation);
            var nested = item.Options;
            var pageSize = navigation.IsCollection ? nested.PageSize(Limits) : 1;
            var skip = navigation.IsCollection ? nested.Skip : 0;
            var plan = ColumnPlan.For(target, nested.Selects);
            var children = new List<Row>();
            foreach (var chunk in parents.Select(p => p.Id).Distinct().Chunk(ParentChunk))
            {
                var parameters = sql.NewParameters();
                var condition = visibility.Predicate(target, "x", parameters);
                if (nested.Filter is { } filter)
                {
                    condition += $" AND ({filters.Translate(filter, target, "x", parameters, visibility.Predicate)})";
                }

                var ids = string.Join(", ", chunk.Select(id => parameters.Add(id)));
                string statement;
                if (sql.Provider == DatabaseProvider.Postgres)
                {
                    // One index-ordered, limited scan per parent (LATERAL): the latest Observation of each Datastream reads one row
                    // each, however long the series.
                    var count = "0";
                    if (nested.Count)
                    {
                        var countCondition = visibility.Predicate(target, "xc", parameters);
                        if (nested.Filter is { } countFilter)
                        {
                            countCondition += $" AND ({filters.Translate(countFilter, target, "xc", parameters, visibility.Predicate)})";
                        }

                        count = $"(SELECT COUNT(*) FROM {target.Table} xc WHERE {navigation.Relate("pp", "xc")} AND {countCondition})";
                    }

                    var order = Order(nested, target, "x", parameters, visibility);
                    statement = $"SELECT {string.Join(", ", plan.Columns.Select(c => "w." + c))}, pp.id AS parent_id__, w.rn__, {count} AS cnt__ "
                        + $"FROM {parentSet.Table} pp CROSS JOIN LATERAL (SELECT {plan.SelectList("x")}, ROW_NUMBER() OVER (ORDER BY {order}) AS rn__ "
                        + $"FROM {target.Table} x WHERE {navigation.Relate("pp", "x")} AND {condition} ORDER BY {order} "
                        + $"LIMIT {SqlParameters.Rows(pageSize + 1)} OFFSET {SqlParameters.Rows(skip)}) w "
                        + $"WHERE pp.id IN ({ids}) ORDER BY pp.id, w.rn__";
                }
                else
                {
                    var count = nested.Count ? ", COUNT(*) OVER (PARTITION BY pp.id) AS cnt__" : ", 0 AS cnt__";
                    statement = $"SELECT * FROM (SELECT {plan.SelectList("x")}, pp.id AS parent_id__, "
                        + $"ROW_NUMBER() OVER (PARTITION BY pp.id ORDER BY {Order(nested, target, "x", parameters, visibility)}) AS rn__{count} "
                        + $"FROM {target.Table} x JOIN {parentSet.Table} pp ON {navigation.Relate("pp", "x")} "
                        + $"WHERE pp.id IN ({ids}) AND {condition}) w "
                        + $"WHERE w.rn__ > {parameters.Add(skip)} AND w.rn__ <= {parameters.Add(skip + pageSize + 1)} ORDER BY w.parent_id__, w.rn__";
                }

                var at = plan.Columns.Count;
                children.AddRange(await sql.ReadAsync(statement, parameters, r =>
                {
                    var row = Read(r, plan, nested, links, -1);
                    row.Parent = Convert.ToInt64(r.GetValue(at), CultureInfo.InvariantCulture);
                    row.Total = Convert.ToInt64(r.GetValue(at + 2), CultureInfo.InvariantCulture);
                    return row;
                }, cancellationToken));
            }

            var byParent = children.GroupBy(c => c.Parent!.Value).ToDictionary(g => g.Key, g => g.ToList());
            foreach (var parent in parents)
            {
                var mine = byParent.GetValueOrDefault(parent.Id) ?? [];
                if (!navigation.IsCollection)
                {
                    if (mine.Count > 0)
                    {
                        parent.Json[navigation.Name] = mine[0].Json;
                    }

                    continue;
                }

                if (nested.Count)
                {
                    parent.Json[navigation.Name + "@iot.count"] = mine.Count > 0 ? mine[0].Total : 0;
                }

                parent.Json[navigation.Name] = new JsonArray(mine.Take(pageSize).Select(c => (JsonNode)c.Json).ToArray());
                if (mine.Count > pageSize)
                {
                    parent.Json[navigation.Name + "@iot.nextLink"] =
                        SensingLinks.WithSkip(links.Navigation(parentSet.Name, parent.Id, navigation.Name), nested.Raw, skip + pageSize);
                }
            }

            // Only what is shown is expanded further (the extra row that signals a next page is not).
            var shown = children.GroupBy(c => c.Parent).SelectMany(g => g.Take(pageSize)).ToList();
            await ExpandAsync(target, shown, nested, visibility, links, cancellationToken);
        }
    }

    private async Task<long> CountAsync(SensingPath path, QueryOptions query, SensingVisibility visibility, CancellationToken cancellationToken)
    {
        var set = path.Last.Set;

        // Observations without $filter, of all visible Datastreams or of those a path leads to: the sum of the Datastreams'
        // maintained counts (kept in the same transaction as every insert and delete), however many rows there are.
        if (query.Filter is null && set == SensingSchema.Observations && path.Last.Id is null
            && (path.Steps.Count == 1 || path.Steps[^2].Set == SensingSchema.Datastreams))
        {
            var maintained = sql.NewParameters();
            var streams = path.Steps.Count == 1
                ? visibility.Predicate(SensingSchema.Datastreams, "e0", maintained)
                : Condition(path.Steps, path.Steps.Count - 2, "e0", maintained, visibility);
            return await sql.ScalarAsync($"SELECT COALESCE(SUM(e0.observation_count), 0) FROM sensing_datastreams e0 WHERE {streams}", maintained, cancellationToken);
        }

        var parameters = sql.NewParameters();
        var condition = Condition(path.Steps, path.Steps.Count - 1, "e0", parameters, visibility);
        if (query.Filter is { } filter)
        {
            condition += $" AND ({filters.Translate(filter, set, "e0", parameters, visibility.Predicate)})";
        }

        var limit = Math.Max(0, Limits.CountExactLimit);
        var capped = await sql.ScalarAsync(
            $"SELECT COUNT(*) FROM (SELECT 1 AS one FROM {set.Table} e0 WHERE {condition} LIMIT {SqlParameters.Rows(limit + 1)}) c", parameters, cancellationToken);
        if (capped <= limit)
        {
            return capped;
        }

        // Above the limit: PostgreSQL's planner estimate; SQLite counts.
        var again = sql.NewParameters();
        var recondition = Condition(path.Steps, path.Steps.Count - 1, "e0", again, visibility);
        if (query.Filter is { } refilter)
        {
            recondition += $" AND ({filters.Translate(refilter, set, "e0", again, visibility.Predicate)})";
        }

        if (sql.Provider == DatabaseProvider.Postgres)
        {
            var plans = await sql.ReadAsync($"EXPLAIN (FORMAT JSON) SELECT 1 FROM {set.Table} e0 WHERE {recondition}", again, r => r.GetString(0), cancellationToken);
            using var plan = JsonDocument.Parse(plans[0]);
            var estimate = plan.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble();
            return Math.Max(capped, (long)estimate);
        }

        return await sql.ScalarAsync($"SELECT COUNT(*) FROM {set.Table} e0 WHERE {recondition}", again, cancellationToken);
    }

    /// <summary>
    /// The condition on the row <paramref name="alias"/> of step <paramref name="index"/>: visible, its id if given, and related to the
    /// (visible, identified) previous step. <paramref name="certainDatastream"/>: a Datastream at the root of the path that
    /// <see cref="DatastreamAccessCache"/> found certainly visible; its Observations need no EXISTS on it, the foreign key
    /// alone relates them.
    /// </summary>
    internal static string Condition(IReadOnlyList<PathStep> steps, int index, string alias, SqlParameters parameters, SensingVisibility visibility, long? certainDatastream = null)
    {
        var step = steps[index];
        var parent = index > 0 ? steps[index - 1] : null;

        // Observations below a Datastream are visible exactly when that Datastream is, which the parent's condition checks.
        var condition = parent?.Set == SensingSchema.Datastreams && step.Set == SensingSchema.Observations
            ? "1 = 1"
            : visibility.Predicate(step.Set, alias, parameters);
        if (step.Id is { } id)
        {
            condition += $" AND {alias}.id = {parameters.Add(id)}";
        }

        if (parent is not null)
        {
            if (step.Via!.TargetForeignKey is { } column && parent.Id is { } parentId)
            {
                // The parent's id directly on this row's foreign key: the index on it is used without deriving it from the EXISTS.
                condition += $" AND {alias}.{column} = {parameters.Add(parentId)}";
                if (index == 1 && parent.Set == SensingSchema.Datastreams && parentId == certainDatastream)
                {
                    return condition;
                }
            }

            var parentAlias = "e" + (steps.Count - index).ToString(CultureInfo.InvariantCulture);
            condition += $" AND EXISTS (SELECT 1 FROM {parent.Set.Table} {parentAlias} WHERE {step.Via!.Relate(parentAlias, alias)} AND "
                + $"{Condition(steps, index - 1, parentAlias, parameters, visibility)})";
        }

        return condition;
    }

    /// <summary>
    /// The ORDER BY list: <c>$orderby</c> expressions through the <c>$filter</c> translator;
    /// the id last, so pages are stable.
    /// </summary>
    private string Order(QueryOptions query, SensingEntitySet set, string alias, SqlParameters parameters, SensingVisibility visibility)
    {
        if (query.OrderByText is { } text)
        {
            return $"{filters.TranslateOrderBy(text, set, alias, parameters, visibility.Predicate)}, {alias}.id";
        }

        if (query.OrderByProblem is { } problem)
        {
            throw new SensingQueryException(problem);
        }

        var parts = new List<string>();
        foreach (var item in query.OrderBy)
        {
            var direction = item.Descending ? " DESC" : "";
            if (item.Property.Type == SensingValueType.Result)
            {
                parts.Add($"{alias}.result_number{direction}");
                parts.Add($"{alias}.result_string{direction}");
            }
            else
            {
                parts.Add($"{alias}.{item.Property.Column}{direction}");
            }
        }

        parts.Add($"{alias}.id");
        return string.Join(", ", parts);
    }
}
