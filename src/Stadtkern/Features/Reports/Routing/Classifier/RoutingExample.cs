namespace Stadtkern.Features.Reports.Routing.Classifier;

/// <summary>One report as the classifier sees it: free text, chosen category ("Gruppe > Name"), district and location.</summary>
internal sealed record RoutingExample(string Text, string? Category, string? District, double? Lat, double? Lon);
