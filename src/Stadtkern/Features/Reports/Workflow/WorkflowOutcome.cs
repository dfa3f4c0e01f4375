namespace Stadtkern.Features.Reports.Workflow;

internal enum WorkflowFailure
{
    None,
    NotFound,

    /// <summary>Bad input (400): a missing reason, an unknown department or status.</summary>
    Invalid,

    /// <summary>Valid input that does not fit the report's current state (409).</summary>
    Conflict,
}

/// <summary>What became of a workflow action: done, or why not (field and German message for the problem details).</summary>
internal sealed record WorkflowOutcome(WorkflowFailure Failure, string? Field = null, string? Message = null)
{
    public static readonly WorkflowOutcome Done = new(WorkflowFailure.None);

    public static readonly WorkflowOutcome NotFound = new(WorkflowFailure.NotFound, null, "Meldung nicht gefunden.");

    public bool Succeeded => Failure == WorkflowFailure.None;

    public static WorkflowOutcome Invalid(string field, string message) => new(WorkflowFailure.Invalid, field, message);

    public static WorkflowOutcome Conflict(string message) => new(WorkflowFailure.Conflict, null, message);

    /// <summary>RFC 9457 problem details for the API.</summary>
    public IResult ToProblem() => Failure switch
    {
        WorkflowFailure.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: Message),
        WorkflowFailure.Invalid => TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { [Field ?? ""] = [Message ?? ""] }, detail: Message),
        WorkflowFailure.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: Message),
        _ => TypedResults.NoContent(),
    };
}
