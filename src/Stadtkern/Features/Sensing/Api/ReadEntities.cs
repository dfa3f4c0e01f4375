using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Stadtkern.Features.Sensing.Access;
using Stadtkern.Features.Sensing.Query;
using Stadtkern.Features.Sensing.Schema;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Api;

/// <summary>
/// Answers GET requests of the SensorThings API: collections, entities, navigation, properties, <c>$ref</c>, every query option.
/// The SQL is generated from <see cref="SensingSchema"/>; every value is a parameter; <see cref="SensingVisibility"/> limits every
/// statement (the path's parents, the result, each expansion and each count).
/// </summary>
internal sealed class ReadEntities(SensingSql sql, ISensingFilterTranslator filters, IOptions<SensingOptions> options)
{
    private const int ParentChunk = 500;

    private SensingOptions Limits => options.Value;

    /// <summary>The response for a GET of <paramref name="path"/>: a JSON body, or raw text for <c>$value</c>.</summary>
    public async Task<object?> ReadAsync(SensingPath path, QueryOptions query, SensingVisibility visibility, SensingLinks links, string requestPath, CancellationToken cancellationToken)
    {
        if (path.IsCollection)
        {
            if (path.Steps.Count > 1 && !await ExistsAsync(path.Parent, visibility, cancellationToken))
            {
                throw SensingException.NotFound();
            }

            return await CollectionAsync(path, query, visibility, links, requestPath, cancellationToken);
        }

        var single = path.Property is null ? query : QueryOptions.Parse([], path.Last.Set, Limits);
        var rows = await SelectAsync(path, single, visibility, links, top: 1, skip: 0, extra: null, cancellationToken);
        if (rows.Count == 0)
        {
            throw SensingException.NotFound();
        }

        var entity = rows[0].Json;
        if (path.Property is { } property)
        {
            var value = entity[property.Name]?.DeepClone();
            if (path.RawValue)
            {
                return value is null ? null : value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
            }

            return new JsonObject { [property.Name] = value };
        }

        return path.Ref ? new JsonObject { ["@iot.selfLink"] = links.Entity(path.Last.Set.Name, rows[0].Id) } : entity;
    }

    /// <summary>True when the entity addressed by <paramref name="path"/> exists and is visible.</summary>
    public async Task<bool> ExistsAsync(SensingPath path, SensingVisibility visibility, CancellationToken cancellationToken)
    {
        var parameters = sql.NewParameters();
        var condition = Condition(path.Steps, path.Steps.Count - 1, "e0", parameters, visibility);
        var found = await sql.ReadAsync($"SELECT e0.id FROM {path.Last.Set.Table} e0 WHERE {condition} LIMIT 1", parameters, r => r.GetValue(0), cancellationToken);
        return found.Count > 0;
    }

    private async Task<JsonObject> CollectionAsync(SensingPath path, QueryOptions query, SensingVisibility visibility, SensingLinks links, string requestPath, CancellationToken cancellationToken)
    {
        var set = path.Last.Set;
        var pageSize = query.PageSize(Limits);
        var rows = await SelectAsync(path, query, visibility, links, pageSize + 1, query.Skip, query.DataArray ? "datastream_id" : null, cancellationToken);
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
        else
        {
            result["value"] = new JsonArray(page.Select(r => (JsonNode)(path.Ref ? new JsonObject { ["@iot.selfLink"] = links.Entity(set.Name, r.Id) } : r.Json)).ToArray());
        }

        if (rows.Count > pageSize)
        {
            result["@iot.nextLink"] = SensingLinks.WithSkip(links.Root + requestPath, query.Raw, query.Skip + pageSize);
        }

        return result;
    }

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

    private async Task<List<Row>> SelectAsync(SensingPath path, QueryOptions query, SensingVisibility visibility, SensingLinks links, int top, int skip, string? extra, CancellationToken cancellationToken)
    {
        var set = path.Last.Set;
        var plan = ColumnPlan.For(set, query.Selects, extra);
        var parameters = sql.NewParameters();
        var condition = Condition(path.Steps, path.Steps.Count - 1, "e0", parameters, visibility);
        if (query.Filter is { } filter)
        {
            condition += $" AND ({filters.Translate(filter, set, "e0", parameters, visibility)})";
        }

        var statement = $"SELECT {plan.SelectList("e0")} FROM {set.Table} e0 WHERE {condition} ORDER BY {Order(query, "e0")} "
            + $"LIMIT {parameters.Add(top)} OFFSET {parameters.Add(skip)}";
        var rows = await sql.ReadAsync(statement, parameters, r => Read(r, plan, query, links, extraOrdinal: plan.ExtraOrdinal), cancellationToken);
        await ExpandAsync(set, rows, query, visibility, links, cancellationToken);
        return rows;
    }

    private Row Read(System.Data.Common.DbDataReader reader, ColumnPlan plan, QueryOptions query, SensingLinks links, int extraOrdinal)
    {
        var id = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
        var set = plan.Set;
        var json = new JsonObject();
        if (query.Selects("id"))
        {
            json["@iot.id"] = id;
            json["@iot.selfLink"] = links.Entity(set.Name, id);
        }

        foreach (var (property, value) in plan.Read(reader, sql.Provider))
        {
            json[property.Name] = value;
        }

        foreach (var navigation in set.Navigations)
        {
            if (query.Select is null ? true : query.Selects(navigation.Name))
            {
                json[navigation.Name + "@iot.navigationLink"] = links.Navigation(set.Name, id, navigation.Name);
            }
        }

        long? extra = extraOrdinal >= 0 && !reader.IsDBNull(extraOrdinal) ? Convert.ToInt64(reader.GetValue(extraOrdinal), CultureInfo.InvariantCulture) : null;
        return new Row(id, json, extra, null, 0);
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
                    condition += $" AND ({filters.Translate(filter, target, "x", parameters, visibility)})";
                }

                var ids = string.Join(", ", chunk.Select(id => parameters.Add(id)));
                var count = nested.Count ? ", COUNT(*) OVER (PARTITION BY pp.id) AS cnt__" : ", 0 AS cnt__";
                var statement = $"SELECT * FROM (SELECT {plan.SelectList("x")}, pp.id AS parent_id__, "
                    + $"ROW_NUMBER() OVER (PARTITION BY pp.id ORDER BY {Order(nested, "x")}) AS rn__{count} "
                    + $"FROM {target.Table} x JOIN {parentSet.Table} pp ON {navigation.Relate("pp", "x")} "
                    + $"WHERE pp.id IN ({ids}) AND {condition}) w "
                    + $"WHERE w.rn__ > {parameters.Add(skip)} AND w.rn__ <= {parameters.Add(skip + pageSize + 1)} ORDER BY w.parent_id__, w.rn__";
                var at = plan.Columns.Count;
                children.AddRange(await sql.ReadAsync(statement, parameters, r =>
                {
                    var row = Read(r, plan, nested, links, -1);
                    return row with
                    {
                        Parent = Convert.ToInt64(r.GetValue(at), CultureInfo.InvariantCulture),
                        Total = Convert.ToInt64(r.GetValue(at + 2), CultureInfo.InvariantCulture),
                    };
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
        var parameters = sql.NewParameters();
        var condition = Condition(path.Steps, path.Steps.Count - 1, "e0", parameters, visibility);
        if (query.Filter is { } filter)
        {
            condition += $" AND ({filters.Translate(filter, set, "e0", parameters, visibility)})";
        }

        var limit = Math.Max(0, Limits.CountExactLimit);
        var capped = await sql.ScalarAsync(
            $"SELECT COUNT(*) FROM (SELECT 1 AS one FROM {set.Table} e0 WHERE {condition} LIMIT {parameters.Add(limit + 1)}) c", parameters, cancellationToken);
        if (capped <= limit)
        {
            return capped;
        }

        // Above the limit: one Datastream's Observations have a maintained count; otherwise PostgreSQL's planner estimate.
        if (query.Filter is null && path.Steps is [{ Set.Name: "Datastreams", Id: { } datastreamId }, { Set.Name: "Observations", Id: null }])
        {
            var known = sql.NewParameters();
            return await sql.ScalarAsync($"SELECT observation_count FROM sensing_datastreams WHERE id = {known.Add(datastreamId)}", known, cancellationToken);
        }

        var again = sql.NewParameters();
        var recondition = Condition(path.Steps, path.Steps.Count - 1, "e0", again, visibility);
        if (query.Filter is { } refilter)
        {
            recondition += $" AND ({filters.Translate(refilter, set, "e0", again, visibility)})";
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
    /// (visible, identified) previous step.
    /// </summary>
    internal static string Condition(IReadOnlyList<PathStep> steps, int index, string alias, SqlParameters parameters, SensingVisibility visibility)
    {
        var step = steps[index];
        var condition = visibility.Predicate(step.Set, alias, parameters);
        if (step.Id is { } id)
        {
            condition += $" AND {alias}.id = {parameters.Add(id)}";
        }

        if (index > 0)
        {
            var parent = steps[index - 1];
            var parentAlias = "e" + (steps.Count - index).ToString(CultureInfo.InvariantCulture);
            condition += $" AND EXISTS (SELECT 1 FROM {parent.Set.Table} {parentAlias} WHERE {step.Via!.Relate(parentAlias, alias)} AND "
                + $"{Condition(steps, index - 1, parentAlias, parameters, visibility)})";
        }

        return condition;
    }

    private static string Order(QueryOptions query, string alias)
    {
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

    private sealed record Row(long Id, JsonObject Json, long? Extra, long? Parent, long Total);
}
