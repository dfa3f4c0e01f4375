using Stadtkern.Features.Alerts.Delivery;
using Stadtkern.Features.Alerts.Model;

namespace Stadtkern.Features.Alerts.Publishing;

/// <summary>
/// What a message does to an alert: its new state, and which event goes out (null = nothing is delivered yet). Four eyes hold
/// back new alerts from staff and the API until approved; NINA warnings are official and go out at once. Updates and the
/// all-clear of an alert already out are not held back (it was approved; an all-clear must never wait).
/// </summary>
internal static class PublishDecision
{
    public sealed record Result(string State, string? Kind);

    public static Result Decide(string? currentState, string msgType, bool fourEyes, AlertSource source)
    {
        var held = fourEyes && source != AlertSource.Nina;
        var cancel = msgType == "Cancel";
        return currentState switch
        {
            null or AlertStates.Rejected when cancel => new(currentState ?? AlertStates.Cancelled, null),
            null or AlertStates.Rejected => held ? new(AlertStates.Pending, null) : new(AlertStates.Active, AlertEventKinds.Published),
            AlertStates.Pending => cancel ? new(AlertStates.Cancelled, null) : new(AlertStates.Pending, null),
            AlertStates.Cancelled when cancel => new(AlertStates.Cancelled, null),
            _ when cancel => new(AlertStates.Cancelled, AlertEventKinds.Cancelled),
            _ => new(AlertStates.Active, AlertEventKinds.Updated),
        };
    }

    /// <summary>Four eyes: someone other than the author approves.</summary>
    public static string? CheckApproval(string state, string? createdBy, string approver)
    {
        if (state != AlertStates.Pending)
        {
            return "Die Warnung wartet nicht auf Freigabe.";
        }

        return string.Equals(createdBy, approver, StringComparison.OrdinalIgnoreCase)
            ? "Vier-Augen-Prinzip: Eine andere Person als die Verfasserin oder der Verfasser muss die Warnung freigeben."
            : null;
    }
}
