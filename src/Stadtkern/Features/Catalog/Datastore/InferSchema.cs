using Stadtkern.Features.Catalog.Datastore.Model;

namespace Stadtkern.Features.Catalog.Datastore;

/// <summary>
/// Infers a table schema from every row of a file: each column gets the narrowest type that all of its
/// non-empty values fit (integer, numeric, boolean, date, timestamp, otherwise text). Numbers are checked in
/// both notations (decimal comma and decimal point); a column keeps the one all its values fit, preferring
/// the file's convention when both do (<c>;</c>-separated files are German).
/// </summary>
internal sealed class InferSchema(bool preferDecimalComma)
{
    private readonly List<ColumnState> columns = [];

    public long Rows { get; private set; }

    /// <summary>Observes one row; values beyond the known columns open new columns (GeoJSON properties).</summary>
    public void Observe(IReadOnlyList<string?> values)
    {
        Rows++;
        while (columns.Count < values.Count)
        {
            columns.Add(new ColumnState());
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is { } value && value.Trim().Length > 0)
            {
                columns[i].Observe(value);
            }
        }
    }

    /// <summary>The schema for the given headers (one per column); <paramref name="geometryColumn"/> is the GeoJSON geometry column, if any.</summary>
    public DatastoreSchema Result(IReadOnlyList<string> headers, int? geometryColumn = null)
    {
        var ids = ColumnNames.ForHeaders(headers);
        var fields = new List<DatastoreField>();
        for (var i = 0; i < headers.Count; i++)
        {
            var state = i < columns.Count ? columns[i] : new ColumnState();
            var (type, comma) = i == geometryColumn ? (DatastoreType.Geometry, (bool?)null) : state.Decide(preferDecimalComma);
            fields.Add(new DatastoreField(ids[i], type, headers[i], comma));
        }

        return new DatastoreSchema(fields, []);
    }

    private sealed class ColumnState
    {
        private bool any;
        private bool commaInteger = true;
        private bool commaNumeric = true;
        private bool pointInteger = true;
        private bool pointNumeric = true;
        private bool boolean = true;
        private bool date = true;
        private bool timestamp = true;

        public void Observe(string value)
        {
            any = true;
            if (HasLeadingZero(value))
            {
                // Postcodes and municipality keys (01067, 08111000) are identifiers, not numbers.
                commaNumeric = pointNumeric = commaInteger = pointInteger = false;
            }

            if (commaNumeric)
            {
                commaNumeric = ParseValue.TryNumeric(value, decimalComma: true, out _);
                commaInteger = commaInteger && commaNumeric && ParseValue.TryInteger(value, decimalComma: true, out _);
            }

            if (pointNumeric)
            {
                pointNumeric = ParseValue.TryNumeric(value, decimalComma: false, out _);
                pointInteger = pointInteger && pointNumeric && ParseValue.TryInteger(value, decimalComma: false, out _);
            }

            commaInteger &= commaNumeric;
            pointInteger &= pointNumeric;
            boolean = boolean && ParseValue.TryBoolean(value, out _);
            date = date && ParseValue.TryDate(value, out _);
            timestamp = timestamp && (date || ParseValue.TryTimestamp(value, out _) || ParseValue.TryDate(value, out _));
        }

        private static bool HasLeadingZero(string value)
        {
            var s = value.Trim().TrimStart('-', '+');
            return s.Length > 1 && s[0] == '0' && char.IsAsciiDigit(s[1]);
        }

        public (DatastoreType Type, bool? DecimalComma) Decide(bool preferComma)
        {
            if (!any)
            {
                return (DatastoreType.Text, null);
            }

            // Plain integers fit both notations; then the file's convention decides how later edits read numbers.
            var comma = (commaNumeric, pointNumeric) switch
            {
                (true, false) => true,
                (false, true) => false,
                _ => preferComma,
            };
            if (comma ? commaInteger : pointInteger)
            {
                return (DatastoreType.Integer, comma);
            }

            if (commaNumeric || pointNumeric)
            {
                return (DatastoreType.Numeric, comma);
            }

            return boolean ? (DatastoreType.Boolean, null)
                : date ? (DatastoreType.Date, null)
                : timestamp ? (DatastoreType.Timestamp, null)
                : (DatastoreType.Text, null);
        }
    }
}
