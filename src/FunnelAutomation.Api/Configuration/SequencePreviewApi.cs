using System.Text.Json;
using FunnelAutomation.Application.Journeys;
using FunnelAutomation.Core.Common;
using FunnelAutomation.Core.Journeys;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace FunnelAutomation.Api.Configuration;

/// <summary>Preview before activating: what a sequence document would send one lead, and when. The body is
/// <c>{ "sequence": {…document…}, "lead": {…fields…} | "leadId": "ld_…", "start": "…", "assumptions": { "clicked": false, "visits": [] } }</c>;
/// nothing is stored.</summary>
public static class SequencePreviewApi
{
    private static readonly string[] Known = ["sequence", "lead", "leadId", "start", "assumptions"];

    public static void MapSequencePreviewApi(this IEndpointRouteBuilder api)
    {
        api.MapPost(ApiRoutes.SequencePreview, PreviewAsync).RequireFunctionKey()
            .Accepts<object>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithName("PreviewSequence")
            .WithSummary("Dry run of a sequence document for a sample lead or a stored lead id: each email it would send and when (send window, business days, time zone, timing), branches under the stated assumptions. Nothing is stored.");
    }

    public static async Task<Results<Ok<SequencePreviewResult>, ProblemHttpResult>> PreviewAsync(
        HttpRequest request, SequencePreviewService preview, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(preview);
        var (text, problem) = await ApiBodies.ReadTextAsync(request, ConfigApi.MaxDocumentBytes, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var parsed = Parse(text!);
        if (!parsed.IsSuccess)
        {
            return Problems.Validation(parsed.Errors, "The preview request is invalid; nothing was stored.");
        }

        var result = await preview.PreviewAsync(parsed.Value, cancellationToken).ConfigureAwait(false);
        return result.IsSuccess
            ? TypedResults.Ok(result.Value)
            : Problems.Validation(result.Errors, "Nothing to preview: see errors (nothing was stored).");
    }

    /// <summary>The request body as a <see cref="SequencePreviewRequest"/>, or every error by JSON path.</summary>
    public static Result<SequencePreviewRequest> Parse(string json) =>
        RequestObject.Parse(json, Known, "with sequence and lead (or leadId)", (root, errors) =>
        {
            var sequence = RequestObject.Document(root, "sequence", "the sequence document", errors);
            var lead = root.TryGetProperty("lead", out var leadElement) && leadElement.ValueKind != JsonValueKind.Null ? Fields(leadElement, errors) : null;
            var leadId = root.TryGetProperty("leadId", out var id) && id.ValueKind != JsonValueKind.Null ? Text(id, "$.leadId", errors) : null;
            var start = RequestObject.Instant(root, "start", errors);
            var assumptions = root.TryGetProperty("assumptions", out var a) && a.ValueKind != JsonValueKind.Null ? Assumptions(a, errors) : PreviewAssumptions.NoAction;
            return new SequencePreviewRequest(sequence!, lead, leadId, start, assumptions);
        });

    private static Dictionary<string, string?>? Fields(JsonElement lead, List<ValidationError> errors)
    {
        if (lead.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError("$.lead", "must be an object of lead fields, as a lead form posts them"));
            return null;
        }

        var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in lead.EnumerateObject())
        {
            fields[field.Name] = field.Value.ValueKind switch
            {
                JsonValueKind.String => field.Value.GetString(),
                JsonValueKind.Number => field.Value.GetRawText(),
                JsonValueKind.Null => null,
                _ => Invalid(field.Name),
            };
        }

        return fields;

        string? Invalid(string name)
        {
            errors.Add(new ValidationError("$.lead." + name, "must be a string or a number"));
            return null;
        }
    }

    private static PreviewAssumptions Assumptions(JsonElement element, List<ValidationError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError("$.assumptions", "must be an object: { \"clicked\": true|false, \"visits\": [urls] }"));
            return PreviewAssumptions.NoAction;
        }

        var clicked = false;
        var visits = new List<string>();
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "clicked" when property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    clicked = property.Value.GetBoolean();
                    break;
                case "clicked":
                    errors.Add(new ValidationError("$.assumptions.clicked", "must be true or false"));
                    break;
                case "visits" when property.Value.ValueKind == JsonValueKind.Array && property.Value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String):
                    visits.AddRange(property.Value.EnumerateArray().Select(v => v.GetString()!).Take(64));
                    break;
                case "visits":
                    errors.Add(new ValidationError("$.assumptions.visits", "must be an array of visited URLs"));
                    break;
                default:
                    errors.Add(new ValidationError("$.assumptions." + property.Name, "unknown assumption (use clicked, visits)"));
                    break;
            }
        }

        return new PreviewAssumptions { Clicked = clicked, Visits = visits };
    }

    private static string? Text(JsonElement element, string path, List<ValidationError> errors)
    {
        if (element.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(element.GetString()))
        {
            return element.GetString();
        }

        errors.Add(new ValidationError(path, "must be a lead id such as \"ld_…\""));
        return null;
    }
}
