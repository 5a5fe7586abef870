using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FunnelAutomation.Api.OpenApi;

/// <summary>The OpenAPI document names the function key as a security scheme, and every keyed operation requires
/// it (and may answer 401), so a generated client sends the key and /docs can try keyed routes.</summary>
public static class FunctionKeySecurity
{
    public const string SchemeName = "functionKey";

    public static void Configure(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "FunnelAutomation API";
            document.Info.Description = "Lead capture, leads, reps, configuration documents, privacy, the SendGrid webhook and funnel analytics. "
                + "Errors are RFC 9457 problem details; invalid input names each field and its reason.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = FunctionKeyFilter.Header,
                Description = "The function key (locally Host:FunctionKey; in Azure a function or host key). The query parameter code= works too.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var access = context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiAccessMetadata>().LastOrDefault();
            if (access?.Access == ApiAccess.Function)
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
                operation.Responses ??= new OpenApiResponses();
                operation.Responses.TryAdd(StatusCodes.Status401Unauthorized.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    new OpenApiResponse { Description = "The function key is missing or wrong." });
            }

            return Task.CompletedTask;
        });
    }
}
